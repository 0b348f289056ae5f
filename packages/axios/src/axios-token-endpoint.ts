import {
  type HeaderSource,
  TokenEndpoint,
  TokenEndpointError,
  type TokenEndpointResponse
} from "@netsuite-auth/core"
import { classifyTransportFailure, MAX_TOKEN_RESPONSE_BYTES } from "@netsuite-auth/core/internal"
import axios, { type AxiosInstance, isAxiosError } from "axios"
import * as Effect from "effect/Effect"

/** How the token endpoint is called. */
export interface AxiosTokenEndpointOptions {
  /** Per token request (default 30 000 ms); retries are bounded by the retry policy. */
  readonly timeoutMillis?: number | undefined
  /**
   * The axios instance used for token requests. Default: a private `axios.create()`, so your
   * interceptors never see the client assertion. It is used with `validateStatus: () => true`,
   * `responseType: "text"` and `maxRedirects: 0`.
   */
  readonly instance?: AxiosInstance | undefined
}

export const DEFAULT_TOKEN_TIMEOUT_MILLIS = 30_000

// Canceled by the deadline rather than by the caller: the deadline's reason is a TimeoutError.
const isInterrupted = (error: { config?: { signal?: unknown } }): boolean => {
  const signal = error.config?.signal as AbortSignal | undefined
  return (signal?.reason as { name?: unknown } | undefined)?.name !== "TimeoutError"
}

/**
 * The {@link TokenEndpoint} port implemented with axios. Any HTTP answer is returned as data for
 * core to decode; only a missing answer fails, as `TokenEndpointError` `Timeout` or `Transport`.
 * Error messages name the failure, never the request body (it holds the client assertion).
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { M2MCredentials, NetSuiteAccount, TokenProvider } from "@netsuite-auth/core"
 * import { axiosTokenEndpoint } from "@netsuite-auth/axios"
 * declare const clientId: string, certificateId: string, privateKey: string // privateKey: PEM text
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1" })
 * const credentials = M2MCredentials.make({ accountId: "1234567_SB1", clientId, certificateId, privateKey })
 * const provider = TokenProvider.make({ credentials, account, endpoint: axiosTokenEndpoint({ timeoutMillis: 10_000 }) })
 * const token = await Effect.runPromise(provider.get)
 * ```
 * @category token
 */
export const axiosTokenEndpoint = (options: AxiosTokenEndpointOptions = {}): TokenEndpoint => {
  const timeout = options.timeoutMillis ?? DEFAULT_TOKEN_TIMEOUT_MILLIS
  const client = options.instance ?? axios.create()
  return TokenEndpoint.make((request) =>
    Effect.tryPromise({
      try: async (interrupt): Promise<TokenEndpointResponse> => {
        // A deadline for the whole exchange: axios' own timeout only watches for idle sockets.
        const signal = AbortSignal.any([interrupt, AbortSignal.timeout(timeout)])
        const response = await client.request<string>({
          url: request.url,
          method: request.method,
          headers: { ...request.headers },
          data: request.body,
          timeout,
          signal,
          maxRedirects: 0,
          maxContentLength: MAX_TOKEN_RESPONSE_BYTES,
          responseType: "text",
          // The body is decoded by core, whatever it is.
          transformResponse: [(data: unknown) => data],
          validateStatus: () => true
        })
        const body = typeof response.data === "string" ? response.data : String(response.data ?? "")
        return { status: response.status, headers: response.headers as HeaderSource, body }
      },
      catch: (error) => {
        const code = isAxiosError(error) ? error.code : undefined
        if (isAxiosError(error) && /maxContentLength/.test(error.message)) {
          return new TokenEndpointError({
            reason: "ResponseTooLarge",
            message: `The token endpoint answered more than ${MAX_TOKEN_RESPONSE_BYTES} bytes, which no token response is: check the account's base URL (a proxy or a download answered).`
          })
        }
        // The one transport classification decides what a client error code means.
        const timedOut =
          classifyTransportFailure({ code }).reason === "Timeout" ||
          (code === "ERR_CANCELED" && !isInterrupted(error as { config?: { signal?: unknown } }))
        return new TokenEndpointError(
          timedOut
            ? {
                reason: "Timeout",
                message: `The token endpoint did not answer within ${timeout} ms: retry later, or raise tokenEndpoint.timeoutMillis.`
              }
            : {
                reason: "Transport",
                message: `The token endpoint could not be reached (${code ?? "network error"}${error instanceof Error ? `: ${error.message.slice(0, 120)}` : ""}): check the network, proxy and the account's base URL.`
              }
        )
      }
    })
  )
}
