import {
  type M2MCredentials,
  type M2MCredentialsInput,
  NetSuiteAccount,
  type NetSuiteAuthEventListener,
  type RetryOptions,
  type TbaCredentials,
  type TbaCredentialsInput,
  type TokenProvider,
  type TokenStore
} from "@netsuite-auth/core"
import axios, { type AxiosAdapter, type AxiosInstance, type InternalAxiosRequestConfig } from "axios"
import { type Installation, sendAuthenticated } from "./authenticated-request.ts"
import { invalidOption, makeAuthenticator } from "./authenticator.ts"
import type { AxiosTokenEndpointOptions } from "./axios-token-endpoint.ts"
import { isSkipped } from "./request-config.ts"

/** Retry bounds for NetSuite requests (see core's `withNetSuiteRetry`). */
export interface NetSuiteRetryOptions extends Omit<RetryOptions, "onRetry"> {
  /**
   * Also retry POST and PATCH after a 5xx or a connection failure (default false: NetSuite may
   * have applied them). Concurrency-limit answers are retried for every method regardless.
   */
  readonly retryNonIdempotent?: boolean | undefined
}

interface CommonOptions {
  /** The one object for this NetSuite account: limiter, clock skew, URLs. Share it with every client. */
  readonly account: NetSuiteAccount
  /** Retry policy for requests, or `false` for none (default: 4 attempts, 60 s in all). */
  readonly retry?: NetSuiteRetryOptions | false | undefined
  /** Token, retry and limiter events, without secrets. */
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

/** OAuth 2.0 client credentials (M2M): `Authorization: Bearer <token>`. */
export interface M2MAuthOptions extends CommonOptions {
  readonly scheme: "m2m"
  readonly credentials: M2MCredentials | M2MCredentialsInput
  /** Share one provider (one token cache, one refresh at a time) between several axios instances. */
  readonly tokenProvider?: TokenProvider | undefined
  /** Refresh when less than this remains (default 300 s). Ignored with `tokenProvider`. */
  readonly refreshAheadSeconds?: number | undefined
  /** Where tokens are cached (default in memory). Ignored with `tokenProvider`. */
  readonly tokenStore?: TokenStore | undefined
  /** How the token endpoint is called (timeout). Ignored with `tokenProvider`. */
  readonly tokenEndpoint?: AxiosTokenEndpointOptions | undefined
}

/** Token-based authentication as OAuth 1.0a: a fresh signed `Authorization: OAuth …` per attempt. */
export interface TbaAuthOptions extends CommonOptions {
  readonly scheme: "tba"
  readonly credentials: TbaCredentials | TbaCredentialsInput
}

/** Options of {@link installNetSuiteAuth}. */
export type NetSuiteAuthOptions = M2MAuthOptions | TbaAuthOptions

const installed = new WeakSet<AxiosInstance>()
const WRAPPED = Symbol.for("@netsuite-auth/axios/wrapped-adapter")

type WrappedAdapter = AxiosAdapter & { [WRAPPED]?: InternalAxiosRequestConfig["adapter"] }

/**
 * Adds NetSuite authentication to your axios instance and returns a function that removes it.
 *
 * Every request (unless it sets `netsuiteAuth: false`) waits for the account-wide limiter, then
 * gets its `Authorization` header: a cached M2M bearer token (one token request however many
 * callers, refreshed ahead of expiry), or a TBA OAuth 1.0a signature made from the final URL
 * (params included) with a new nonce and timestamp. Concurrency-limit answers, and 5xx and
 * connection resets for idempotent methods, are retried with backoff, re-admitted and re-signed
 * every time; a bearer 401 `invalid_token` is answered by one new token and one retry. Failures
 * reject with {@link NetSuiteAxiosError} (coded, without secrets).
 *
 * It wraps the adapter at dispatch time, so the header is computed after all your request
 * interceptors ran, and the limiter permit is held exactly while the request is on the wire.
 *
 * @example
 * ```ts
 * import axios from "axios"
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * import { installNetSuiteAuth } from "@netsuite-auth/axios"
 * declare const clientId: string, certificateId: string, privateKey: string // privateKey: PEM text
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: 5 })
 * const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
 * const uninstall = installNetSuiteAuth(client, {
 *   scheme: "m2m",
 *   account,
 *   credentials: { accountId: "1234567_SB1", clientId, certificateId, privateKey }
 * })
 * const { data } = await client.get("/record/v1/customer/1")
 * uninstall()
 * ```
 * @category install
 */
export const installNetSuiteAuth = (instance: AxiosInstance, options: NetSuiteAuthOptions): (() => void) => {
  if (typeof options !== "object" || options === null) {
    throw invalidOption("installNetSuiteAuth expects an options object with scheme, account and credentials.")
  }
  if (!(options.account instanceof NetSuiteAccount)) {
    throw invalidOption(
      "options.account must be a NetSuiteAccount: NetSuiteAccount.make({ accountId }), one per account, shared by every client."
    )
  }
  if (installed.has(instance)) {
    throw invalidOption(
      "NetSuite authentication is already installed on this axios instance: call the function the first installNetSuiteAuth returned before installing again."
    )
  }
  const installation: Installation = { options, auth: makeAuthenticator(options) }

  const wrap = (configured: InternalAxiosRequestConfig["adapter"], config: InternalAxiosRequestConfig) => {
    // A config reused from an earlier response already carries our wrapper: unwrap, never stack.
    const original =
      typeof configured === "function" && WRAPPED in configured
        ? (configured as WrappedAdapter)[WRAPPED]
        : configured
    const inner = axios.getAdapter(original ?? axios.defaults.adapter, config)
    const wrapped: WrappedAdapter = (dispatched) =>
      isSkipped(dispatched.netsuiteAuth)
        ? inner(dispatched)
        : sendAuthenticated(installation, inner, dispatched)
    wrapped[WRAPPED] = original
    return wrapped
  }

  const id = instance.interceptors.request.use(
    (config) => {
      config.adapter = wrap(config.adapter, config)
      return config
    },
    undefined,
    { synchronous: true }
  )
  installed.add(instance)
  let removed = false
  return () => {
    if (removed) return
    removed = true
    instance.interceptors.request.eject(id)
    installed.delete(instance)
  }
}
