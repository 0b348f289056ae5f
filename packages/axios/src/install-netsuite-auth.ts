import {
  ConfigError,
  type M2MClientOptions,
  type NetSuiteRetryOptions,
  type TbaClientOptions
} from "@netsuite-auth/core"
import { lifecycleFor } from "@netsuite-auth/core/internal"
import axios, { type AxiosAdapter, type AxiosRequestConfig } from "axios"
import { AxiosRequest } from "./axios-request.ts"
import { type AxiosTokenEndpointOptions, axiosTokenEndpoint } from "./axios-token-endpoint.ts"
import { isSkipped } from "./request-config.ts"

export type { NetSuiteRetryOptions }

/** OAuth 2.0 client credentials (M2M): `Authorization: Bearer <token>`. */
export interface M2MAuthOptions extends M2MClientOptions {
  /** How the token endpoint is called (timeout). Ignored with `tokenProvider`. */
  readonly tokenEndpoint?: AxiosTokenEndpointOptions | undefined
}

/** Token-based authentication as OAuth 1.0a: a fresh signed `Authorization: OAuth …` per attempt. */
export type TbaAuthOptions = TbaClientOptions

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
      readonly use: (
        // biome-ignore lint/suspicious/noExplicitAny: the config type differs between axios' ESM and CJS typings.
        onFulfilled: (config: any) => any,
        onRejected: undefined,
        options: { synchronous: boolean }
      ) => number
      readonly eject: (id: number) => void
    }
  }
}

const invalidOption = (message: string): ConfigError => new ConfigError({ reason: "InvalidOption", message })

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
export const installNetSuiteAuth = (
  instance: AxiosLikeInstance,
  options: NetSuiteAuthOptions
): (() => void) => {
  if (typeof instance !== "function" && (typeof instance !== "object" || instance === null)) {
    throw invalidOption(
      "installNetSuiteAuth expects an axios instance (axios.create()) as its first argument."
    )
  }
  if (typeof instance.interceptors?.request?.use !== "function") {
    throw invalidOption("The first argument is not an axios instance: pass the result of axios.create().")
  }
  if (installed.has(instance)) {
    throw invalidOption(
      "NetSuite authentication is already installed on this axios instance: call the function the first installNetSuiteAuth returned before installing again."
    )
  }
  const lifecycle = lifecycleFor(
    options,
    () => axiosTokenEndpoint((options as M2MAuthOptions).tokenEndpoint),
    "installNetSuiteAuth"
  )
  // concurrency: "auto" asks governanceLimits once, through the first client that offers a way to.
  lifecycle.account.governance?.offerProbe((url) =>
    (instance as unknown as { get: (u: string) => Promise<{ data: unknown }> }).get(url).then((r) => r.data)
  )

  const wrap = (configured: unknown, config: AxiosRequestConfig): WrappedAdapter => {
    // A config reused from an earlier response already carries our wrapper: unwrap, never stack.
    const original =
      typeof configured === "function" && WRAPPED in configured
        ? (configured as WrappedAdapter)[WRAPPED]
        : configured
    const chosen = original ?? instance.defaults.adapter
    // The instance's own adapter function if it has one; adapter names are resolved by axios.
    const inner =
      typeof chosen === "function"
        ? (chosen as AxiosAdapter)
        : axios.getAdapter(
            chosen as Parameters<typeof axios.getAdapter>[0],
            config as Parameters<typeof axios.getAdapter>[1]
          )
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
