/**
 * @netsuite-auth/core: NetSuite authentication as pure Effect programs.
 *
 * Describes, never sends: programs return plain data (a header value, a passport, a token
 * request) and adapters apply it. No axios, no soap, no network.
 *
 * @module
 */
export * as AccountId from "./account/account-id.ts"
export { type Endpoints, endpointsFor, parseBaseUrl, parseWsdlVersion } from "./account/endpoints.ts"
export {
  DEFAULT_CONCURRENCY,
  NetSuiteAccount,
  type NetSuiteAccountOptions
} from "./account/netsuite-account.ts"
export {
  ENVIRONMENT_VARIABLES,
  type FromEnvironmentOptions,
  fromEnvironment,
  type M2MEnvironment,
  type NetSuiteEnvironment
} from "./config/environment.ts"
export {
  ConfigError,
  type ConfigErrorReason,
  isNetSuiteAuthError,
  KeyError,
  type KeyErrorReason,
  loginAuditTrailHint,
  type NetSuiteAuthError,
  type NetSuiteAuthErrorCode,
  RequestError,
  type RequestErrorReason,
  TokenEndpointError,
  type TokenEndpointErrorReason
} from "./errors.ts"
export * as Nonce from "./random/nonce.ts"
export {
  baseStringUri,
  type OAuth1Request,
  type OAuth1Signature,
  oauth1Header,
  queryParameters,
  signatureBaseString,
  signOAuth1
} from "./tba/oauth1.ts"
export { type Passport, passport, passportBaseString, signPassport } from "./tba/passport.ts"
export { escapeXml, passportNamespaces, passportXml } from "./tba/passport-xml.ts"
export { percentDecode, percentEncode } from "./tba/percent-encoding.ts"
export { TbaCredentials, type TbaCredentialsInput } from "./tba/tba-credentials.ts"
export * as ClockSkew from "./time/clock-skew.ts"
export { classifyRestResponse, netSuiteErrorDetail, type RestResponse } from "./http/classify-response.ts"
export { parseRetryAfter } from "./http/retry-after.ts"
export {
  DEFAULT_RETRY,
  netSuiteRetrySchedule,
  type RetryableFailure,
  type RetryOptions,
  type RetryScheduled,
  retryDelayMillis,
  withNetSuiteRetry
} from "./retry/retry-policy.ts"
