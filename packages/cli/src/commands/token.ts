import { type AccessToken, TokenEndpointError, tokenRequest } from "@netsuite-auth/core"
import { decodeTokenResponse } from "@netsuite-auth/core/internal"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { CliError } from "../cli-error.ts"
import { type CliIo, type CredentialFlags, loadM2m, type M2MOptions } from "../credentials.ts"
import { httpRequest, NoAnswer } from "../http-client.ts"
import { tokenAdvice } from "./doctor-advice.ts"

/** Options of `netsuite-auth token`. */
export interface TokenOptions extends CredentialFlags, M2MOptions {
  readonly json?: boolean | undefined
  readonly showToken?: boolean | undefined
}

/**
 * POSTs a fresh client assertion to the token URL and decodes the answer (typed errors only).
 * `audience` is the assertion's `aud` when it is not the URL posted to: the account's own
 * NetSuite token URL, when a base URL (a mock server, a proxy) serves every account.
 */
export const requestAccessToken = async (
  credentials: Parameters<typeof tokenRequest>[0],
  tokenUrl: string,
  now: () => number,
  audience: string = tokenUrl
): Promise<AccessToken> => {
  const request = await Effect.runPromise(tokenRequest(credentials, audience))
  let answer: Awaited<ReturnType<typeof httpRequest>>
  try {
    answer = await httpRequest({
      url: tokenUrl,
      method: request.method,
      headers: request.headers,
      body: request.body
    })
  } catch (e) {
    if (!(e instanceof NoAnswer)) throw e
    throw new TokenEndpointError({
      reason: e.timedOut ? "Timeout" : "Transport",
      message: `The token endpoint ${tokenUrl} did not answer (${e.message}). Check the account ID or NETSUITE_BASE_URL, your network and proxy settings.`
    })
  }
  const result = decodeTokenResponse(answer, now())
  if (Result.isFailure(result)) throw result.failure
  return result.success
}

const iso = (millis: number) => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

/** Requests an access token and prints its type, lifetime and expiry (the token only on request). */
export const tokenCommand = async (options: TokenOptions, io: CliIo, now: () => number): Promise<void> => {
  const { credentials, tokenUrl } = loadM2m(io, options, options)
  let token: AccessToken
  try {
    token = await requestAccessToken(credentials, tokenUrl, now)
  } catch (e) {
    // The same short "what happened; what to check" as doctor's token line, under the same code.
    if (!(e instanceof TokenEndpointError)) throw e
    const { detail, fix } = tokenAdvice(e, tokenUrl, credentials.account)
    throw new CliError(e.code, fix === undefined ? detail : `${detail}: ${fix}`)
  }
  // NetSuite's answer has no `scope`: the token carries the scopes the assertion asked for.
  const scopes = token.scopes.length > 0 ? token.scopes : credentials.scopes
  const accessToken = options.showToken ? Redacted.value(token.accessToken) : undefined
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        tokenType: token.tokenType,
        expiresInSeconds: token.expiresInSeconds,
        expiresAt: iso(token.expiresAtMillis),
        scopes,
        tokenUrl,
        ...(accessToken === undefined ? {} : { accessToken })
      })}\n`
    )
    return
  }
  io.stdout.write(
    [
      `token_type: ${token.tokenType}`,
      `expires_in: ${token.expiresInSeconds} s`,
      `expires_at: ${iso(token.expiresAtMillis)}`,
      `scopes: ${scopes.join(" ")}`,
      `token_url: ${tokenUrl}`,
      accessToken === undefined
        ? "access_token: (hidden; pass --show-token to print it)"
        : `access_token: ${accessToken}`,
      ""
    ].join("\n")
  )
}
