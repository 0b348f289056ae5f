import { Deferred, Effect, Exit, Fiber, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { ClockSkew, NetSuiteAccount, Nonce, PermitPool, TokenEndpoint, TokenStore } from "../src/index.ts"

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1))

const withPermit = <A, E>(pool: PermitPool.PermitPool, self: Effect.Effect<A, E>, front = false) =>
  PermitPool.withPermit(self, { front }).pipe(Effect.provideService(PermitPool.Service, pool))

describe("PermitPool.memory", () => {
  it("admits at most `limit` at once, across Effect waiters and synchronous takers", async () => {
    const pool = PermitPool.memory({ limit: 3 })
    let running = 0
    let peak = 0
    const task = withPermit(
      pool,
      Effect.promise(async () => {
        running++
        peak = Math.max(peak, running)
        await tick()
        running--
      })
    )
    const plain = async () => {
      let permit = pool.tryAcquireUnsafe()
      while (permit === undefined) {
        await tick()
        permit = pool.tryAcquireUnsafe()
      }
      try {
        running++
        peak = Math.max(peak, running)
        await tick()
        running--
      } finally {
        permit.release()
      }
    }
    await Promise.all([
      Effect.runPromise(
        Effect.all(
          Array.from({ length: 30 }, () => task),
          { concurrency: "unbounded" }
        )
      ),
      ...Array.from({ length: 10 }, plain)
    ])
    expect(peak).toBe(3)
    expect(pool.inFlight()).toBe(0)
    expect(pool.waiting()).toBe(0)
  })

  it("tryAcquireUnsafe refuses when full; a released permit goes to the queue first (no overtaking)", async () => {
    const pool = PermitPool.memory({ limit: 1 })
    const held = pool.tryAcquireUnsafe()
    expect(held).toBeDefined()
    expect(pool.tryAcquireUnsafe()).toBeUndefined()
    const gate = Deferred.makeUnsafe<void>()
    const queued = Effect.runFork(withPermit(pool, Effect.as(Deferred.await(gate), "queued")))
    await tick()
    expect(pool.waiting()).toBe(1)
    held?.release() // handed straight to the waiter, so the permit is still taken
    expect(pool.inFlight()).toBe(1)
    expect(pool.tryAcquireUnsafe()).toBeUndefined()
    Deferred.doneUnsafe(gate, Exit.void)
    expect(await Effect.runPromise(Fiber.join(queued))).toBe("queued")
    expect(pool.inFlight()).toBe(0)
    expect(pool.tryAcquireUnsafe()).toBeDefined()
  })

  it("release is idempotent: releasing twice frees one permit", () => {
    const pool = PermitPool.memory({ limit: 2 })
    const a = pool.tryAcquireUnsafe()
    pool.tryAcquireUnsafe()
    a?.release()
    a?.release()
    expect(pool.inFlight()).toBe(1)
  })

  it("serves waiters first come, first served; retries (front) before first attempts", async () => {
    const pool = PermitPool.memory({ limit: 1 })
    const held = pool.tryAcquireUnsafe()
    const order: Array<string> = []
    const fibers = [
      Effect.runFork(
        withPermit(
          pool,
          Effect.sync(() => void order.push("a"))
        )
      ),
      Effect.runFork(
        withPermit(
          pool,
          Effect.sync(() => void order.push("b"))
        )
      ),
      Effect.runFork(
        withPermit(
          pool,
          Effect.sync(() => void order.push("retry")),
          true
        )
      ),
      Effect.runFork(
        withPermit(
          pool,
          Effect.sync(() => void order.push("c"))
        )
      )
    ]
    await tick()
    held?.release()
    await Promise.all(fibers.map((f) => Effect.runPromise(Fiber.join(f))))
    expect(order).toEqual(["retry", "a", "b", "c"])
  })

  it("an interrupted waiter leaves the queue and leaks no permit", async () => {
    const pool = PermitPool.memory({ limit: 1 })
    const held = pool.tryAcquireUnsafe()
    const waiter = Effect.runFork(withPermit(pool, Effect.succeed("never")))
    await tick()
    expect(pool.waiting()).toBe(1)
    await Effect.runPromise(Fiber.interrupt(waiter))
    expect(pool.waiting()).toBe(0)
    held?.release()
    expect(pool.inFlight()).toBe(0)
  })

  it("a permit is returned when the work fails or is interrupted while holding it", async () => {
    const pool = PermitPool.memory({ limit: 1 })
    await expect(Effect.runPromise(withPermit(pool, Effect.fail("boom")))).rejects.toThrow()
    expect(pool.inFlight()).toBe(0)
    const started = Deferred.makeUnsafe<void>()
    const holder = Effect.runFork(
      withPermit(pool, Effect.andThen(Deferred.succeed(started, undefined), Effect.never))
    )
    await Effect.runPromise(Deferred.await(started))
    expect(pool.inFlight()).toBe(1)
    await Effect.runPromise(Fiber.interrupt(holder))
    expect(pool.inFlight()).toBe(0)
  })

  it("a waiter interrupted right after it was handed a permit passes the permit on", async () => {
    const pool = PermitPool.memory({ limit: 1 })
    const held = pool.tryAcquireUnsafe()
    const first = Effect.runFork(withPermit(pool, Effect.never))
    const second = Effect.runFork(withPermit(pool, Effect.succeed("second")))
    await tick()
    // Hand the permit to `first` and interrupt it in the same synchronous turn.
    held?.release()
    await Effect.runPromise(Fiber.interrupt(first))
    expect(await Effect.runPromise(Fiber.join(second))).toBe("second")
    expect(pool.inFlight()).toBe(0)
    expect(pool.waiting()).toBe(0)
  })

  it("setLimit moves the limit within 1..ceiling and admits waiters when it grows", async () => {
    const pool = PermitPool.memory({ limit: 1, ceiling: 3 })
    const held = pool.tryAcquireUnsafe()
    const waiters = [1, 2].map(() => Effect.runFork(withPermit(pool, Effect.never)))
    await tick()
    expect(pool.waiting()).toBe(2)
    pool.setLimit(10)
    expect(pool.limit()).toBe(3)
    expect(pool.inFlight()).toBe(3)
    pool.setLimit(0)
    expect(pool.limit()).toBe(1)
    held?.release()
    for (const w of waiters) await Effect.runPromise(Fiber.interrupt(w))
    expect(pool.inFlight()).toBe(0)
  })

  it("refuses a limit that is not a whole number from 1 to 1000", () => {
    for (const limit of [0, -1, 1.5, 1001, Number.NaN, "5" as unknown as number]) {
      expect(() => PermitPool.memory({ limit })).toThrow(/whole number from 1 to 1000/)
    }
  })

  it("is the account's pool, sized by `concurrency`, and the account shows only counts", () => {
    const account = NetSuiteAccount.make({ accountId: "1234567", concurrency: 7 })
    expect(account.pool.limit()).toBe(7)
    expect(account.pool.ceiling()).toBe(7)
    expect(JSON.parse(JSON.stringify(account))).toMatchObject({ realm: "1234567", concurrency: 7, limit: 7 })
  })
})

describe("the account's services as a layer", () => {
  it("provides the account's pool, token store and clock skew to an Effect program", async () => {
    const account = NetSuiteAccount.make({ accountId: "1234567", concurrency: 3 })
    const program = Effect.gen(function* () {
      const pool = yield* PermitPool.Service
      const store = yield* TokenStore.Service
      const skew = yield* ClockSkew.ClockSkew
      return { pool, store, skew }
    })
    const got = await Effect.runPromise(Effect.provide(program, account.layer))
    expect(got.pool).toBe(account.pool)
    expect(got.store).toBe(account.tokenStore)
    expect(got.skew).toBe(account.clockSkew)
  })

  it("a test provides its own nonce source and token endpoint the same way", async () => {
    const endpoint = TokenEndpoint.layer(() => Effect.succeed({ status: 200, headers: {}, body: "{}" }))
    const program = Effect.gen(function* () {
      const nonce = yield* Nonce.Nonce
      const port = yield* TokenEndpoint.Service
      return { nonce: nonce.next(), answer: yield* Effect.orDie(port.request({} as never)) }
    })
    const a = await Effect.runPromise(
      Effect.provide(program, Layer.merge(endpoint, Nonce.layer(Nonce.seeded(7))))
    )
    const b = await Effect.runPromise(
      Effect.provide(program, Layer.merge(endpoint, Nonce.layer(Nonce.seeded(7))))
    )
    expect(a.nonce).toBe(b.nonce)
    expect(a.answer.status).toBe(200)
  })
})
