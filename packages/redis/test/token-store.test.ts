import { randomBytes } from "node:crypto"
import type { AccessToken, TokenStore } from "@netsuite-auth/core"
import { Effect, Redacted } from "effect"
import { createClient } from "redis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type NodeRedisClient, type RedisCoordination, redisCoordination } from "../src/index.ts"
import { hasRedisServer, REDIS_URL, redisSkipReason, startOwnRedis } from "./redis-server.ts"

const skip = redisSkipReason()
const KEY = "1234567_SB1|client-id|certificate-id|rest_webservices"

const token = (value: string, lifetimeSeconds = 3600): AccessToken => ({
  accessToken: Redacted.make(value),
  tokenType: "Bearer",
  expiresInSeconds: lifetimeSeconds,
  expiresAtMillis: Date.now() + lifetimeSeconds * 1000,
  scope: "rest_webservices",
  scopes: ["rest_webservices"]
})
/** The store's single flight (the Redis store always has one). */
const flight = <E>(store: TokenStore | undefined, fetch: Effect.Effect<AccessToken, E>) => {
  const singleFlight = store?.singleFlight
  if (singleFlight === undefined) throw new Error("the Redis store has a single flight")
  return singleFlight(KEY, fetch)
}
const value = (t: AccessToken | undefined) => (t === undefined ? undefined : Redacted.value(t.accessToken))
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 300; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe.skipIf(skip !== undefined)(
  skip === undefined ? "the fleet's token store (Redis)" : `the fleet's token store (skipped: ${skip})`,
  () => {
    const raw = createClient({ url: REDIS_URL })
    const open: Array<RedisCoordination> = []
    beforeAll(async () => {
      await raw.connect()
    })
    afterAll(async () => {
      await Promise.all(open.map((c) => c.close()))
      await raw.close()
    })
    const fleet = async (n: number) => {
      const keyPrefix = `test-${randomBytes(6).toString("hex")}`
      const members = await Promise.all(
        Array.from({ length: n }, () => redisCoordination({ url: REDIS_URL, keyPrefix }))
      )
      open.push(...members)
      return { keyPrefix, stores: members.map((c) => c.tokenStore()) }
    }
    const storedKey = async (keyPrefix: string) => {
      const keys = (await raw.keys(`${keyPrefix}:*:token:*`)).filter((k) => !k.endsWith(":lock"))
      expect(keys).toHaveLength(1)
      return keys[0] as string
    }

    it("fetches once for the whole fleet: the others wait for that token (single flight)", async () => {
      const { stores } = await fleet(4)
      let fetches = 0
      const fetch = Effect.gen(function* () {
        fetches++
        yield* Effect.sleep(150)
        return token(`token-${fetches}`)
      })
      const got = await Promise.all(stores.map((s) => run(flight(s, fetch))))
      expect(fetches).toBe(1)
      expect(got.map(value)).toEqual(["token-1", "token-1", "token-1", "token-1"])
      // A fresh shared token: nobody fetches again.
      await run(flight(stores[0], fetch))
      expect(fetches).toBe(1)
    })

    it("another process's failed fetch is not handed out: the waiter fetches itself", async () => {
      const { stores } = await fleet(2)
      const [a, b] = stores as [TokenStore, TokenStore]
      const failing = Effect.andThen(Effect.sleep(100), Effect.fail("refused" as const))
      const working = Effect.succeed(token("from-b"))
      const [ra, rb] = await Promise.all([
        Effect.runPromiseExit(flight(a, failing)),
        Effect.runPromise(Effect.andThen(Effect.sleep(20), flight(b, working)))
      ])
      expect(ra._tag).toBe("Failure")
      expect(value(rb)).toBe("from-b")
    })

    it("keeps an in-process copy: a fresh cached token costs no Redis round trip", async () => {
      const client = createClient({ url: REDIS_URL })
      let commands = 0
      const send = client.sendCommand.bind(client)
      client.sendCommand = ((...args: Parameters<typeof send>) => {
        commands++
        return send(...args)
      }) as typeof client.sendCommand
      await client.connect()
      const c = await redisCoordination({
        client: client as unknown as NodeRedisClient,
        keyPrefix: `test-${randomBytes(6).toString("hex")}`
      })
      try {
        const store = c.tokenStore()
        await run(store.set(KEY, token("cached")))
        const before = commands
        for (let i = 0; i < 100; i++) {
          expect(value(await run(store.get(KEY)))).toBe("cached")
          expect(value(store.peek?.(KEY))).toBe("cached")
        }
        expect(commands).toBe(before)
      } finally {
        await c.close()
        await client.close()
      }
    })

    it("takes a token's remaining life from Redis's TTL, and stores nothing but the access token", async () => {
      const { keyPrefix, stores } = await fleet(2)
      const [a, b] = stores as [TokenStore, TokenStore]
      await run(a.set(KEY, token("shared", 3600)))
      const key = await storedKey(keyPrefix)
      expect(Object.keys(JSON.parse((await raw.get(key)) as string)).sort()).toEqual(["a", "e", "s"])
      await raw.pExpire(key, 5_000)
      const read = (await run(b.get(KEY))) as AccessToken
      expect(value(read)).toBe("shared")
      expect(read.expiresAtMillis - Date.now()).toBeLessThanOrEqual(5_000)
      expect(read.expiresAtMillis - Date.now()).toBeGreaterThan(3_000)
    })

    it("deletes on a 401 only the token that was rejected, and every process drops its copy", async () => {
      const { keyPrefix, stores } = await fleet(2)
      const [a, b] = stores as [TokenStore, TokenStore]
      const current = token("current")
      await run(a.set(KEY, current))
      expect(value(await run(b.get(KEY)))).toBe("current")
      await run(b.delete(KEY, token("an-older-one")))
      expect(await raw.get(await storedKey(keyPrefix))).not.toBeNull()
      expect(value(a.peek?.(KEY))).toBe("current")
      await run(b.delete(KEY, token("current")))
      expect(await raw.keys(`${keyPrefix}:*:token:*`)).toEqual([])
      await until(() => a.peek?.(KEY) === undefined, "the other process to drop its copy")
    })

    it.skipIf(!hasRedisServer())("treats an unreachable Redis as a miss and fetches locally", async () => {
      const own = await startOwnRedis()
      const c = await redisCoordination({ url: own.url, keyPrefix: "outage", unreachableTimeoutMillis: 500 })
      try {
        const store = c.tokenStore()
        own.kill()
        expect(await run(store.get(KEY))).toBeUndefined()
        const fetched = await run(flight(store, Effect.succeed(token("local"))))
        expect(value(fetched)).toBe("local")
        expect(value(await run(store.get(KEY)))).toBe("local")
      } finally {
        await c.close()
        own.stop()
      }
    })
  }
)
