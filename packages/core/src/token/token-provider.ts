import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { NetSuiteAccount } from "../account/netsuite-account.ts"
import { ConfigError, type TokenEndpointError } from "../errors.ts"
import { headerValue } from "../http/header.ts"
import type { M2MCredentials } from "../m2m/m2m-credentials.ts"
import { tokenRequest } from "../m2m/token-request.ts"
import { type AccessToken, decodeTokenResponse } from "../m2m/token-response.ts"
import { type RetryOptions, withNetSuiteRetry } from "../retry/retry-policy.ts"
import * as ClockSkew from "../time/clock-skew.ts"
import { emitEvent, type NetSuiteAuthEventListener } from "./events.ts"
import type { TokenEndpoint } from "./token-endpoint.ts"
import { sameToken, TokenStore } from "./token-store.ts"

/** What {@link TokenProvider.make} needs. */
export interface TokenProviderOptions {
  readonly credentials: M2MCredentials
  /** The account object shared by every adapter: its token URL, and its clock skew (learned here). */
  readonly account: NetSuiteAccount
  readonly endpoint: TokenEndpoint
  /** Where tokens are cached (default: a fresh in-memory store). */
  readonly store?: TokenStore | undefined
  /**
   * Refresh when less than this remains (default 300 s). For tokens shorter than twice this,
   * half the token's lifetime is used instead, so a short-lived token is still reused.
   */
  readonly refreshAheadSeconds?: number | undefined
  /** Bounds of the token endpoint retries (429, 5xx, transport, timeout; never invalid_client/grant). */
  readonly retry?: Omit<RetryOptions, "onRetry"> | undefined
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

/**
 * One cached M2M access token per (account realm, client ID, certificate ID, scopes): refreshed
 * ahead of expiry, fetched by at most one request at a time per key.
 */
export interface TokenProvider {
  /** `realm|clientId|certificateId|sorted scopes`: the cache key (no secret in it). */
  readonly key: string
  /**
   * A token valid for at least the refresh-ahead window. On a miss, one refresh runs and every
   * caller arriving meanwhile waits for it; if it fails, all of them get the error and nothing is
   * cached, so the next call tries again.
   */
  readonly get: Effect.Effect<AccessToken, TokenEndpointError>
  /**
   * The token `get` would return right now without waiting, if there is one: fresh, and held by
   * a store that answers synchronously (`TokenStore.peek`). `undefined` means "use `get`".
   */
  readonly cached: () => AccessToken | undefined
  /**
   * Drops the cached token because NetSuite rejected it. With `token`, only if the cache still
   * holds that token: a late 401 for an old token never throws away a newer one.
   */
  readonly invalidate: (token?: AccessToken) => Effect.Effect<void>
}

export const DEFAULT_REFRESH_AHEAD_SECONDS = 300

/** The cache key for these credentials: realm, client ID, certificate ID and sorted scopes. */
export const tokenCacheKey = (credentials: M2MCredentials): string =>
  [
    credentials.account.realm,
    credentials.clientId,
    credentials.certificateId,
    [...credentials.scopes].sort().join(",")
  ].join("|")

const make = (options: TokenProviderOptions): TokenProvider => {
  const { credentials, account, endpoint, onEvent } = options
  account.checkCredentials(credentials, "M2M credentials")
  const refreshAheadSeconds = options.refreshAheadSeconds ?? DEFAULT_REFRESH_AHEAD_SECONDS
  if (!Number.isFinite(refreshAheadSeconds) || refreshAheadSeconds < 0) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid refreshAheadSeconds ${String(refreshAheadSeconds)}: use a number of seconds of at least 0 (default 300).`
    })
  }
  const store = options.store ?? TokenStore.memory()
  const key = tokenCacheKey(credentials)
  const realm = account.id.realm
  // One in-flight refresh per key: callers that find it here wait for it instead of starting another.
  const inFlight = new Map<string, Deferred.Deferred<AccessToken, TokenEndpointError>>()

  const isFresh = (token: AccessToken, now: number): boolean => {
    const ahead = Math.min(refreshAheadSeconds * 1000, (token.expiresInSeconds * 1000) / 2)
    return now < token.expiresAtMillis - ahead
  }

  // One token request: a fresh assertion every attempt (its own iat/jti), skew learned from Date.
  const fetchOnce: Effect.Effect<AccessToken, TokenEndpointError> = Effect.gen(function* () {
    const request = yield* tokenRequest(credentials, account.endpoints.tokenUrl)
    const response = yield* endpoint.request(request)
    const now = yield* Clock.currentTimeMillis
    account.clockSkew.observe(headerValue(response.headers, "date"), now)
    return yield* Effect.fromResult(decodeTokenResponse(response, now))
  }).pipe(Effect.provideService(ClockSkew.ClockSkew, account.clockSkew))

  // Stored before the fetch counts as done: with a shared store, the others of the fleet read it.
  const fetchAndStore = withNetSuiteRetry(fetchOnce, {
    ...options.retry,
    onRetry: (retry) => emitEvent(onEvent, { type: "retry-scheduled", operation: "token", ...retry })
  }).pipe(Effect.tap((token) => store.set(key, token)))

  const refresh = (previous: AccessToken | undefined): Effect.Effect<AccessToken, TokenEndpointError> =>
    Effect.gen(function* () {
      const started = yield* Clock.currentTimeMillis
      // Another process (shared store) or an earlier refresh may have stored a fresh token meanwhile.
      const current = yield* store.get(key)
      if (current !== undefined && isFresh(current, started)) return current
      // A shared store runs the fetch in one process of the fleet; the others get its token.
      const exit = yield* Effect.exit(
        store.singleFlight === undefined ? fetchAndStore : store.singleFlight(key, fetchAndStore)
      )
      const finished = yield* Clock.currentTimeMillis
      if (Exit.isFailure(exit)) {
        const error = exit.cause.reasons.find((r) => r._tag === "Fail")?.error
        if (error !== undefined) {
          emitEvent(onEvent, {
            type: "token-failed",
            account: realm,
            code: error.code,
            retryable: error.retryable,
            status: error.status
          })
        }
        return yield* exit
      }
      const token = exit.value
      emitEvent(onEvent, {
        type: previous === undefined && current === undefined ? "token-fetched" : "token-refreshed",
        account: realm,
        expiresInSeconds: token.expiresInSeconds,
        durationMillis: finished - started
      })
      return token
    })

  const joinOrStartRefresh = (previous: AccessToken | undefined) =>
    Effect.suspend(() => {
      const running = inFlight.get(key)
      if (running !== undefined) return Deferred.await(running)
      const deferred = Deferred.makeUnsafe<AccessToken, TokenEndpointError>()
      inFlight.set(key, deferred)
      // Detached: a caller that gives up (interrupted, cancelled request) does not cancel the
      // refresh the other waiters depend on. A failure is handed to the waiters, never cached.
      const run = Effect.exit(refresh(previous)).pipe(
        Effect.flatMap((exit) =>
          Effect.sync(() => {
            inFlight.delete(key)
            Deferred.doneUnsafe(deferred, exit)
          })
        )
      )
      return Effect.andThen(Effect.forkDetach(run), Deferred.await(deferred))
    })

  const get: Effect.Effect<AccessToken, TokenEndpointError> = Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const cached = yield* store.get(key)
    if (cached !== undefined && isFresh(cached, now)) return cached
    return yield* joinOrStartRefresh(cached)
  })

  const cached = (): AccessToken | undefined => {
    const token = store.peek?.(key)
    return token !== undefined && isFresh(token, account.signing.clock.currentTimeMillisUnsafe())
      ? token
      : undefined
  }

  const invalidate = (token?: AccessToken): Effect.Effect<void> =>
    Effect.gen(function* () {
      if (token !== undefined) {
        const cached = yield* store.get(key)
        if (cached === undefined || !sameToken(cached, token)) return
      }
      // Compare-and-delete: a shared store may have a newer token by now.
      yield* store.delete(key, token)
      emitEvent(onEvent, { type: "token-invalidated", account: realm })
    })

  return { key, get, cached, invalidate }
}

/**
 * The M2M token lifecycle. Core only describes the token request; the `endpoint` port sends it.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { type M2MCredentials, NetSuiteAccount, type TokenEndpoint, TokenProvider } from "@netsuite-auth/core"
 * declare const credentials: M2MCredentials
 * declare const endpoint: TokenEndpoint // see TokenEndpoint.make
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1" })
 * const provider = TokenProvider.make({ credentials, account, endpoint, onEvent: (e) => console.log(e.type) })
 * const token = await Effect.runPromise(provider.get) // one request, however many callers
 * ```
 * @category token
 */
export const TokenProvider = { make } as const
