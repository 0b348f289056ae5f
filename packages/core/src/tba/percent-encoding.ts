const UNRESERVED = /^[A-Za-z0-9\-._~]*$/

/**
 * RFC 3986 / RFC 5849 §3.6 percent-encoding: only `A-Z a-z 0-9 - . _ ~` stay as they are,
 * everything else becomes `%XX` of its UTF-8 bytes with upper-case hex, a space is `%20`.
 * `encodeURIComponent` leaves `! * ' ( )` alone, so those are patched.
 *
 * @example
 * ```ts
 * import { percentEncode } from "@netsuite-auth/core"
 * percentEncode("a b!*'()~") // "a%20b%21%2A%27%28%29~"
 * ```
 * @category encoding
 */
export const percentEncode = (value: string): string =>
  // Most values (hex keys, nonces, timestamps) need no encoding: skip the two passes for them.
  UNRESERVED.test(value)
    ? value
    : encodeURIComponent(value.toWellFormed()).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
      )

/**
 * Decodes a query component as a browser would send it: `+` is a space, `%XX` sequences are
 * UTF-8 bytes. A malformed sequence is kept literally (it is then signed as `%25XX`).
 *
 * @category encoding
 */
export const percentDecode = (value: string): string => {
  const plusDecoded = value.replace(/\+/g, " ")
  try {
    return decodeURIComponent(plusDecoded)
  } catch {
    return plusDecoded.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}
