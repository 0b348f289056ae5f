/**
 * @netsuite-auth/axios: NetSuite authentication on your own axios instance, in one call.
 *
 * Promise users call {@link installNetSuiteAuth}; Effect users can build on the same pieces
 * from `@netsuite-auth/core` (`AuthMethod`, `TokenProvider`) with {@link axiosTokenEndpoint}
 * as the token endpoint.
 *
 * @module
 */
import "./request-config.ts"
import { NetSuiteError } from "@netsuite-auth/core"

export { NetSuiteError, type NetSuiteErrorResponse as NetSuiteAxiosErrorResponse } from "@netsuite-auth/core"
export {
  type AxiosTokenEndpointOptions,
  axiosTokenEndpoint,
  DEFAULT_TOKEN_TIMEOUT_MILLIS
} from "./axios-token-endpoint.ts"
export {
  type AxiosLikeInstance,
  installNetSuiteAuth,
  type M2MAuthOptions,
  type NetSuiteAuthOptions,
  type NetSuiteRetryOptions,
  type TbaAuthOptions
} from "./install-netsuite-auth.ts"
export type { NetSuiteAuthRequestOption } from "./request-config.ts"

/** The error every adapter rejects with; the axios package's earlier name for {@link NetSuiteError}. */
export const NetSuiteAxiosError: typeof NetSuiteError = NetSuiteError
/** The error every adapter rejects with; the axios package's earlier name for {@link NetSuiteError}. */
export type NetSuiteAxiosError = NetSuiteError
/** Narrows `unknown` (a caught error) to a {@link NetSuiteError}, across package copies. */
export const isNetSuiteAxiosError: (u: unknown) => u is NetSuiteError = NetSuiteError.is
