/**
 * What the token lifecycle and the adapters report while they work, for logs and metrics.
 * Events carry codes, counts and durations only: never a token, assertion, header or secret.
 *
 * @module
 */

/** One observable step. `account` is the realm (`1234567_SB1`), which is not a secret. */
export type NetSuiteAuthEvent =
  /** A token was fetched for a key that had none cached. */
  | {
      readonly type: "token-fetched"
      readonly account: string
      readonly expiresInSeconds: number
      readonly durationMillis: number
    }
  /** A cached token was replaced before (or after) it expired. */
  | {
      readonly type: "token-refreshed"
      readonly account: string
      readonly expiresInSeconds: number
      readonly durationMillis: number
    }
  /** Fetching a token failed (after any retries); every waiter got this error. */
  | {
      readonly type: "token-failed"
      readonly account: string
      readonly code: string
      readonly retryable: boolean
      readonly status?: number | undefined
    }
  /** A token NetSuite rejected was dropped from the cache. */
  | { readonly type: "token-invalidated"; readonly account: string }
  /** A retry is about to wait `delayMillis` after `attempt` (from 1) failed with `code`. */
  | {
      readonly type: "retry-scheduled"
      /** `token`, or the request: `GET /services/rest/record/v1/customer/1`, a SOAP operation name. */
      readonly operation: string
      readonly attempt: number
      readonly delayMillis: number
      readonly code: string | undefined
    }
  /** A request waited this long for a permit of the account's concurrency pool. */
  | {
      readonly type: "limiter-wait"
      readonly account: string
      readonly operation: string
      readonly waitedMillis: number
    }
  /** An attempt failed (NetSuite refused it, or no answer came); `retryable` says whether it runs again. */
  | {
      readonly type: "attempt-failed"
      readonly account: string
      readonly operation: string
      readonly attempt: number
      readonly code: string
      readonly netsuiteCode?: string | undefined
      readonly status?: number | undefined
      readonly retryable: boolean
    }
  /**
   * The account's adaptive concurrency limit moved (`concurrency: "auto"` or `{ ceiling }`):
   * `over-limit` (NetSuite refused for the pool), `increase` (a round trip of successes at the
   * limit), `discovered` (the ceiling read from `governanceLimits`; the limit starts at it), or
   * `discovery-failed` (refused or unreadable: the fallback stays; `code`/`status` say why when
   * NetSuite answered). Sent to the account's `onEvent` (`NetSuiteAccount.make({ onEvent })`).
   */
  | {
      readonly type: "limit-changed"
      readonly account: string
      readonly from: number
      readonly to: number
      readonly ceiling: number
      readonly reason: "over-limit" | "increase" | "discovered" | "discovery-failed"
      readonly code?: string | undefined
      readonly status?: number | undefined
    }
  /** NetSuite's `Date` header moved the account's clock-skew offset. */
  | { readonly type: "clock-skew"; readonly account: string; readonly offsetMillis: number }
  /** A `JSESSIONID` cookie was removed from a SOAP request (it would make the login ambiguous). */
  | { readonly type: "session-cookie-removed" }

/** Receives {@link NetSuiteAuthEvent}s. It must not throw; if it does, the error is ignored. */
export type NetSuiteAuthEventListener = (event: NetSuiteAuthEvent) => void

/**
 * Calls the listener, if any, and swallows what it throws: a broken logger must never break
 * authentication.
 *
 * @example
 * ```ts
 * import { emitEvent } from "@netsuite-auth/core/internal"
 * emitEvent((e) => console.log(e.type), { type: "limiter-wait", account: "1234567", operation: "getServerTime", waitedMillis: 12 })
 * ```
 * @category events
 */
export const emitEvent = (
  listener: NetSuiteAuthEventListener | undefined,
  event: NetSuiteAuthEvent
): void => {
  if (listener === undefined) return
  try {
    listener(event)
  } catch {
    // Deliberately ignored: observability must not change behaviour.
  }
}
