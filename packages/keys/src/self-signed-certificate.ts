import { constants, createHash, createPublicKey, type KeyObject, randomBytes, sign } from "node:crypto"
import { ConfigError, KeyError } from "@netsuite-auth/core"
import { asRsaKey } from "@netsuite-auth/core/internal"
import * as Der from "./der-writer.ts"

/**
 * The longest certificate validity NetSuite keeps, in days: it shortens anything longer to two
 * years from upload, so we never make more.
 *
 * @example
 * ```ts
 * import { MAX_CERTIFICATE_DAYS } from "@netsuite-auth/keys"
 * MAX_CERTIFICATE_DAYS // 730
 * ```
 * @category certificates
 */
export const MAX_CERTIFICATE_DAYS = 730

/** Options for {@link selfSignedCertificate}. */
export interface SelfSignedCertificateOptions {
  /** The key that signs the certificate (EC, RSA or RSASSA-PSS). */
  readonly privateKey: KeyObject
  /** Its public key; derived from `privateKey` when absent, and checked against it when given. */
  readonly publicKey?: KeyObject | undefined
  /** Distinguished name, `CN=my-integration` or `CN=x, O=Acme, C=US` (also `/CN=x/O=Acme`). */
  readonly subject: string
  /** Validity in days, 1 to 730 (default 730: NetSuite's maximum). */
  readonly days?: number | undefined
  /** Start of validity (pass `new Date()`; no clock is read here, so tests can fix it). */
  readonly now: Date | number
  /** Serial number bytes (default: 16 random bytes). */
  readonly serialNumber?: Uint8Array | undefined
}

const ATTRIBUTES: Record<string, string> = {
  CN: "2.5.4.3",
  C: "2.5.4.6",
  L: "2.5.4.7",
  ST: "2.5.4.8",
  O: "2.5.4.10",
  OU: "2.5.4.11"
}

const invalidSubject = (subject: string, why: string) =>
  new ConfigError({
    reason: "InvalidOption",
    message: `Invalid certificate subject ${JSON.stringify(subject.slice(0, 200))}: ${why}. Use a distinguished name such as "CN=my-integration" or "CN=my-integration, O=Acme, C=US".`
  })

/** Parses `CN=a, O=b` (commas may be escaped as `\,`) or the OpenSSL form `/CN=a/O=b`. */
const parseSubject = (subject: string): Array<readonly [string, string]> => {
  const trimmed = subject.trim()
  const parts: Array<string> = []
  if (trimmed.startsWith("/")) {
    parts.push(...trimmed.slice(1).split("/"))
  } else {
    let current = ""
    for (let i = 0; i < trimmed.length; i++) {
      const c = trimmed[i]!
      if (c === "\\" && i + 1 < trimmed.length) current += trimmed[++i]
      else if (c === ",") {
        parts.push(current)
        current = ""
      } else current += c
    }
    parts.push(current)
  }
  const rdns = parts.map((part) => {
    const eq = part.indexOf("=")
    if (eq <= 0) throw invalidSubject(subject, `"${part.trim()}" is not NAME=value`)
    const name = part.slice(0, eq).trim().toUpperCase()
    const value = part.slice(eq + 1).trim()
    if (!Object.hasOwn(ATTRIBUTES, name)) {
      throw invalidSubject(subject, `unknown attribute ${name} (use ${Object.keys(ATTRIBUTES).join(", ")})`)
    }
    if (value.length === 0 || value.length > 64)
      throw invalidSubject(subject, `${name} must have 1 to 64 characters`)
    if (/\p{Cc}/u.test(value)) throw invalidSubject(subject, `${name} contains a control character`)
    if (name === "C" && !/^[A-Za-z]{2}$/.test(value))
      throw invalidSubject(subject, "C must be a two-letter country code")
    return [name, name === "C" ? value.toUpperCase() : value] as const
  })
  if (!rdns.some(([name]) => name === "CN")) throw invalidSubject(subject, "a CN is required")
  return rdns
}

const encodeName = (rdns: ReadonlyArray<readonly [string, string]>): Uint8Array =>
  Der.sequence(
    ...rdns.map(([name, value]) =>
      Der.set(
        Der.sequence(
          Der.oid(ATTRIBUTES[name]!),
          name === "C" ? Der.printableString(value) : Der.utf8String(value)
        )
      )
    )
  )

const HASH_OIDS: Record<string, string> = {
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3"
}
const ECDSA_OIDS: Record<string, string> = {
  sha256: "1.2.840.10045.4.3.2",
  sha384: "1.2.840.10045.4.3.3",
  sha512: "1.2.840.10045.4.3.4"
}
const CURVE_HASH: Record<string, string> = { prime256v1: "sha256", secp384r1: "sha384", secp521r1: "sha512" }
const HASH_LENGTH: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 }

interface Signer {
  readonly algorithm: Uint8Array
  readonly sign: (tbs: Uint8Array) => Uint8Array
}

const unsupported = (what: string) =>
  new KeyError({
    reason: "UnsupportedKeyType",
    message: `Cannot make a certificate for ${what}: NetSuite accepts EC P-256/P-384/P-521 or RSA(-PSS) 3072/4096 keys. Generate one with \`netsuite-auth keygen\`.`
  })

// The signature algorithm follows the key: ECDSA with the curve's hash, RSASSA-PSS with the
// key's own PSS parameters (a PSS-restricted key cannot sign anything else), and
// sha256WithRSAEncryption for a plain RSA key (only the certificate's own signature, never the JWT).
const signerFor = (privateKey: KeyObject): Signer => {
  const details = privateKey.asymmetricKeyDetails ?? {}
  switch (privateKey.asymmetricKeyType) {
    case "ec": {
      const hash = CURVE_HASH[details.namedCurve ?? ""]
      if (hash === undefined) throw unsupported(`an EC key on curve ${details.namedCurve ?? "unknown"}`)
      return {
        algorithm: Der.sequence(Der.oid(ECDSA_OIDS[hash]!)),
        sign: (tbs) => sign(hash, tbs, privateKey) // DER-encoded ECDSA-Sig-Value, as X.509 wants
      }
    }
    case "rsa-pss": {
      const hash = details.hashAlgorithm ?? "sha256"
      const mgf1 = details.mgf1HashAlgorithm ?? hash
      const saltLength = details.saltLength ?? HASH_LENGTH[hash] ?? 32
      if (HASH_OIDS[hash] === undefined || HASH_OIDS[mgf1] === undefined) {
        throw unsupported(`an RSASSA-PSS key restricted to ${hash}`)
      }
      const hashId = (h: string) => Der.sequence(Der.oid(HASH_OIDS[h]!), Der.nullValue())
      return {
        algorithm: Der.sequence(
          Der.oid("1.2.840.113549.1.1.10"),
          Der.sequence(
            Der.explicit(0, hashId(hash)),
            Der.explicit(1, Der.sequence(Der.oid("1.2.840.113549.1.1.8"), hashId(mgf1))),
            Der.explicit(2, Der.integer(saltLength))
          )
        ),
        sign: (tbs) =>
          sign(hash, tbs, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })
      }
    }
    case "rsa":
      return {
        algorithm: Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue()),
        sign: (tbs) => sign("sha256", tbs, privateKey)
      }
    default:
      throw unsupported(`a key of type ${privateKey.asymmetricKeyType ?? "unknown"}`)
  }
}

const extension = (id: string, critical: boolean, value: Uint8Array): Uint8Array =>
  critical
    ? Der.sequence(Der.oid(id), Der.boolean(true), Der.octetString(value))
    : Der.sequence(Der.oid(id), Der.octetString(value))

/**
 * The subjectPublicKey BIT STRING's contents (RFC 5280 §4.1.2.7), from node:crypto's own exports
 * rather than by reading the SPKI back: the uncompressed point for EC, RSAPublicKey for RSA(-PSS).
 * (The public key is derived from the plain-RSA private key: node cannot export an RSASSA-PSS
 * public key as PKCS#1.)
 */
const subjectPublicKeyBits = (privateKey: KeyObject): Uint8Array => {
  if (privateKey.asymmetricKeyType === "ec") {
    const { x, y } = createPublicKey(privateKey).export({ format: "jwk" })
    return Buffer.concat([
      Uint8Array.of(0x04),
      Buffer.from(x ?? "", "base64url"),
      Buffer.from(y ?? "", "base64url")
    ])
  }
  return new Uint8Array(createPublicKey(asRsaKey(privateKey)).export({ type: "pkcs1", format: "der" }))
}

const toPem = (der: Uint8Array): string => {
  const base64 = Buffer.from(der).toString("base64")
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`
}

/**
 * Builds a self-signed X.509 v3 certificate (PEM) for an M2M key, the file you upload at
 * Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup.
 * Valid from `now` (whole seconds) for `days` days (at most 730, NetSuite's limit), issuer =
 * subject, with basicConstraints CA:FALSE, keyUsage digitalSignature and a subject key identifier.
 *
 * Throws {@link ConfigError} for a bad subject or validity, {@link KeyError} for an unusable
 * key or a public key that does not belong to the private key.
 *
 * @example
 * ```ts
 * import { generateKeyPair, selfSignedCertificate } from "@netsuite-auth/keys"
 * const { privateKey, publicKey } = generateKeyPair("ec-p256")
 * const pem = selfSignedCertificate({ privateKey, publicKey, subject: "CN=my-integration", days: 365, now: new Date() })
 * ```
 * @category certificates
 */
export const selfSignedCertificate = (options: SelfSignedCertificateOptions): string => {
  const days = options.days ?? MAX_CERTIFICATE_DAYS
  if (!Number.isInteger(days) || days < 1 || days > MAX_CERTIFICATE_DAYS) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid certificate validity ${String(days)} days: use a whole number from 1 to ${MAX_CERTIFICATE_DAYS} (NetSuite accepts at most two years).`
    })
  }
  const nowMillis = options.now instanceof Date ? options.now.getTime() : options.now
  if (!Number.isFinite(nowMillis)) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: "Invalid certificate start time: pass a valid Date."
    })
  }
  const { privateKey } = options
  if (privateKey.type !== "private") {
    throw new KeyError({
      reason: "NotPrivateKey",
      message: "selfSignedCertificate needs the private key (it signs the certificate), not a public key."
    })
  }
  const signer = signerFor(privateKey)
  const derived = createPublicKey(privateKey)
  const spki = new Uint8Array(derived.export({ type: "spki", format: "der" }))
  if (
    options.publicKey !== undefined &&
    !Buffer.from(spki).equals(options.publicKey.export({ type: "spki", format: "der" }))
  ) {
    throw new KeyError({
      reason: "CertificateKeyMismatch",
      message:
        "The public key given to selfSignedCertificate does not belong to the private key: pass the pair generated together."
    })
  }
  const name = encodeName(parseSubject(options.subject))
  const notBefore = new Date(Math.floor(nowMillis / 1000) * 1000)
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000)
  const serial = options.serialNumber ?? Uint8Array.from(randomBytes(16))
  if (serial.length === 0 || serial.length > 20) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: "Certificate serial numbers are 1 to 20 bytes."
    })
  }
  // RFC 5280 §4.1.2.2: serials are positive; clear the top bit rather than grow to 17 bytes.
  const positiveSerial = Uint8Array.from(serial)
  positiveSerial[0] = (positiveSerial[0]! & 0x7f) | (positiveSerial.length === 1 ? 0x01 : 0)
  // RFC 5280 §4.2.1.2 method (1): the SHA-1 of the subjectPublicKey bits.
  const keyIdentifier = new Uint8Array(createHash("sha1").update(subjectPublicKeyBits(privateKey)).digest())
  const tbs = Der.sequence(
    Der.explicit(0, Der.integer(2)), // v3
    Der.integer(positiveSerial),
    signer.algorithm,
    name, // issuer
    Der.sequence(Der.time(notBefore), Der.time(notAfter)),
    name, // subject
    spki,
    Der.explicit(
      3,
      Der.sequence(
        extension("2.5.29.19", true, Der.sequence()), // basicConstraints: CA:FALSE
        extension("2.5.29.15", true, Uint8Array.of(0x03, 0x02, 0x07, 0x80)), // keyUsage: digitalSignature
        extension("2.5.29.14", false, Der.octetString(keyIdentifier)) // subjectKeyIdentifier
      )
    )
  )
  const signature = new Uint8Array(signer.sign(tbs))
  return toPem(Der.sequence(tbs, signer.algorithm, Der.bitString(signature)))
}
