/**
 * A small DER (ASN.1 Distinguished Encoding Rules) writer: just what a self-signed X.509
 * certificate needs (node:crypto reads certificates but cannot make one). Values are
 * `Uint8Array`s of complete TLVs.
 *
 * @module
 */

const concat = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

const lengthBytes = (length: number): Uint8Array => {
  if (length < 0x80) return Uint8Array.of(length)
  const bytes: Array<number> = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
  return Uint8Array.of(0x80 | bytes.length, ...bytes)
}

/** One TLV: a tag byte, the DER length and the contents. */
export const tlv = (tag: number, contents: Uint8Array): Uint8Array =>
  concat([Uint8Array.of(tag), lengthBytes(contents.length), contents])

/** SEQUENCE of already encoded elements. */
export const sequence = (...elements: ReadonlyArray<Uint8Array>): Uint8Array => tlv(0x30, concat(elements))

/** SET of already encoded elements (one element per SET in the names we build, so no sorting). */
export const set = (...elements: ReadonlyArray<Uint8Array>): Uint8Array => tlv(0x31, concat(elements))

/** NULL. */
export const nullValue = (): Uint8Array => Uint8Array.of(0x05, 0x00)

/** BOOLEAN. */
export const boolean = (value: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, value ? 0xff : 0x00)

/**
 * INTEGER from a non-negative number or big-endian unsigned bytes: leading zero bytes are
 * dropped and a zero byte is added when the high bit is set, so the value stays positive.
 */
export const integer = (value: number | bigint | Uint8Array): Uint8Array => {
  let bytes: Array<number>
  if (value instanceof Uint8Array) {
    bytes = [...value]
  } else {
    let n = BigInt(value)
    if (n < 0n) throw new RangeError("DER integer: only non-negative values are supported")
    bytes = []
    do {
      bytes.unshift(Number(n & 0xffn))
      n >>= 8n
    } while (n > 0n)
  }
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) bytes.shift()
  if (bytes.length === 0) bytes = [0]
  if ((bytes[0]! & 0x80) !== 0) bytes.unshift(0)
  return tlv(0x02, Uint8Array.from(bytes))
}

/** OBJECT IDENTIFIER from dotted form (`"1.2.840.10045.4.3.2"`). */
export const oid = (dotted: string): Uint8Array => {
  const arcs = dotted.split(".").map((arc) => {
    if (!/^\d+$/.test(arc)) throw new RangeError(`DER OID: invalid arc in ${dotted}`)
    return BigInt(arc)
  })
  if (arcs.length < 2) throw new RangeError(`DER OID: ${dotted} needs at least two arcs`)
  const body: Array<number> = []
  const base128 = (arc: bigint) => {
    const chunk: Array<number> = [Number(arc & 0x7fn)]
    for (let n = arc >> 7n; n > 0n; n >>= 7n) chunk.unshift(Number((n & 0x7fn) | 0x80n))
    body.push(...chunk)
  }
  base128(arcs[0]! * 40n + arcs[1]!)
  for (const arc of arcs.slice(2)) base128(arc)
  return tlv(0x06, Uint8Array.from(body))
}

/** BIT STRING with no unused bits. */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(0x03, concat([Uint8Array.of(0), bytes]))

/** OCTET STRING. */
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes)

/** UTF8String. */
export const utf8String = (text: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(text))

/** PrintableString (the caller checks the character set). */
export const printableString = (text: string): Uint8Array => tlv(0x13, new TextEncoder().encode(text))

const pad = (n: number, width: number) => String(n).padStart(width, "0")

/**
 * An X.509 `Time`: UTCTime for years 1950 to 2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5),
 * always in UTC with whole seconds.
 */
export const time = (date: Date): Uint8Array => {
  const year = date.getUTCFullYear()
  const rest =
    pad(date.getUTCMonth() + 1, 2) +
    pad(date.getUTCDate(), 2) +
    pad(date.getUTCHours(), 2) +
    pad(date.getUTCMinutes(), 2) +
    pad(date.getUTCSeconds(), 2) +
    "Z"
  const utc = year >= 1950 && year < 2050
  const text = utc ? pad(year % 100, 2) + rest : pad(year, 4) + rest
  return tlv(utc ? 0x17 : 0x18, new TextEncoder().encode(text))
}

/** Context-specific constructed tag `[n]` (EXPLICIT tagging) around one encoded element. */
export const explicit = (n: number, element: Uint8Array): Uint8Array => tlv(0xa0 | n, element)
