import { X509Certificate } from "node:crypto"
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { generateKeyPair, type KeyType, selfSignedCertificate } from "@netsuite-auth/keys"
import { CliError } from "../cli-error.ts"
import type { CliIo } from "../credentials.ts"

/** Options of `netsuite-auth keygen`. */
export interface KeygenOptions {
  readonly out: string
  readonly type: KeyType
  readonly days: number
  readonly subject: string
}

/** NetSuite's page for uploading an M2M certificate. */
export const M2M_SETUP_PAGE =
  "Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup"

const writeNew = (path: string, text: string, mode: number) => {
  try {
    // wx: fail if the file appeared since we checked; never overwrite a key.
    writeFileSync(path, text, { flag: "wx", mode })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === "EEXIST") {
      throw new CliError(
        "NETSUITE_AUTH_FILE_EXISTS",
        `${path} already exists and keygen never overwrites a key: choose another --out directory, or move the old files away first.`
      )
    }
    throw new CliError(
      "NETSUITE_AUTH_FILE_UNWRITABLE",
      `Cannot write ${path}${code ? ` (${code})` : ""}: check that the --out directory is writable.`
    )
  }
}

/** Writes `private.pem` (PKCS#8, mode 0600) and `certificate.pem`, and says what to do next. */
export const keygen = (options: KeygenOptions, io: CliIo, nowMillis: number): void => {
  const dir = resolve(io.cwd ?? process.cwd(), options.out)
  const keyPath = join(dir, "private.pem")
  const certPath = join(dir, "certificate.pem")
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (e) {
    throw new CliError(
      "NETSUITE_AUTH_FILE_UNWRITABLE",
      `Cannot create the directory ${dir} (${(e as NodeJS.ErrnoException).code ?? "error"}): choose a writable --out directory.`
    )
  }
  // Check both before writing either, so a refusal leaves nothing behind ("wx" still guards races).
  for (const path of [keyPath, certPath]) {
    if (existsSync(path)) {
      throw new CliError(
        "NETSUITE_AUTH_FILE_EXISTS",
        `${path} already exists and keygen never overwrites a key: choose another --out directory, or move the old files away first.`
      )
    }
  }
  // Everything that can fail happens before the first file is written, so a failure leaves
  // nothing behind and a rerun is not refused because of a half-finished first run.
  const { privateKey, publicKey, algorithm } = generateKeyPair(options.type)
  const certificate = selfSignedCertificate({
    privateKey,
    publicKey,
    subject: options.subject,
    days: options.days,
    now: nowMillis
  })
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }) as string
  // `validTo` (an OpenSSL date string) exists on every Node; `validToDate` only from 22.10.
  const validTo = new Date(new X509Certificate(certificate).validTo).toISOString().replace(/\.000Z$/, "Z")
  writeNew(keyPath, keyPem, 0o600)
  try {
    writeNew(certPath, certificate, 0o644)
  } catch (e) {
    unlinkSync(keyPath)
    throw e
  }
  io.stdout.write(
    [
      `wrote ${keyPath} (private key, PKCS#8, ${options.type}, mode 0600: keep it secret, never upload it)`,
      `wrote ${certPath} (self-signed X.509 certificate, subject ${options.subject}, valid ${options.days} days until ${validTo})`,
      `algorithm: ${algorithm}`,
      `next: upload certificate.pem in NetSuite at ${M2M_SETUP_PAGE}`,
      "      (Create New: choose the entity, role and application), then set:",
      "  NETSUITE_CERTIFICATE_ID=<the Certificate ID NetSuite shows>",
      `  NETSUITE_PRIVATE_KEY_PATH=${keyPath}`,
      ""
    ].join("\n")
  )
}
