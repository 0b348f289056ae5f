import { loginAuditTrailHint, type NetSuiteAuthErrorCode } from "./errors.ts"

/** What to check, in order, when NetSuite answers "Invalid login attempt" (REST, RESTlets and SOAP alike). */
const INVALID_LOGIN_CHECKLIST =
  "Check, in this order: the account ID (the realm is upper case with an underscore, 1234567_SB1, the host lower case with a hyphen, 1234567-sb1); " +
  "that the consumer key and the token come from the same integration record of this account and the token is not revoked (a sandbox refresh deletes tokens and M2M mappings); " +
  "that every query parameter and form field was signed; that the role has the Log in using Access Tokens and SOAP or REST Web Services permissions; " +
  `that this machine's clock is within 5 minutes of NetSuite's. ${loginAuditTrailHint}`

// What to check first, per code: the one table every adapter's errors take their hint from.
const HINTS: Partial<Record<NetSuiteAuthErrorCode, string>> = {
  NETSUITE_AUTH_TOKEN_REJECTED:
    "NetSuite rejected a freshly fetched access token too: check that the integration record has the scopes you request (rest_webservices, restlets) and that the M2M mapping's entity and role are active with REST permissions.",
  NETSUITE_AUTH_INVALID_LOGIN: INVALID_LOGIN_CHECKLIST,
  NETSUITE_AUTH_CONCURRENCY_LIMIT:
    "The account's concurrency limit is used up: set NetSuiteAccount.make({ concurrency }) to the limit in Setup > Integration > Integration Governance, and pass the same account object to every client.",
  NETSUITE_AUTH_RATE_LIMITED: "NetSuite asked to slow down: retry later (Retry-After is honoured).",
  NETSUITE_AUTH_SERVER_ERROR: "NetSuite failed; idempotent requests were retried. Retry later.",
  NETSUITE_AUTH_TRANSPORT:
    "The connection failed before NetSuite answered: check the network, proxy and base URL.",
  NETSUITE_AUTH_TIMEOUT: "No answer in time: raise the timeout, or retry later.",
  NETSUITE_AUTH_UNKNOWN_HOST:
    "The host does not resolve: check the account ID (1234567_SB1) and the base URL.",
  NETSUITE_AUTH_HTTP_ERROR:
    "NetSuite refused the request itself: check the URL, method and body; error.response.data has NetSuite's message.",
  NETSUITE_AUTH_CANCELED: "The caller canceled the request; nothing more was sent.",
  NETSUITE_AUTH_COORDINATION_UNAVAILABLE:
    "The fleet's coordination store (Redis) cannot be reached: check it; requests wait for it rather than exceed the account's limit.",
  NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION:
    "Send only the tokenPassport: remove applicationInfo, passport headers and JSESSIONID cookies.",
  NETSUITE_AUTH_TOKEN_INVALID_CLIENT:
    "Check the client ID (iss), the certificate ID (kid) and that the M2M certificate mapping exists in this very account (sandbox refreshes delete it).",
  NETSUITE_AUTH_TOKEN_INVALID_GRANT:
    "Check the token URL (aud) for this account, the clock, and that alg fits the uploaded certificate.",
  NETSUITE_AUTH_TOKEN_RATE_LIMITED:
    "The token endpoint asked to slow down: share one account object per account.",
  NETSUITE_AUTH_TOKEN_SERVER_ERROR: "The token endpoint failed; it was retried. Retry later.",
  NETSUITE_AUTH_TOKEN_TIMEOUT:
    "The token endpoint did not answer in time: raise tokenEndpoint.timeoutMillis or retry later.",
  NETSUITE_AUTH_TOKEN_TRANSPORT:
    "The token endpoint could not be reached: check the network and the account's base URL.",
  NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE:
    "The token URL answered something that is not a token: check the base URL (a proxy or login page answered)."
}

/**
 * What to check first for an error code (the Login Audit Trail when nothing more specific is
 * known): the one table every adapter's errors and every classifier's messages take it from.
 *
 * @example
 * ```ts
 * import { hintFor } from "@netsuite-auth/core"
 * hintFor("NETSUITE_AUTH_UNKNOWN_HOST") // "The host does not resolve: …"
 * ```
 * @category errors
 */
export const hintFor = (code: NetSuiteAuthErrorCode): string => HINTS[code] ?? loginAuditTrailHint
