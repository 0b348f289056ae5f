import { Nonce, signOAuth1 } from "@netsuite-auth/core"
import { type CliIo, type CredentialFlags, loadTba } from "../credentials.ts"

/** Options of `netsuite-auth oauth1`. */
export interface OAuth1Options extends CredentialFlags {
  readonly method: string
  readonly url: string
  readonly nonce?: string | undefined
  readonly timestamp?: number | undefined
  readonly baseString?: boolean | undefined
}

/** Prints the `Authorization` header value (and, on request, the signature base string). */
export const oauth1Command = (options: OAuth1Options, io: CliIo, nowMillis: number): void => {
  const credentials = loadTba(io, options)
  const signed = signOAuth1(
    credentials,
    { method: options.method, url: options.url },
    {
      nonce: options.nonce ?? Nonce.secure.next(),
      timestamp: options.timestamp ?? Math.floor(nowMillis / 1000)
    }
  )
  io.stdout.write(`${signed.authorization}\n${options.baseString ? `${signed.baseString}\n` : ""}`)
}
