/**
 * @netsuite-auth/core: NetSuite authentication as pure Effect programs.
 *
 * Describes, never sends: programs return plain data (a header value, a passport, a token
 * request) and adapters apply it. No axios, no soap, no network.
 *
 * @module
 */
export * as AccountId from "./account/account-id.ts"
export type { Coordination } from "./account/coordination.ts"
export { type Endpoints, endpointsFor, parseBaseUrl } from "./account/endpoints.ts"
export type {
  AdaptiveConcurrency,
  DiscoveryState,
  Governance,
  GovernanceProbe
} from "./account/governance.ts"
export type { GovernanceLimits } from "./account/governance-limits.ts"
export {
  DEFAULT_CONCURRENCY,
  NetSuiteAccount,
  type NetSuiteAccountOptions
} from "./account/netsuite-account.ts"
export {
  isWsdlVersion,
  LATEST_WSDL_VERSION,
  parseWsdlVersion,
  WSDL_VERSIONS,
  type WsdlVersion
} from "./account/wsdl-versions.ts"
export {
  ENVIRONMENT_VARIABLES,
  type FromEnvironmentOptions,
  fromEnvironment,
  type M2MEnvironment,
  type M2MFromEnvironmentOptions,
  m2mCredentialsFromEnvironment,
  type NetSuiteEnvironment
} from "./config/environment.ts"
export { hintFor } from "./error-hints.ts"
export {
  ConfigError,
  type ConfigErrorReason,
  isNetSuiteAuthError,
  KeyError,
  type KeyErrorReason,
  type NetSuiteAuthError,
  type NetSuiteAuthErrorCode,
  RequestError,
  type RequestErrorReason,
  TokenEndpointError,
  type TokenEndpointErrorReason
} from "./errors.ts"
export { classifyRestResponse, type RestResponse } from "./http/classify-response.ts"
export type { HeaderSource } from "./http/header.ts"
export {
  type AssertionClaims,
  type AssertionHeader,
  assertionClaims,
  assertionHeader,
  clientAssertion,
  signAssertion
} from "./m2m/client-assertion.ts"
export {
  DEFAULT_ASSERTION_LIFETIME_SECONDS,
  DEFAULT_SCOPES,
  M2MCredentials,
  type M2MCredentialsInput,
  type M2MScope,
  MAX_ASSERTION_LIFETIME_SECONDS
} from "./m2m/m2m-credentials.ts"
export type { M2MAlgorithm, M2MKeyType } from "./m2m/private-key-policy.ts"
export { CLIENT_ASSERTION_TYPE, TokenRequest, tokenRequest } from "./m2m/token-request.ts"
export {
  type AccessToken,
  DEFAULT_EXPIRES_IN_SECONDS,
  MAX_EXPIRES_IN_SECONDS,
  MIN_EXPIRES_IN_SECONDS,
  type TokenResponse
} from "./m2m/token-response.ts"
export * as Nonce from "./random/nonce.ts"
export type { LimitChange, LimitChangeReason } from "./request/adaptive-pool.ts"
export * as AdaptivePool from "./request/adaptive-pool.ts"
export {
  AuthMethod,
  type Authorization,
  type AuthRequest,
  type M2MAuthMethodOptions
} from "./request/auth-method.ts"
export type {
  ClientOptionsBase,
  M2MClientOptions,
  NetSuiteRetryOptions,
  TbaClientOptions
} from "./request/client-options.ts"
export { NetSuiteError, type NetSuiteErrorResponse, type RequestFacts } from "./request/netsuite-error.ts"
export type { Permit, PoolFeedback } from "./request/permit-pool.ts"
export * as PermitPool from "./request/permit-pool.ts"
export * as Signing from "./request/signing-context.ts"
export {
  oauth1 as oauth1Header,
  oauth1HeaderNow,
  passport,
  passportNow,
  type SigningContext
} from "./request/signing-context.ts"
export {
  DEFAULT_RETRY,
  netSuiteRetrySchedule,
  type RetryableFailure,
  type RetryOptions,
  type RetryScheduled,
  retryDelayMillis,
  withNetSuiteRetry
} from "./retry/retry-policy.ts"
export { type OAuth1Request, type OAuth1Signature, signatureBaseString, signOAuth1 } from "./tba/oauth1.ts"
export { type Passport, passportBaseString, signPassport } from "./tba/passport.ts"
export { passportXml } from "./tba/passport-xml.ts"
export { percentEncode } from "./tba/percent-encoding.ts"
export { TbaCredentials, type TbaCredentialsInput } from "./tba/tba-credentials.ts"
export * as ClockSkew from "./time/clock-skew.ts"
export type { NetSuiteAuthEvent, NetSuiteAuthEventListener } from "./token/events.ts"
export { TokenEndpoint, type TokenEndpointResponse } from "./token/token-endpoint.ts"
export {
  DEFAULT_REFRESH_AHEAD_SECONDS,
  TokenProvider,
  type TokenProviderOptions
} from "./token/token-provider.ts"
export { TokenStore } from "./token/token-store.ts"
