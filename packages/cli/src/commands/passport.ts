import { Nonce, passportXml, signPassport } from "@netsuite-auth/core"
import { type CliIo, type CredentialFlags, loadTba } from "../credentials.ts"

/** Options of `netsuite-auth passport`. */
export interface PassportOptions extends CredentialFlags {
  readonly nonce?: string | undefined
  readonly timestamp?: number | undefined
  readonly wsdlVersion: string
  readonly format: "xml" | "json"
}

/** The WSDL version `passport` and `doctor` use unless `--wsdl-version` says otherwise. */
export const DEFAULT_WSDL_VERSION = "2025_2"

/** Prints a signed `tokenPassport` (XML element or JSON record). */
export const passportCommand = (options: PassportOptions, io: CliIo, nowMillis: number): void => {
  const credentials = loadTba(io, options)
  const signed = signPassport(credentials, {
    nonce: options.nonce ?? Nonce.secure.next(),
    timestamp: options.timestamp ?? Math.floor(nowMillis / 1000)
  })
  io.stdout.write(
    `${options.format === "json" ? JSON.stringify(signed) : passportXml(signed, options.wsdlVersion)}\n`
  )
}
