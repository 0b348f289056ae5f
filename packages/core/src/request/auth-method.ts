import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { NetSuiteAccount } from "../account/netsuite-account.ts"
import { ConfigError, type NetSuiteAuthError } from "../errors.ts"
import { M2MCredentials, type M2MCredentialsInput } from "../m2m/m2m-credentials.ts"
import type { AccessToken } from "../m2m/token-response.ts"
import type { RetryOptions } from "../retry/retry-policy.ts"
import type { OAuth1Request } from "../tba/oauth1.ts"
import { passportXml } from "../tba/passport-xml.ts"
import { TbaCredentials, type TbaCredentialsInput } from "../tba/tba-credentials.ts"
import type { NetSuiteAuthEventListener } from "../token/events.ts"
import type { TokenEndpoint } from "../token/token-endpoint.ts"
import { TokenProvider } from "../token/token-provider.ts"
import type { TokenStore } from "../token/token-store.ts"
import type { SigningContext } from "./signing-context.ts"
import * as Signing from "./signing-context.ts"

/** What one attempt sends: a header value (or a passport element), and the bearer token in it. */
export interface Authorization {
  /** `Bearer …`, `OAuth realm=…`, or a `<tokenPassport>` element for SOAP. */
  readonly value: string
  /** The M2M token the value carries: a 401 for it invalidates exactly this token. */
  readonly token?: AccessToken | undefined
}

/** What an authorization is made for: TBA signs the method, the final URL and a form body. */
export interface AuthRequest {
  readonly method: string
  /** A function: building a client's final URL costs time, and only OAuth 1.0a signs it. */
  readonly url: () => string
  /** The `Content-Type` as sent: OAuth 1.0a signs a form-encoded body. */
  readonly contentType?: (() => string | undefined) | undefined
  /** The body as sent, for a form-encoded request (text, `URLSearchParams` or a record of strings). */
  readonly body?: (() => OAuth1Request["body"]) | undefined
}

/**
 * How requests of one account are authenticated, as a value made (and validated) once: the
 * lifecycle asks it for an {@link Authorization} after the request was admitted, and again for
 * every attempt. Make one with {@link AuthMethod.m2m}, {@link AuthMethod.oauth1} or
 * {@link AuthMethod.passport}.
 *
 * @category auth
 */
export interface AuthMethod {
  readonly _tag: "M2M" | "TbaOAuth1" | "TbaPassport"
  /** The account's realm the credentials belong to. */
  readonly realm: string
  /**
   * The authorization right now, or `undefined` when it needs waiting (an M2M token to fetch):
   * the synchronous step of {@link AuthMethod.authorize}, with the same signing. May throw a
   * `ConfigError` (a URL that cannot be signed).
   */
  readonly authorizeUnsafe: (request: AuthRequest, context: SigningContext) => Authorization | undefined
  /** The authorization, waiting for a token if need be, with the context's signing services. */
  readonly authorize: (request: AuthRequest) => Effect.Effect<Authorization, NetSuiteAuthError>
  /** M2M only: the token lifecycle (fetch, refresh, invalidate). */
  readonly tokenProvider?: TokenProvider | undefined
}

/** Options of {@link AuthMethod.m2m}. */
export interface M2MAuthMethodOptions {
  readonly account: NetSuiteAccount
  readonly credentials: M2MCredentials | M2MCredentialsInput
  /** How token requests are sent (each adapter has one: axios, fetch); not needed with `tokenProvider`. */
  readonly endpoint?: TokenEndpoint | undefined
  /** Share one provider (one cache, one refresh at a time) between clients; the options below are then ignored. */
  readonly tokenProvider?: TokenProvider | undefined
  /** Where tokens are kept (default: the account's store, shared by its adapters, or the fleet's). */
  readonly tokenStore?: TokenStore | undefined
  readonly refreshAheadSeconds?: number | undefined
  readonly retry?: Omit<RetryOptions, "onRetry"> | undefined
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

const invalid = (message: string): ConfigError => new ConfigError({ reason: "InvalidCredentials", message })

const checkObject = (value: unknown, what: string, example: string): void => {
  if (typeof value !== "object" || value === null) throw invalid(`${what} are missing: pass ${example}.`)
}

const m2m = (options: M2MAuthMethodOptions): AuthMethod => {
  checkObject(options, "The M2M options", "{ account, credentials, endpoint }")
  const { account } = options
  checkObject(
    options.credentials,
    "The M2M credentials",
    "M2MCredentials.make({ accountId, clientId, certificateId, privateKey })"
  )
  const credentials =
    options.credentials instanceof M2MCredentials
      ? options.credentials
      : M2MCredentials.make(options.credentials)
  account.checkCredentials(credentials, "M2M credentials")
  if (options.tokenProvider === undefined && options.endpoint === undefined) {
    throw invalid(
      "The M2M options need a token endpoint or a tokenProvider: the adapter passes its own endpoint."
    )
  }
  const provider =
    options.tokenProvider ??
    TokenProvider.make({
      credentials,
      account,
      endpoint: options.endpoint as TokenEndpoint,
      store: options.tokenStore ?? account.tokenStore,
      refreshAheadSeconds: options.refreshAheadSeconds,
      retry: options.retry,
      onEvent: options.onEvent
    })
  // Every request with the same token sends the same header: build it once per token.
  let last: Authorization | undefined
  const bearer = (token: AccessToken): Authorization => {
    if (last?.token !== token) last = { value: `Bearer ${Redacted.value(token.accessToken)}`, token }
    return last
  }
  return {
    _tag: "M2M",
    realm: credentials.account.realm,
    tokenProvider: provider,
    authorizeUnsafe: () => {
      const token = provider.cached()
      return token === undefined ? undefined : bearer(token)
    },
    authorize: () => Effect.map(provider.get, bearer)
  }
}

/**
 * Validated TBA credentials from what a caller gave, checked against the account when there is
 * one: the one check every TBA entry point (OAuth 1.0a, the passport, the SOAP plugin) makes.
 */
export const toTbaCredentials = (
  input: TbaCredentials | TbaCredentialsInput,
  account: NetSuiteAccount | undefined
): TbaCredentials => {
  checkObject(
    input,
    "The TBA credentials",
    "TbaCredentials.make({ accountId, consumerKey, consumerSecret, tokenId, tokenSecret })"
  )
  const credentials = input instanceof TbaCredentials ? input : TbaCredentials.make(input)
  account?.checkCredentials(credentials, "TBA credentials")
  return credentials
}

const oauth1 = (options: {
  readonly account: NetSuiteAccount
  readonly credentials: TbaCredentials | TbaCredentialsInput
}): AuthMethod => {
  checkObject(options, "The TBA options", "{ account, credentials }")
  const credentials = toTbaCredentials(options.credentials, options.account)
  const signed = (request: AuthRequest): OAuth1Request => {
    const contentType = request.contentType?.()
    return contentType === undefined
      ? { method: request.method, url: request.url() }
      : { method: request.method, url: request.url(), contentType, body: request.body?.() }
  }
  return {
    _tag: "TbaOAuth1",
    realm: credentials.account.realm,
    authorizeUnsafe: (request, context) => ({
      value: Signing.oauth1Unsafe(credentials, signed(request), context).authorization
    }),
    authorize: (request) =>
      Effect.map(
        Effect.suspend(() => Signing.oauth1(credentials, signed(request))),
        (signature) => ({ value: signature.authorization })
      )
  }
}

const passport = (options: {
  readonly account: NetSuiteAccount
  readonly credentials: TbaCredentials | TbaCredentialsInput
  /** The WSDL version (`2025_2`): it decides the passport's namespaces. */
  readonly wsdlVersion: string
}): AuthMethod => {
  checkObject(options, "The TBA options", "{ account, credentials, wsdlVersion }")
  const credentials = toTbaCredentials(options.credentials, options.account)
  const { wsdlVersion } = options
  return {
    _tag: "TbaPassport",
    realm: credentials.account.realm,
    authorizeUnsafe: (_request, context) => ({
      value: passportXml(Signing.passportUnsafe(credentials, context), wsdlVersion)
    }),
    authorize: () =>
      Effect.map(Signing.passport(credentials), (p) => ({ value: passportXml(p, wsdlVersion) }))
  }
}

/**
 * The three ways NetSuite authenticates a request, as values.
 *
 * @example
 * ```ts
 * import { AuthMethod, NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1" })
 * const credentials = TbaCredentials.make({
 *   accountId: "1234567_SB1", consumerKey: "ck", consumerSecret: "cs", tokenId: "ti", tokenSecret: "ts"
 * })
 * const tba = AuthMethod.oauth1({ account, credentials })
 * tba._tag // "TbaOAuth1"
 * ```
 * @category auth
 */
export const AuthMethod = {
  /** OAuth 2.0 client credentials: `Authorization: Bearer <token>`, one token per credentials, refreshed ahead. */
  m2m,
  /** TBA as OAuth 1.0a: a fresh `Authorization: OAuth …` per attempt, signed over method, final URL and form body. */
  oauth1,
  /** TBA on SOAP: a fresh `tokenPassport` element per attempt. */
  passport
} as const
