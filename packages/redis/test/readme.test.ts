/**
 * The README's samples run as written: every ```ts block in its own process against the CI
 * Redis, and its ACL line grants exactly what the package uses (on a Redis of the test's own).
 */
import { execFile } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { Effect, Redacted } from "effect"
import { createClient } from "redis"
import { describe, expect, it } from "vitest"
import { redisCoordination } from "../src/index.ts"
import { hasRedisServer, REDIS_URL, redisSkipReason, startOwnRedis } from "./redis-server.ts"

const skip = redisSkipReason()
const root = fileURLToPath(new URL("..", import.meta.url))
const readme = readFileSync(join(root, "README.md"), "utf8")
const samples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string)
const aclLine = readme.match(/^\s*(ACL SETUSER .*)$/m)?.[1] as string

describe.skipIf(skip !== undefined)(
  skip === undefined ? "the README" : `the README (skipped: ${skip})`,
  () => {
    it.each(samples.map((code, i) => [i + 1, code] as const))(
      "sample %i runs as written",
      async (i, code) => {
        const dir = join(root, ".tmp", "readme")
        mkdirSync(dir, { recursive: true })
        const file = join(dir, `sample-${i}.ts`)
        writeFileSync(file, code)
        const { NETSUITE_ACCOUNT_ID: _, ...env } = process.env
        await promisify(execFile)(process.execPath, ["--conditions=@netsuite-auth/source", file], {
          env: { ...env, REDIS_URL },
          timeout: 30_000
        })
      },
      40_000
    )

    it.skipIf(!hasRedisServer())(
      "its ACL user can do everything the fleet does, and nothing outside its prefix",
      async () => {
        const own = await startOwnRedis()
        const admin = createClient({ url: own.url })
        await admin.connect()
        try {
          // The README's line as it stands, with a password of the test's own.
          await admin.sendCommand(aclLine.split(/\s+/).map((w) => (w.startsWith(">") ? ">test-password" : w)))
          const url = own.url.replace("redis://", "redis://netsuite-fleet:test-password@")
          const a = await redisCoordination({ url, leaseMillis: 2_000 })
          const b = await redisCoordination({ url, leaseMillis: 2_000 })
          const [pa, pb] = [
            a.permitPool("1234567_SB1", { limit: 1 }),
            b.permitPool("1234567_SB1", { limit: 1 })
          ]
          const held = await Effect.runPromise(pa.acquire())
          const waiting = Effect.runPromise(pb.acquire())
          held.release()
          ;(await waiting).release()
          pa.setLimit(1)
          const key = "1234567_SB1|client|certificate|rest_webservices"
          const token = {
            accessToken: Redacted.make("bearer"),
            tokenType: "Bearer" as const,
            expiresInSeconds: 3600,
            expiresAtMillis: Date.now() + 3_600_000,
            scopes: []
          }
          const store = b.tokenStore()
          expect(
            Redacted.value(
              (
                await Effect.runPromise(
                  (store.singleFlight as NonNullable<typeof store.singleFlight>)(key, Effect.succeed(token))
                )
              ).accessToken
            )
          ).toBe("bearer")
          expect(
            Redacted.value(((await Effect.runPromise(a.tokenStore().get(key))) as typeof token).accessToken)
          ).toBe("bearer")
          await Effect.runPromise(store.delete(key, token))
          await Promise.all([a.close(), b.close()])
          expect(await admin.sendCommand(["ACL", "LOG"])).toEqual([])
          const outsider = createClient({ url })
          await outsider.connect()
          await expect(outsider.get("another-app:secret")).rejects.toThrow(/NOPERM/)
          await outsider.close()
        } finally {
          await admin.close()
          own.stop()
        }
      },
      30_000
    )
  }
)
