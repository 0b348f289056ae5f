/**
 * @netsuite-auth/core/internal: what the adapters (axios, fetch, node-soap, redis) share and
 * applications do not need. No stability promise beyond the packages of this repository.
 *
 * @module
 */

export {
  GOVERNANCE_LIMITS_PATH,
  governanceLimitsUrl,
  parseGovernanceLimits
} from "./account/governance-limits.ts"
export { loginAuditTrailHint } from "./errors.ts"
export { MAX_CLASSIFIED_BODY_BYTES, MAX_TOKEN_RESPONSE_BYTES } from "./http/body-limits.ts"
export { classifyRestResponse, netSuiteErrorDetail, type RestResponse } from "./http/classify-response.ts"
export { classifySoapFault, type SoapFaultFacts } from "./http/classify-soap-fault.ts"
export { type HeaderSource, headerValue } from "./http/header.ts"
export { parseRetryAfter } from "./http/retry-after.ts"
export { safeHeaders } from "./http/safe-headers.ts"
export { asRsaKey } from "./keys/rsa-pss-key.ts"
export { decodeTokenResponse, sanitizeServerText, tokenResponse } from "./m2m/token-response.ts"
export { toTbaCredentials } from "./request/auth-method.ts"
export { lifecycleFor } from "./request/client-options.ts"
export {
  type Outcome,
  RequestLifecycle,
  type RequestPlan,
  type RequestPolicy,
  type ResponseFacts
} from "./request/lifecycle.ts"
export { type RequestFacts, safeUrl } from "./request/netsuite-error.ts"
export { redactDeep, redactText, scrubSentRequest } from "./request/scrub.ts"
export {
  canceled,
  classifyTransportFailure,
  deadlineExceeded,
  type TransportFailure
} from "./request/transport-failure.ts"
export { afterFailedAttempt } from "./retry/retry-policy.ts"
export { baseStringUri, queryParameters } from "./tba/oauth1.ts"
export { escapeXml, passportNamespaces } from "./tba/passport-xml.ts"
export {
  formParameters,
  type MalformedPercentEncoding,
  malformedPercentEncoding,
  percentDecode
} from "./tba/percent-encoding.ts"
export { emitEvent } from "./token/events.ts"
export { tokenCacheKey } from "./token/token-provider.ts"
export { sameToken } from "./token/token-store.ts"
