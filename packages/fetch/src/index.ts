/**
 * @netsuite-auth/fetch: NetSuite authentication around the global `fetch` (Node's undici), with
 * the same lifecycle as every other adapter: M2M bearer or TBA OAuth 1.0a, the account's pool,
 * NetSuite's retries, deadlines, one error and event vocabulary.
 *
 * @module
 */
export { NetSuiteError } from "@netsuite-auth/core"
export {
  createNetSuiteFetch,
  type M2MFetchOptions,
  type NetSuiteFetch,
  type TbaFetchOptions
} from "./create-netsuite-fetch.ts"
export type { NetSuiteRequestInit } from "./fetch-request.ts"
export {
  DEFAULT_TOKEN_TIMEOUT_MILLIS,
  type FetchTokenEndpointOptions,
  fetchTokenEndpoint
} from "./fetch-token-endpoint.ts"
