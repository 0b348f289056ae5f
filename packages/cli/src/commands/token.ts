import { type AccessToken, decodeTokenResponse, TokenEndpointError, tokenRequest } from "@netsuite-auth/core"
import { Effect, Redacted, Result } from "effect"
import { type CliIo, type CredentialFlags, loadM2m, type M2MOptions } from "../credentials.ts"
import { httpRequest, NoAnswer } from "../http-client.ts"

/** Options of `netsuite-auth token`. */
export interface TokenOptions extends CredentialFlags, M2MOptions {
  readonly json?: boolean | undefined
  readonly showToken?: boolean | undefined
}

/** POSTs a fresh client assertion to the token URL and decodes the answer (typed errors only). */
export const requestAccessToken = async (
  credentials: Parameters<typeof tokenRequest>[0],
  tokenUrl: string,
  now: () => number
): Promise<AccessToken> => {
  const request = await Effect.runPromise(tokenRequest(credentials, tokenUrl))
  let answer: Awaited<ReturnType<typeof httpRequest>>
  try {
    answer = await httpRequest({
      url: request.url,
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
  const token = await requestAccessToken(credentials, tokenUrl, now)
  const accessToken = options.showToken ? Redacted.value(token.accessToken) : undefined
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        tokenType: token.tokenType,
        expiresInSeconds: token.expiresInSeconds,
        expiresAt: iso(token.expiresAtMillis),
        scopes: token.scopes,
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
      ...(token.scopes.length > 0 ? [`scopes: ${token.scopes.join(" ")}`] : []),
      `token_url: ${tokenUrl}`,
      accessToken === undefined
        ? "access_token: (hidden; pass --show-token to print it)"
        : `access_token: ${accessToken}`,
      ""
    ].join("\n")
  )
}
