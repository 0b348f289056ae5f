import {
  type AccessToken,
  ConfigError,
  M2MCredentials,
  type NetSuiteAuthError,
  oauth1HeaderNow,
  TbaCredentials,
  TokenProvider
} from "@netsuite-auth/core"
import { Effect, Redacted } from "effect"
import { axiosTokenEndpoint } from "./axios-token-endpoint.ts"
import type { NetSuiteAuthOptions } from "./install-netsuite-auth.ts"

/** The `Authorization` header of one attempt, and the bearer token it carries (to invalidate on a 401). */
export interface Authorization {
  readonly header: string
  readonly token?: AccessToken | undefined
}

/** What a header is made for. */
export interface AuthorizeRequest {
  readonly method: string
  /** A function: computing axios' final URL costs ~12 µs, and only TBA signs it. */
  readonly url: () => string
}

/** Makes the `Authorization` header of each attempt, for one scheme. */
export interface Authenticator {
  /** The header right now, or `undefined` when it needs waiting (an M2M token to fetch). May throw. */
  readonly authorizeNow: (request: AuthorizeRequest) => Authorization | undefined
  /** The header, waiting for a token if need be, with typed failures. */
  readonly authorize: (request: AuthorizeRequest) => Effect.Effect<Authorization, NetSuiteAuthError>
  readonly tokenProvider?: TokenProvider | undefined
}

export const invalidOption = (message: string): ConfigError =>
  new ConfigError({ reason: "InvalidOption", message })

const urlError = (error: unknown): ConfigError =>
  error instanceof ConfigError
    ? error
    : new ConfigError({
        reason: "InvalidUrl",
        message: `axios could not build the request URL (${error instanceof Error ? error.message.slice(0, 120) : "unknown error"}): check baseURL, url and params.`
      })

const bearerAuthenticator = (options: Extract<NetSuiteAuthOptions, { scheme: "m2m" }>): Authenticator => {
  const { account } = options
  const credentials =
    options.credentials instanceof M2MCredentials
      ? options.credentials
      : M2MCredentials.make(options.credentials)
  const provider =
    options.tokenProvider ??
    TokenProvider.make({
      credentials,
      account,
      endpoint: axiosTokenEndpoint(options.tokenEndpoint),
      store: options.tokenStore,
      refreshAheadSeconds: options.refreshAheadSeconds,
      retry: options.retry === false ? { maxAttempts: 1 } : options.retry,
      onEvent: options.onEvent
    })
  // Every request with the same token sends the same header: build it once per token.
  let last: Authorization | undefined
  const bearer = (token: AccessToken): Authorization => {
    if (last?.token !== token) last = { header: `Bearer ${Redacted.value(token.accessToken)}`, token }
    return last
  }
  return {
    tokenProvider: provider,
    authorizeNow: () => {
      const token = provider.cached()
      return token === undefined ? undefined : bearer(token)
    },
    authorize: () => Effect.map(provider.get, bearer)
  }
}

const oauth1Authenticator = (options: Extract<NetSuiteAuthOptions, { scheme: "tba" }>): Authenticator => {
  const { account } = options
  const credentials =
    options.credentials instanceof TbaCredentials
      ? options.credentials
      : TbaCredentials.make(options.credentials)
  account.checkCredentials(credentials, "TBA credentials")
  // Signed after the limiter admitted the request, from the final URL: never queued pre-signed.
  const sign = (request: AuthorizeRequest): Authorization => ({
    header: oauth1HeaderNow(credentials, { method: request.method, url: request.url() }, account.clockSkew)
      .authorization
  })
  return {
    authorizeNow: sign,
    authorize: (request) => Effect.try({ try: () => sign(request), catch: urlError })
  }
}

/** The authenticator for `options.scheme`; throws a `ConfigError` for bad credentials or an unknown scheme. */
export const makeAuthenticator = (options: NetSuiteAuthOptions): Authenticator => {
  if (options.scheme === "m2m") return bearerAuthenticator(options)
  if (options.scheme === "tba") return oauth1Authenticator(options)
  throw invalidOption(
    `Unknown scheme ${JSON.stringify(String((options as { scheme?: unknown }).scheme))}: use "m2m" or "tba".`
  )
}
