import { Effect } from "effect"

interface Waiter {
  granted: boolean
  readonly wake: () => void
}

/**
 * The account-wide concurrency limiter: at most `size` requests in flight, first come first
 * served. Effect code waits with {@link ConcurrencyLimiter.withPermit}; adapters also take a free
 * permit synchronously with {@link ConcurrencyLimiter.tryAcquire}, so a request that need not wait
 * pays no fiber for admission. A released permit is handed straight to the oldest waiter, so a
 * permit is only ever free when nobody waits: the synchronous path never overtakes the queue.
 *
 * @example
 * ```ts
 * import { ConcurrencyLimiter } from "@netsuite-auth/core"
 * const limiter = new ConcurrencyLimiter(5)
 * if (limiter.tryAcquire()) {
 *   try {
 *     // send the request
 *   } finally {
 *     limiter.release()
 *   }
 * }
 * ```
 * @category models
 */
export class ConcurrencyLimiter {
  readonly size: number
  #inFlight = 0
  readonly #waiters = new Set<Waiter>()

  constructor(size: number) {
    this.size = size
  }

  /** Permits held right now. */
  get inFlight(): number {
    return this.#inFlight
  }

  /** Callers queued for a permit. */
  get waiting(): number {
    return this.#waiters.size
  }

  /** Takes a permit if one is free; pair every `true` with one {@link release}. */
  tryAcquire(): boolean {
    if (this.#inFlight >= this.size) return false
    this.#inFlight++
    return true
  }

  /** Returns a permit: to the oldest waiter if there is one. */
  release(): void {
    this.#inFlight--
    for (const waiter of this.#waiters) {
      if (this.#inFlight >= this.size) return
      this.#waiters.delete(waiter)
      this.#inFlight++
      waiter.granted = true
      waiter.wake()
    }
  }

  /** Waits for a permit (interruptible: an interrupted waiter leaves the queue, or passes on a permit it was just given). */
  readonly acquire: Effect.Effect<void> = Effect.callback<void>((resume) => {
    if (this.tryAcquire()) return resume(Effect.void)
    const waiter: Waiter = { granted: false, wake: () => resume(Effect.void) }
    this.#waiters.add(waiter)
    return Effect.sync(() => {
      if (waiter.granted) this.release()
      else this.#waiters.delete(waiter)
    })
  })

  /** Runs `self` holding one permit, waiting for it first; the permit is returned however `self` ends. */
  withPermit<A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return Effect.uninterruptibleMask((restore) =>
      Effect.andThen(
        restore(this.acquire),
        Effect.ensuring(
          restore(self),
          Effect.sync(() => this.release())
        )
      )
    )
  }

  toJSON(): Record<string, unknown> {
    return {
      _tag: "ConcurrencyLimiter",
      size: this.size,
      inFlight: this.#inFlight,
      waiting: this.#waiters.size
    }
  }
}
