import { randomBytes } from "node:crypto"
import type { Permit } from "@netsuite-auth/core"
import { Effect, Fiber } from "effect"
import { createClient } from "redis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type NodeRedisClient, type RedisCoordination, redisCoordination } from "../src/index.ts"
import { REDIS_URL, redisSkipReason } from "./redis-server.ts"

const skip = redisSkipReason()
const REALM = "1234567_SB1"

describe.skipIf(skip !== undefined)(
  skip === undefined ? "the fleet's pool (Redis)" : `the fleet's pool (skipped: ${skip})`,
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

    /** Two "processes" (coordinations) of one fleet, with a key prefix of their own. */
    const fleet = async (n: number, options: { leaseMillis?: number } = {}) => {
      const keyPrefix = `test-${randomBytes(6).toString("hex")}`
      const members = await Promise.all(
        Array.from({ length: n }, () => redisCoordination({ url: REDIS_URL, keyPrefix, ...options }))
      )
      open.push(...members)
      return { keyPrefix, members }
    }
    const queued = (keyPrefix: string, queue: "front" | "back") =>
      raw.zCard(`${keyPrefix}:{${REALM}}:pool:${queue}`)
    const until = async (check: () => Promise<boolean> | boolean, what: string) => {
      for (let i = 0; i < 500; i++) {
        if (await check()) return
        await new Promise((r) => setTimeout(r, 10))
      }
      throw new Error(`timed out waiting for ${what}`)
    }

    it("admits at most the limit across processes, and every request gets its turn", async () => {
      const { members } = await fleet(3)
      const pools = members.map((c) => c.permitPool(REALM, { limit: 3 }))
      let inFlight = 0
      let peak = 0
      await Promise.all(
        Array.from({ length: 90 }, async (_, i) => {
          const permit = await Effect.runPromise((pools[i % 3] as (typeof pools)[number]).acquire())
          inFlight++
          peak = Math.max(peak, inFlight)
          await new Promise((r) => setTimeout(r, 2))
          inFlight--
          permit.release()
        })
      )
      expect(peak).toBe(3)
      expect(pools.map((p) => p.inFlight() + p.waiting())).toEqual([0, 0, 0])
    })

    it("serves waiters first come, first served across processes, retries first", async () => {
      const { keyPrefix, members } = await fleet(2)
      const [a, b] = members.map((c) => c.permitPool(REALM, { limit: 1 })) as [
        ReturnType<RedisCoordination["permitPool"]>,
        ReturnType<RedisCoordination["permitPool"]>
      ]
      const first = await Effect.runPromise(a.acquire())
      const order: Array<string> = []
      const waiters: Array<Promise<Permit>> = []
      const enqueue = async (name: string, pool: typeof a, front: boolean) => {
        const before = await queued(keyPrefix, front ? "front" : "back")
        waiters.push(
          Effect.runPromise(pool.acquire({ front })).then((p) => {
            order.push(name)
            return p
          })
        )
        await until(
          async () => (await queued(keyPrefix, front ? "front" : "back")) === before + 1,
          `${name} queued`
        )
      }
      await enqueue("b1", b, false)
      await enqueue("a1", a, false)
      await enqueue("b2", b, false)
      await enqueue("a-retry", a, true)
      first.release()
      for (let i = 0; i < waiters.length; i++) {
        await until(() => order.length > i, `waiter ${i + 1}`)
        ;(await (waiters[i === 0 ? 3 : i - 1] as Promise<Permit>)).release()
      }
      expect(order).toEqual(["a-retry", "b1", "a1", "b2"])
    })

    it("an interrupted waiter leaves the fleet's queue", async () => {
      const { keyPrefix, members } = await fleet(2)
      const [a, b] = members.map((c) => c.permitPool(REALM, { limit: 1 })) as [
        ReturnType<RedisCoordination["permitPool"]>,
        ReturnType<RedisCoordination["permitPool"]>
      ]
      const held = await Effect.runPromise(a.acquire())
      const fiber = Effect.runFork(b.acquire())
      await until(async () => (await queued(keyPrefix, "back")) === 1, "the waiter queued")
      await Effect.runPromise(Fiber.interrupt(fiber))
      await until(async () => (await queued(keyPrefix, "back")) === 0, "the waiter gone")
      held.release()
      const next = await Effect.runPromise(a.acquire())
      expect(a.inFlight()).toBe(1)
      next.release()
    })

    it("setLimit is stored in Redis: every process of the fleet follows it", async () => {
      const { keyPrefix, members } = await fleet(2)
      const [a, b] = members.map((c) => c.permitPool(REALM, { limit: 5 })) as [
        ReturnType<RedisCoordination["permitPool"]>,
        ReturnType<RedisCoordination["permitPool"]>
      ]
      const warm = await Effect.runPromise(b.acquire())
      warm.release()
      a.setLimit(2)
      await until(
        async () => (await raw.get(`${keyPrefix}:{${REALM}}:pool:limit`)) === "2",
        "the limit stored"
      )
      const permits = [await Effect.runPromise(b.acquire()), await Effect.runPromise(b.acquire())]
      expect(b.limit()).toBe(2)
      const third = Effect.runFork(b.acquire())
      await until(async () => (await queued(keyPrefix, "back")) === 1, "the third waits")
      a.setLimit(3)
      const permit = await Effect.runPromise(Fiber.join(third))
      for (const p of [...permits, permit]) p.release()
      a.setLimit(99)
      await until(
        async () => (await raw.get(`${keyPrefix}:{${REALM}}:pool:limit`)) === "5",
        "clamped to the ceiling"
      )
    })

    it("keeps every key of an account under one hash tag (Redis Cluster)", async () => {
      const { keyPrefix, members } = await fleet(1)
      const pool = (members[0] as RedisCoordination).permitPool(REALM, { limit: 2 })
      const permit = await Effect.runPromise(pool.acquire())
      const keys = await raw.keys(`${keyPrefix}:*`)
      expect(keys.length).toBeGreaterThan(2)
      for (const key of keys) expect(key.match(/\{([^}]*)\}/)?.[1]).toBe(REALM)
      permit.release()
    })

    it("loads its scripts again after Redis forgot them (NOSCRIPT)", async () => {
      const { members } = await fleet(1)
      const pool = (members[0] as RedisCoordination).permitPool(REALM, { limit: 2 })
      ;(await Effect.runPromise(pool.acquire())).release()
      await raw.scriptFlush()
      const permit = await Effect.runPromise(pool.acquire())
      expect(pool.inFlight()).toBe(1)
      permit.release()
    })

    it("close() gives this process's permits back at once, not after a lease", async () => {
      const { members } = await fleet(2, { leaseMillis: 600_000 })
      const [a, b] = members.map((c) => c.permitPool(REALM, { limit: 2 })) as [
        ReturnType<RedisCoordination["permitPool"]>,
        ReturnType<RedisCoordination["permitPool"]>
      ]
      await Effect.runPromise(a.acquire())
      await Effect.runPromise(a.acquire())
      const waiter = Effect.runPromise(b.acquire())
      await (members[0] as RedisCoordination).close()
      const permit = await waiter
      expect(b.inFlight()).toBe(1)
      permit.release()
    })

    it("renews its lease with one heartbeat per process, however many permits it holds", async () => {
      const client = createClient({ url: REDIS_URL })
      let scripts = 0
      const send = client.sendCommand.bind(client)
      client.sendCommand = ((...args: Parameters<typeof send>) => {
        if (String(args[0]?.[0]).toUpperCase() === "EVALSHA") scripts++
        return send(...args)
      }) as typeof client.sendCommand
      await client.connect()
      const c = await redisCoordination({
        client: client as unknown as NodeRedisClient,
        keyPrefix: `test-${randomBytes(6).toString("hex")}`,
        leaseMillis: 1_000,
        heartbeatMillis: 100
      })
      open.push(c)
      const pool = c.permitPool(REALM, { limit: 5 })
      const scriptsWhileHolding = async (n: number) => {
        const permits = await Promise.all(Array.from({ length: n }, () => Effect.runPromise(pool.acquire())))
        const before = scripts
        await new Promise((r) => setTimeout(r, 1_000))
        const during = scripts - before
        for (const p of permits) p.release()
        return during
      }
      const holdingOne = await scriptsWhileHolding(1)
      const holdingFive = await scriptsWhileHolding(5)
      expect(holdingOne).toBeGreaterThan(0)
      expect(holdingFive).toBeLessThanOrEqual(holdingOne + 2)
    })

    it("refuses a second pool of another size for the same account", async () => {
      const { members } = await fleet(1)
      const c = members[0] as RedisCoordination
      expect(c.permitPool(REALM, { limit: 5 })).toBe(c.permitPool(REALM, { limit: 5 }))
      expect(() => c.permitPool(REALM, { limit: 6 })).toThrow(/already shares a pool of 5/)
      expect(() => c.permitPool("1234567.evil.com", { limit: 5 })).toThrow(/realm/)
    })
  }
)
