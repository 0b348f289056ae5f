import * as Effect from "effect/Effect"
import { TokenEndpointError } from "../errors.ts"
import * as Nonce from "../random/nonce.ts"
import * as ClockSkew from "../time/clock-skew.ts"
import { type M2MCredentials, signingKeyOf } from "./m2m-credentials.ts"
import type { M2MAlgorithm } from "./private-key-policy.ts"

/** The JOSE header of the client assertion, in the order NetSuite's sample uses. */
export interface AssertionHeader {
  readonly typ: "JWT"
  readonly alg: M2MAlgorithm
  /** The certificate ID from the M2M setup page. */
  readonly kid: string
}

/** The claims of the client assertion, in the order of spec vector T4 (`jti` last). */
export interface AssertionClaims {
  /** The client ID of the integration record. */
  readonly iss: string
  readonly scope: ReadonlyArray<string> | string
  /** The token URL, exactly as POSTed. */
  readonly aud: string
  readonly iat: number
  readonly exp: number
  readonly jti?: string
}

/**
 * The protected header: exactly `{ typ, alg, kid }` in that order.
 *
 * @example
 * ```ts
 * import { assertionHeader, type M2MCredentials } from "@netsuite-auth/core"
 * declare const creds: M2MCredentials
 * JSON.stringify(assertionHeader(creds)) // {"typ":"JWT","alg":"ES256","kid":"<certificate ID>"}
 * ```
 * @category m2m
 */
export const assertionHeader = (creds: M2MCredentials): AssertionHeader => ({
  typ: "JWT",
  alg: creds.algorithm,
  kid: creds.certificateId
})

/**
 * The claims for a given time and `jti`: pure, for tests and debugging. `scope` is an array or a
 * comma-separated string as `creds.scopeFormat` says; `exp = iat + assertionLifetimeSeconds`.
 *
 * @example
 * ```ts
 * import { assertionClaims, type M2MCredentials } from "@netsuite-auth/core"
 * declare const creds: M2MCredentials
 * declare const tokenUrl: string
 * assertionClaims(creds, { tokenUrl, nowSeconds: 1439829974, jti: "abc" })
 * // { iss, scope: ["rest_webservices", "restlets"], aud: tokenUrl, iat: 1439829974, exp: 1439830274, jti: "abc" }
 * ```
 * @category m2m
 */
export const assertionClaims = (
  creds: M2MCredentials,
  options: { readonly tokenUrl: string; readonly nowSeconds: number; readonly jti?: string | undefined }
): AssertionClaims => {
  const claims = {
    iss: creds.clientId,
    scope: creds.scopeFormat === "string" ? creds.scopes.join(",") : [...creds.scopes],
    aud: options.tokenUrl,
    iat: options.nowSeconds,
    exp: options.nowSeconds + creds.assertionLifetimeSeconds
  }
  return options.jti === undefined ? claims : { ...claims, jti: options.jti }
}

/**
 * Signs given claims with the credentials' key under {@link assertionHeader}. Deterministic
 * input (the signature itself is randomized for PS and ES): use {@link clientAssertion} for real
 * requests.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { assertionClaims, type M2MCredentials, signAssertion } from "@netsuite-auth/core"
 * declare const creds: M2MCredentials
 * declare const tokenUrl: string
 * const jwt = await Effect.runPromise(
 *   signAssertion(creds, assertionClaims(creds, { tokenUrl, nowSeconds: 1439829974 }))
 * )
 * ```
 * @category m2m
 */
export const signAssertion = (
  creds: M2MCredentials,
  claims: AssertionClaims
): Effect.Effect<string, TokenEndpointError> =>
  Effect.tryPromise({
    // jose loads with the first token request: a running integration on TBA never needs it.
    try: async () => {
      const { SignJWT } = await import("jose")
      return new SignJWT({ ...claims, scope: Array.isArray(claims.scope) ? [...claims.scope] : claims.scope })
        .setProtectedHeader({ ...assertionHeader(creds) })
        .sign(signingKeyOf(creds))
    },
    catch: (cause) =>
      new TokenEndpointError({
        reason: "SigningFailed",
        // jose's messages name the key type, never key bytes; keep only the error class to be safe.
        message: `Signing the client assertion with ${creds.algorithm} failed (${cause instanceof Error ? cause.name : "unknown error"}). The key was accepted at construction, so this points to the runtime's crypto support: use Node >= 20.19.`
      })
  })

/**
 * Makes a fresh client assertion: the JWT NetSuite's token endpoint exchanges for an access
 * token. `iat` is the Effect `Clock` plus the current {@link ClockSkew.ClockSkew}; `jti` comes
 * from the {@link Nonce.Nonce} service. The result is a credential: never log it.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { clientAssertion, endpointsFor, M2MCredentials } from "@netsuite-auth/core"
 * declare const clientId: string, certificateId: string, privateKey: string // privateKey: PEM text
 * const creds = M2MCredentials.make({ accountId: "1234567", clientId, certificateId, privateKey })
 * const { tokenUrl } = endpointsFor(creds.account)
 * const jwt = await Effect.runPromise(clientAssertion(creds, { tokenUrl }))
 * ```
 * @category m2m
 */
export const clientAssertion = (
  creds: M2MCredentials,
  options: { readonly tokenUrl: string }
): Effect.Effect<string, TokenEndpointError> =>
  Effect.gen(function* () {
    const nowSeconds = yield* ClockSkew.unixSeconds
    const jti = yield* Nonce.next
    return yield* signAssertion(
      creds,
      assertionClaims(creds, { tokenUrl: options.tokenUrl, nowSeconds, jti })
    )
  })
