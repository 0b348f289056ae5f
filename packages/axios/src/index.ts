/**
 * @netsuite-auth/axios: NetSuite authentication on your own axios instance, in one call.
 *
 * Promise users call {@link installNetSuiteAuth}; Effect users can build on the same pieces
 * from `@netsuite-auth/core` (`TokenProvider`, `withNetSuiteRetry`, `oauth1Header`) with
 * {@link axiosTokenEndpoint} as the token endpoint.
 *
 * @module
 */
import "./request-config.ts"

export {
  type AxiosTokenEndpointOptions,
  axiosTokenEndpoint,
  DEFAULT_TOKEN_TIMEOUT_MILLIS
} from "./axios-token-endpoint.ts"
export {
  installNetSuiteAuth,
  type M2MAuthOptions,
  type NetSuiteAuthOptions,
  type NetSuiteRetryOptions,
  type TbaAuthOptions
} from "./install-netsuite-auth.ts"
export {
  isNetSuiteAxiosError,
  NetSuiteAxiosError,
  type NetSuiteAxiosErrorResponse
} from "./netsuite-axios-error.ts"
export type { NetSuiteAuthRequestOption } from "./request-config.ts"
