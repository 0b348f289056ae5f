// Which private keys and JWS algorithms NetSuite's OAuth 2.0 client credentials (M2M) flow
// accepts, and how a key given as PEM text, a `Redacted` PEM or a `KeyObject` is imported.
import { KeyObject } from "node:crypto"
import * as Redacted from "effect/Redacted"
import { describeValue } from "../config/describe-value.ts"
import { KeyError } from "../errors.ts"
import { asRsaKey } from "../keys/rsa-pss-key.ts"
import { readPrivateKeyPem } from "./private-key-pem.ts"

/** The JWS algorithms NetSuite accepts for the client assertion (RSASSA-PSS and ECDSA only). */
export type M2MAlgorithm = "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512"

/** The key types NetSuite accepts for M2M certificates. */
export type M2MKeyType = "ec" | "rsa" | "rsa-pss"

const ALGORITHMS: ReadonlySet<string> = new Set(["PS256", "PS384", "PS512", "ES256", "ES384", "ES512"])

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

/** What the policy found out about an accepted key. */
export interface KeyFacts {
  readonly keyType: M2MKeyType
  /** `P-256` / `P-384` / `P-521`, or the RSA modulus length in bits. */
  readonly curveOrBits: string | number
  /** The algorithm chosen when none is given. */
  readonly defaultAlgorithm: M2MAlgorithm
  /** Algorithms that fit the key. */
  readonly fits: ReadonlyArray<M2MAlgorithm>
}

/**
 * Checks a private key against what NetSuite accepts (EC P-256/P-384/P-521, RSA or RSASSA-PSS of
 * 3072 or 4096 bits) and says which algorithms fit it.
 *
 * @internal
 */
export const describeKey = (key: KeyObject): KeyFacts => {
  const type = key.asymmetricKeyType
  const details = key.asymmetricKeyDetails ?? {}
  if (type === "ec") {
    const curve = CURVES[details.namedCurve ?? ""]
    if (curve === undefined) {
      throw keyError(
        "UnsupportedKeyType",
        `EC curve ${details.namedCurve ?? "(unknown)"} is not accepted by NetSuite: use P-256, P-384 or P-521. ${NEW_KEY_HINT}`
      )
    }
    return { keyType: "ec", curveOrBits: curve.name, defaultAlgorithm: curve.alg, fits: [curve.alg] }
  }
  if (type === "rsa" || type === "rsa-pss") {
    const bits = details.modulusLength ?? 0
    if (bits < 3072) {
      throw keyError(
        "TooSmall",
        `The RSA key has ${bits} bits; NetSuite accepts only 3072 or 4096. ${NEW_KEY_HINT}`
      )
    }
    if (bits !== 3072 && bits !== 4096) {
      throw keyError(
        "UnsupportedKeyType",
        `The RSA key has ${bits} bits; NetSuite accepts only 3072 or 4096. ${NEW_KEY_HINT}`
      )
    }
    // An RSASSA-PSS key may be restricted to one hash (and a minimum salt): only that PS* fits it.
    if (type === "rsa-pss" && details.hashAlgorithm !== undefined) {
      const hash = PSS_HASHES[details.hashAlgorithm.toLowerCase()]
      const mgf1 =
        details.mgf1HashAlgorithm === undefined ? hash : PSS_HASHES[details.mgf1HashAlgorithm.toLowerCase()]
      if (
        hash === undefined ||
        mgf1?.alg !== hash.alg ||
        (details.saltLength !== undefined && details.saltLength > hash.bytes)
      ) {
        throw keyError(
          "UnsupportedKeyType",
          `The RSASSA-PSS key is restricted to parameters no JWS algorithm uses (hash ${details.hashAlgorithm}, ` +
            `MGF1 ${details.mgf1HashAlgorithm ?? "same"}, salt ${details.saltLength ?? "any"}). ${NEW_KEY_HINT}`
        )
      }
      return { keyType: "rsa-pss", curveOrBits: bits, defaultAlgorithm: hash.alg, fits: [hash.alg] }
    }
    return { keyType: type, curveOrBits: bits, defaultAlgorithm: "PS256", fits: ["PS256", "PS384", "PS512"] }
  }
  throw keyError(
    "UnsupportedKeyType",
    `A ${type ?? "unknown"} key is not accepted by NetSuite: use an EC key (P-256, P-384 or P-521) or an RSA key of 3072 or 4096 bits. ${NEW_KEY_HINT}`
  )
}

/** A requested algorithm name, refused with the reason NetSuite would give (RS*, HS*, unknown). */
const algorithmName = (requested: unknown): M2MAlgorithm | undefined => {
  if (requested === undefined) return undefined
  if (typeof requested === "string" && ALGORITHMS.has(requested)) return requested as M2MAlgorithm
  if (typeof requested === "string" && /^RS(256|384|512)$/.test(requested)) {
    throw keyError(
      "UnsupportedAlgorithm",
      `Algorithm ${requested} (RSA PKCS#1 v1.5) is refused: NetSuite stopped accepting RSA PKCS#1 v1.5 signatures for the client credentials flow on 1 March 2025. ` +
        "Use PS256 with the same RSA key (3072 or 4096 bits), or an EC key with ES256/ES384/ES512; leave algorithm unset to choose from the key."
    )
  }
  if (typeof requested === "string" && /^HS(256|384|512)$/.test(requested)) {
    throw keyError(
      "UnsupportedAlgorithm",
      `Algorithm ${requested} (HMAC with a shared secret) is refused: NetSuite's M2M flow verifies the assertion with your uploaded certificate. ` +
        "Use PS256 with an RSA key or ES256/ES384/ES512 with an EC key; leave algorithm unset to choose from the key."
    )
  }
  const shown =
    typeof requested === "string" ? JSON.stringify(requested.slice(0, 20)) : `(${describeValue(requested)})`
  throw keyError(
    "UnsupportedAlgorithm",
    `Algorithm ${shown} is not accepted by NetSuite: use one of PS256, PS384, PS512, ES256, ES384, ES512 (or leave it unset to choose from the key).`
  )
}

const chooseAlgorithm = (alg: M2MAlgorithm | undefined, facts: KeyFacts): M2MAlgorithm => {
  if (alg === undefined) return facts.defaultAlgorithm
  if (!facts.fits.includes(alg)) {
    throw keyError(
      "AlgorithmMismatch",
      `Algorithm ${alg} does not fit this ${facts.keyType === "ec" ? `EC ${facts.curveOrBits}` : `${facts.keyType.toUpperCase()} ${facts.curveOrBits}-bit`} key, ` +
        `which signs with ${facts.fits.join(" or ")}. Leave algorithm unset to choose it from the key, or use the key that matches ${alg}.`
    )
  }
  return alg
}

/** A private `KeyObject` from what a user passes: PEM text, a `Redacted` PEM or a `KeyObject`. */
const importPrivateKey = (input: unknown): KeyObject => {
  if (input instanceof KeyObject) {
    if (input.type !== "private") {
      throw keyError(
        "NotPrivateKey",
        `privateKey is a ${input.type} KeyObject, not a private key. Pass the private key whose certificate is uploaded to NetSuite (createPrivateKey(pem)).`
      )
    }
    return input
  }
  const text = Redacted.isRedacted(input) ? Redacted.value(input) : input
  if (text instanceof Uint8Array) {
    throw keyError(
      "Unparseable",
      'privateKey is raw bytes: pass the PEM text instead, e.g. readFileSync(path, "utf8") (or crypto.createPrivateKey(bytes)).'
    )
  }
  if (typeof text !== "string" || text.trim() === "") {
    const what = typeof text === "string" ? "empty" : `missing (got ${describeValue(text)})`
    throw keyError(
      "Unparseable",
      `privateKey is ${what}: pass the PEM text (or a Redacted PEM, or a private KeyObject), e.g. from NETSUITE_PRIVATE_KEY or the file named by NETSUITE_PRIVATE_KEY_PATH.`
    )
  }
  return readPrivateKeyPem(text)
}

/** A key the policy accepted, with the algorithm it signs with. */
export interface AcceptedKey extends KeyFacts {
  readonly algorithm: M2MAlgorithm
  readonly privateKey: KeyObject
  /** The key jose signs with: an `rsa-pss` key re-wrapped as `rsa` (WebCrypto refuses RSASSA-PSS keys). */
  readonly signingKey: KeyObject
}

/**
 * Imports a private key and checks it, and the requested algorithm, against NetSuite's policy.
 * The algorithm name is checked before the key, so that RS256 is refused for what it is. Throws
 * a {@link KeyError} that says how to fix the key.
 *
 * @internal
 */
export const acceptPrivateKey = (privateKey: unknown, requestedAlgorithm: unknown): AcceptedKey => {
  const requested = algorithmName(requestedAlgorithm)
  const key = importPrivateKey(privateKey)
  const facts = describeKey(key)
  return {
    ...facts,
    algorithm: chooseAlgorithm(requested, facts),
    privateKey: key,
    signingKey: asRsaKey(key)
  }
}
