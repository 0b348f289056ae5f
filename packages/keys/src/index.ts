/**
 * @netsuite-auth/keys: the setup-time tools for NetSuite's OAuth 2.0 client credentials (M2M).
 *
 * Generate a key pair NetSuite accepts, build the self-signed certificate you upload on the
 * M2M setup page, and check a certificate (key type, validity, whether it belongs to a key).
 * A running integration never needs this package: it needs only the private key, which
 * `M2MCredentials.make` in `@netsuite-auth/core` reads.
 *
 * @module
 */
export {
  type CertificateInfo,
  certificateMatchesKey,
  inspectCertificate,
  MAX_CERTIFICATE_PEM_LENGTH
} from "./certificate.ts"
export { generateKeyPair, isKeyType, KEY_TYPES, type KeyPair, type KeyType } from "./key-pair.ts"
export {
  MAX_CERTIFICATE_DAYS,
  type SelfSignedCertificateOptions,
  selfSignedCertificate
} from "./self-signed-certificate.ts"
