/**
 * The few DER reads the M2M key handling needs, and nothing more:
 *
 * - the `RSAPrivateKey` inside an RSASSA-PSS PKCS#8 key, because WebCrypto (and so jose) cannot
 *   import a key of type `rsa-pss`, while the same numbers as an `rsa` key sign PS256 fine;
 * - the `subjectPublicKey` bits of an SPKI, to compare a certificate's key with a private key
 *   whatever algorithm identifier (`rsaEncryption` or `id-RSASSA-PSS`) each one carries.
 *
 * @internal
 * @module
 */

interface Tlv {
  readonly tag: number
  /** Offset of the first content byte. */
  readonly start: number
  /** Offset just past the last content byte. */
  readonly end: number
}

const readTlv = (der: Uint8Array, offset: number): Tlv => {
  const tag = der[offset]
  let length = der[offset + 1]
  if (tag === undefined || length === undefined) throw new RangeError("DER: truncated")
  let start = offset + 2
  if (length & 0x80) {
    const count = length & 0x7f
    if (count === 0 || count > 4) throw new RangeError("DER: unsupported length")
    length = 0
    for (let i = 0; i < count; i++) {
      const byte = der[start + i]
      if (byte === undefined) throw new RangeError("DER: truncated")
      length = length * 256 + byte
    }
    start += count
  }
  const end = start + length
  if (end > der.length) throw new RangeError("DER: truncated")
  return { tag, start, end }
}

const SEQUENCE = 0x30
const INTEGER = 0x02
const OCTET_STRING = 0x04
const BIT_STRING = 0x03

const expect = (tlv: Tlv, tag: number): Tlv => {
  if (tlv.tag !== tag) throw new RangeError(`DER: expected tag ${tag}, got ${tlv.tag}`)
  return tlv
}

/**
 * The `privateKey` OCTET STRING content of a PKCS#8 `PrivateKeyInfo` (for RSA and RSA-PSS keys,
 * a PKCS#1 `RSAPrivateKey`).
 */
export const pkcs8InnerKey = (der: Uint8Array): Uint8Array => {
  const outer = expect(readTlv(der, 0), SEQUENCE)
  const version = expect(readTlv(der, outer.start), INTEGER)
  const algorithm = expect(readTlv(der, version.end), SEQUENCE)
  const key = expect(readTlv(der, algorithm.end), OCTET_STRING)
  return der.subarray(key.start, key.end)
}

/** The `subjectPublicKey` BIT STRING content of an SPKI (the key itself, without its algorithm identifier). */
export const spkiKeyBits = (der: Uint8Array): Uint8Array => {
  const outer = expect(readTlv(der, 0), SEQUENCE)
  const algorithm = expect(readTlv(der, outer.start), SEQUENCE)
  const bits = expect(readTlv(der, algorithm.end), BIT_STRING)
  return der.subarray(bits.start, bits.end)
}
