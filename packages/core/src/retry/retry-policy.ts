import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import { ConfigError } from "../errors.ts"

/** What the retry policy needs to know about a failure. Every error of this toolkit has it. */
export interface RetryableFailure {
  readonly retryable: boolean
  readonly retryAfterSeconds?: number | undefined
  readonly code?: string
}

/** A retry that is about to happen, for logs and metrics (never carries a secret). */
export interface RetryScheduled {
  /** The attempt that failed, from 1. */
  readonly attempt: number
  readonly delayMillis: number
  readonly code: string | undefined
}

/** Bounds of the NetSuite retry policy. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4; 1 disables retries). */
  readonly maxAttempts?: number | undefined
  /** Backoff base (default 250 ms): the cap doubles every attempt, the wait is random below it. */
  readonly baseDelayMillis?: number | undefined
  /** Largest computed wait (default 10 s). A longer `Retry-After` is still honoured. */
  readonly maxDelayMillis?: number | undefined
  /** No retry starts after this much time since the first attempt (default 60 s). */
  readonly maxElapsedMillis?: number | undefined
  /** Called before every wait. */
  readonly onRetry?: ((retry: RetryScheduled) => void) | undefined
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY = {
  maxAttempts: 4,
  baseDelayMillis: 250,
  maxDelayMillis: 10_000,
  maxElapsedMillis: 60_000
} as const

const isRetryable = (u: unknown): u is RetryableFailure =>
  typeof u === "object" && u !== null && (u as RetryableFailure).retryable === true

interface ResolvedRetry {
  readonly maxAttempts: number
  readonly baseDelayMillis: number
  readonly maxDelayMillis: number
  readonly maxElapsedMillis: number
}

const checkOptions = (options: RetryOptions): ResolvedRetry => {
  const resolved = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    baseDelayMillis: options.baseDelayMillis ?? DEFAULT_RETRY.baseDelayMillis,
    maxDelayMillis: options.maxDelayMillis ?? DEFAULT_RETRY.maxDelayMillis,
    maxElapsedMillis: options.maxElapsedMillis ?? DEFAULT_RETRY.maxElapsedMillis
  }
  for (const [name, value] of Object.entries(resolved)) {
    const min = name === "maxAttempts" ? 1 : 0
    if (!Number.isFinite(value) || value < min || (name === "maxAttempts" && !Number.isInteger(value))) {
      throw new ConfigError({
        reason: "InvalidOption",
        message: `Invalid retry option ${name}=${String(value)}: expected a number of at least ${min}.`
      })
    }
  }
  return resolved
}

/**
 * The wait before retry number `attempt` (the attempt that failed, from 1): exponential backoff
 * with full jitter (`random * min(max, base * 2^(attempt-1))`), but never shorter than the
 * server's `Retry-After`. Pure, so it can be tested and reused.
 *
 * @example
 * ```ts
 * import { retryDelayMillis } from "@netsuite-auth/core"
 * retryDelayMillis(3, { retryable: true }, {}, 0.5) // 500: half of 250 * 2^2
 * retryDelayMillis(1, { retryable: true, retryAfterSeconds: 2 }, {}, 0.5) // 2000
 * ```
 * @category retry
 */
export const retryDelayMillis = (
  attempt: number,
  failure: RetryableFailure,
  options: RetryOptions,
  random: number
): number => {
  const { baseDelayMillis, maxDelayMillis } = checkOptions(options)
  const cap = Math.min(maxDelayMillis, baseDelayMillis * 2 ** (attempt - 1))
  const jittered = Math.floor(random * cap)
  const retryAfter =
    failure.retryAfterSeconds === undefined ? 0 : Math.max(0, failure.retryAfterSeconds) * 1000
  return Math.max(jittered, retryAfter)
}

/**
 * NetSuite's retry policy as an Effect `Schedule` fed with the failure: it retries only what is
 * `retryable` (concurrency limits, 429, 5xx, transport failures and timeouts), never
 * `invalid_client`, `invalid_grant`, invalid logins or signature errors, and stops after
 * `maxAttempts` or `maxElapsedMillis`.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { netSuiteRetrySchedule } from "@netsuite-auth/core"
 * declare const call: Effect.Effect<string, { retryable: boolean }>
 * const retried = Effect.retry(call, netSuiteRetrySchedule({ maxAttempts: 3 }))
 * ```
 * @category retry
 */
export const netSuiteRetrySchedule = <E>(options: RetryOptions = {}): Schedule.Schedule<number, E> => {
  const resolved = checkOptions(options)
  return Schedule.fromStepWithMetadata(
    Effect.succeed((meta: Schedule.InputMetadata<E>) =>
      Effect.gen(function* () {
        const failure = meta.input
        // meta.attempt counts the failures seen so far, from 1.
        if (!isRetryable(failure) || meta.attempt >= resolved.maxAttempts)
          return yield* Cause.done(meta.attempt)
        const delay = retryDelayMillis(meta.attempt, failure, resolved, yield* Random.next)
        if (meta.elapsed + delay > resolved.maxElapsedMillis) return yield* Cause.done(meta.attempt)
        options.onRetry?.({ attempt: meta.attempt, delayMillis: delay, code: failure.code })
        return [meta.attempt, Duration.millis(delay)] as [number, Duration.Duration]
      })
    )
  )
}

/**
 * Re-runs the WHOLE effect while it fails with a retryable error, per
 * {@link netSuiteRetrySchedule}. Put signing inside the effect: every attempt then gets a new
 * nonce, timestamp and signature (NetSuite rejects a reused passport or OAuth 1.0a nonce).
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { withNetSuiteRetry } from "@netsuite-auth/core"
 * declare const signedCall: Effect.Effect<string, { retryable: boolean }>
 * const program = withNetSuiteRetry(signedCall, { maxAttempts: 5 })
 * ```
 * @category retry
 */
export const withNetSuiteRetry = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  options: RetryOptions = {}
): Effect.Effect<A, E, R> => Effect.retry(effect, netSuiteRetrySchedule<E>(options))

/**
 * `attempt`, except that its first run fails at once with `priorFailure` when one is given: for
 * an adapter that made the first attempt without a fiber (the common, successful case) and hands
 * a failure to {@link withNetSuiteRetry}, which then counts it as attempt 1.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { RequestError, withNetSuiteRetry } from "@netsuite-auth/core"
 * import { afterFailedAttempt } from "@netsuite-auth/core/internal"
 * declare const attempt: Effect.Effect<string, RequestError>
 * declare const firstFailure: RequestError | undefined // from an attempt made outside Effect
 * const program = withNetSuiteRetry(afterFailedAttempt(attempt, firstFailure))
 * ```
 * @category retry
 */
export const afterFailedAttempt = <A, E, R>(
  attempt: Effect.Effect<A, E, R>,
  priorFailure: E | undefined
): Effect.Effect<A, E, R> => {
  if (priorFailure === undefined) return attempt
  let pending: E | undefined = priorFailure
  return Effect.suspend(() => {
    if (pending === undefined) return attempt
    const failed = pending
    pending = undefined
    return Effect.fail(failed)
  })
}
