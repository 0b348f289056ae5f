import type { Endpoints } from "./endpoints.ts"

/** NetSuite's REST operation that tells an integration its concurrency limit (administrators only). */
export const GOVERNANCE_LIMITS_PATH = "/system/v1/governanceLimits"

/**
 * The URL of `governanceLimits` for an account (under its REST base URL, or the `baseUrl` override).
 *
 * @example
 * ```ts
 * import { endpointsFor, AccountId } from "@netsuite-auth/core"
 * import { governanceLimitsUrl } from "@netsuite-auth/core/internal"
 * governanceLimitsUrl(endpointsFor(AccountId.parseOrThrow("1234567_SB1")))
 * // "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/system/v1/governanceLimits"
 * ```
 * @category governance
 */
export const governanceLimitsUrl = (endpoints: Endpoints): string =>
  `${endpoints.restBaseUrl.replace(/\/+$/, "")}${GOVERNANCE_LIMITS_PATH}`

/** What `governanceLimits` says this integration may use. */
export interface GovernanceLimits {
  /** Requests this integration may have in flight: its own allocation, or the account's unallocated pool. */
  readonly ceiling: number
  /** `integrationSpecific`, `accountLimit` or `internal`, as NetSuite answered. */
  readonly limitType: string
  /** The whole account's limit (shared with the other integrations). */
  readonly accountLimit: number | undefined
}

const MAX = 1000

const count = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX ? value : undefined

/**
 * Reads a `governanceLimits` answer: an integration with its own allocation
 * (`integrationSpecific`) may use `integrationConcurrencyLimit`; every other integration shares
 * `accountUnallocatedConcurrencyLimit` (the account's limit less what is allocated to
 * integrations). `undefined` when the body is not that shape (a limit outside 1..1000 included).
 *
 * @example
 * ```ts
 * import { parseGovernanceLimits } from "@netsuite-auth/core/internal"
 * parseGovernanceLimits({ accountConcurrencyLimit: 15, accountUnallocatedConcurrencyLimit: 10, integrationLimitType: "accountLimit" })
 * // { ceiling: 10, limitType: "accountLimit", accountLimit: 15 }
 * ```
 * @category governance
 */
export const parseGovernanceLimits = (body: unknown): GovernanceLimits | undefined => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined
  const answer = body as Record<string, unknown>
  const limitType = typeof answer.integrationLimitType === "string" ? answer.integrationLimitType : undefined
  const accountLimit = count(answer.accountConcurrencyLimit)
  const ceiling =
    limitType === "integrationSpecific"
      ? count(answer.integrationConcurrencyLimit)
      : (count(answer.accountUnallocatedConcurrencyLimit) ?? accountLimit)
  if (ceiling === undefined || limitType === undefined) return undefined
  return { ceiling, limitType, accountLimit }
}
