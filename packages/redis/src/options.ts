import { ConfigError } from "@netsuite-auth/core"
import type { NodeRedisClient } from "./node-redis-service.ts"

/**
 * How to reach Redis and how the fleet's leases are timed. Give every process of the fleet the
 * same `keyPrefix` and `leaseMillis`.
 *
 * @example
 * ```ts
 * import type { RedisCoordinationOptions } from "@netsuite-auth/redis"
 * const options: RedisCoordinationOptions = {
 *   url: process.env.REDIS_URL, // rediss://netsuite-fleet:<password>@redis.internal:6380
 *   keyPrefix: "netsuite-auth-prod",
 *   leaseMillis: 30_000,
 *   unreachableTimeoutMillis: 15_000
 * }
 * ```
 * @category models
 */
export interface RedisCoordinationOptions {
  /**
   * `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. Exactly one of `url`
   * and `client`. The URL (and its password) is never shown in an error or a log line.
   */
  readonly url?: string | undefined
  /**
   * A node-redis (`redis` 5 or 6) client you already have, connected or not. This package also
   * opens one duplicate of it for pub/sub. `close()` leaves your client open.
   */
  readonly client?: NodeRedisClient | undefined
  /**
   * Prepended to every key and channel (default `netsuite-auth`): give each environment its own,
   * and grant the ACL user `~<prefix>:*` and `&<prefix>:*`. Letters, digits and `._:-` only.
   */
  readonly keyPrefix?: string | undefined
  /**
   * How long a process that died (SIGKILL, lost network) can keep permits it held: live processes
   * renew their lease every `heartbeatMillis` (default 30,000 ms; 500 to 600,000).
   */
  readonly leaseMillis?: number | undefined
  /** How often this process renews its lease, once for all its permits (default a third of the lease). */
  readonly heartbeatMillis?: number | undefined
  /**
   * How long a request waits for an unreachable Redis before it fails with the retryable
   * `NETSUITE_AUTH_COORDINATION_UNAVAILABLE` (default 15,000 ms, enough to ride out a restart or a
   * failover; 100 to 600,000). It never falls back to an unshared pool. Also bounds the first connection.
   */
  readonly unreachableTimeoutMillis?: number | undefined
}

/**
 * The defaults of {@link RedisCoordinationOptions} (`heartbeatMillis`: a third of the lease).
 *
 * @example
 * ```ts
 * import { DEFAULTS } from "@netsuite-auth/redis"
 * DEFAULTS.leaseMillis // 30000
 * ```
 */
export const DEFAULTS = {
  keyPrefix: "netsuite-auth",
  leaseMillis: 30_000,
  unreachableTimeoutMillis: 15_000
} as const

/** Options after validation, with every default applied. */
export interface ResolvedOptions {
  readonly connection:
    | { readonly url: string; readonly target: string }
    | { readonly client: NodeRedisClient }
  readonly keyPrefix: string
  readonly leaseMillis: number
  readonly heartbeatMillis: number
  /** A permit handed to another process's waiter must be picked up within this. */
  readonly claimMillis: number
  readonly restartGraceMillis: number
  readonly unreachableTimeoutMillis: number
}

const invalid = (message: string): ConfigError => new ConfigError({ reason: "InvalidOption", message })

const wholeNumber = (value: unknown, name: string, min: number, max: number, fallback: number): number => {
  if (value === undefined) return fallback
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(
      `Invalid ${name} ${String(value).slice(0, 40)}: use a whole number of milliseconds from ${min} to ${max}.`
    )
  }
  return value
}

const KEY_PREFIX = /^[A-Za-z0-9._:-]{1,64}$/

const isClient = (value: unknown): value is NodeRedisClient => {
  const c = value as Partial<Record<keyof NodeRedisClient, unknown>> | null
  return (
    typeof c === "object" &&
    c !== null &&
    typeof c.sendCommand === "function" &&
    typeof c.duplicate === "function" &&
    typeof c.connect === "function" &&
    typeof c.on === "function"
  )
}

/** Checks the options of `redisCoordination`; throws a coded `ConfigError` that names the fix. */
export const resolveOptions = (options: unknown): ResolvedOptions => {
  if (typeof options !== "object" || options === null) {
    throw invalid('redisCoordination expects an options object such as { url: "redis://localhost:6379" }.')
  }
  const o = options as RedisCoordinationOptions
  if (o.url !== undefined && o.client !== undefined) {
    throw invalid("Give redisCoordination either url or client, not both.")
  }
  let connection: ResolvedOptions["connection"]
  if (o.client !== undefined) {
    if (!isClient(o.client)) {
      throw invalid(
        "client must be a node-redis client (createClient() from the redis package, version 5 or 6)."
      )
    }
    connection = { client: o.client }
  } else {
    if (o.url === undefined || o.url === "") {
      throw new ConfigError({
        reason: "MissingEnvironment",
        message:
          "redisCoordination needs the Redis to share the account through: pass url (such as process.env.REDIS_URL, redis://localhost:6379) or client."
      })
    }
    if (typeof o.url !== "string") throw invalid("url must be a string such as redis://localhost:6379.")
    let parsed: URL
    try {
      parsed = new URL(o.url)
    } catch {
      // The URL may hold a password: it is not repeated here.
      throw new ConfigError({
        reason: "InvalidUrl",
        message:
          "The Redis url cannot be parsed: use redis://[user:password@]host[:port][/db] or rediss://… for TLS."
      })
    }
    if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
      throw new ConfigError({
        reason: "InvalidUrl",
        message: `The Redis url must start with redis:// or rediss:// (TLS), not ${parsed.protocol.slice(0, 20)}//.`
      })
    }
    connection = { url: o.url, target: `${parsed.hostname}:${parsed.port === "" ? "6379" : parsed.port}` }
  }
  const keyPrefix = o.keyPrefix ?? DEFAULTS.keyPrefix
  if (typeof keyPrefix !== "string" || !KEY_PREFIX.test(keyPrefix)) {
    throw invalid(
      "Invalid keyPrefix: use 1 to 64 letters, digits or ._:- (no braces: the account's hash tag follows it)."
    )
  }
  const leaseMillis = wholeNumber(o.leaseMillis, "leaseMillis", 500, 600_000, DEFAULTS.leaseMillis)
  const heartbeatMillis = wholeNumber(
    o.heartbeatMillis,
    "heartbeatMillis",
    50,
    Math.floor(leaseMillis / 2),
    Math.floor(leaseMillis / 3)
  )
  const unreachableTimeoutMillis = wholeNumber(
    o.unreachableTimeoutMillis,
    "unreachableTimeoutMillis",
    100,
    600_000,
    DEFAULTS.unreachableTimeoutMillis
  )
  return {
    connection,
    keyPrefix,
    leaseMillis,
    heartbeatMillis,
    claimMillis: Math.min(2_000, Math.floor(leaseMillis / 2)),
    restartGraceMillis: Math.min(2_000, leaseMillis),
    unreachableTimeoutMillis
  }
}
