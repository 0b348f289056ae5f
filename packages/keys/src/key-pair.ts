import { generateKeyPairSync, type KeyObject } from "node:crypto"
import { ConfigError } from "@netsuite-auth/core"

/** The key types NetSuite accepts for OAuth 2.0 client credentials (M2M) certificates. */
export type KeyType = "ec-p256" | "ec-p384" | "ec-p521" | "rsa-pss-3072" | "rsa-pss-4096"

/**
 * The JWS algorithm that goes with each key type (what the client assertion must use).
 *
 * @example
 * ```ts
 * import { KEY_TYPES } from "@netsuite-auth/keys"
 * KEY_TYPES["ec-p384"] // "ES384"
 * Object.keys(KEY_TYPES) // the names generateKeyPair accepts
 * ```
 * @category keys
 */
export const KEY_TYPES = {
  "ec-p256": "ES256",
  "ec-p384": "ES384",
  "ec-p521": "ES512",
  "rsa-pss-3072": "PS256",
  "rsa-pss-4096": "PS256"
} as const satisfies Record<KeyType, string>

/** A freshly generated key pair and the assertion algorithm to use with it. */
export interface KeyPair {
  readonly type: KeyType
  readonly algorithm: (typeof KEY_TYPES)[KeyType]
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
}

/**
 * True for the names {@link generateKeyPair} accepts.
 *
 * @example
 * ```ts
 * import { isKeyType } from "@netsuite-auth/keys"
 * isKeyType("ec-p256") // true
 * isKeyType("rsa-2048") // false
 * ```
 * @category keys
 */
export const isKeyType = (u: unknown): u is KeyType => typeof u === "string" && Object.hasOwn(KEY_TYPES, u)

/**
 * Generates a key pair NetSuite accepts for M2M. EC keys use the named curve; RSA keys are of
 * type RSASSA-PSS with SHA-256, MGF1 SHA-256 and a 32-byte salt, the key Oracle's own example
 * makes with `openssl req -x509 -newkey rsa-pss`. Throws a {@link ConfigError} for an unknown type.
 *
 * @example
 * ```ts
 * import { generateKeyPair } from "@netsuite-auth/keys"
 * const { privateKey, publicKey, algorithm } = generateKeyPair("ec-p256") // algorithm: "ES256"
 * privateKey.export({ type: "pkcs8", format: "pem" })
 * ```
 * @category keys
 */
export const generateKeyPair = (type: KeyType): KeyPair => {
  if (!isKeyType(type)) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Unknown key type ${JSON.stringify(String(type).slice(0, 40))}: use one of ${Object.keys(KEY_TYPES).join(", ")}.`
    })
  }
  const pair =
    type === "ec-p256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : type === "ec-p384"
        ? generateKeyPairSync("ec", { namedCurve: "P-384" })
        : type === "ec-p521"
          ? generateKeyPairSync("ec", { namedCurve: "P-521" })
          : generateKeyPairSync("rsa-pss", {
              modulusLength: type === "rsa-pss-3072" ? 3072 : 4096,
              hashAlgorithm: "sha256",
              mgf1HashAlgorithm: "sha256",
              // @types/node declares saltLength as a string; node wants the number of bytes.
              saltLength: 32 as unknown as string
            })
  return { type, algorithm: KEY_TYPES[type], privateKey: pair.privateKey, publicKey: pair.publicKey }
}
