/**
 * A small DER (ASN.1 Distinguished Encoding Rules) reader: just what re-wrapping an RSASSA-PSS
 * key as a plain RSA key needs (asRsaKey). node:crypto exports keys as DER but cannot change an
 * `id-RSASSA-PSS` key into an `rsaEncryption` one (PKCS#1 and JWK export refuse RSASSA-PSS keys).
 *
 * @module
 */

/** A TLV read back from DER. */
export interface DerElement {
  readonly tag: number
  /** The contents (without tag and length). */
  readonly contents: Uint8Array
  /** The whole TLV. */
  readonly raw: Uint8Array
}

/** Reads the TLV at `offset`; throws a `RangeError` on truncated or non-DER input. */
export const read = (bytes: Uint8Array, offset = 0): DerElement => {
  const tag = bytes[offset]
  const first = bytes[offset + 1]
  if (tag === undefined || first === undefined) throw new RangeError("DER: truncated")
  let length = first
  let header = 2
  if (first & 0x80) {
    const count = first & 0x7f
    if (count === 0 || count > 4) throw new RangeError("DER: unsupported length")
    length = 0
    for (let i = 0; i < count; i++) {
      const b = bytes[offset + 2 + i]
      if (b === undefined) throw new RangeError("DER: truncated")
      length = length * 256 + b
    }
    header += count
  }
  const end = offset + header + length
  if (end > bytes.length) throw new RangeError("DER: truncated")
  return { tag, contents: bytes.subarray(offset + header, end), raw: bytes.subarray(offset, end) }
}

/** The elements inside a constructed value (a SEQUENCE's contents). */
export const children = (contents: Uint8Array): Array<DerElement> => {
  const out: Array<DerElement> = []
  for (let offset = 0; offset < contents.length; ) {
    const element = read(contents, offset)
    out.push(element)
    offset += element.raw.length
  }
  return out
}
