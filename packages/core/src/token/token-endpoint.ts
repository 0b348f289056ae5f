import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { TokenEndpointError } from "../errors.ts"
import type { TokenRequest } from "../m2m/token-request.ts"
import type { TokenResponse } from "../m2m/token-response.ts"

/**
 * The token endpoint's answer as plain data: any status, lower-case header names, the body as
 * text whatever its content type (garbage included: decoding reports it).
 */
export type TokenEndpointResponse = TokenResponse

/**
 * The port through which the token lifecycle reaches NetSuite's OAuth 2.0 token endpoint. Core has
 * no HTTP client: an adapter implements it (the axios package with a private axios instance, a
 * test with a tiny fake). It POSTs `request.body` to `request.url` with `request.headers` and
 * returns whatever the server answered, any status; it fails only when there is no answer:
 * `TokenEndpointError` with reason `Transport` or `Timeout`.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TokenEndpoint, TokenEndpointError } from "@netsuite-auth/core"
 * const endpoint = TokenEndpoint.make((req) =>
 *   Effect.tryPromise({
 *     try: async () => {
 *       const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, redirect: "manual" })
 *       return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }
 *     },
 *     catch: () => new TokenEndpointError({ reason: "Transport", message: "The token endpoint could not be reached: check the network and the account's base URL." })
 *   })
 * )
 * ```
 * @category ports
 */
export interface TokenEndpoint {
  readonly request: (request: TokenRequest) => Effect.Effect<TokenEndpointResponse, TokenEndpointError>
}

/**
 * Builds a {@link TokenEndpoint} from its one function.
 *
 * @category ports
 */
const make = (request: TokenEndpoint["request"]): TokenEndpoint => ({ request })

/** The {@link TokenEndpoint} service key. */
const Service: Context.Service<TokenEndpoint, TokenEndpoint> = Context.Service<TokenEndpoint>(
  "@netsuite-auth/core/TokenEndpoint"
)

export const TokenEndpoint = {
  make,
  /** The service key: `yield* TokenEndpoint.Service`. */
  Service,
  /** A layer with the endpoint made from `request` (an adapter's, or a test's). */
  layer: (request: TokenEndpoint["request"]): Layer.Layer<TokenEndpoint> =>
    Layer.succeed(Service, make(request))
} as const
