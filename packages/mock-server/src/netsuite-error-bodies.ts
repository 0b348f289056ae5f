import { escapeXml as escapeXmlText } from "@netsuite-auth/core/internal"

// The error shapes NetSuite answers with (spec §1.7, §2.8, §4.2, §4.3). Kept byte-for-byte where
// the spec quotes them, because clients classify errors by these bodies.

/** A response the mock sends: status, headers, body. */
export interface MockResponse {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
  /** Login-Audit-Trail-style reason, sent as `x-mock-reason` and counted in stats. */
  readonly reason?: string
}

const INVALID_LOGIN_DETAIL =
  "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail."
const MALFORMED = "The request could not be understood by the server due to malformed syntax."

const REST_ERROR_TYPE = "application/vnd.oracle.resource+json; type=error; charset=UTF-8"
const JSON_TYPE = "application/json; charset=UTF-8"

const restError = (status: number, type: string, title: string, detail: string, code: string) =>
  JSON.stringify({ type, title, status, "o:errorDetails": [{ detail, "o:errorCode": code }] })

/** REST web services 401 `INVALID_LOGIN`. */
export const restInvalidLogin = (reason: string, bearerRealm?: string): MockResponse => ({
  status: 401,
  headers: {
    "content-type": REST_ERROR_TYPE,
    ...(bearerRealm === undefined ? {} : { "www-authenticate": bearerInvalidToken(bearerRealm) })
  },
  body: restError(
    401,
    "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2",
    "Unauthorized",
    INVALID_LOGIN_DETAIL,
    "INVALID_LOGIN"
  ),
  reason
})

/** REST web services 400 `INVALID_REQUEST` (malformed header, HMAC-SHA1). */
export const restMalformed = (reason: string, bearerRealm?: string): MockResponse => ({
  status: 400,
  headers: {
    "content-type": REST_ERROR_TYPE,
    ...(bearerRealm === undefined ? {} : { "www-authenticate": bearerInvalidRequest(bearerRealm) })
  },
  body: restError(
    400,
    "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
    "Bad Request",
    MALFORMED,
    "INVALID_REQUEST"
  ),
  reason
})

/** REST web services 429 when the account's concurrency limit is reached. */
export const restConcurrencyLimit = (): MockResponse => ({
  status: 429,
  headers: { "content-type": REST_ERROR_TYPE },
  body: restError(
    429,
    "https://www.rfc-editor.org/rfc/rfc6585.html#section-4",
    "Too Many Requests",
    "Concurrent request limit exceeded. Request blocked.",
    "CONCURRENCY_LIMIT_EXCEEDED"
  ),
  reason: "ConcurrencyLimitExceeded"
})

/** REST web services 404 for a record or path the mock does not have. */
export const restNotFound = (detail: string): MockResponse => ({
  status: 404,
  headers: { "content-type": REST_ERROR_TYPE },
  body: restError(
    404,
    "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5",
    "Not Found",
    detail,
    "NONEXISTENT_ID"
  )
})

/**
 * REST web services 403 for a role that lacks a permission. NetSuite documents that
 * `governanceLimits` "returns results only if you are logged in as an administrator" but not the
 * refusal's body: this is its REST error shape with `INSUFFICIENT_PERMISSION`, the code NetSuite
 * uses for permission violations elsewhere (a mock choice, see the README).
 */
export const restInsufficientPermission = (detail: string): MockResponse => ({
  status: 403,
  headers: { "content-type": REST_ERROR_TYPE },
  body: restError(
    403,
    "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4",
    "Forbidden",
    detail,
    "INSUFFICIENT_PERMISSION"
  ),
  reason: "InsufficientPermission"
})

/** `WWW-Authenticate` for a refused bearer token. */
export const bearerInvalidToken = (realm: string) =>
  `Bearer realm="${realm}", error="invalid_token", error_description="Invalid login attempt."`

/** `WWW-Authenticate` for a malformed bearer request. */
export const bearerInvalidRequest = (realm: string) =>
  `Bearer realm="${realm}", error="invalid_request", error_description="${MALFORMED}"`

const restletError = (code: string, message: string) => JSON.stringify({ error: { code, message } })

/** RESTlet 401 `INVALID_LOGIN_ATTEMPT`. */
export const restletInvalidLogin = (reason: string, bearerRealm?: string): MockResponse => ({
  status: 401,
  headers: {
    "content-type": JSON_TYPE,
    ...(bearerRealm === undefined ? {} : { "www-authenticate": bearerInvalidToken(bearerRealm) })
  },
  body: restletError("INVALID_LOGIN_ATTEMPT", "Invalid login attempt."),
  reason
})

/** RESTlet 400 `INVALID_REQUEST` (malformed header, HMAC-SHA1). */
export const restletMalformed = (reason: string): MockResponse => ({
  status: 400,
  headers: { "content-type": JSON_TYPE },
  body: restletError("INVALID_REQUEST", MALFORMED),
  reason
})

/** RESTlet 400 `SSS_REQUEST_LIMIT_EXCEEDED` when the account's concurrency limit is reached. */
export const restletConcurrencyLimit = (): MockResponse => ({
  status: 400,
  headers: { "content-type": JSON_TYPE },
  body: restletError(
    "SSS_REQUEST_LIMIT_EXCEEDED",
    "Concurrent request limit exceeded. Request blocked. Please retry later."
  ),
  reason: "ConcurrencyLimitExceeded"
})

/** OAuth 2.0 token endpoint error (`{"error": …}`); `invalid_client` carries `WWW-Authenticate: Basic`. */
export const tokenError = (
  error: "invalid_request" | "invalid_client" | "invalid_grant" | "invalid_scope" | "unauthorized_client",
  reason: string,
  realm: string
): MockResponse => ({
  status: error === "invalid_client" ? 401 : 400,
  headers: {
    "content-type": JSON_TYPE,
    "cache-control": "no-store",
    ...(error === "invalid_client" ? { "www-authenticate": `Basic realm="${realm}"` } : {})
  },
  body: JSON.stringify({ error }),
  reason
})

const SOAP_ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'

/** A SOAP 1.1 fault as NetSuite sends it (HTTP 500, `soapenv:Server.userException`). */
export const soapFault = (options: {
  readonly version: string
  readonly faultElement: string
  readonly code: string
  readonly message: string
  readonly reason?: string
  readonly faultcode?: string
}): MockResponse => {
  const ns = `urn:faults_${options.version}.platform.webservices.netsuite.com`
  const message = escapeXmlText(options.message)
  return {
    status: 500,
    headers: { "content-type": "text/xml; charset=utf-8" },
    body:
      `${SOAP_ENVELOPE_OPEN}<soapenv:Body><soapenv:Fault>` +
      `<faultcode>${options.faultcode ?? "soapenv:Server.userException"}</faultcode>` +
      `<faultstring>${message}</faultstring>` +
      `<detail><platformFaults:${options.faultElement} xmlns:platformFaults="${ns}">` +
      `<platformFaults:code>${options.code}</platformFaults:code>` +
      `<platformFaults:message>${message}</platformFaults:message>` +
      `</platformFaults:${options.faultElement}>` +
      '<ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">netsuite-auth-mock</ns1:hostname>' +
      "</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
    ...(options.reason === undefined ? {} : { reason: options.reason })
  }
}

/** SOAP `invalidCredentialsFault` / "Invalid login attempt.". */
export const soapInvalidLogin = (
  version: string,
  reason: string,
  message = "Invalid login attempt."
): MockResponse =>
  soapFault({ version, faultElement: "invalidCredentialsFault", code: "USER_ERROR", message, reason })

/** NetSuite's `unexpectedErrorFault` for a request the client got wrong (not an authentication failure). */
export const soapClientError = (version: string, message: string, reason: string): MockResponse =>
  soapFault({
    version,
    faultElement: "unexpectedErrorFault",
    code: "UNEXPECTED_ERROR",
    message,
    faultcode: "soapenv:Client",
    reason
  })

/** SOAP `exceededConcurrentRequestLimitFault` / `WS_REQUEST_BLOCKED`. */
export const soapConcurrencyLimit = (version: string): MockResponse =>
  soapFault({
    version,
    faultElement: "exceededConcurrentRequestLimitFault",
    code: "WS_REQUEST_BLOCKED",
    message: "SuiteTalk concurrent request limit exceeded. Request blocked.",
    reason: "ConcurrencyLimitExceeded"
  })

/** `SOAP_ENVELOPE_OPEN` for success bodies. */
export const soapEnvelope = (header: string, body: string) =>
  `${SOAP_ENVELOPE_OPEN}<soapenv:Header>${header}</soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
