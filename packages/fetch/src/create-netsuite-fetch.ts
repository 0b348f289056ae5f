import {
  ConfigError,
  type M2MClientOptions,
  NetSuiteError,
  parseBaseUrl,
  type TbaClientOptions
} from "@netsuite-auth/core"
import { lifecycleFor } from "@netsuite-auth/core/internal"
import { FetchRequest, type NetSuiteRequestInit } from "./fetch-request.ts"
import { type FetchTokenEndpointOptions, fetchTokenEndpoint } from "./fetch-token-endpoint.ts"

interface FetchOptions {
  /** Relative URLs resolve against it (default: the account's REST base URL, `…/services/rest`). */
  readonly baseUrl?: string | URL | undefined
  /** A deadline for each attempt's whole exchange (connect, headers, body), in ms (default none). */
  readonly timeoutMillis?: number | undefined
  /** The `fetch` to wrap (default: the global one). */
  readonly fetch?: typeof globalThis.fetch | undefined
}

/** Options of {@link createNetSuiteFetch} for M2M (OAuth 2.0 client credentials). */
export interface M2MFetchOptions extends M2MClientOptions, FetchOptions {
  readonly tokenEndpoint?: FetchTokenEndpointOptions | undefined
}

/** Options of {@link createNetSuiteFetch} for TBA (OAuth 1.0a). */
export interface TbaFetchOptions extends TbaClientOptions, FetchOptions {}

/** A `fetch` that authenticates every request for one NetSuite account. */
export type NetSuiteFetch = (input: string | URL, init?: NetSuiteRequestInit) => Promise<Response>

const invalid = (message: string) => new ConfigError({ reason: "InvalidOption", message })
const invalidUrl = (message: string) => new ConfigError({ reason: "InvalidUrl", message })

/**
 * A `fetch` for NetSuite: every request runs core's one lifecycle (the account's pool, a
 * header made after admission, the deadline, NetSuite's retries with a new signature, one new
 * token after a rejected one). Answers NetSuite refused reject with a `NetSuiteError`.
 *
 * @example
 * ```ts
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * import { createNetSuiteFetch } from "@netsuite-auth/fetch"
 * const account = NetSuiteAccount.make({ accountId: process.env.NETSUITE_ACCOUNT_ID ?? "1234567_SB1" })
 * const netsuite = createNetSuiteFetch({
 *   scheme: "tba",
 *   account,
 *   credentials: {
 *     accountId: account.id, consumerKey: process.env.NETSUITE_CONSUMER_KEY ?? "ck", consumerSecret: process.env.NETSUITE_CONSUMER_SECRET ?? "cs",
 *     tokenId: process.env.NETSUITE_TOKEN_ID ?? "ti", tokenSecret: process.env.NETSUITE_TOKEN_SECRET ?? "ts"
 *   }
 * })
 * typeof netsuite // "function": await netsuite("record/v1/customer/42")
 * ```
 * @category fetch
 */
export const createNetSuiteFetch = (options: M2MFetchOptions | TbaFetchOptions): NetSuiteFetch => {
  const send = options?.fetch ?? globalThis.fetch
  if (typeof send !== "function") {
    throw invalid("options.fetch must be a fetch function (default: the global fetch).")
  }
  const lifecycle = lifecycleFor(
    options,
    () => fetchTokenEndpoint({ fetch: send, ...(options as M2MFetchOptions).tokenEndpoint }),
    "createNetSuiteFetch"
  )
  const timeout = options.timeoutMillis
  if (timeout !== undefined && !(typeof timeout === "number" && timeout > 0 && Number.isFinite(timeout))) {
    throw invalid(
      `Invalid timeoutMillis ${String(timeout).slice(0, 30)}: use a number of milliseconds above 0.`
    )
  }
  // A trailing slash makes relative paths resolve under the base path, not beside it.
  const base = new URL(`${parseBaseUrl(String(options.baseUrl ?? lifecycle.account.endpoints.restBaseUrl))}/`)
  const netsuite: NetSuiteFetch = (input, init = {}) => {
    let url: URL | undefined
    try {
      // Only a string or a URL: a Request would be read as the relative path "[object Request]".
      if (typeof input === "string") url = new URL(input.replace(/^\/+/, ""), base)
      else if (input instanceof URL) url = input
    } catch {}
    if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) {
      // A NetSuiteError like every other per-request failure (its cause is the ConfigError).
      const error = invalidUrl(
        `Invalid URL ${JSON.stringify(String(input).slice(0, 80))}: pass an http(s) URL (string or URL) or a path under ${base.href}.`
      )
      return Promise.reject(new NetSuiteError(error, { method: init.method ?? "GET" }))
    }
    const request = new FetchRequest(send, url, init, timeout)
    return lifecycle.run(request).then((outcome) => request.settle(outcome))
  }
  // concurrency: "auto" asks governanceLimits once, through the first client that offers a way to.
  lifecycle.account.governance?.offerProbe((url) => netsuite(url).then((r) => r.json()))
  return netsuite
}
