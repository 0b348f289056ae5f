import { ConfigError } from "../errors.ts"

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

/** What is wrong with a form-encoded text: the first malformed escape and where it is. */
export interface MalformedPercentEncoding {
  /** The offending characters (at most 12), e.g. `"%ZZ"`, `"%"`, `"%C3"`. */
  readonly sequence: string
  /** Why: not `%` + two hex digits, or bytes that are not UTF-8. */
  readonly problem: "not-hex" | "not-utf8"
}

const NOT_HEX = /%(?![0-9A-Fa-f]{2})/

/**
 * Finds the first malformed percent escape of `value`: a `%` not followed by two hex digits
 * (RFC 3986 §2.1), or a run of escapes whose bytes are not UTF-8 (RFC 5849 §3.6 signs UTF-8).
 * `undefined` when the text decodes unambiguously.
 */
export const malformedPercentEncoding = (value: string): MalformedPercentEncoding | undefined => {
  const bad = NOT_HEX.exec(value)
  if (bad !== null) return { sequence: value.slice(bad.index, bad.index + 3), problem: "not-hex" }
  for (const run of value.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    try {
      decodeURIComponent(run[0])
    } catch {
      return { sequence: run[0].slice(0, 12), problem: "not-utf8" }
    }
  }
  return undefined
}

/** The advice every refusal of a malformed escape ends with. */
export const describeMalformed = (found: MalformedPercentEncoding): string =>
  `${JSON.stringify(found.sequence)} is ${found.problem === "not-hex" ? "a % not followed by two hex digits" : "a percent-encoded byte sequence that is not UTF-8"}; the signer and NetSuite could decode it differently, so it is refused before sending. Encode a literal % as %25 (URLSearchParams, axios params and encodeURIComponent do).`

/**
 * Decodes one `application/x-www-form-urlencoded` component as RFC 5849 §3.4.1.3.1 signs it:
 * `+` is a space and `%XX` escapes are UTF-8 bytes. A malformed escape is refused with a
 * `ConfigError` (`NETSUITE_AUTH_INVALID_URL`) rather than guessed at, because the two ends of
 * a signature must decode the same bytes.
 *
 * @example
 * ```ts
 * import { percentDecode } from "@netsuite-auth/core/internal"
 * percentDecode("caf%C3%A9+au+lait") // "café au lait"
 * percentDecode("100%") // throws ConfigError NETSUITE_AUTH_INVALID_URL
 * ```
 * @category encoding
 */
export const percentDecode = (value: string): string => {
  const spaced = value.includes("+") ? value.replaceAll("+", " ") : value
  if (!spaced.includes("%")) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    const found = malformedPercentEncoding(value) ?? { sequence: value.slice(0, 12), problem: "not-utf8" }
    throw new ConfigError({
      reason: "InvalidUrl",
      message: `Malformed percent-encoding: ${describeMalformed(found)}`
    })
  }
}

/**
 * Splits a form-encoded text (a query without `?`, or an `application/x-www-form-urlencoded`
 * body) into decoded `[name, value]` pairs, repeats and empty values kept, empty pairs skipped.
 * Throws the `ConfigError` of {@link percentDecode} for a malformed escape.
 *
 * @example
 * ```ts
 * import { formParameters } from "@netsuite-auth/core/internal"
 * formParameters("a=1&b=x+y&flag") // [["a", "1"], ["b", "x y"], ["flag", ""]]
 * ```
 * @category encoding
 */
export const formParameters = (form: string): Array<readonly [string, string]> => {
  const pairs: Array<readonly [string, string]> = []
  if (form === "") return pairs
  for (const pair of form.split("&")) {
    if (pair === "") continue
    const eq = pair.indexOf("=")
    pairs.push(
      eq === -1
        ? [percentDecode(pair), ""]
        : [percentDecode(pair.slice(0, eq)), percentDecode(pair.slice(eq + 1))]
    )
  }
  return pairs
}
