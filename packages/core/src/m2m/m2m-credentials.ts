import { createPrivateKey, createPublicKey, KeyObject } from "node:crypto"
import { Redacted } from "effect"
import type { AccountId } from "../account/account-id.ts"
import * as AccountIdModule from "../account/account-id.ts"
import { ConfigError, KeyError } from "../errors.ts"
import { asRsaKey } from "../keys/rsa-pss-key.ts"

/** The JWS algorithms NetSuite accepts for the client assertion (RSASSA-PSS and ECDSA only). */
export type M2MAlgorithm = "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512"

/** Scopes an M2M access token can carry. `mcp` (AI connector) cannot be combined with the others. */
export type M2MScope = "restlets" | "rest_webservices" | "suite_analytics" | "mcp"

/** The key types NetSuite accepts for M2M certificates. */
export type M2MKeyType = "ec" | "rsa" | "rsa-pss"

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

const ALGORITHMS: ReadonlySet<string> = new Set(["PS256", "PS384", "PS512", "ES256", "ES384", "ES512"])
const SCOPES: ReadonlySet<string> = new Set(["restlets", "rest_webservices", "suite_analytics", "mcp"])

const CURVES: Readonly<Record<string, { readonly name: string; readonly alg: M2MAlgorithm }>> = {
  prime256v1: { name: "P-256", alg: "ES256" },
  secp384r1: { name: "P-384", alg: "ES384" },
  secp521r1: { name: "P-521", alg: "ES512" }
}
const PSS_HASHES: Readonly<Record<string, { readonly alg: M2MAlgorithm; readonly bytes: number }>> = {
  sha256: { alg: "PS256", bytes: 32 },
  "sha-256": { alg: "PS256", bytes: 32 },
  sha384: { alg: "PS384", bytes: 48 },
  "sha-384": { alg: "PS384", bytes: 48 },
  sha512: { alg: "PS512", bytes: 64 },
  "sha-512": { alg: "PS512", bytes: 64 }
}

const NEW_KEY_HINT =
  "Make a new key and certificate with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 730 -keyout key.pem -out cert.pem` " +
  "(or `-newkey rsa-pss -pkeyopt rsa_keygen_bits:3072`), upload cert.pem on Setup > Integration > Manage Authentication > " +
  "OAuth 2.0 Client Credentials (M2M) Setup, and use the new certificate ID."

const keyError = (reason: KeyError["reason"], message: string) => new KeyError({ reason, message })
const optionError = (message: string) => new ConfigError({ reason: "InvalidOption", message })

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g
const PRIVATE_LABELS: ReadonlySet<string> = new Set(["PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"])

// Reads a PEM into a private KeyObject, turning every way it can be wrong into its own KeyError.
const parsePem = (text: string): KeyObject => {
  // .env files often keep the PEM on one line with literal \n sequences.
  const pem = text.includes("\\n") && !text.includes("\n") ? text.replace(/\\n/g, "\n") : text
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem) || /Proc-Type:\s*4,\s*ENCRYPTED/i.test(pem)) {
    return fail(
      keyError(
        "Encrypted",
        "The private key PEM is encrypted with a passphrase, and a token request cannot prompt for it. " +
          "Decrypt it once with `openssl pkcs8 -in encrypted-key.pem -out key.pem` " +
          "(for a `Proc-Type: 4,ENCRYPTED` key: `openssl pkey -in encrypted-key.pem -out key.pem`) and keep key.pem in your secret store, " +
          "or pass `crypto.createPrivateKey({ key, passphrase })` as privateKey."
      )
    )
  }
  const blocks = [...pem.matchAll(PEM_BLOCK)]
  const privateBlock = blocks.find((m) => PRIVATE_LABELS.has(m[1] ?? ""))
  if (privateBlock === undefined) {
    const labels = blocks.map((m) => m[1] ?? "")
    const publicLabel = labels.find((l) => /PUBLIC KEY|CERTIFICATE/.test(l))
    if (publicLabel !== undefined) {
      return fail(
        keyError(
          "NotPrivateKey",
          `privateKey holds a ${publicLabel.includes("CERTIFICATE") ? "certificate" : "public key"} (-----BEGIN ${publicLabel}-----), not a private key. ` +
            "The certificate is what you upload to NetSuite; pass the private key it was made from " +
            "(-----BEGIN PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)."
        )
      )
    }
    return fail(
      keyError(
        "Unparseable",
        `privateKey is not a PEM private key${labels.length > 0 ? ` (found -----BEGIN ${labels[0]}-----)` : ""}. ` +
          "Pass the whole file including the -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- lines; " +
          "from an environment variable, keep the line breaks (literal \\n sequences are accepted)."
      )
    )
  }
  try {
    return createPrivateKey({ key: privateBlock[0], format: "pem" })
  } catch {
    // OpenSSL's message says nothing useful and must not be echoed with key bytes; ours says what to check.
    return fail(
      keyError(
        "Unparseable",
        `The -----BEGIN ${privateBlock[1]}----- block cannot be read: it is truncated or damaged. ` +
          "Check that no line is missing or wrapped differently, that nothing was added inside it, and that the line breaks survived " +
          "(literal \\n sequences in an environment variable are accepted)."
      )
    )
  }
}

const fail = (error: KeyError | ConfigError): never => {
  throw error
}

interface KeyFacts {
  readonly keyType: M2MKeyType
  /** `P-256` / `P-384` / `P-521`, or the RSA modulus length in bits. */
  readonly curveOrBits: string | number
  /** The algorithm chosen when none is given. */
  readonly defaultAlgorithm: M2MAlgorithm
  /** Algorithms that fit the key. */
  readonly fits: ReadonlyArray<M2MAlgorithm>
}

/**
 * Checks a private key against what NetSuite accepts and says which algorithms fit it.
 *
 * @internal
 */
export const describeKey = (key: KeyObject): KeyFacts => {
  const type = key.asymmetricKeyType
  const details = key.asymmetricKeyDetails ?? {}
  if (type === "ec") {
    const curve = CURVES[details.namedCurve ?? ""]
    if (curve === undefined) {
      return fail(
        keyError(
          "UnsupportedKeyType",
          `EC curve ${details.namedCurve ?? "(unknown)"} is not accepted by NetSuite: use P-256, P-384 or P-521. ${NEW_KEY_HINT}`
        )
      )
    }
    return { keyType: "ec", curveOrBits: curve.name, defaultAlgorithm: curve.alg, fits: [curve.alg] }
  }
  if (type === "rsa" || type === "rsa-pss") {
    const bits = details.modulusLength ?? 0
    if (bits < 3072) {
      return fail(
        keyError(
          "TooSmall",
          `The RSA key has ${bits} bits; NetSuite accepts only 3072 or 4096. ${NEW_KEY_HINT}`
        )
      )
    }
    if (bits !== 3072 && bits !== 4096) {
      return fail(
        keyError(
          "UnsupportedKeyType",
          `The RSA key has ${bits} bits; NetSuite accepts only 3072 or 4096. ${NEW_KEY_HINT}`
        )
      )
    }
    // An RSASSA-PSS key may be restricted to one hash (and a minimum salt): only that PS* fits it.
    const restricted = type === "rsa-pss" && details.hashAlgorithm !== undefined
    if (restricted) {
      const hash = PSS_HASHES[details.hashAlgorithm!.toLowerCase()]
      const mgf1 =
        details.mgf1HashAlgorithm === undefined ? hash : PSS_HASHES[details.mgf1HashAlgorithm.toLowerCase()]
      if (
        hash === undefined ||
        mgf1?.alg !== hash.alg ||
        (details.saltLength !== undefined && details.saltLength > hash.bytes)
      ) {
        return fail(
          keyError(
            "UnsupportedKeyType",
            `The RSASSA-PSS key is restricted to parameters no JWS algorithm uses (hash ${details.hashAlgorithm}, ` +
              `MGF1 ${details.mgf1HashAlgorithm ?? "same"}, salt ${details.saltLength ?? "any"}). ${NEW_KEY_HINT}`
          )
        )
      }
      return { keyType: "rsa-pss", curveOrBits: bits, defaultAlgorithm: hash.alg, fits: [hash.alg] }
    }
    return { keyType: type, curveOrBits: bits, defaultAlgorithm: "PS256", fits: ["PS256", "PS384", "PS512"] }
  }
  return fail(
    keyError(
      "UnsupportedKeyType",
      `A ${type ?? "unknown"} key is not accepted by NetSuite: use an EC key (P-256, P-384 or P-521) or an RSA key of 3072 or 4096 bits. ${NEW_KEY_HINT}`
    )
  )
}

const checkAlgorithmName = (requested: unknown): M2MAlgorithm | undefined => {
  if (requested === undefined) return undefined
  if (typeof requested !== "string" || !ALGORITHMS.has(requested)) {
    const text = JSON.stringify(String(requested).slice(0, 20))
    if (typeof requested === "string" && /^RS(256|384|512)$/.test(requested)) {
      return fail(
        keyError(
          "UnsupportedAlgorithm",
          `Algorithm ${requested} (RSA PKCS#1 v1.5) is refused: NetSuite stopped accepting RSA PKCS#1 v1.5 signatures for the client credentials flow on 1 March 2025. ` +
            "Use PS256 with the same RSA key (3072 or 4096 bits), or an EC key with ES256/ES384/ES512; leave algorithm unset to choose from the key."
        )
      )
    }
    if (typeof requested === "string" && /^HS(256|384|512)$/.test(requested)) {
      return fail(
        keyError(
          "UnsupportedAlgorithm",
          `Algorithm ${requested} (HMAC with a shared secret) is refused: NetSuite's M2M flow verifies the assertion with your uploaded certificate. ` +
            "Use PS256 with an RSA key or ES256/ES384/ES512 with an EC key; leave algorithm unset to choose from the key."
        )
      )
    }
    return fail(
      keyError(
        "UnsupportedAlgorithm",
        `Algorithm ${text} is not accepted by NetSuite: use one of PS256, PS384, PS512, ES256, ES384, ES512 (or leave it unset to choose from the key).`
      )
    )
  }
  return requested as M2MAlgorithm
}

const chooseAlgorithm = (alg: M2MAlgorithm | undefined, facts: KeyFacts): M2MAlgorithm => {
  if (alg === undefined) return facts.defaultAlgorithm
  if (!facts.fits.includes(alg)) {
    return fail(
      keyError(
        "AlgorithmMismatch",
        `Algorithm ${alg} does not fit this ${facts.keyType === "ec" ? `EC ${facts.curveOrBits}` : `${facts.keyType.toUpperCase()} ${facts.curveOrBits}-bit`} key, ` +
          `which signs with ${facts.fits.join(" or ")}. Leave algorithm unset to choose it from the key, or use the key that matches ${alg}.`
      )
    )
  }
  return alg
}

const checkId = (name: string, value: unknown): string => {
  if (typeof value !== "string" || value.length === 0) {
    return fail(
      new ConfigError({
        reason: "InvalidCredentials",
        message: `${name} is missing or empty: copy it from NetSuite (client ID from the integration record, certificate ID from Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup).`
      })
    )
  }
  if (/[\s\p{Cc}]/u.test(value)) {
    return fail(
      new ConfigError({
        reason: "InvalidCredentials",
        message: `${name} ${JSON.stringify(value.slice(0, 80))} contains whitespace or a control character: it was probably pasted with a space or line break; remove it.`
      })
    )
  }
  return value
}

const checkScopes = (scopes: unknown): ReadonlyArray<M2MScope> => {
  if (scopes === undefined) return DEFAULT_SCOPES
  if (!Array.isArray(scopes) || scopes.length === 0) {
    return fail(
      optionError(
        "scopes must be a non-empty array of restlets, rest_webservices, suite_analytics (or mcp alone), matching the scopes enabled on the integration record."
      )
    )
  }
  const unknown = scopes.filter((s) => typeof s !== "string" || !SCOPES.has(s))
  if (unknown.length > 0) {
    return fail(
      optionError(
        `Unknown scope ${JSON.stringify(String(unknown[0]).slice(0, 40))}: NetSuite's M2M scopes are restlets, rest_webservices, suite_analytics (or mcp alone).`
      )
    )
  }
  const unique = [...new Set(scopes as Array<M2MScope>)]
  if (unique.includes("mcp") && unique.length > 1) {
    return fail(
      optionError(
        'The mcp scope (AI connector) cannot be combined with other scopes: use a separate M2MCredentials with scopes ["mcp"].'
      )
    )
  }
  return unique
}

const checkLifetime = (value: unknown): number => {
  if (value === undefined) return DEFAULT_ASSERTION_LIFETIME_SECONDS
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    return fail(
      optionError(
        `assertionLifetimeSeconds must be a whole number of seconds above 0 (got ${JSON.stringify(value)}); the default is 300.`
      )
    )
  }
  if (value > MAX_ASSERTION_LIFETIME_SECONDS) {
    return fail(
      optionError(
        `assertionLifetimeSeconds ${value} is over 3600: NetSuite refuses an assertion whose exp is more than 60 minutes after iat. Use 300 (the default).`
      )
    )
  }
  return value
}

const toPrivateKey = (input: unknown): KeyObject => {
  if (input instanceof KeyObject) {
    if (input.type !== "private") {
      return fail(
        keyError(
          "NotPrivateKey",
          `privateKey is a ${input.type} KeyObject, not a private key. Pass the private key whose certificate is uploaded to NetSuite (createPrivateKey(pem)).`
        )
      )
    }
    return input
  }
  const text = Redacted.isRedacted(input) ? Redacted.value(input) : input
  if (text instanceof Uint8Array) {
    return fail(
      keyError(
        "Unparseable",
        'privateKey is raw bytes: pass the PEM text instead, e.g. readFileSync(path, "utf8") (or crypto.createPrivateKey(bytes)).'
      )
    )
  }
  if (typeof text !== "string" || text.trim() === "") {
    return fail(
      keyError(
        "Unparseable",
        "privateKey is missing or empty: pass the PEM text (or a Redacted PEM, or a private KeyObject), e.g. from NETSUITE_PRIVATE_KEY or the file named by NETSUITE_PRIVATE_KEY_PATH."
      )
    )
  }
  return parsePem(text)
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
    const id: unknown = input.accountId
    this.account =
      typeof id === "object" && id !== null && typeof (id as AccountId).realm === "string"
        ? (id as AccountId)
        : AccountIdModule.parseOrThrow(id)
    this.clientId = checkId("clientId (NETSUITE_CLIENT_ID)", input.clientId)
    this.certificateId = checkId("certificateId (NETSUITE_CERTIFICATE_ID)", input.certificateId)
    this.scopes = checkScopes(input.scopes)
    const scopeFormat = input.scopeFormat ?? "array"
    if (scopeFormat !== "array" && scopeFormat !== "string") {
      fail(optionError(`scopeFormat must be "array" (default) or "string" (comma separated).`))
    }
    this.scopeFormat = scopeFormat
    this.assertionLifetimeSeconds = checkLifetime(input.assertionLifetimeSeconds)
    // The algorithm name is checked before the key so that RS256 is refused for what it is.
    const requested = checkAlgorithmName(input.algorithm)
    const key = toPrivateKey(input.privateKey)
    const facts = describeKey(key)
    this.algorithm = chooseAlgorithm(requested, facts)
    this.keyType = facts.keyType
    this.curveOrBits = facts.curveOrBits
    this.#privateKey = key
    // jose (WebCrypto) cannot import an rsa-pss key; the same numbers as an rsa key sign PS* identically.
    this.#signingKey = asRsaKey(key)
  }

  /**
   * Validates the input and builds the credentials; throws a {@link KeyError} (key or algorithm)
   * or a {@link ConfigError} (account, IDs, scopes, lifetime) that says how to fix it.
   */
  static make(input: M2MCredentialsInput): M2MCredentials {
    if (typeof input !== "object" || input === null) {
      return fail(
        new ConfigError({ reason: "InvalidCredentials", message: "M2M credentials must be an object." })
      )
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
