import type { KeyObject } from "node:crypto"
import { selfSignedCertificate as keysSelfSignedCertificate } from "@netsuite-auth/keys"

/** Options for {@link selfSignedCertificate}. */
export interface SelfSignedCertificateOptions {
  /** Subject and issuer common name. Default `netsuite-auth mock`. */
  readonly commonName?: string
  /** Validity in days from now (NetSuite accepts at most two years). Default 365. */
  readonly days?: number
}

/**
 * A PEM self-signed X.509 v3 certificate for an EC private key (P-256, P-384 or P-521), as
 * NetSuite's M2M setup page wants it uploaded. A shorthand for `@netsuite-auth/keys`' `selfSignedCertificate`
 * with a common name only, valid from a minute ago so a test's clock never sees it as future.
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
  if (privateKey.asymmetricKeyType !== "ec" || !["prime256v1", "secp384r1", "secp521r1"].includes(curve)) {
    throw new TypeError("selfSignedCertificate needs an EC private key on P-256, P-384 or P-521.")
  }
  // The subject is read as `CN=a, O=b`: escape the characters that would split or end the common name.
  const commonName = (options.commonName ?? "netsuite-auth mock").replace(/[\\,]/g, "\\$&")
  return keysSelfSignedCertificate({
    privateKey,
    subject: `CN=${commonName}`,
    days: options.days ?? 365,
    now: Date.now() - 60_000
  })
}
