import { Effect, Redacted } from "effect"
import type { AccessToken } from "../m2m/token-response.ts"

/**
 * Where access tokens are kept between requests, by string key (see `TokenProvider`). Every
 * operation is an Effect so a shared store (Redis, another process) fits the same shape; such a
 * store should treat an unreachable backend as a miss on `get` and as best effort on `set` and
 * `delete`, so that a cache outage costs a token request, never a failed API call.
 *
 * @example
 * ```ts
 * import { TokenProvider, TokenStore } from "@netsuite-auth/core"
 * const store = TokenStore.memory() // share it between providers to share tokens
 * ```
 * @category ports
 */
export interface TokenStore {
  readonly get: (key: string) => Effect.Effect<AccessToken | undefined>
  /**
   * Optional, for stores that answer without I/O (the in-memory one): the token `get` would
   * return, synchronously. Adapters use it to send a request with a cached token without running
   * an Effect; a shared store leaves it out and every lookup goes through `get`.
   */
  readonly peek?: ((key: string) => AccessToken | undefined) | undefined
  readonly set: (key: string, token: AccessToken) => Effect.Effect<void>
  readonly delete: (key: string) => Effect.Effect<void>
}

/** True when both hold the same bearer value (works across stores that copy tokens). */
export const sameToken = (a: AccessToken, b: AccessToken): boolean =>
  a === b || Redacted.value(a.accessToken) === Redacted.value(b.accessToken)

/**
 * Token stores.
 *
 * @category ports
 */
export const TokenStore = {
  /**
   * An in-process store backed by a `Map`. Tokens never leave the process.
   *
   * @example
   * ```ts
   * import { TokenStore } from "@netsuite-auth/core"
   * const store = TokenStore.memory()
   * ```
   */
  memory: (): TokenStore => {
    const tokens = new Map<string, AccessToken>()
    return {
      get: (key) => Effect.sync(() => tokens.get(key)),
      peek: (key) => tokens.get(key),
      set: (key, token) =>
        Effect.sync(() => {
          tokens.set(key, token)
        }),
      delete: (key) =>
        Effect.sync(() => {
          tokens.delete(key)
        })
    }
  }
} as const
