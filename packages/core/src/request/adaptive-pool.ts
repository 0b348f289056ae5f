import * as Effect from "effect/Effect"
import { ConfigError, type RequestError } from "../errors.ts"
import type { AcquireOptions, Permit, PermitPool, PoolFeedback } from "./permit-pool.ts"
import { checkLimit } from "./permit-pool.ts"

/**
 * Why the limit moved: an over-limit answer (multiplicative decrease), successes at the limit
 * (additive increase), or the ceiling found or given up on by discovery (see `governance.ts`).
 */
export type LimitChangeReason = "over-limit" | "increase" | "discovered" | "discovery-failed"

/** One move of an adaptive limit. */
export interface LimitChange {
  readonly from: number
  readonly to: number
  /** The ceiling in force after the change. */
  readonly ceiling: number
  readonly reason: LimitChangeReason
}

/** Options of {@link make}. */
export interface AdaptivePoolOptions {
  /** The most the limit may reach (default: the wrapped pool's ceiling, which also bounds it). */
  readonly ceiling?: number | undefined
  /** The limit to start at (default: the ceiling). */
  readonly initial?: number | undefined
  /** An over-limit answer multiplies the limit by this, rounding down (default 0.5; above 0, below 1). */
  readonly decreaseFactor?: number | undefined
  /**
   * Windows of successes at the limit (a window is `limit` successes, about one round trip)
   * before the limit probes the level NetSuite last refused (default 16). Below that level it
   * grows by one every window. Each failed probe costs one over-limit answer, so this bounds
   * them to about one per `probeWindows × limit` requests.
   */
  readonly probeWindows?: number | undefined
  /** Told about every change, synchronously (emit an event, log). Must not throw. */
  readonly onChange?: ((change: LimitChange) => void) | undefined
  /** Called before every admission (the account starts discovery on the first). Must not throw. */
  readonly onDemand?: (() => void) | undefined
}

/** A {@link PermitPool} whose limit follows NetSuite's answers; see {@link make}. */
export interface AdaptivePool extends PermitPool {
  readonly feedback: (answer: PoolFeedback, permit: Permit | undefined) => void
  /**
   * Moves the ceiling (a discovered account limit): clamped to the wrapped pool's ceiling, and
   * the limit starts again at it. `reason` goes into the change report.
   */
  readonly setCeiling: (ceiling: number, reason: LimitChangeReason) => void
}

/** The defaults of {@link AdaptivePoolOptions}. */
export const DEFAULT_DECREASE_FACTOR = 0.5
export const DEFAULT_PROBE_WINDOWS = 16

// Windows a probed level must hold before the refusal under it is forgotten (luck holds one).
const CONFIRM_WINDOWS = 4

/** A permit stamped with the congestion epoch it was admitted in. */
interface EpochPermit extends Permit {
  readonly epoch: number
}

const invalid = (message: string): ConfigError => new ConfigError({ reason: "InvalidOption", message })

/**
 * Wraps any {@link PermitPool} (in-memory, or the fleet's in Redis) in an AIMD limit, moved
 * only through the port's `limit` / `setLimit`, so a shared pool's limit is the fleet's:
 *
 * - an over-limit answer multiplies the limit by `decreaseFactor` (never below 1), once per
 *   congestion epoch: answers to requests admitted before the last decrease were sent under
 *   the old limit and do not shrink it again. The first refusal after an increase instead
 *   steps back to the level before it (that level held a full window: the increase found the
 *   wall, nothing else changed);
 * - while the pool is full (every permit taken, or requests waiting), every window of
 *   `limit` successes adds one, never above the ceiling; just under the level NetSuite last
 *   refused it waits `probeWindows` windows first, so probing costs few over-limit answers
 *   (4 windows held at the refused level forget the refusal).
 *
 * @example
 * ```ts
 * import { AdaptivePool, PermitPool } from "@netsuite-auth/core"
 * const pool = AdaptivePool.make(PermitPool.memory({ limit: 15 }), {
 *   onChange: (change) => console.log(change.from, "->", change.to, change.reason)
 * })
 * const permit = pool.tryAcquireUnsafe()
 * pool.feedback("over-limit", permit) // 15 -> 7 over-limit
 * permit?.release()
 * pool.limit() // 7
 * ```
 * @category constructors
 */
export const make = (inner: PermitPool, options: AdaptivePoolOptions = {}): AdaptivePool => {
  const factor = options.decreaseFactor ?? DEFAULT_DECREASE_FACTOR
  if (typeof factor !== "number" || !(factor > 0 && factor < 1)) {
    throw invalid(
      `Invalid decreaseFactor ${String(factor).slice(0, 30)}: use a number above 0 and below 1, such as 0.5.`
    )
  }
  const probeWindows = options.probeWindows ?? DEFAULT_PROBE_WINDOWS
  if (
    typeof probeWindows !== "number" ||
    !Number.isInteger(probeWindows) ||
    probeWindows < 1 ||
    probeWindows > 1000
  ) {
    throw invalid(
      `Invalid probeWindows ${String(probeWindows).slice(0, 30)}: use a whole number from 1 to 1000.`
    )
  }
  const { onChange, onDemand } = options
  let ceiling = Math.min(checkLimit(options.ceiling ?? inner.ceiling(), "ceiling"), inner.ceiling())
  // Incremented by every decrease: permits carry the epoch they were admitted in.
  let epoch = 0
  // Successes at the limit (of requests admitted in this epoch) since the limit last moved.
  let successes = 0
  // The lowest level NetSuite refused since the limit last held above it.
  let refusedAt: number | undefined
  // The level before the last increase (it held a window), until the next refusal.
  let lastGood: number | undefined

  const limit = (): number => Math.min(inner.limit(), ceiling)

  const move = (to: number, reason: LimitChangeReason): void => {
    const from = limit()
    inner.setLimit(to)
    successes = 0
    const now = limit()
    if (now !== from || reason === "discovered" || reason === "discovery-failed") {
      onChange?.({ from, to: now, ceiling, reason })
    }
  }

  const stamp = (permit: Permit): EpochPermit => ({ release: permit.release, epoch })

  const epochOf = (permit: Permit | undefined): number =>
    permit !== undefined && typeof (permit as Partial<EpochPermit>).epoch === "number"
      ? (permit as EpochPermit).epoch
      : epoch

  // The pool is the bottleneck: a success then says the limit itself was enough.
  const saturated = (): boolean => inner.waiting() > 0 || inner.inFlight() >= limit()

  const feedback = (answer: PoolFeedback, permit: Permit | undefined): void => {
    // An answer to a request admitted before the last decrease tells nothing about the new limit.
    if (epochOf(permit) !== epoch) return
    const current = limit()
    if (answer === "over-limit") {
      refusedAt = current
      epoch++
      // The first refusal after an increase finds the wall: back to the level that held.
      // Any other refusal (the share of other integrations grew) multiplies.
      const to = lastGood ?? Math.max(1, Math.floor(current * factor))
      lastGood = undefined
      move(to, "over-limit")
      return
    }
    if (current >= ceiling || !saturated()) return
    successes++
    if (refusedAt !== undefined && current >= refusedAt) {
      // The refused level held for CONFIRM_WINDOWS (luck holds one): the refusal is out of date.
      if (successes < current * CONFIRM_WINDOWS) return
      refusedAt = undefined
    } else if (refusedAt !== undefined && current + 1 >= refusedAt) {
      // Just under the refused level: wait before probing it, one over-limit answer at most.
      if (successes < current * probeWindows) return
    } else if (successes < current) return
    lastGood = current
    move(current + 1, "increase")
  }

  const tryAcquireUnsafe = (): Permit | undefined => {
    onDemand?.()
    const permit = inner.tryAcquireUnsafe()
    return permit === undefined ? undefined : stamp(permit)
  }

  const acquire = (acquireOptions?: AcquireOptions): Effect.Effect<Permit, RequestError> => {
    onDemand?.()
    // The epoch is read when the permit is granted, not when the request started waiting; no
    // interruption can fall between the grant and the stamp (the permit would be lost).
    return Effect.uninterruptibleMask((restore) => Effect.map(restore(inner.acquire(acquireOptions)), stamp))
  }

  const initial =
    options.initial === undefined ? ceiling : Math.min(checkLimit(options.initial, "initial limit"), ceiling)
  if (inner.limit() !== initial) inner.setLimit(initial)

  return {
    limit,
    ceiling: () => ceiling,
    setLimit: (next) => inner.setLimit(Math.max(1, Math.min(ceiling, Math.floor(next)))),
    inFlight: inner.inFlight,
    waiting: inner.waiting,
    tryAcquireUnsafe,
    acquire,
    feedback,
    setCeiling: (next, reason) => {
      ceiling = Math.min(checkLimit(next, "ceiling"), inner.ceiling())
      refusedAt = undefined
      lastGood = undefined
      epoch++
      move(ceiling, reason)
    }
  }
}
