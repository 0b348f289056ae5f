import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ConfigError } from "../errors.ts"

/**
 * How far NetSuite's clock is ahead of ours, learned from the `Date` header of its responses.
 * TBA rejects timestamps more than 5 minutes off and JWT `iat`/`exp` are checked too, so every
 * timestamp this toolkit signs is `local time + offset`. One per account.
 */
export interface ClockSkew {
  /** Milliseconds to add to the local clock to get NetSuite's time (never more than a day). */
  readonly offsetMillis: () => number
  /**
   * Learns the offset from an HTTP `Date` header seen at local time `localMillis`; returns the
   * new offset. The estimate is the median of the last {@link SAMPLES} plausible samples, so one
   * odd header does not move it; a sample more than {@link MAX_PLAUSIBLE_SKEW_MILLIS} off is
   * ignored; within 2 seconds of no skew the offset is 0 (the header has one-second resolution).
   */
  readonly observe: (dateHeader: string | undefined | null, localMillis: number) => number
}

/**
 * A `Date` header further off than a day is a broken or hostile server, not a clock skew: one
 * dated 1900 would otherwise make every signed timestamp negative and stop the client sending.
 */
export const MAX_PLAUSIBLE_SKEW_MILLIS = 86_400_000

/** How many recent samples the median is taken over. */
export const SAMPLES = 5

// Date has 1 s resolution and the response took time to arrive: within 2 s of "no skew" we
// keep 0 rather than chase noise.
const NOISE_MILLIS = 2000

/**
 * The median of `sorted`; for an even count, the middle value nearest `current`, so that with
 * two samples one outlier cannot move the estimate halfway.
 */
const median = (sorted: ReadonlyArray<number>, current: number): number => {
  const mid = sorted.length >> 1
  if (sorted.length % 2 === 1) return sorted[mid] as number
  const low = sorted[mid - 1] as number
  const high = sorted[mid] as number
  return Math.abs(low - current) <= Math.abs(high - current) ? low : high
}

/**
 * A fresh skew tracker starting at `initialOffsetMillis` (0 by default; at most a day either way).
 *
 * @example
 * ```ts
 * import { ClockSkew } from "@netsuite-auth/core"
 * const skew = ClockSkew.make()
 * skew.observe(new Date(Date.now() + 180_000).toUTCString(), Date.now()) // about 180000
 * skew.observe("Mon, 01 Jan 1900 00:00:00 GMT", Date.now()) // still about 180000: implausible, ignored
 * ```
 * @category constructors
 */
export const make = (initialOffsetMillis = 0): ClockSkew => {
  if (
    typeof initialOffsetMillis !== "number" ||
    !Number.isFinite(initialOffsetMillis) ||
    Math.abs(initialOffsetMillis) > MAX_PLAUSIBLE_SKEW_MILLIS
  ) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid initial clock offset ${String(initialOffsetMillis).slice(0, 30)}: use a number of milliseconds within one day (${MAX_PLAUSIBLE_SKEW_MILLIS}) either way, or leave it out (0).`
    })
  }
  let offset = initialOffsetMillis
  // The most recent plausible samples, oldest first.
  const samples: Array<number> = []
  // Consecutive responses mostly carry the same one-second Date value: one sample per value.
  let lastHeader = ""
  return {
    offsetMillis: () => offset,
    observe: (dateHeader, localMillis) => {
      if (typeof dateHeader !== "string" || dateHeader === "" || dateHeader === lastHeader) return offset
      lastHeader = dateHeader
      const measured = Date.parse(dateHeader) - localMillis
      if (!Number.isFinite(measured) || Math.abs(measured) > MAX_PLAUSIBLE_SKEW_MILLIS) return offset
      samples.push(measured)
      if (samples.length > SAMPLES) samples.shift()
      const estimate = median(
        [...samples].sort((a, b) => a - b),
        offset
      )
      offset = Math.abs(estimate) <= NOISE_MILLIS ? 0 : estimate
      return offset
    }
  }
}

/**
 * The clock-skew service. Defaults to no skew; adapters provide their account's tracker.
 *
 * @category services
 */
export const ClockSkew: Context.Reference<ClockSkew> = Context.Reference<ClockSkew>(
  "@netsuite-auth/core/ClockSkew",
  {
    defaultValue: () => make(0)
  }
)

/**
 * NetSuite's current time in Unix seconds: the `Clock` plus the current {@link ClockSkew}.
 *
 * @category accessors
 */
export const unixSeconds: Effect.Effect<number> = Effect.gen(function* () {
  const millis = yield* Clock.currentTimeMillis
  const skew = yield* ClockSkew
  return netSuiteSeconds(skew, millis)
})

/**
 * NetSuite's time in Unix seconds at local time `localMillis` (default: now), without an Effect:
 * for code that signs synchronously on a request path.
 *
 * @example
 * ```ts
 * import { ClockSkew } from "@netsuite-auth/core"
 * ClockSkew.netSuiteSeconds(ClockSkew.make(60_000), 0) // 60
 * ```
 * @category accessors
 */
export const netSuiteSeconds = (skew: ClockSkew, localMillis: number = Date.now()): number =>
  Math.floor((localMillis + skew.offsetMillis()) / 1000)

/**
 * A layer with this tracker as the {@link ClockSkew} service (an account provides its own).
 *
 * @category layers
 */
export const layer = (skew: ClockSkew): Layer.Layer<never> => Layer.succeed(ClockSkew, skew)
