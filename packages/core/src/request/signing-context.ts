import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { ConfigError } from "../errors.ts"
import * as Nonce from "../random/nonce.ts"
import { type OAuth1Request, type OAuth1Signature, signOAuth1 } from "../tba/oauth1.ts"
import { type Passport, signPassport } from "../tba/passport.ts"
import type { TbaCredentials } from "../tba/tba-credentials.ts"
import * as ClockSkew from "../time/clock-skew.ts"

/**
 * What a fresh TBA signature draws from: the nonce service, Effect's clock and the account's
 * NetSuite clock skew. The Effect programs read it from the context (a `TestClock` and a seeded
 * nonce in tests); a `NetSuiteAccount` holds the real one for the synchronous request path. Both
 * sign with the same functions below, so what the tests run is what production runs.
 */
export interface SigningContext {
  readonly clock: Clock.Clock
  readonly nonce: Nonce.NonceGenerator
  readonly skew: ClockSkew.ClockSkew
}

/** The signing context of the current fiber: `Clock`, `Nonce` and `ClockSkew` services. */
export const current: Effect.Effect<SigningContext> = Effect.gen(function* () {
  return { clock: yield* Clock.Clock, nonce: yield* Nonce.Nonce, skew: yield* ClockSkew.ClockSkew }
})

/** NetSuite's time in Unix seconds for this context. */
export const unixSecondsUnsafe = (context: SigningContext): number =>
  ClockSkew.netSuiteSeconds(context.skew, context.clock.currentTimeMillisUnsafe())

/** A fresh passport (new nonce, NetSuite's time), synchronously: what SOAP sends. */
export const passportUnsafe = (credentials: TbaCredentials, context: SigningContext): Passport =>
  signPassport(credentials, { nonce: context.nonce.next(), timestamp: unixSecondsUnsafe(context) })

/** A fresh OAuth 1.0a signature (new nonce, NetSuite's time), synchronously; throws a `ConfigError`. */
export const oauth1Unsafe = (
  credentials: TbaCredentials,
  request: OAuth1Request,
  context: SigningContext
): OAuth1Signature =>
  signOAuth1(credentials, request, { nonce: context.nonce.next(), timestamp: unixSecondsUnsafe(context) })

/**
 * A fresh passport (new nonce from the `Nonce` service, NetSuite's time from `Clock` and
 * `ClockSkew`): {@link passportUnsafe} with the context's services, synchronous.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { passport, TbaCredentials } from "@netsuite-auth/core"
 * const creds = TbaCredentials.make({ accountId: "1234567", consumerKey: "ck", consumerSecret: "cs", tokenId: "ti", tokenSecret: "ts" })
 * Effect.runSync(passport(creds)).nonce.length // 24
 * ```
 * @category signing
 */
export const passport = (credentials: TbaCredentials): Effect.Effect<Passport> =>
  Effect.map(current, (context) => passportUnsafe(credentials, context))

/**
 * A fresh OAuth 1.0a signature (new nonce, NetSuite's time): {@link oauth1Unsafe} with the
 * context's services. Make it after the request is admitted, and again for every retry.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { oauth1Header, TbaCredentials } from "@netsuite-auth/core"
 * const creds = TbaCredentials.make({ accountId: "1234567", consumerKey: "ck", consumerSecret: "cs", tokenId: "ti", tokenSecret: "ts" })
 * const url = "https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1"
 * Effect.runSync(oauth1Header(creds, { method: "GET", url })).authorization.startsWith("OAuth realm") // true
 * ```
 * @category signing
 */
export const oauth1 = (
  credentials: TbaCredentials,
  request: OAuth1Request
): Effect.Effect<OAuth1Signature, ConfigError> =>
  Effect.flatMap(current, (context) =>
    Effect.try({ try: () => oauth1Unsafe(credentials, request, context), catch: unsignableUrl })
  )

/** A URL that cannot be signed is a typed `ConfigError`, never a defect. */
export const unsignableUrl = (e: unknown): ConfigError =>
  e instanceof ConfigError
    ? e
    : new ConfigError({
        reason: "InvalidUrl",
        message: `The request URL could not be signed (${e instanceof Error ? e.message.slice(0, 120) : "unknown error"}): check baseURL, url and params.`
      })

// Effect's own clock, for callers without a fiber (the Effect path reads the fiber's).
let systemClock: Clock.Clock | undefined
/** The signing context of the real world: Effect's default clock, the CSPRNG nonce, and `skew`. */
export const live = (skew: ClockSkew.ClockSkew): SigningContext => {
  systemClock ??= Effect.runSync(Effect.clockWith(Effect.succeed))
  return { clock: systemClock, nonce: Nonce.secure, skew }
}

/**
 * A fresh passport without an Effect, from the real clock and CSPRNG: {@link passportUnsafe}
 * with {@link live}. Adapters use the account's `signing` context instead.
 *
 * @category signing
 */
export const passportNow = (credentials: TbaCredentials, skew: ClockSkew.ClockSkew): Passport =>
  passportUnsafe(credentials, live(skew))

/**
 * A fresh OAuth 1.0a signature without an Effect: {@link oauth1Unsafe} with {@link live}.
 * Throws a `ConfigError` for a URL that cannot be signed.
 *
 * @category signing
 */
export const oauth1HeaderNow = (
  credentials: TbaCredentials,
  request: OAuth1Request,
  skew: ClockSkew.ClockSkew
): OAuth1Signature => oauth1Unsafe(credentials, request, live(skew))
