/**
 * The token store's scripts. A stored token is `{"a": access token, "e": expires_in, "s": scope}`
 * with a Redis expiry equal to its remaining life, so readers take the remaining life from
 * Redis's TTL, never from a writer's clock.
 */
import * as Redis from "effect/persistence/Redis"

/** The stored value and its remaining life in milliseconds, or nothing. */
export const readTokenScript = Redis.script((token: string) => [token], {
  numberOfKeys: 1,
  lua: `
local value = redis.call('GET', KEYS[1])
if not value then return false end
return {value, redis.call('PTTL', KEYS[1])}
`
}).withReturnType<readonly [string, number] | null>()

/** Stores a token for `ttlMillis` and tells the fleet (waiters of a single flight wake up). */
export const writeTokenScript = Redis.script(
  (token: string, channel: string, value: string, ttlMillis: number) => [token, channel, value, ttlMillis],
  {
    numberOfKeys: 1,
    lua: `
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('PUBLISH', ARGV[1], 'set ' .. KEYS[1])
return 1
`
  }
).withReturnType<number>()

/**
 * Deletes the token; with a SHA-1 of a bearer value, only while the stored token is that one
 * (compare-and-delete: a late 401 for an old token never discards a newer one). The fleet is
 * told, so every process drops its in-process copy of that token. Returns 1 when deleted.
 */
export const deleteTokenScript = Redis.script(
  (token: string, channel: string, onlySha1: string) => [token, channel, onlySha1],
  {
    numberOfKeys: 1,
    lua: `
local value = redis.call('GET', KEYS[1])
if not value then return 0 end
if ARGV[2] ~= '' then
  local ok, decoded = pcall(cjson.decode, value)
  if not ok or type(decoded.a) ~= 'string' or redis.sha1hex(decoded.a) ~= ARGV[2] then return 0 end
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[1], 'del ' .. KEYS[1] .. ' ' .. ARGV[2])
return 1
`
  }
).withReturnType<number>()

/** Takes the fetch lock for `ttlMillis` if nobody holds it: 1 taken, else the holder's remaining ms. */
export const lockScript = Redis.script(
  (lock: string, owner: string, ttlMillis: number) => [lock, owner, ttlMillis],
  {
    numberOfKeys: 1,
    lua: `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return -math.max(1, redis.call('PTTL', KEYS[1]))
`
  }
).withReturnType<number>()

/** Releases the fetch lock if the caller still owns it, and wakes the waiters of `token`. */
export const unlockScript = Redis.script(
  (lock: string, channel: string, owner: string, token: string) => [lock, channel, owner, token],
  {
    numberOfKeys: 1,
    lua: `
if redis.call('GET', KEYS[1]) == ARGV[2] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[1], 'unlock ' .. ARGV[3])
  return 1
end
return 0
`
  }
).withReturnType<number>()
