import * as Redacted from "effect/Redacted"
import type { AccountId } from "../account/account-id.ts"
import * as AccountIdModule from "../account/account-id.ts"
import { describeValue } from "../config/describe-value.ts"
import { ConfigError } from "../errors.ts"
import { type HmacSha256Signer, hmacSha256Signer } from "./hmac-signer.ts"
import { percentEncode } from "./percent-encoding.ts"

/** What a user supplies for Token-Based Authentication. Secrets may be plain strings or `Redacted`. */
export interface TbaCredentialsInput {
  readonly accountId: string | AccountId
  readonly consumerKey: string
  readonly consumerSecret: string | Redacted.Redacted<string>
  readonly tokenId: string
  readonly tokenSecret: string | Redacted.Redacted<string>
}

const reveal = (value: string | Redacted.Redacted<string>): unknown =>
  Redacted.isRedacted(value) ? Redacted.value(value) : value

// Pasted values often carry a stray space or newline; NetSuite then answers "Invalid login attempt".
const checkValue = (name: string, value: unknown, secret: boolean): string => {
  if (typeof value !== "string" || value.length === 0) {
    throw new ConfigError({
      reason: "InvalidCredentials",
      message: `${name} is ${typeof value === "string" ? "empty" : `missing (got ${describeValue(value)}, expected a string)`}: copy it from the integration record or access token in NetSuite.`
    })
  }
  if (/[\s\p{Cc}]/u.test(value)) {
    throw new ConfigError({
      reason: "InvalidCredentials",
      message: `${name} contains whitespace or a control character${secret ? "" : ` (${JSON.stringify(value.slice(0, 80))})`}: it was probably pasted with a space or line break; remove it.`
    })
  }
  return value
}

/**
 * Validated TBA credentials. The HMAC key (`consumerSecret&tokenSecret`, each RFC 5849
 * percent-encoded) is made once here, as a `node:crypto` `KeyObject` in a private field: it
 * never shows in `JSON.stringify`, `util.inspect` or `String()`.
 *
 * @example
 * ```ts
 * import { TbaCredentials } from "@netsuite-auth/core"
 * const creds = TbaCredentials.make({
 *   accountId: "1234567_sb1",
 *   consumerKey: "ck", consumerSecret: "cs", tokenId: "tok", tokenSecret: "ts"
 * })
 * creds.account.realm // "1234567_SB1"
 * JSON.stringify(creds) // secrets show as "<redacted>"
 * ```
 * @category models
 */
export class TbaCredentials {
  readonly _tag = "TbaCredentials"
  readonly account: AccountId
  readonly consumerKey: string
  readonly tokenId: string
  readonly consumerSecret: Redacted.Redacted<string>
  readonly tokenSecret: Redacted.Redacted<string>
  readonly #sign: HmacSha256Signer

  private constructor(input: TbaCredentialsInput) {
    // parseOrThrow takes a string or an AccountId (checked again) and refuses anything else: a
    // number must never become `realm="undefined"`.
    this.account = AccountIdModule.parseOrThrow(input.accountId)
    this.consumerKey = checkValue("consumerKey (NETSUITE_CONSUMER_KEY)", input.consumerKey, false)
    this.tokenId = checkValue("tokenId (NETSUITE_TOKEN_ID)", input.tokenId, false)
    const consumerSecret = checkValue(
      "consumerSecret (NETSUITE_CONSUMER_SECRET)",
      reveal(input.consumerSecret),
      true
    )
    const tokenSecret = checkValue("tokenSecret (NETSUITE_TOKEN_SECRET)", reveal(input.tokenSecret), true)
    this.consumerSecret = Redacted.make(consumerSecret, { label: "consumerSecret" })
    this.tokenSecret = Redacted.make(tokenSecret, { label: "tokenSecret" })
    const key = Buffer.from(`${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`, "utf8")
    // One KeyObject per credentials, reused by every signature (ADR 0002). It holds its own copy;
    // small Buffers share Node's pool, so wipe ours.
    this.#sign = hmacSha256Signer(key)
    key.fill(0)
  }

  /**
   * Validates the input and builds the credentials; throws a {@link ConfigError} naming the bad field.
   */
  static make(input: TbaCredentialsInput): TbaCredentials {
    if (typeof input !== "object" || input === null) {
      throw new ConfigError({
        reason: "InvalidCredentials",
        message: `TBA credentials must be an object with accountId, consumerKey, consumerSecret, tokenId and tokenSecret (got ${describeValue(input)}).`
      })
    }
    return new TbaCredentials(input)
  }

  /** Base64 HMAC-SHA256 of `data` under this token's key. */
  sign(data: string): string {
    return this.#sign(data)
  }

  /**
   * A signer for base strings that share a constant prefix: `signerFor(prefix)(suffix)` equals
   * `sign(prefix + suffix)`. The returned function holds the key: keep it private (never log or
   * expose it).
   *
   * @example
   * ```ts
   * import type { TbaCredentials } from "@netsuite-auth/core"
   * declare const creds: TbaCredentials
   * const sign = creds.signerFor("1234567&consumerKey&tokenId&")
   * sign("6obMKq0tmY8ylVOdEkA1&1439829974") === creds.sign("1234567&consumerKey&tokenId&6obMKq0tmY8ylVOdEkA1&1439829974")
   * ```
   */
  signerFor(prefix: string): (suffix: string) => string {
    return this.#sign.withPrefix(prefix)
  }

  /** Plain-object view with the secrets redacted. */
  toJSON(): Record<string, unknown> {
    return {
      _tag: this._tag,
      account: this.account.realm,
      consumerKey: this.consumerKey,
      tokenId: this.tokenId,
      consumerSecret: String(this.consumerSecret),
      tokenSecret: String(this.tokenSecret)
    }
  }

  toString(): string {
    return `TbaCredentials(${this.account.realm})`
  }

  [Symbol.for("nodejs.util.inspect.custom")](): Record<string, unknown> {
    return this.toJSON()
  }
}
