import { ConfigError } from "../errors.ts"
import { percentEncode } from "./percent-encoding.ts"
import type { TbaCredentials } from "./tba-credentials.ts"

/** A signed SOAP `tokenPassport`: single use, one per request, never resent. */
export interface Passport {
  readonly account: string
  readonly consumerKey: string
  readonly token: string
  readonly nonce: string
  readonly timestamp: number
  readonly signature: string
  readonly algorithm: "HMAC-SHA256"
}

const NONCE = /^[0-9A-Za-z]{6,64}$/

/** Checks a caller-supplied nonce and timestamp (fixed values are for debugging and tests). */
export const checkNonceAndTimestamp = (nonce: string, timestamp: number): void => {
  if (!NONCE.test(nonce)) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid nonce ${JSON.stringify(nonce.slice(0, 80))}: NetSuite wants 6 to 64 letters and digits.`
    })
  }
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid timestamp ${String(timestamp)}: expected Unix seconds (a positive whole number).`
    })
  }
}

/**
 * The passport signature base string: `account&consumerKey&token&nonce&timestamp`
 * (each part RFC 5849 percent-encoded, which changes nothing for legal values).
 *
 * @category signing
 */
export const passportBaseString = (credentials: TbaCredentials, nonce: string, timestamp: number): string =>
  `${passportSigner(credentials).prefix}${percentEncode(nonce)}&${percentEncode(String(timestamp))}`

// `account&consumerKey&token&` never changes for a set of credentials: encode it once, with the
// signer bound to it.
interface PassportSigner {
  readonly prefix: string
  readonly sign: (suffix: string) => string
}
const passportSigners = new WeakMap<TbaCredentials, PassportSigner>()
const passportSigner = (credentials: TbaCredentials): PassportSigner => {
  let signer = passportSigners.get(credentials)
  if (signer === undefined) {
    const prefix = `${[credentials.account.realm, credentials.consumerKey, credentials.tokenId].map(percentEncode).join("&")}&`
    signer = { prefix, sign: credentials.signerFor(prefix) }
    passportSigners.set(credentials, signer)
  }
  return signer
}

/**
 * Signs a passport for a given nonce and timestamp: deterministic, for tests and debugging.
 * Use {@link passport} for real requests.
 *
 * @example
 * ```ts
 * import { TbaCredentials, signPassport } from "@netsuite-auth/core"
 * declare const creds: TbaCredentials
 * signPassport(creds, { nonce: "6obMKq0tmY8ylVOdEkA1", timestamp: 1439829974 }).signature
 * ```
 * @category signing
 */
export const signPassport = (
  credentials: TbaCredentials,
  at: { readonly nonce: string; readonly timestamp: number }
): Passport => {
  checkNonceAndTimestamp(at.nonce, at.timestamp)
  return {
    account: credentials.account.realm,
    consumerKey: credentials.consumerKey,
    token: credentials.tokenId,
    nonce: at.nonce,
    timestamp: at.timestamp,
    // The suffix of passportBaseString (a checked timestamp is digits only, which encode as
    // themselves): the same bytes as signing the whole base string.
    signature: passportSigner(credentials).sign(`${percentEncode(at.nonce)}&${at.timestamp}`),
    algorithm: "HMAC-SHA256"
  }
}
