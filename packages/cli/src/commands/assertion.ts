import { clientAssertion } from "@netsuite-auth/core"
import * as Effect from "effect/Effect"
import { type CliIo, type CredentialFlags, loadM2m, type M2MOptions } from "../credentials.ts"

/** Options of `netsuite-auth assertion`. */
export interface AssertionOptions extends CredentialFlags, M2MOptions {}

/** Prints a signed client assertion JWT on one line. */
export const assertionCommand = async (options: AssertionOptions, io: CliIo): Promise<void> => {
  const { credentials, tokenUrl } = loadM2m(io, options, options)
  const jwt = await Effect.runPromise(clientAssertion(credentials, { tokenUrl }))
  io.stdout.write(`${jwt}\n`)
}
