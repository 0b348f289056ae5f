/**
 * The Redis the tests use. CI exports REDIS_URL (.ci/run starts one); tests that kill and restart
 * Redis start their own redis-server on another port, never touching that one.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** The CI Redis ("" when unset: the Redis tests skip, see redisSkipReason). */
export const REDIS_URL: string = process.env.REDIS_URL ?? ""

/** Why the Redis tests skip, or undefined when they run (the default reporter shows no reasons). */
export const redisSkipReason = (pkg = "redis"): string | undefined => {
  if (REDIS_URL !== "") return undefined
  const reason =
    "REDIS_URL is not set (CI starts a Redis; locally: redis-server --port 6379 and REDIS_URL=redis://127.0.0.1:6379)"
  console.warn(`[${pkg}] skipping Redis tests: ${reason}`)
  return reason
}

export const hasRedisServer = (): boolean => spawnSync("redis-server", ["--version"]).status === 0

/** A free loopback port (the OS picks one; nothing listens on it afterwards). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

export interface OwnRedis {
  readonly url: string
  readonly port: number
  /** SIGKILL: no shutdown, no save (it has no persistence anyway). */
  readonly kill: () => void
  /** Starts it again on the same port, empty. */
  readonly start: () => void
  readonly stop: () => void
}

/** A redis-server of the test's own, without persistence, on a free port. */
export const startOwnRedis = async (): Promise<OwnRedis> => {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), "netsuite-auth-redis-"))
  const pidfile = join(dir, "redis.pid")
  const start = () => {
    execFileSync("redis-server", [
      "--bind",
      "127.0.0.1",
      "--port",
      String(port),
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "yes",
      "--pidfile",
      pidfile,
      "--dir",
      dir
    ])
    for (let i = 0; i < 100; i++) {
      if (
        spawnSync("redis-cli", ["-p", String(port), "ping"])
          .stdout?.toString()
          .trim() === "PONG"
      )
        return
      spawnSync("sleep", ["0.05"])
    }
    throw new Error(`redis-server did not start on port ${port}`)
  }
  const pid = () => Number(readFileSync(pidfile, "utf8").trim())
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid(), name)
    } catch {}
  }
  const waitGone = () => {
    for (let i = 0; i < 100; i++) {
      if (spawnSync("redis-cli", ["-p", String(port), "ping"]).status !== 0) return
      spawnSync("sleep", ["0.02"])
    }
  }
  start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => {
      signal("SIGKILL")
      waitGone()
      rmSync(pidfile, { force: true })
    },
    start,
    stop: () => {
      signal("SIGKILL")
      waitGone()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
