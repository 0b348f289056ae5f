import { Deferred, Effect, Exit, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { ConcurrencyLimiter, NetSuiteAccount } from "../src/index.ts"

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1))

describe("ConcurrencyLimiter", () => {
  it("admits at most `size` at once, across Effect waiters and synchronous takers", async () => {
    const limiter = new ConcurrencyLimiter(3)
    let running = 0
    let peak = 0
    const task = limiter.withPermit(
      Effect.promise(async () => {
        running++
        peak = Math.max(peak, running)
        await tick()
        running--
      })
    )
    const plain = async () => {
      while (!limiter.tryAcquire()) await tick()
      try {
        running++
        peak = Math.max(peak, running)
        await tick()
        running--
      } finally {
        limiter.release()
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
    expect(limiter.inFlight).toBe(0)
    expect(limiter.waiting).toBe(0)
  })

  it("tryAcquire refuses when full; a released permit goes to the queue first (no overtaking)", async () => {
    const limiter = new ConcurrencyLimiter(1)
    expect(limiter.tryAcquire()).toBe(true)
    expect(limiter.tryAcquire()).toBe(false)
    const gate = Deferred.makeUnsafe<void>()
    const queued = Effect.runFork(limiter.withPermit(Effect.as(Deferred.await(gate), "queued")))
    await tick()
    expect(limiter.waiting).toBe(1)
    limiter.release() // handed straight to the waiter, so the permit is still taken
    expect(limiter.inFlight).toBe(1)
    expect(limiter.tryAcquire()).toBe(false)
    Deferred.doneUnsafe(gate, Exit.void)
    expect(await Effect.runPromise(Fiber.join(queued))).toBe("queued")
    expect(limiter.inFlight).toBe(0)
    expect(limiter.tryAcquire()).toBe(true)
  })

  it("serves waiters first come, first served", async () => {
    const limiter = new ConcurrencyLimiter(1)
    expect(limiter.tryAcquire()).toBe(true)
    const order: Array<number> = []
    const fibers = [1, 2, 3].map((n) =>
      Effect.runFork(limiter.withPermit(Effect.sync(() => void order.push(n))))
    )
    await tick()
    limiter.release()
    await Promise.all(fibers.map((f) => Effect.runPromise(Fiber.join(f))))
    expect(order).toEqual([1, 2, 3])
  })

  it("an interrupted waiter leaves the queue and leaks no permit", async () => {
    const limiter = new ConcurrencyLimiter(1)
    expect(limiter.tryAcquire()).toBe(true)
    const waiter = Effect.runFork(limiter.withPermit(Effect.succeed("never")))
    await tick()
    expect(limiter.waiting).toBe(1)
    await Effect.runPromise(Fiber.interrupt(waiter))
    expect(limiter.waiting).toBe(0)
    limiter.release()
    expect(limiter.inFlight).toBe(0)
  })

  it("a permit is returned when the work fails or is interrupted while holding it", async () => {
    const limiter = new ConcurrencyLimiter(1)
    await expect(Effect.runPromise(limiter.withPermit(Effect.fail("boom")))).rejects.toThrow()
    expect(limiter.inFlight).toBe(0)
    const started = Deferred.makeUnsafe<void>()
    const holder = Effect.runFork(
      limiter.withPermit(Effect.andThen(Deferred.succeed(started, undefined), Effect.never))
    )
    await Effect.runPromise(Deferred.await(started))
    expect(limiter.inFlight).toBe(1)
    await Effect.runPromise(Fiber.interrupt(holder))
    expect(limiter.inFlight).toBe(0)
  })

  it("a waiter interrupted right after it was handed a permit passes the permit on", async () => {
    const limiter = new ConcurrencyLimiter(1)
    expect(limiter.tryAcquire()).toBe(true)
    const first = Effect.runFork(limiter.withPermit(Effect.never))
    const second = Effect.runFork(limiter.withPermit(Effect.succeed("second")))
    await tick()
    // Hand the permit to `first` and interrupt it in the same synchronous turn.
    limiter.release()
    const interrupted = Effect.runPromise(Fiber.interrupt(first))
    await interrupted
    expect(await Effect.runPromise(Fiber.join(second))).toBe("second")
    expect(limiter.inFlight).toBe(0)
    expect(limiter.waiting).toBe(0)
  })

  it("is the account's limiter, sized by `concurrency`, and shows no more than counts", () => {
    const account = NetSuiteAccount.make({ accountId: "1234567", concurrency: 7 })
    expect(account.limiter).toBeInstanceOf(ConcurrencyLimiter)
    expect(account.limiter.size).toBe(7)
    expect(JSON.parse(JSON.stringify(account.limiter))).toEqual({
      _tag: "ConcurrencyLimiter",
      size: 7,
      inFlight: 0,
      waiting: 0
    })
  })
})
