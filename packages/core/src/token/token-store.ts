import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type { AccessToken } from "../m2m/token-response.ts"

/**
 * Where access tokens are kept between requests, by string key (see `TokenProvider`). Every
 * operation is an Effect so a shared store (Redis, another process) fits the same shape; such a
 * store should treat an unreachable backend as a miss on `get` and as best effort on `set` and
 * `delete`, so that a cache outage costs a token request, never a failed API call.
 *
 * @example
 * ```ts
 * import { TokenStore } from "@netsuite-auth/core"
 * const store = TokenStore.memory() // share it between providers to share tokens
 * ```
 * @category ports
 */
export interface TokenStore {
  readonly get: (key: string) => Effect.Effect<AccessToken | undefined>
  /**
   * Optional, for stores that answer without I/O (the in-memory one, or a shared store's
   * in-process copy): the token `get` would return, synchronously. Adapters use it to send a
   * request with a cached token without running an Effect.
   */
  readonly peek?: ((key: string) => AccessToken | undefined) | undefined
  readonly set: (key: string, token: AccessToken) => Effect.Effect<void>
  /**
   * Drops the token under `key`; with `only`, only while the store still holds that very token
   * (compare-and-delete), so a late 401 for an old token never discards a newer one.
   */
  readonly delete: (key: string, only?: AccessToken) => Effect.Effect<void>
  /**
   * Optional: runs `fetch` in at most one place per key across everyone sharing the store (a
   * lock with expiry in Redis, say); the others wait and get the token it stored. Without it
   * the token provider's in-process single flight is the only one.
   */
  readonly singleFlight?:
    | (<E>(key: string, fetch: Effect.Effect<AccessToken, E>) => Effect.Effect<AccessToken, E>)
    | undefined
}

/** True when both hold the same bearer value (works across stores that copy tokens). */
export const sameToken = (a: AccessToken, b: AccessToken): boolean =>
  a === b || Redacted.value(a.accessToken) === Redacted.value(b.accessToken)

const memory = (): TokenStore => {
  const tokens = new Map<string, AccessToken>()
  return {
    get: (key) => Effect.sync(() => tokens.get(key)),
    peek: (key) => tokens.get(key),
    set: (key, token) =>
      Effect.sync(() => {
        tokens.set(key, token)
      }),
    delete: (key, only) =>
      Effect.sync(() => {
        const held = tokens.get(key)
        if (held !== undefined && (only === undefined || sameToken(held, only))) tokens.delete(key)
      })
  }
}

/** The {@link TokenStore} service key. */
const Service: Context.Service<TokenStore, TokenStore> = Context.Service<TokenStore>(
  "@netsuite-auth/core/TokenStore"
)

/**
 * Token stores, and the `TokenStore` service.
 *
 * @category ports
 */
export const TokenStore = {
  /** The service key: `yield* TokenStore.Service`. */
  Service,
  /**
   * An in-process store backed by a `Map`. Tokens never leave the process.
   *
   * @example
   * ```ts
   * import { TokenStore } from "@netsuite-auth/core"
   * const store = TokenStore.memory()
   * ```
   */
  memory,
  /** A layer with a fresh in-memory store. */
  layerMemory: (): Layer.Layer<TokenStore> => Layer.sync(Service, memory)
} as const
