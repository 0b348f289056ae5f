import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto"
import { KeyError } from "../errors.ts"
import { children, read } from "./der-reader.ts"

/**
 * The same RSA key with the plain `rsaEncryption` type. WebCrypto (and so `jose`) refuses keys
 * of type RSASSA-PSS (`id-RSASSA-PSS` in the PKCS#8/SPKI wrapper, what `openssl -newkey rsa-pss`
 * and `generateKeyPair` of `@netsuite-auth/keys` make), although the key material is an ordinary RSA key. This
 * re-wraps it so PS256/384/512 can be signed and verified; other keys are returned unchanged.
 *
 * @example
 * ```ts
 * import { generateKeyPairSync } from "node:crypto"
 * import { asRsaKey } from "@netsuite-auth/core/internal"
 * const { privateKey } = generateKeyPairSync("rsa-pss", { modulusLength: 3072 })
 * asRsaKey(privateKey).asymmetricKeyType // "rsa"
 * ```
 * @category keys
 */
export const asRsaKey = (key: KeyObject): KeyObject => {
  if (key.asymmetricKeyType !== "rsa-pss") return key
  try {
    if (key.type === "private") {
      // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING RSAPrivateKey, ... }
      const der = new Uint8Array(key.export({ type: "pkcs8", format: "der" }))
      const inner = children(read(der).contents)[2]
      if (inner?.tag !== 0x04) throw new RangeError("no private key octet string")
      return createPrivateKey({ key: Buffer.from(inner.contents), format: "der", type: "pkcs1" })
    }
    // SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING RSAPublicKey }
    const der = new Uint8Array(key.export({ type: "spki", format: "der" }))
    const bits = children(read(der).contents)[1]
    if (bits?.tag !== 0x03) throw new RangeError("no public key bit string")
    return createPublicKey({ key: Buffer.from(bits.contents.subarray(1)), format: "der", type: "pkcs1" })
  } catch {
    throw new KeyError({
      reason: "Unparseable",
      message: "Cannot read the RSASSA-PSS key: export it again as PKCS#8 (openssl pkcs8 -topk8 -nocrypt)."
    })
  }
}
