import { TokenEndpoint, TokenEndpointError, type TokenEndpointResponse } from "@netsuite-auth/core"
import { MAX_TOKEN_RESPONSE_BYTES } from "@netsuite-auth/core/internal"
import * as Effect from "effect/Effect"
import { BodyTooLarge, readCapped } from "./read-capped.ts"

/** How the token endpoint is called. */
export interface FetchTokenEndpointOptions {
  /** A deadline for each token request's whole exchange (default 30 000 ms). */
  readonly timeoutMillis?: number | undefined
  /** The `fetch` to use (default: the global one). Your own wrappers never see the client assertion otherwise. */
  readonly fetch?: typeof globalThis.fetch | undefined
}

export const DEFAULT_TOKEN_TIMEOUT_MILLIS = 30_000

/**
 * The token endpoint port on `fetch`: any answer is handed to core as data; only no answer fails
 * (`Timeout` past the deadline, `Transport`), and an answer over 64 KiB is `ResponseTooLarge`.
 *
 * @example
 * ```ts
 * import { fetchTokenEndpoint } from "@netsuite-auth/fetch"
 * const endpoint = fetchTokenEndpoint({ timeoutMillis: 10_000 })
 * ```
 * @category token
 */
export const fetchTokenEndpoint = (options: FetchTokenEndpointOptions = {}): TokenEndpoint => {
  const timeout = options.timeoutMillis ?? DEFAULT_TOKEN_TIMEOUT_MILLIS
  const send = options.fetch ?? globalThis.fetch
  return TokenEndpoint.make((request) =>
    Effect.tryPromise({
      try: async (interrupt): Promise<TokenEndpointResponse> => {
        const signal = AbortSignal.any([interrupt, AbortSignal.timeout(timeout)])
        const response = await send(request.url, {
          method: request.method,
          headers: { ...request.headers },
          body: request.body,
          redirect: "manual",
          signal
        })
        const body = await readCapped(response.body, MAX_TOKEN_RESPONSE_BYTES)
        return { status: response.status, headers: response.headers, body }
      },
      catch: (error) => {
        if (error instanceof BodyTooLarge) {
          return new TokenEndpointError({
            reason: "ResponseTooLarge",
            message: `The token endpoint answered more than ${MAX_TOKEN_RESPONSE_BYTES} bytes, which no token response is: check the account's base URL (a proxy or a download answered).`
          })
        }
        if ((error as { name?: unknown } | null)?.name === "TimeoutError") {
          return new TokenEndpointError({
            reason: "Timeout",
            message: `The token endpoint did not answer within ${timeout} ms: retry later, or raise tokenEndpoint.timeoutMillis.`
          })
        }
        const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code
        return new TokenEndpointError({
          reason: "Transport",
          message: `The token endpoint could not be reached (${typeof code === "string" ? code : "network error"}): check the network, proxy and the account's base URL.`
        })
      }
    })
  )
}
