// HMAC-SHA256 for TBA signatures, by node:crypto. The key becomes one KeyObject, made once per
// credentials and reused for every signature: `createHmac` with a Buffer key rebuilds the key on
// each call, which is slow on Node 24 (see docs/adr/0002-hmac-in-javascript.md for the history).
import { createHmac, createSecretKey, type KeyObject } from "node:crypto"

/**
 * An HMAC-SHA256 signer for one key (see {@link hmacSha256Signer}).
 *
 * @internal
 */
export interface HmacSha256Signer {
  /** Base64 MAC of `data` (a string is signed as its UTF-8 bytes, lone surrogates as U+FFFD). */
  (data: string | Uint8Array): string
  /**
   * A signer of `prefix + suffix`, for base strings that share a constant start. The result
   * equals `signer(prefix + suffix)` exactly (a prefix that ends in half a surrogate pair joins
   * the suffix's other half). It holds the key: keep it private.
   */
  readonly withPrefix: (prefix: string) => (suffix: string) => string
}

/**
 * Builds an HMAC-SHA256 signer for one key. The key is copied into a `KeyObject` here (the
 * caller may wipe its buffer afterwards) and lives only in the returned closures.
 *
 * Internal to core (no `@example`: the checked examples import from the package, and this is not
 * exported): `hmacSha256Signer(Buffer.from("key"))("The quick brown fox jumps over the lazy dog")`
 * is `"97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="`, and so is
 * `hmacSha256Signer(Buffer.from("key")).withPrefix("The quick brown fox ")("jumps over the lazy dog")`.
 *
 * @internal
 */
export const hmacSha256Signer = (key: Uint8Array): HmacSha256Signer => {
  const secret: KeyObject = createSecretKey(key)
  const sign = (data: string | Uint8Array): string =>
    typeof data === "string"
      ? createHmac("sha256", secret).update(data, "utf8").digest("base64")
      : createHmac("sha256", secret).update(data).digest("base64")
  // One string, not two `update` calls: a prefix ending in a high surrogate must pair with the
  // suffix's first unit, and one update of the joined string measured as fast as the floor.
  const withPrefix =
    (prefix: string) =>
    (suffix: string): string =>
      sign(prefix + suffix)
  return Object.assign(sign, { withPrefix })
}
