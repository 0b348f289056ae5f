/** Redis outages and restarts, against a redis-server of the test's own (never the CI one). */
import type { RequestError } from "@netsuite-auth/core"
import { Cause, Effect, Exit } from "effect"
import { createClient } from "redis"
import { describe, expect, it } from "vitest"
import { redisCoordination } from "../src/index.ts"
import { hasRedisServer, redisSkipReason, startOwnRedis } from "./redis-server.ts"

const skip = redisSkipReason() ?? (hasRedisServer() ? undefined : "redis-server is not installed")
const REALM = "1234567_SB1"
const until = async (check: () => Promise<boolean> | boolean, what: string) => {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}
const failureOf = (exit: Exit.Exit<unknown, RequestError>) =>
  Exit.isFailure(exit) ? (Cause.squash(exit.cause) as RequestError) : undefined

describe.skipIf(skip !== undefined)(
  skip === undefined ? "Redis outages and restarts" : `Redis outages (skipped: ${skip})`,
  () => {
    it("a request waits a bounded time for an unreachable Redis, then fails coded and retryable; it never falls back to a local pool", async () => {
      const own = await startOwnRedis()
      const c = await redisCoordination({ url: own.url, keyPrefix: "outage", unreachableTimeoutMillis: 500 })
      try {
        const pool = c.permitPool(REALM, { limit: 5 })
        ;(await Effect.runPromise(pool.acquire())).release()
        own.kill()
        const error = failureOf(await Effect.runPromiseExit(pool.acquire()))
        expect(error?.code).toBe("NETSUITE_AUTH_COORDINATION_UNAVAILABLE")
        expect(error?.retryable).toBe(true)
        expect(pool.inFlight()).toBe(0)
      } finally {
        await c.close()
        own.stop()
      }
    }, 30_000)

    it("Redis restarted empty: held permits are registered again and nobody is admitted above the limit meanwhile", async () => {
      const own = await startOwnRedis()
      const raw = createClient({ url: own.url, socket: { reconnectStrategy: 50 } })
      raw.on("error", () => {})
      const options = {
        url: own.url,
        keyPrefix: "restart",
        leaseMillis: 5_000,
        unreachableTimeoutMillis: 10_000
      }
      const a = await redisCoordination(options)
      const b = await redisCoordination(options)
      try {
        await raw.connect()
        const poolA = a.permitPool(REALM, { limit: 2 })
        const poolB = b.permitPool(REALM, { limit: 2 })
        const held = [await Effect.runPromise(poolA.acquire()), await Effect.runPromise(poolA.acquire())]
        own.kill()
        // Asked while Redis is down: it waits (bounded), it is not admitted by a local fallback.
        let admitted = false
        const waiter = Effect.runPromise(poolB.acquire()).then((p) => {
          admitted = true
          return p
        })
        await new Promise((r) => setTimeout(r, 300))
        own.start()
        await until(
          async () => (await raw.hLen(`restart:{${REALM}}:pool:holders`).catch(() => 0)) === 2,
          "A's permits registered again"
        )
        await new Promise((r) => setTimeout(r, 300))
        expect(admitted).toBe(false)
        held[0]?.release()
        const permit = await waiter
        expect(poolB.inFlight()).toBe(1)
        permit.release()
        held[1]?.release()
      } finally {
        await Promise.all([a.close(), b.close()])
        await raw.close().catch(() => undefined)
        own.stop()
      }
    }, 30_000)
  }
)
