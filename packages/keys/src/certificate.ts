import { createPublicKey, KeyObject, X509Certificate } from "node:crypto"
import { KeyError, M2MCredentials, type M2MKeyType } from "@netsuite-auth/core"
import { asRsaKey } from "@netsuite-auth/core/internal"
import { MAX_CERTIFICATE_DAYS } from "./self-signed-certificate.ts"

/**
 * The longest certificate text accepted, in characters (64 KiB): one certificate is 1 to 3 KB,
 * and the text is refused before it is parsed.
 */
export const MAX_CERTIFICATE_PEM_LENGTH = 65_536

const DAY_MILLIS = 86_400_000

const CURVE_NAMES: Readonly<Record<string, string>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
}

/** What NetSuite will see in a certificate you upload. */
export interface CertificateInfo {
  readonly subject: string
  readonly issuer: string
  readonly notBefore: Date
  readonly notAfter: Date
  /** Whole days from `nowMillis` until `notAfter` (negative once expired). */
  readonly daysToExpiry: (nowMillis: number) => number
  readonly keyType: M2MKeyType
  /** `P-256` / `P-384` / `P-521`, or the RSA modulus length in bits. */
  readonly curveOrBits: string | number
  /** SHA-256 fingerprint, colon-separated hex (as `openssl x509 -fingerprint -sha256` prints it). */
  readonly fingerprint256: string
  /** Days between `notBefore` and `notAfter`. */
  readonly validityDays: number
  /** Things to know before uploading (e.g. a validity over 2 years is shortened by NetSuite). */
  readonly notes: ReadonlyArray<string>
}

const invalid = (message: string) => new KeyError({ reason: "InvalidCertificate", message })

const parse = (pem: unknown): X509Certificate => {
  if (typeof pem !== "string" && !(pem instanceof Uint8Array)) {
    throw invalid(
      `The certificate must be its PEM text (a string) or its DER bytes (a Uint8Array), not ${pem === null ? "null" : typeof pem}.`
    )
  }
  if (pem.length > MAX_CERTIFICATE_PEM_LENGTH) {
    throw invalid(
      `The certificate is ${pem.length} ${typeof pem === "string" ? "characters" : "bytes"} long, more than the ${MAX_CERTIFICATE_PEM_LENGTH} (64 KiB) one certificate can be: ` +
        "pass the PEM text of the one certificate you upload to NetSuite."
    )
  }
  try {
    return new X509Certificate(pem)
  } catch {
    throw invalid(
      "The certificate cannot be read: pass the PEM text of the public certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), " +
        "the .cer/.pem/.crt file you upload to NetSuite's OAuth 2.0 Client Credentials (M2M) Setup page."
    )
  }
}

/**
 * Reads an X.509 certificate (PEM or DER) and reports what NetSuite checks: key type and size,
 * validity dates, the fingerprint. Throws a `KeyError` (`InvalidCertificate`) when it cannot
 * be read, `UnsupportedKeyType` for a key NetSuite does not accept.
 *
 * @example
 * ```ts
 * import { inspectCertificate } from "@netsuite-auth/keys"
 * import { readFileSync } from "node:fs"
 * const info = inspectCertificate(readFileSync("cert.pem", "utf8"))
 * info.keyType // "ec"
 * info.daysToExpiry(Date.now()) // 729
 * ```
 * @category certificates
 */
export const inspectCertificate = (pem: string | Uint8Array): CertificateInfo => {
  const cert = parse(pem)
  const key = cert.publicKey
  const type = key.asymmetricKeyType
  const details = key.asymmetricKeyDetails ?? {}
  let keyType: M2MKeyType
  let curveOrBits: string | number
  if (type === "ec") {
    const curve = CURVE_NAMES[details.namedCurve ?? ""]
    if (curve === undefined) {
      throw new KeyError({
        reason: "UnsupportedKeyType",
        message: `The certificate's EC curve ${details.namedCurve ?? "(unknown)"} is not accepted by NetSuite: make the key on P-256, P-384 or P-521.`
      })
    }
    keyType = "ec"
    curveOrBits = curve
  } else if (type === "rsa" || type === "rsa-pss") {
    keyType = type
    curveOrBits = details.modulusLength ?? 0
  } else {
    throw new KeyError({
      reason: "UnsupportedKeyType",
      message: `The certificate holds a ${type ?? "unknown"} key, which NetSuite does not accept: use an EC (P-256/P-384/P-521) or RSA 3072/4096-bit key.`
    })
  }
  const notBefore = new Date(Date.parse(cert.validFrom))
  const notAfter = new Date(Date.parse(cert.validTo))
  const validityDays = Math.round((notAfter.getTime() - notBefore.getTime()) / DAY_MILLIS)
  const notes: Array<string> = []
  if (validityDays > MAX_CERTIFICATE_DAYS) {
    notes.push(
      `Valid for ${validityDays} days: NetSuite shortens a certificate's validity to 2 years (${MAX_CERTIFICATE_DAYS} days) from upload; plan the rotation by that date.`
    )
  }
  if (typeof curveOrBits === "number" && curveOrBits !== 3072 && curveOrBits !== 4096) {
    notes.push(`An RSA key of ${curveOrBits} bits is refused by NetSuite: it accepts only 3072 or 4096.`)
  }
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore,
    notAfter,
    daysToExpiry: (nowMillis) => Math.floor((notAfter.getTime() - nowMillis) / DAY_MILLIS),
    keyType,
    curveOrBits,
    fingerprint256: cert.fingerprint256,
    validityDays,
    notes
  }
}

// The numbers that are the key, whatever wraps them: an RSA key is compared as rsaEncryption
// whether it is labelled rsaEncryption or id-RSASSA-PSS, an EC key by curve and point.
const keyMaterial = (key: KeyObject): string => {
  const plain = asRsaKey(key)
  try {
    const jwk = plain.export({ format: "jwk" })
    return JSON.stringify([jwk.kty, jwk.crv, jwk.n, jwk.e, jwk.x, jwk.y])
  } catch {
    // A key type JWK cannot express: compare the encoded public key itself.
    return plain.export({ type: "spki", format: "der" }).toString("base64")
  }
}

/**
 * True when the certificate was made from this private key: the one check that explains most
 * `invalid_client` answers after a key rotation. An RSA key matches its certificate whether
 * either side is labelled `rsaEncryption` or `RSASSA-PSS`.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs"
 * import type { M2MCredentials } from "@netsuite-auth/core"
 * import { certificateMatchesKey } from "@netsuite-auth/keys"
 * declare const creds: M2MCredentials
 * certificateMatchesKey(readFileSync("cert.pem", "utf8"), creds) // true
 * ```
 * @category certificates
 */
export const certificateMatchesKey = (
  certPem: string | Uint8Array,
  key: M2MCredentials | KeyObject
): boolean => {
  const certKey = parse(certPem).publicKey
  if (!(key instanceof M2MCredentials) && !(key instanceof KeyObject && key.type !== "secret")) {
    throw new KeyError({
      reason: "NotPrivateKey",
      message: `certificateMatchesKey needs M2MCredentials or a private or public KeyObject, not ${key instanceof KeyObject ? "a secret key" : key === null ? "null" : typeof key}: pass createPrivateKey(pem).`
    })
  }
  const publicKey =
    key instanceof M2MCredentials ? key.publicKey : key.type === "public" ? key : createPublicKey(key)
  return keyMaterial(certKey) === keyMaterial(publicKey)
}
