import type { ResolvedAccount } from "./config.ts"
import { optionalBoolean, optionalSlotCount } from "./config.ts"
import { MockConfigError } from "./config-error.ts"
import { type MockResponse, restInsufficientPermission } from "./netsuite-error-bodies.ts"

// Governance an integration can discover (governanceLimits) and the part of the pool that
// "another integration" holds, so a test can move the capacity left for the client under test.

/** NetSuite's REST operation that reports the account's concurrency limit. */
export const GOVERNANCE_LIMITS_PATH = "/services/rest/system/v1/governanceLimits"

/**
 * A change of an account's governance during a run.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@netsuite-auth/mock-server"
 * declare const server: MockServer
 * server.setGovernance({ occupiedSlots: 10 }) // another integration now holds 10 slots
 * server.setGovernance({ accountId: "1234567_SB1", governanceLimitsReadable: false })
 * ```
 */
export interface GovernanceUpdate {
  /** The account to change; every account when left out. */
  readonly accountId?: string
  /** Slots held by "another integration" (0 to 10000): they count against the limit. */
  readonly occupiedSlots?: number
  /** Whether the credentials' role may read `governanceLimits` (403 otherwise). */
  readonly governanceLimitsReadable?: boolean
}

/** An account's governance as the mock applies it now. */
export interface GovernanceState {
  readonly concurrencyLimit: number
  readonly occupiedSlots: number
  /** Requests of the clients under test in flight now. */
  readonly inFlight: number
  /** `concurrencyLimit - occupiedSlots - inFlight`, never below 0. */
  readonly free: number
  readonly governanceLimitsReadable: boolean
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Validates a governance change from JSON or code; throws a {@link MockConfigError} naming the field. */
export const parseGovernanceUpdate = (value: unknown, path = "(body)"): GovernanceUpdate => {
  if (!isRecord(value)) throw new MockConfigError(path, "expected an object")
  const accountId = value.accountId
  if (accountId !== undefined && (typeof accountId !== "string" || accountId.trim() === "")) {
    throw new MockConfigError(`${path}.accountId`, "expected a NetSuite account ID such as 1234567_SB1")
  }
  const occupiedSlots = optionalSlotCount(value.occupiedSlots, `${path}.occupiedSlots`)
  const governanceLimitsReadable = optionalBoolean(
    value.governanceLimitsReadable,
    `${path}.governanceLimitsReadable`
  )
  if (occupiedSlots === undefined && governanceLimitsReadable === undefined) {
    throw new MockConfigError(path, "expected occupiedSlots and/or governanceLimitsReadable")
  }
  return {
    ...(accountId === undefined ? {} : { accountId }),
    ...(occupiedSlots === undefined ? {} : { occupiedSlots }),
    ...(governanceLimitsReadable === undefined ? {} : { governanceLimitsReadable })
  }
}

/**
 * `GET …/system/v1/governanceLimits` in NetSuite's documented shape for an integration without
 * its own allocation (`integrationLimitType: "accountLimit"`). The mock allocates nothing to
 * single integrations, so the unallocated limit is the account's. It reports the configured
 * limit, not what is free: NetSuite's answer is configuration, not usage.
 */
export const governanceLimitsResponse = (account: ResolvedAccount): MockResponse =>
  account.governanceLimitsReadable
    ? {
        status: 200,
        headers: { "content-type": "application/json; charset=UTF-8" },
        body: JSON.stringify({
          accountConcurrencyLimit: account.concurrencyLimit,
          accountUnallocatedConcurrencyLimit: account.concurrencyLimit,
          integrationLimitType: "accountLimit"
        })
      }
    : restInsufficientPermission(
        "Permission Violation: the governanceLimits operation returns results only for the Administrator role. Read the limit at Setup > Integration > Integration Governance, or configure the concurrency yourself."
      )
