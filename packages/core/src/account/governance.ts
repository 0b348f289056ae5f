import { describeValue } from "../config/describe-value.ts"
import { ConfigError } from "../errors.ts"
import type { LimitChange } from "../request/adaptive-pool.ts"
import * as AdaptivePool from "../request/adaptive-pool.ts"
import * as PermitPool from "../request/permit-pool.ts"
import { emitEvent, type NetSuiteAuthEventListener } from "../token/events.ts"
import type { Coordination } from "./coordination.ts"
import { parseGovernanceLimits } from "./governance-limits.ts"

/**
 * Adaptive concurrency for `NetSuiteAccount.make({ concurrency })`: the limit follows NetSuite's
 * answers (fewer after an over-limit answer, one more per round trip of successes) under a
 * ceiling that is given, or read from `governanceLimits` on the first request.
 *
 * @example
 * ```ts
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * // Known limit (15), adapt under it; or discover it, using 10 when the role may not read it.
 * const known = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: { ceiling: 15 } })
 * const found = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: { ceiling: "discover", fallback: 10 } })
 * known.limit // 15
 * found.limit // 10 until governanceLimits answers
 * ```
 * @category governance
 */
export interface AdaptiveConcurrency {
  /** The most requests in flight: a number, or `"discover"` to read it from `governanceLimits`. */
  readonly ceiling: number | "discover"
  /**
   * With `"discover"`: the limit until discovery answers, and for good when it is refused
   * (403 for a role other than Administrator) or unreadable. Default 5, NetSuite's smallest.
   */
  readonly fallback?: number | undefined
}

/**
 * How an adapter sends the discovery request for the account: a GET of `url` through its own
 * client (so through the request lifecycle: admitted by the pool, authenticated, retried),
 * resolving with the parsed JSON body of a 2xx answer and rejecting otherwise (with the
 * adapter's `NetSuiteError`). Core sends nothing itself.
 *
 * @example
 * ```ts
 * import type { GovernanceProbe } from "@netsuite-auth/core"
 * declare const client: { get: (url: string) => Promise<{ data: unknown }> } // an axios instance with installNetSuiteAuth
 * const probe: GovernanceProbe = (url) => client.get(url).then((response) => response.data)
 * ```
 * @category governance
 */
export type GovernanceProbe = (url: string) => Promise<unknown>

/** Where the ceiling stands: given, waiting for a first request with a probe, asked, found, or given up on. */
export type DiscoveryState = "configured" | "pending" | "discovering" | "discovered" | "fallback"

/** NetSuiteAccount's `concurrency` option, checked: a fixed number, or adaptive. */
export type ConcurrencyPlan =
  | { readonly _tag: "Fixed"; readonly limit: number }
  | { readonly _tag: "Adaptive"; readonly ceiling: number | undefined; readonly fallback: number }

// Attempts at discovery that failed for a retryable reason (no answer, 5xx) before giving up.
const DISCOVERY_ATTEMPTS = 3

const invalid = (message: string): ConfigError => new ConfigError({ reason: "InvalidOption", message })

/** Checks the `concurrency` option: a number, `"auto"`, or `{ ceiling, fallback? }`; throws a `ConfigError`. */
export const planConcurrency = (value: unknown, defaultLimit: number): ConcurrencyPlan => {
  if (value === undefined) return { _tag: "Fixed", limit: defaultLimit }
  if (typeof value === "number") return { _tag: "Fixed", limit: PermitPool.checkLimit(value) }
  if (value === "auto") return { _tag: "Adaptive", ceiling: undefined, fallback: defaultLimit }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const { ceiling, fallback } = value as Partial<AdaptiveConcurrency>
    if (ceiling === "discover") {
      return {
        _tag: "Adaptive",
        ceiling: undefined,
        fallback:
          fallback === undefined ? defaultLimit : PermitPool.checkLimit(fallback, "concurrency fallback")
      }
    }
    if (typeof ceiling === "number") {
      if (fallback !== undefined) {
        throw invalid(
          'concurrency.fallback applies only with ceiling: "discover"; with a numeric ceiling, leave it out.'
        )
      }
      return {
        _tag: "Adaptive",
        ceiling: PermitPool.checkLimit(ceiling, "concurrency ceiling"),
        fallback: ceiling
      }
    }
  }
  // A short string or number is shown; anything else only by its kind (never a TypeError).
  const shown =
    typeof value === "string"
      ? JSON.stringify(value.slice(0, 40))
      : typeof value === "number"
        ? String(value)
        : describeValue(value)
  throw invalid(
    `Invalid concurrency ${shown}: use a whole number (a fixed limit), "auto" (discover the limit and adapt under it), or { ceiling: 15 } / { ceiling: "discover", fallback: 5 }.`
  )
}

/**
 * The adaptive side of one account: its {@link AdaptivePool.AdaptivePool} and, with
 * `ceiling: "discover"`, the discovery of the ceiling through the first adapter that offers a
 * {@link GovernanceProbe}. Every change is reported as a `limit-changed` event.
 *
 * @category governance
 */
export interface Governance {
  readonly pool: AdaptivePool.AdaptivePool
  /** Where discovery stands. */
  readonly discovery: () => DiscoveryState
  /**
   * Offers a way to send the discovery request. Adapters offer one when they are installed; the
   * latest offer is used by the first request made while discovery is pending. Ignored once the
   * ceiling is settled.
   */
  readonly offerProbe: (probe: GovernanceProbe) => void
  /**
   * Whether a request to `url` is the discovery request now in flight: the lifecycle queues it
   * before the requests waiting at the fallback limit (a burst must not delay it).
   */
  readonly isDiscoveryRequest: (url: string) => boolean
  /** Resolves when discovery has settled (at once without discovery): for tests and start-up checks. */
  readonly settled: () => Promise<DiscoveryState>
}

/** Options of {@link make}. */
export interface GovernanceOptions {
  readonly realm: string
  readonly plan: Extract<ConcurrencyPlan, { _tag: "Adaptive" }>
  /** `governanceLimits` of this account. */
  readonly url: string
  readonly coordination?: Coordination | undefined
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

const failureFacts = (error: unknown): { code?: string; status?: number; retryable: boolean } => {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown
    status?: unknown
    retryable?: unknown
  }
  return {
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(typeof e.status === "number" ? { status: e.status } : {}),
    retryable: e.retryable === true
  }
}

/**
 * Builds the adaptive pool of an account (in memory, or the coordination's) and its discovery.
 * `NetSuiteAccount.make` calls it for an adaptive `concurrency`; read it as `account.governance`.
 *
 * @example
 * ```ts
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: "auto" })
 * account.governance?.discovery() // "pending": the first request through a client with a probe asks
 * ```
 * @category governance
 */
export const make = (options: GovernanceOptions): Governance => {
  const { realm, plan, url, coordination, onEvent } = options
  if (onEvent !== undefined && typeof onEvent !== "function") {
    throw invalid("onEvent must be a function (event) => void, such as (event) => console.log(event.type).")
  }
  const discovers = plan.ceiling === undefined
  // Discovery may raise the in-memory pool's ceiling up to PermitPool.MAX_LIMIT. A shared pool
  // is made with the starting limit as its ceiling (the coordination port takes one number),
  // so there discovery can only lower it.
  const start = plan.ceiling ?? plan.fallback
  const inner =
    coordination?.permitPool(realm, { limit: start }) ??
    PermitPool.memory({ limit: start, ceiling: discovers ? PermitPool.MAX_LIMIT : start })

  let state: DiscoveryState = discovers ? "pending" : "configured"
  let probe: GovernanceProbe | undefined
  let failures = 0
  const waiters: Array<(state: DiscoveryState) => void> = []

  const report = (change: LimitChange, facts: { code?: string; status?: number } = {}): void =>
    emitEvent(onEvent, { type: "limit-changed", account: realm, ...change, ...facts })

  const settle = (next: DiscoveryState): void => {
    state = next
    if (next === "pending") return
    for (const resolve of waiters.splice(0)) resolve(next)
  }

  const giveUp = (facts: { code?: string; status?: number }): void => {
    settle("fallback")
    const limit = pool.limit()
    report({ from: limit, to: limit, ceiling: pool.ceiling(), reason: "discovery-failed" }, facts)
  }

  const discover = async (send: GovernanceProbe): Promise<void> => {
    let body: unknown
    try {
      body = await send(url)
    } catch (error) {
      const { retryable, ...facts } = failureFacts(error)
      // No answer or a 5xx (after the lifecycle's own retries): a later request asks again.
      if (retryable && ++failures < DISCOVERY_ATTEMPTS) return settle("pending")
      return giveUp(facts)
    }
    const limits = parseGovernanceLimits(body)
    if (limits === undefined) return giveUp({})
    settle("discovered")
    pool.setCeiling(limits.ceiling, "discovered")
  }

  const onDemand = (): void => {
    if (state !== "pending" || probe === undefined) return
    state = "discovering"
    const send = probe
    // Not inside the caller's admission: the probe's own request is admitted like any other.
    queueMicrotask(() => {
      discover(send).catch(() => giveUp({}))
    })
  }

  const pool = AdaptivePool.make(inner, {
    ceiling: start,
    onChange: (change) => report(change),
    ...(discovers ? { onDemand } : {})
  })

  return {
    pool,
    discovery: () => state,
    isDiscoveryRequest: (requested) => state === "discovering" && requested.split(/[?#]/)[0] === url,
    offerProbe: (offered) => {
      if (typeof offered !== "function") {
        throw invalid(
          "offerProbe expects a function (url) => Promise<body> that sends a GET through your client."
        )
      }
      if (state === "pending" || state === "discovering") probe = offered
    },
    settled: () =>
      state === "pending" || state === "discovering"
        ? new Promise<DiscoveryState>((resolve) => waiters.push(resolve))
        : Promise.resolve(state)
  }
}
