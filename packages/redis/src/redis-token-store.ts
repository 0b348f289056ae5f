import { createHash } from "node:crypto"
import type { AccessToken, TokenStore } from "@netsuite-auth/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { Fleet } from "./fleet.ts"
import { type TokenKeys, tokenChannel, tokenKeys } from "./keys.ts"
import {
  deleteTokenScript,
  lockScript,
  readTokenScript,
  unlockScript,
  writeTokenScript
} from "./token-scripts.ts"

/** The store as the coordination drives it: messages from the token channel. */
export interface RedisTokenStore {
  readonly store: TokenStore
  readonly onMessage: (message: string) => void
}

interface StoredToken {
  readonly a: string
  readonly e: number
  readonly s?: string | undefined
}

// The provider's default refresh-ahead: a token inside it is read from Redis again, where
// another process may already have stored its successor.
const REFRESH_AHEAD_MILLIS = 300_000
const isFresh = (token: AccessToken, now: number): boolean =>
  now < token.expiresAtMillis - Math.min(REFRESH_AHEAD_MILLIS, token.expiresInSeconds * 500)

/** Same bearer value (tokens read from Redis are new objects). */
const sameToken = (a: AccessToken, b: AccessToken): boolean =>
  a === b || Redacted.value(a.accessToken) === Redacted.value(b.accessToken)

const sha1 = (token: AccessToken): string =>
  createHash("sha1").update(Redacted.value(token.accessToken)).digest("hex")

const decode = (value: string, remainingMillis: number, now: number): AccessToken | undefined => {
  try {
    const stored = JSON.parse(value) as Partial<StoredToken>
    if (typeof stored.a !== "string" || typeof stored.e !== "number" || remainingMillis <= 0) return undefined
    const scope = typeof stored.s === "string" ? stored.s : undefined
    return {
      accessToken: Redacted.make(stored.a),
      tokenType: "Bearer",
      expiresInSeconds: stored.e,
      expiresAtMillis: now + remainingMillis,
      scope,
      scopes: scope === undefined ? [] : scope.split(/[\s,]+/).filter((s) => s !== "")
    }
  } catch {
    return undefined
  }
}

/**
 * The fleet's M2M token store. Only the access token (a bearer credential, with its lifetime and
 * scope) is written to Redis, never a private key or a TBA secret. Each process keeps an
 * in-process copy, so a request with a fresh token costs no Redis round trip (`peek`, `get`);
 * a refresh runs in one process of the fleet at a time (`singleFlight`: a lock with expiry,
 * the others wait on pub/sub for its token). Redis being unreachable costs a token request,
 * never a failed API call: reads miss, writes are best effort, the single flight runs locally.
 */
export const makeRedisTokenStore = (fleet: Fleet): RedisTokenStore => {
  const { redis } = fleet
  const channel = tokenChannel(fleet.keyPrefix)
  const readRedis = redis.eval(readTokenScript)
  const writeRedis = redis.eval(writeTokenScript)
  const deleteRedis = redis.eval(deleteTokenScript)
  const lockRedis = redis.eval(lockScript)
  const unlockRedis = redis.eval(unlockScript)
  // A bounded wait: a slow or stuck Redis must not hold an API call up for long.
  const bound = Math.min(fleet.unreachableTimeoutMillis, 2_000)
  const lockMillis = fleet.leaseMillis

  const copies = new Map<string, AccessToken>()
  /** Tokens this process wrote, so the provider's store-after-fetch does not write twice. */
  const written = new Map<string, AccessToken>()
  const keysByStoreKey = new Map<string, TokenKeys>()
  const storeKeyByRedisKey = new Map<string, string>()
  const wakers = new Map<string, Set<() => void>>()
  let lockSeq = 0

  const keysOf = (storeKey: string): TokenKeys => {
    let keys = keysByStoreKey.get(storeKey)
    if (keys === undefined) {
      keys = tokenKeys(fleet.keyPrefix, storeKey)
      keysByStoreKey.set(storeKey, keys)
      storeKeyByRedisKey.set(keys.token, storeKey)
    }
    return keys
  }

  const call = <A>(effect: Effect.Effect<A, unknown>): Effect.Effect<A, "unavailable"> =>
    fleet.connected()
      ? Effect.tryPromise({
          try: () => fleet.run(effect as Effect.Effect<A, never>),
          catch: () => "unavailable" as const
        }).pipe(Effect.timeoutOrElse({ duration: bound, orElse: () => Effect.fail("unavailable" as const) }))
      : Effect.fail("unavailable" as const)

  const readRemote = (storeKey: string): Effect.Effect<AccessToken | undefined, "unavailable"> =>
    Effect.gen(function* () {
      const reply = yield* call(readRedis(keysOf(storeKey).token))
      if (reply === null) return undefined
      const now = yield* Clock.currentTimeMillis
      return decode(String(reply[0]), Number(reply[1]), now)
    })

  const remember = (storeKey: string, token: AccessToken): AccessToken => {
    const copy = copies.get(storeKey)
    // Keep the object we already hand out when it is the same token (identity stays stable).
    if (copy !== undefined && sameToken(copy, token)) return copy
    copies.set(storeKey, token)
    return token
  }

  const get = (storeKey: string): Effect.Effect<AccessToken | undefined> =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const copy = copies.get(storeKey)
      if (copy !== undefined && isFresh(copy, now)) return copy
      const remote = yield* Effect.orElseSucceed(readRemote(storeKey), () => undefined)
      if (remote !== undefined) return remember(storeKey, remote)
      // Redis lost it (restart) or cannot be reached: a copy that is still valid still works.
      return copy !== undefined && now < copy.expiresAtMillis ? copy : undefined
    })

  const set = (storeKey: string, token: AccessToken): Effect.Effect<void> =>
    Effect.gen(function* () {
      remember(storeKey, token)
      const last = written.get(storeKey)
      if (last !== undefined && sameToken(last, token)) return
      const now = yield* Clock.currentTimeMillis
      const ttl = Math.floor(token.expiresAtMillis - now)
      if (ttl <= 0) return
      const value: StoredToken = {
        a: Redacted.value(token.accessToken),
        e: token.expiresInSeconds,
        ...(token.scope === undefined ? {} : { s: token.scope })
      }
      const stored = yield* Effect.exit(
        call(writeRedis(keysOf(storeKey).token, channel, JSON.stringify(value), ttl))
      )
      if (stored._tag === "Success") written.set(storeKey, token)
    })

  const del = (storeKey: string, only?: AccessToken): Effect.Effect<void> =>
    Effect.gen(function* () {
      const copy = copies.get(storeKey)
      if (copy !== undefined && (only === undefined || sameToken(copy, only))) copies.delete(storeKey)
      const last = written.get(storeKey)
      if (last !== undefined && (only === undefined || sameToken(last, only))) written.delete(storeKey)
      yield* Effect.ignore(
        call(deleteRedis(keysOf(storeKey).token, channel, only === undefined ? "" : sha1(only)))
      )
    })

  // Resolves when the token channel mentions this key (stored, deleted, lock released) or after `millis`.
  const wake = (redisKey: string, millis: number): Effect.Effect<void> =>
    Effect.callback<void>((resume) => {
      let group = wakers.get(redisKey)
      if (group === undefined) {
        group = new Set()
        wakers.set(redisKey, group)
      }
      const members = group
      const forget = (): void => {
        clearTimeout(timer)
        members.delete(done)
        if (members.size === 0) wakers.delete(redisKey)
      }
      const done = (): void => {
        forget()
        resume(Effect.void)
      }
      const timer = setTimeout(done, millis)
      members.add(done)
      return Effect.sync(forget)
    })

  const singleFlight = <E>(
    storeKey: string,
    fetch: Effect.Effect<AccessToken, E>
  ): Effect.Effect<AccessToken, E> => {
    const keys = keysOf(storeKey)
    const fetchAndStore = Effect.tap(fetch, (token) => set(storeKey, token))
    const attempt = (round: number): Effect.Effect<AccessToken, E | "unavailable"> =>
      Effect.gen(function* () {
        const before = yield* readRemote(storeKey)
        const now = yield* Clock.currentTimeMillis
        if (before !== undefined && isFresh(before, now)) return remember(storeKey, before)
        const owner = `${fleet.processId}:${(++lockSeq).toString(36)}`
        const taken = yield* call(lockRedis(keys.lock, owner, lockMillis))
        if (taken === 1) {
          return yield* fetchAndStore.pipe(
            Effect.ensuring(Effect.ignore(call(unlockRedis(keys.lock, channel, owner, keys.token))))
          )
        }
        // Another process fetches: wait for its token, at most until its lock runs out.
        yield* wake(keys.token, Math.min(-taken, lockMillis) + 50)
        const after = yield* readRemote(storeKey)
        if (after !== undefined && (before === undefined || !sameToken(after, before))) {
          return remember(storeKey, after)
        }
        // It failed or died without a token: try to take the lock ourselves (a few times).
        if (round >= 3) return yield* fetchAndStore
        return yield* attempt(round + 1)
      })
    // Redis unreachable: the fetch runs here, as it would without a shared store.
    return Effect.catch(attempt(0), (error) =>
      error === "unavailable" ? fetchAndStore : Effect.fail(error as E)
    )
  }

  const store: TokenStore = {
    get,
    peek: (storeKey) => copies.get(storeKey),
    set,
    delete: del,
    singleFlight
  }

  return {
    store,
    onMessage: (message) => {
      const [kind, redisKey, digest] = message.split(" ")
      if (redisKey === undefined) return
      if (kind === "del") {
        const storeKey = storeKeyByRedisKey.get(redisKey)
        const copy = storeKey === undefined ? undefined : copies.get(storeKey)
        if (
          storeKey !== undefined &&
          copy !== undefined &&
          (digest === undefined || digest === "" || digest === sha1(copy))
        ) {
          copies.delete(storeKey)
        }
      }
      for (const done of [...(wakers.get(redisKey) ?? [])]) done()
    }
  }
}
