import { createPublicKey, type KeyObject, randomBytes, sign } from "node:crypto"

// Node can parse X.509 (X509Certificate) but cannot build one, so the mock writes the few DER
// structures a self-signed EC certificate needs (RFC 5280 §4.1) and signs them with node:crypto.

const derLength = (length: number): Buffer => {
  if (length < 0x80) return Buffer.from([length])
  const bytes: Array<number> = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

const tlv = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), derLength(content.length), content])
const sequence = (...parts: ReadonlyArray<Buffer>): Buffer => tlv(0x30, Buffer.concat(parts))
const set = (...parts: ReadonlyArray<Buffer>): Buffer => tlv(0x31, Buffer.concat(parts))

const integer = (bytes: Buffer): Buffer => {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const trimmed = bytes.subarray(start)
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

const objectIdentifier = (dotted: string): Buffer => {
  const arcs = dotted.split(".").map(Number)
  const out: Array<number> = [40 * arcs[0]! + arcs[1]!]
  for (const arc of arcs.slice(2)) {
    const chunk: Array<number> = [arc & 0x7f]
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80)
    out.push(...chunk)
  }
  return tlv(0x06, Buffer.from(out))
}

const utcTime = (date: Date): Buffer => {
  const two = (n: number) => String(n).padStart(2, "0")
  const text =
    two(date.getUTCFullYear() % 100) +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes()) +
    two(date.getUTCSeconds()) +
    "Z"
  return tlv(0x17, Buffer.from(text, "ascii"))
}

const commonName = (cn: string): Buffer =>
  sequence(set(sequence(objectIdentifier("2.5.4.3"), tlv(0x0c, Buffer.from(cn, "utf8")))))

const SIGNATURE_ALGORITHMS: Record<string, { readonly oid: string; readonly hash: string }> = {
  prime256v1: { oid: "1.2.840.10045.4.3.2", hash: "sha256" },
  secp384r1: { oid: "1.2.840.10045.4.3.3", hash: "sha384" },
  secp521r1: { oid: "1.2.840.10045.4.3.4", hash: "sha512" }
}

/** Options for {@link selfSignedCertificate}. */
export interface SelfSignedCertificateOptions {
  /** Subject and issuer common name. Default `netsuite-auth mock`. */
  readonly commonName?: string
  /** Validity in days from now (NetSuite accepts at most two years). Default 365. */
  readonly days?: number
}

/**
 * A PEM self-signed X.509 v3 certificate for an EC private key (P-256, P-384 or P-521), as
 * NetSuite's M2M setup page wants it uploaded.
 *
 * @example
 * ```ts
 * import { generateKeyPairSync, X509Certificate } from "node:crypto"
 * import { selfSignedCertificate } from "@netsuite-auth/mock-server"
 * const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
 * new X509Certificate(selfSignedCertificate(privateKey)).subject // "CN=netsuite-auth mock"
 * ```
 */
export const selfSignedCertificate = (
  privateKey: KeyObject,
  options: SelfSignedCertificateOptions = {}
): string => {
  const curve = privateKey.asymmetricKeyDetails?.namedCurve ?? ""
  const algorithm = SIGNATURE_ALGORITHMS[curve]
  if (privateKey.asymmetricKeyType !== "ec" || algorithm === undefined) {
    throw new TypeError("selfSignedCertificate needs an EC private key on P-256, P-384 or P-521.")
  }
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" })
  const now = Date.now()
  const notBefore = new Date(now - 60_000)
  const notAfter = new Date(now + (options.days ?? 365) * 86_400_000)
  const name = commonName(options.commonName ?? "netsuite-auth mock")
  const algorithmIdentifier = sequence(objectIdentifier(algorithm.oid))
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    algorithmIdentifier,
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    spki
  )
  const signature = sign(algorithm.hash, tbs, privateKey)
  const der = sequence(tbs, algorithmIdentifier, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const base64 = der.toString("base64").replace(/.{1,64}/g, "$&\n")
  return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`
}
