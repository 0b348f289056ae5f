import {
  AuthMethod,
  ConfigError,
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
import { RequestLifecycle } from "@netsuite-auth/core/internal"
import axios, { type AxiosAdapter, type AxiosRequestConfig } from "axios"
import { AxiosRequest } from "./axios-request.ts"
import { type AxiosTokenEndpointOptions, axiosTokenEndpoint } from "./axios-token-endpoint.ts"
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
  /** The one object for this NetSuite account: pool, clock skew, URLs. Share it with every client. */
  readonly account: NetSuiteAccount
  /** Retry policy for requests, or `false` for none (default: 4 attempts, 60 s in all). */
  readonly retry?: NetSuiteRetryOptions | false | undefined
  /** Token, retry and pool events, without secrets. */
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
  /** Where tokens are cached (default: the account's store). Ignored with `tokenProvider`. */
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

/**
 * What `installNetSuiteAuth` needs of an axios instance: structurally typed, so an instance from
 * the CommonJS build of axios (another copy of its types) is accepted as well.
 */
export interface AxiosLikeInstance {
  readonly defaults: { adapter?: unknown }
  readonly interceptors: {
    readonly request: {
      // biome-ignore lint/suspicious/noExplicitAny: the config type differs between axios' ESM and CJS typings.
      readonly use: (onFulfilled: (config: any) => any, onRejected: undefined, options: { synchronous: boolean }) => number
      readonly eject: (id: number) => void
    }
  }
}

const invalidOption = (message: string): ConfigError => new ConfigError({ reason: "InvalidOption", message })

const authMethodFor = (options: NetSuiteAuthOptions): AuthMethod => {
  if (options.scheme === "m2m") {
    return AuthMethod.m2m({
      account: options.account,
      credentials: options.credentials,
      endpoint: axiosTokenEndpoint(options.tokenEndpoint),
      tokenProvider: options.tokenProvider,
      tokenStore: options.tokenStore,
      refreshAheadSeconds: options.refreshAheadSeconds,
      retry: options.retry === false ? { maxAttempts: 1 } : options.retry,
      onEvent: options.onEvent
    })
  }
  if (options.scheme === "tba") return AuthMethod.oauth1({ account: options.account, credentials: options.credentials })
  throw invalidOption(
    `Unknown scheme ${JSON.stringify(String((options as { scheme?: unknown }).scheme)).slice(0, 60)}: use "m2m" or "tba".`
  )
}

const installed = new WeakSet<object>()
const WRAPPED = Symbol.for("@netsuite-auth/axios/wrapped-adapter")
type WrappedAdapter = AxiosAdapter & { [WRAPPED]?: unknown }

/**
 * Adds NetSuite authentication to your axios instance and returns a function that removes it.
 *
 * Every request (unless it sets `netsuiteAuth: false`) runs core's one request lifecycle: it
 * waits for a permit of the account's pool, then gets its `Authorization` header (a cached M2M
 * bearer token, or a TBA OAuth 1.0a signature of the final URL with a new nonce), is sent with
 * `timeout` as a deadline for the whole exchange, and is retried (re-admitted, re-signed) on
 * concurrency-limit answers, and on 5xx and connection resets for idempotent methods; a bearer
 * 401 is answered by one new token. Failures reject with a `NetSuiteError` (coded, without
 * secrets; `NetSuiteAxiosError` is the same class).
 *
 * @example
 * ```ts
 * import axios from "axios"
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * import { installNetSuiteAuth } from "@netsuite-auth/axios"
 * const account = NetSuiteAccount.make({ accountId: process.env.NETSUITE_ACCOUNT_ID ?? "1234567_SB1" })
 * const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
 * const uninstall = installNetSuiteAuth(client, {
 *   scheme: "tba",
 *   account,
 *   credentials: {
 *     accountId: account.id, consumerKey: process.env.NETSUITE_CONSUMER_KEY ?? "ck", consumerSecret: process.env.NETSUITE_CONSUMER_SECRET ?? "cs",
 *     tokenId: process.env.NETSUITE_TOKEN_ID ?? "ti", tokenSecret: process.env.NETSUITE_TOKEN_SECRET ?? "ts"
 *   }
 * })
 * uninstall()
 * ```
 * @category install
 */
export const installNetSuiteAuth = (instance: AxiosLikeInstance, options: NetSuiteAuthOptions): (() => void) => {
  if (typeof options !== "object" || options === null) {
    throw invalidOption("installNetSuiteAuth expects an options object with scheme, account and credentials.")
  }
  if (typeof instance !== "function" && (typeof instance !== "object" || instance === null)) {
    throw invalidOption("installNetSuiteAuth expects an axios instance (axios.create()) as its first argument.")
  }
  if (typeof instance.interceptors?.request?.use !== "function") {
    throw invalidOption("The first argument is not an axios instance: pass the result of axios.create().")
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
  const lifecycle = RequestLifecycle.make({
    account: options.account,
    auth: authMethodFor(options),
    retry: options.retry,
    retryNonIdempotent: options.retry === false ? false : options.retry?.retryNonIdempotent,
    onEvent: options.onEvent
  })

  const wrap = (configured: unknown, config: AxiosRequestConfig): WrappedAdapter => {
    // A config reused from an earlier response already carries our wrapper: unwrap, never stack.
    const original =
      typeof configured === "function" && WRAPPED in configured ? (configured as WrappedAdapter)[WRAPPED] : configured
    const chosen = original ?? instance.defaults.adapter
    // The instance's own adapter function if it has one; adapter names are resolved by axios.
    const inner =
      typeof chosen === "function"
        ? (chosen as AxiosAdapter)
        : axios.getAdapter(chosen as Parameters<typeof axios.getAdapter>[0], config as Parameters<typeof axios.getAdapter>[1])
    const wrapped: WrappedAdapter = (dispatched) => {
      const request = new AxiosRequest(inner, dispatched)
      return lifecycle.run(request).then((outcome) => request.settle(outcome))
    }
    wrapped[WRAPPED] = original
    return wrapped
  }

  const id = instance.interceptors.request.use(
    (config: AxiosRequestConfig) => {
      // Skipped requests keep the instance's own adapter untouched.
      if (isSkipped(config.netsuiteAuth)) return config
      config.adapter = wrap(config.adapter, config)
      // NetSuite's APIs do not redirect: without redirects axios needs no follow-redirects (whose
      // DEBUG output prints the Authorization header).
      if (config.maxRedirects === undefined) config.maxRedirects = 0
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
