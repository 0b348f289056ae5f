// The M2M credentials model: account, client and certificate IDs, scopes, assertion lifetime and
// the private key. Which keys and algorithms NetSuite accepts is private-key-policy.ts.
import { createPublicKey, type KeyObject } from "node:crypto"
import type * as Redacted from "effect/Redacted"
import type { AccountId } from "../account/account-id.ts"
import * as AccountIdModule from "../account/account-id.ts"
import { describeValue } from "../config/describe-value.ts"
import { ConfigError, type KeyError } from "../errors.ts"
import { acceptPrivateKey, type M2MAlgorithm, type M2MKeyType } from "./private-key-policy.ts"

/** Scopes an M2M access token can carry. `mcp` (AI connector) cannot be combined with the others. */
export type M2MScope = "restlets" | "rest_webservices" | "suite_analytics" | "mcp"

/** What a user supplies for OAuth 2.0 client credentials (M2M). */
export interface M2MCredentialsInput {
  readonly accountId: string | AccountId
  /** Client ID of the integration record (the JWT `iss`). */
  readonly clientId: string
  /** Certificate ID from the M2M setup page (the JWT `kid`). */
  readonly certificateId: string
  /** PEM (PKCS#8, SEC1 `EC PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`), or a private `KeyObject`. */
  readonly privateKey: string | Redacted.Redacted<string> | KeyObject
  /** Chosen from the key when absent (P-256 → ES256, P-384 → ES384, P-521 → ES512, RSA → PS256). */
  readonly algorithm?: M2MAlgorithm | undefined
  /** Defaults to `["rest_webservices", "restlets"]`. */
  readonly scopes?: ReadonlyArray<M2MScope> | undefined
  /** `array` (default, as in Oracle's sample assertion) or `string` (comma separated). */
  readonly scopeFormat?: "array" | "string" | undefined
  /** Seconds between `iat` and `exp`: default 300, at most 3600. */
  readonly assertionLifetimeSeconds?: number | undefined
}

/** Default scopes of an access token. */
export const DEFAULT_SCOPES: ReadonlyArray<M2MScope> = ["rest_webservices", "restlets"]
/** Default assertion lifetime in seconds (`exp - iat`). */
export const DEFAULT_ASSERTION_LIFETIME_SECONDS = 300
/** NetSuite wants `exp` within 60 minutes of `iat`. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600

const SCOPES: ReadonlySet<string> = new Set(["restlets", "rest_webservices", "suite_analytics", "mcp"])

const optionError = (message: string) => new ConfigError({ reason: "InvalidOption", message })

const checkId = (name: string, value: unknown): string => {
  if (typeof value !== "string" || value.length === 0) {
    throw new ConfigError({
      reason: "InvalidCredentials",
      message:
        `${name} is ${typeof value === "string" ? "empty" : `missing (got ${describeValue(value)}, expected a string)`}: copy it from NetSuite ` +
        "(client ID from the integration record, certificate ID from Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup)."
    })
  }
  if (/[\s\p{Cc}]/u.test(value)) {
    throw new ConfigError({
      reason: "InvalidCredentials",
      message: `${name} ${JSON.stringify(value.slice(0, 80))} contains whitespace or a control character: it was probably pasted with a space or line break; remove it.`
    })
  }
  return value
}

const checkScopes = (scopes: unknown): ReadonlyArray<M2MScope> => {
  if (scopes === undefined) return DEFAULT_SCOPES
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw optionError(
      "scopes must be a non-empty array of restlets, rest_webservices, suite_analytics (or mcp alone), matching the scopes enabled on the integration record."
    )
  }
  const bad = scopes.findIndex((s) => typeof s !== "string" || !SCOPES.has(s))
  if (bad !== -1) {
    const unknown: unknown = scopes[bad]
    const shown =
      typeof unknown === "string" ? JSON.stringify(unknown.slice(0, 40)) : `(${describeValue(unknown)})`
    throw optionError(
      `Unknown scope ${shown}: NetSuite's M2M scopes are restlets, rest_webservices, suite_analytics (or mcp alone).`
    )
  }
  const unique = [...new Set(scopes as Array<M2MScope>)]
  if (unique.includes("mcp") && unique.length > 1) {
    throw optionError(
      'The mcp scope (AI connector) cannot be combined with other scopes: use a separate M2MCredentials with scopes ["mcp"].'
    )
  }
  return unique
}

const checkScopeFormat = (value: unknown): "array" | "string" => {
  if (value === undefined) return "array"
  if (value !== "array" && value !== "string") {
    throw optionError(`scopeFormat must be "array" (default) or "string" (comma separated).`)
  }
  return value
}

const checkLifetime = (value: unknown): number => {
  if (value === undefined) return DEFAULT_ASSERTION_LIFETIME_SECONDS
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    const shown = typeof value === "number" ? String(value) : describeValue(value)
    throw optionError(
      `assertionLifetimeSeconds must be a whole number of seconds above 0 (got ${shown}); the default is 300.`
    )
  }
  if (value > MAX_ASSERTION_LIFETIME_SECONDS) {
    throw optionError(
      `assertionLifetimeSeconds ${value} is over 3600: NetSuite refuses an assertion whose exp is more than 60 minutes after iat. Use 300 (the default).`
    )
  }
  return value
}

let readSigningKey: (creds: M2MCredentials) => KeyObject

/**
 * Validated OAuth 2.0 client credentials (M2M). Everything is checked here, synchronously, so a
 * wrong key fails at startup and not at the first request: RS256/HS256, RSA under 3072 bits, an
 * encrypted PEM, a public key or certificate given as the private key, an unreadable PEM, an
 * unsupported key type, an algorithm that does not fit the key, a lifetime over 3600 s.
 *
 * The key lives in a private field: `JSON.stringify`, `util.inspect` and `String()` show only
 * the non-secret facts (account, client ID, certificate ID, algorithm, key type).
 *
 * @example
 * ```ts
 * import { M2MCredentials } from "@netsuite-auth/core"
 * import { readFileSync } from "node:fs"
 * const creds = M2MCredentials.make({
 *   accountId: "1234567_SB1",
 *   clientId: process.env.NETSUITE_CLIENT_ID!,
 *   certificateId: process.env.NETSUITE_CERTIFICATE_ID!,
 *   privateKey: readFileSync("key.pem", "utf8")
 * })
 * creds.algorithm // "ES256" for a P-256 key, "PS256" for RSA
 * ```
 * @category models
 */
export class M2MCredentials {
  readonly _tag = "M2MCredentials"
  readonly account: AccountId
  /** The JWT `iss`. */
  readonly clientId: string
  /** The JWT `kid`. */
  readonly certificateId: string
  readonly algorithm: M2MAlgorithm
  readonly scopes: ReadonlyArray<M2MScope>
  readonly scopeFormat: "array" | "string"
  readonly assertionLifetimeSeconds: number
  readonly keyType: M2MKeyType
  /** `P-256` / `P-384` / `P-521`, or the RSA modulus length in bits. */
  readonly curveOrBits: string | number
  readonly #privateKey: KeyObject
  readonly #signingKey: KeyObject

  static {
    readSigningKey = (creds) => creds.#signingKey
  }

  private constructor(input: M2MCredentialsInput) {
    // parseOrThrow takes a string or an AccountId (checked again) and refuses anything else.
    this.account = AccountIdModule.parseOrThrow(input.accountId)
    this.clientId = checkId("clientId (NETSUITE_CLIENT_ID)", input.clientId)
    this.certificateId = checkId("certificateId (NETSUITE_CERTIFICATE_ID)", input.certificateId)
    this.scopes = checkScopes(input.scopes)
    this.scopeFormat = checkScopeFormat(input.scopeFormat)
    this.assertionLifetimeSeconds = checkLifetime(input.assertionLifetimeSeconds)
    const key = acceptPrivateKey(input.privateKey, input.algorithm)
    this.algorithm = key.algorithm
    this.keyType = key.keyType
    this.curveOrBits = key.curveOrBits
    this.#privateKey = key.privateKey
    this.#signingKey = key.signingKey
  }

  /**
   * Validates the input and builds the credentials; throws a {@link KeyError} (key or algorithm)
   * or a {@link ConfigError} (account, IDs, scopes, lifetime) that says how to fix it.
   */
  static make(input: M2MCredentialsInput): M2MCredentials {
    if (typeof input !== "object" || input === null) {
      throw new ConfigError({
        reason: "InvalidCredentials",
        message: `M2M credentials must be an object with accountId, clientId, certificateId and privateKey (got ${describeValue(input)}).`
      })
    }
    return new M2MCredentials(input)
  }

  /** The public half of the key (not secret): compare it with the uploaded certificate. */
  get publicKey(): KeyObject {
    return createPublicKey(this.#privateKey)
  }

  /** Plain-object view without key material. */
  toJSON(): Record<string, unknown> {
    return {
      _tag: this._tag,
      account: this.account.realm,
      clientId: this.clientId,
      certificateId: this.certificateId,
      algorithm: this.algorithm,
      keyType: this.keyType,
      curveOrBits: this.curveOrBits,
      scopes: [...this.scopes],
      scopeFormat: this.scopeFormat,
      assertionLifetimeSeconds: this.assertionLifetimeSeconds,
      privateKey: "<redacted>"
    }
  }

  toString(): string {
    return `M2MCredentials(${this.account.realm}, ${this.algorithm})`
  }

  [Symbol.for("nodejs.util.inspect.custom")](): Record<string, unknown> {
    return this.toJSON()
  }
}

/**
 * The key jose signs with (an `rsa-pss` key re-wrapped as `rsa`). Not exported from the package.
 *
 * @internal
 */
export const signingKeyOf = (creds: M2MCredentials): KeyObject => readSigningKey(creds)
