import { Clock, Context, Effect } from "effect"

/**
 * How far NetSuite's clock is ahead of ours, learned from the `Date` header of its responses.
 * TBA rejects timestamps more than 5 minutes off and JWT `iat`/`exp` are checked too, so every
 * timestamp this toolkit signs is `local time + offset`. One per account.
 */
export interface ClockSkew {
  /** Milliseconds to add to the local clock to get NetSuite's time. */
  readonly offsetMillis: () => number
  /**
   * Learns the offset from an HTTP `Date` header seen at local time `localMillis`. Only a
   * difference of more than 2 seconds counts (the header has one-second resolution and the
   * response took time to arrive); returns the new offset.
   */
  readonly observe: (dateHeader: string | undefined | null, localMillis: number) => number
}

/**
 * A fresh skew tracker starting at `initialOffsetMillis` (0 by default).
 *
 * @example
 * ```ts
 * import { ClockSkew } from "@netsuite-auth/core"
 * const skew = ClockSkew.make()
 * skew.observe(new Date(Date.now() + 180_000).toUTCString(), Date.now()) // about 180000
 * ```
 * @category constructors
 */
export const make = (initialOffsetMillis = 0): ClockSkew => {
  let offset = initialOffsetMillis
  // Consecutive responses mostly carry the same one-second Date value: parse it once.
  let lastHeader = ""
  let lastServerMillis = Number.NaN
  return {
    offsetMillis: () => offset,
    observe: (dateHeader, localMillis) => {
      if (!dateHeader) return offset
      if (dateHeader !== lastHeader) {
        lastHeader = dateHeader
        lastServerMillis = Date.parse(dateHeader)
      }
      const server = lastServerMillis
      if (Number.isNaN(server)) return offset
      const measured = server - localMillis
      // Date has 1 s resolution: within 2 s of "no skew" we keep 0 rather than chase noise.
      offset = Math.abs(measured) <= 2000 ? 0 : measured
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
