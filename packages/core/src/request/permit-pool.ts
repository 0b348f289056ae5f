import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ConfigError, type RequestError } from "../errors.ts"

/** One admitted request's seat in the account's pool. `release` is idempotent. */
export interface Permit {
  readonly release: () => void
}

/** How a request asks for a permit. */
export interface AcquireOptions {
  /** A retry of a request that already waited its turn: it goes before requests that never ran. */
  readonly front?: boolean | undefined
}

/**
 * The account's concurrency pool: at most {@link PermitPool.limit} requests in flight, first come
 * first served. NetSuite has one pool per account across SOAP, REST and RESTlets, so every
 * adapter of an account shares one `PermitPool`. The in-memory pool is the default; a fleet
 * provides one backed by Redis (`@netsuite-auth/redis`) through the same service.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { PermitPool } from "@netsuite-auth/core"
 * const pool = PermitPool.memory({ limit: 5 })
 * const program = Effect.gen(function* () {
 *   const permit = yield* pool.acquire()
 *   try {
 *     return "sent"
 *   } finally {
 *     permit.release()
 *   }
 * })
 * Effect.runPromise(program)
 * ```
 * @category services
 */
export interface PermitPool {
  /** The limit in force now (an adaptive governor moves it between 1 and {@link PermitPool.ceiling}). */
  readonly limit: () => number
  /** The most the pool may ever admit: the configured or discovered account limit. */
  readonly ceiling: () => number
  /**
   * Moves the limit (clamped to 1..ceiling). Waiters are admitted at once when it grows; when it
   * shrinks, permits already held stay valid and new ones wait until in-flight drops below it.
   */
  readonly setLimit: (limit: number) => void
  /** Permits held right now (in this process, for a shared pool). */
  readonly inFlight: () => number
  /** Requests queued for a permit (in this process, for a shared pool). */
  readonly waiting: () => number
  /**
   * A permit right now if one is free and nobody waits, without an Effect; `undefined` means
   * "wait with {@link PermitPool.acquire}". A shared pool that needs I/O always answers `undefined`.
   */
  readonly tryAcquireUnsafe: () => Permit | undefined
  /**
   * Waits for a permit. Interruptible: an interrupted waiter leaves the queue, or hands back a
   * permit it was just given. A shared pool that cannot reach its store fails with a retryable
   * `RequestError` after its own bound; the in-memory pool never fails.
   */
  readonly acquire: (options?: AcquireOptions) => Effect.Effect<Permit, RequestError>
  /**
   * Optional: what NetSuite answered to an admitted request, for a pool that adapts its limit
   * (an over-limit answer shrinks it, successes at the limit grow it). The lifecycle reports
   * every answered attempt, with the permit it holds (an adaptive pool tells by it whether the
   * request was admitted before its last decrease).
   */
  readonly feedback?: ((answer: PoolFeedback, permit?: Permit) => void) | undefined
}

/** What the lifecycle tells an adaptive pool about one answered attempt. */
export type PoolFeedback = "success" | "over-limit"

/** The {@link PermitPool} service key. */
export const Service: Context.Service<PermitPool, PermitPool> = Context.Service<PermitPool>(
  "@netsuite-auth/core/PermitPool"
)

/** NetSuite's smallest concurrency limit (shared tier, developer accounts). */
export const DEFAULT_LIMIT = 5
/** The largest limit a pool accepts. */
export const MAX_LIMIT = 1000

/** Checks a concurrency limit: a whole number from 1 to 1000. */
export const checkLimit = (limit: unknown, what = "concurrency"): number => {
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid ${what} ${String(limit).slice(0, 40)}: use a whole number from 1 to ${MAX_LIMIT}, the account's limit from Setup > Integration > Integration Governance.`
    })
  }
  return limit
}

interface Waiter {
  granted: boolean
  readonly wake: () => void
}

/**
 * The in-process pool. A released permit goes straight to the oldest waiter (retries first), so
 * a permit is only free when nobody waits and the synchronous path never overtakes the queue.
 *
 * @example
 * ```ts
 * import { PermitPool } from "@netsuite-auth/core"
 * const pool = PermitPool.memory({ limit: 5 })
 * const permit = pool.tryAcquireUnsafe()
 * permit?.release()
 * ```
 * @category constructors
 */
export const memory = (options: {
  readonly limit: number
  readonly ceiling?: number | undefined
}): PermitPool => {
  const ceiling = checkLimit(options.ceiling ?? options.limit, "ceiling")
  let limit = Math.min(checkLimit(options.limit), ceiling)
  let inFlight = 0
  // Two FIFO queues: retries (front) are served before first attempts.
  const front = new Set<Waiter>()
  const back = new Set<Waiter>()

  const grantNext = (): void => {
    while (inFlight < limit) {
      const queue = front.size > 0 ? front : back
      const next = queue.values().next()
      if (next.done === true) return
      queue.delete(next.value)
      inFlight++
      next.value.granted = true
      next.value.wake()
    }
  }

  const permit = (): Permit => {
    let held = true
    return {
      release: () => {
        if (!held) return
        held = false
        inFlight--
        grantNext()
      }
    }
  }

  const tryAcquireUnsafe = (): Permit | undefined => {
    if (inFlight >= limit || front.size > 0 || back.size > 0) return undefined
    inFlight++
    return permit()
  }

  const acquire = (acquireOptions?: AcquireOptions): Effect.Effect<Permit, RequestError> =>
    Effect.callback<Permit, RequestError>((resume) => {
      const now = tryAcquireUnsafe()
      if (now !== undefined) return resume(Effect.succeed(now))
      const queue = acquireOptions?.front === true ? front : back
      const waiter: Waiter = { granted: false, wake: () => resume(Effect.succeed(permit())) }
      queue.add(waiter)
      return Effect.sync(() => {
        if (!waiter.granted) {
          queue.delete(waiter)
          return
        }
        // Granted while being interrupted: the permit was never picked up, pass it on.
        inFlight--
        grantNext()
      })
    })

  return {
    limit: () => limit,
    ceiling: () => ceiling,
    setLimit: (next) => {
      limit = Math.max(1, Math.min(ceiling, Math.floor(next)))
      grantNext()
    },
    inFlight: () => inFlight,
    waiting: () => front.size + back.size,
    tryAcquireUnsafe,
    acquire
  }
}

/**
 * A layer with an in-memory pool.
 *
 * @category layers
 */
export const layerMemory = (options: { readonly limit: number }): Layer.Layer<PermitPool> =>
  Layer.sync(Service, () => memory(options))

/**
 * Runs `self` holding one permit of the pool in context, waiting for it first; the permit is
 * returned however `self` ends (success, failure, interruption).
 *
 * @category combinators
 */
export const withPermit = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  options?: AcquireOptions
): Effect.Effect<A, E | RequestError, R | PermitPool> =>
  Service.use((pool) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(restore(pool.acquire(options)), (permit) =>
        Effect.ensuring(restore(self), Effect.sync(permit.release))
      )
    )
  )
