import * as Effect from "effect/Effect"
import type { TokenEndpointError } from "../errors.ts"
import { clientAssertion } from "./client-assertion.ts"
import type { M2MCredentials } from "./m2m-credentials.ts"

/** `client_assertion_type` of RFC 7523. */
export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

/**
 * The token request as plain data: an adapter POSTs `body` to `url` with `headers`.
 * The body holds the signed assertion, a credential, so `JSON.stringify`, `util.inspect` and
 * `String()` show it redacted; `body` itself is a non-enumerable getter (object spread skips it).
 *
 * @category m2m
 */
export class TokenRequest {
  readonly _tag = "TokenRequest"
  readonly url: string
  readonly method = "POST" as const
  readonly headers: Readonly<{ "content-type": string; accept: string }> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json"
  }
  readonly #body: string

  constructor(url: string, assertion: string) {
    this.url = url
    this.#body = new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion
    }).toString()
  }

  /** `grant_type=client_credentials&client_assertion_type=…&client_assertion=<JWT>`, form-encoded. */
  get body(): string {
    return this.#body
  }

  /** Plain-object view with the assertion redacted. */
  toJSON(): Record<string, unknown> {
    return {
      _tag: this._tag,
      url: this.url,
      method: this.method,
      headers: { ...this.headers },
      body: this.#body.replace(/client_assertion=[^&]*/, "client_assertion=<redacted>")
    }
  }

  toString(): string {
    return `TokenRequest(POST ${this.url})`
  }

  [Symbol.for("nodejs.util.inspect.custom")](): Record<string, unknown> {
    return this.toJSON()
  }
}

/**
 * Builds the token request with a fresh client assertion (see `clientAssertion`): `POST` to
 * `tokenUrl`, form-encoded `grant_type`, `client_assertion_type` and `client_assertion`.
 * Make it again for every attempt: the assertion carries its own `iat`, `exp` and `jti`.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { endpointsFor, type M2MCredentials, tokenRequest } from "@netsuite-auth/core"
 * declare const creds: M2MCredentials
 * const req = await Effect.runPromise(tokenRequest(creds, endpointsFor(creds.account).tokenUrl))
 * await fetch(req.url, { method: req.method, headers: req.headers, body: req.body })
 * ```
 * @category m2m
 */
export const tokenRequest = (
  creds: M2MCredentials,
  tokenUrl: string
): Effect.Effect<TokenRequest, TokenEndpointError> =>
  Effect.map(clientAssertion(creds, { tokenUrl }), (assertion) => new TokenRequest(tokenUrl, assertion))
