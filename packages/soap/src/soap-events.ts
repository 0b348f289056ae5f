/**
 * What the SOAP adapter reports through `onEvent`, for logs and metrics. Events carry operation
 * names, codes and timings, never a passport, signature, nonce or envelope.
 *
 * @example
 * ```ts
 * import type { NetSuiteSoapEvent } from "@netsuite-auth/soap"
 * const onEvent = (event: NetSuiteSoapEvent) => {
 *   if (event.type === "retry-scheduled") console.warn(`${event.operation}: retry in ${event.delayMillis} ms (${event.code})`)
 * }
 * ```
 * @category events
 */
export type NetSuiteSoapEvent =
  /** A call waited for a permit of the account-wide limiter before it was signed and sent. */
  | { readonly type: "limiter-wait"; readonly operation: string; readonly waitedMillis: number }
  /** An attempt failed with a retryable error; the operation runs again (with a new passport) after the delay. */
  | {
      readonly type: "retry-scheduled"
      readonly operation: string
      readonly attempt: number
      readonly delayMillis: number
      readonly code: string | undefined
    }
  /** An attempt failed (a SOAP fault, an HTTP error or a transport failure). */
  | {
      readonly type: "fault"
      readonly operation: string
      readonly attempt: number
      readonly code: string
      readonly netsuiteCode: string | undefined
      readonly status: number | undefined
      readonly retryable: boolean
    }
  /** A `JSESSIONID` cookie was removed from a request (it would make the login ambiguous). */
  | { readonly type: "session-cookie-removed" }
  /** NetSuite's `Date` header moved the account's clock-skew offset. */
  | { readonly type: "clock-skew"; readonly offsetMillis: number }

/** Receives {@link NetSuiteSoapEvent}s. An exception thrown here is ignored. */
export type NetSuiteSoapEventListener = (event: NetSuiteSoapEvent) => void

/** Calls a listener without letting its failure break a request. */
export const emitTo =
  (listener: NetSuiteSoapEventListener | undefined) =>
  (event: NetSuiteSoapEvent): void => {
    if (listener === undefined) return
    try {
      listener(event)
    } catch {
      // An observer must never change the outcome of a request.
    }
  }
