import { randomBytes } from "node:crypto"
import { performance } from "node:perf_hooks"
import {
  ConfigError,
  type Coordination,
  type PermitPool,
  RequestError,
  type TokenStore
} from "@netsuite-auth/core"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Redis from "effect/persistence/Redis"
import * as Queue from "effect/Queue"
import * as Scope from "effect/Scope"
import { createClient } from "redis"
import type { Fleet } from "./fleet.ts"
import { grantChannel, tokenChannel } from "./keys.ts"
import { type NodeRedisClient, nodeRedisService } from "./node-redis-service.ts"
import { type RedisCoordinationOptions, resolveOptions } from "./options.ts"
import { checkLimit, makeRedisPermitPool, REALM, type RedisPermitPool } from "./redis-permit-pool.ts"
import { makeRedisTokenStore } from "./redis-token-store.ts"

/**
 * The account's pool and M2M tokens shared through Redis by every process that uses the same
 * Redis and key prefix. Pass it to `NetSuiteAccount.make({ ..., coordination })`.
 *
 * @example
 * ```ts
 * import { redisCoordination } from "@netsuite-auth/redis"
 * await using coordination = await redisCoordination({ url: process.env.REDIS_URL })
 * coordination.processId // this process in the fleet; closed when the block ends
 * ```
 * @category models
 */
export interface RedisCoordination extends Coordination {
  /** This process's ID in the fleet (random; the prefix of its permit IDs in Redis). */
  readonly processId: string
  /**
   * On shutdown: takes this process's permits and waiters out of the fleet's pool at once (instead
   * of after a lease), stops the heartbeat and closes the connections this package opened. Requests
   * still waiting fail; let the account's requests finish first. A `client` you passed stays open.
   */
  readonly close: () => Promise<void>
  readonly [Symbol.asyncDispose]: () => Promise<void>
}

// A call unanswered this long counts as Redis being unreachable from when it was sent.
const STALLED_CALL_MILLIS = 1_000
const WATCH_EVERY_MILLIS = 100
const CLOSE_STEP_MILLIS = 2_000

const unavailableError = (target: string, bound: number): RequestError =>
  new RequestError({
    reason: "CoordinationUnavailable",
    message:
      `Redis at ${target} did not answer for ${bound} ms, so the account's fleet-wide pool could not admit this request. ` +
      "It is safe to retry. Check that Redis runs and that REDIS_URL points at it; unreachableTimeoutMillis sets how long requests wait. " +
      "The pool never falls back to a local one, which would send more requests than NetSuite's limit."
  })

const withTimeout = <A>(promise: Promise<A>, millis: number): Promise<A | "timeout"> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve("timeout"), millis)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      }
    )
  })

// Reconnect quickly (a restarted Redis is back in well under a second) and never give up: the
// requests' own bound decides when an outage becomes an error.
const reconnectStrategy = (retries: number): number =>
  Math.min(25 * 2 ** Math.min(retries, 10), 500) + Math.floor(Math.random() * 50)

/** Connects (if needed) and waits until the client is ready, at most `millis`. */
const ready = async (client: NodeRedisClient, millis: number): Promise<boolean> => {
  if (client.isReady) return true
  const isReady = new Promise<boolean>((resolve) => {
    const onReady = () => {
      client.off("ready", onReady)
      resolve(true)
    }
    client.on("ready", onReady)
    if (!client.isOpen) client.connect().catch(() => undefined)
  })
  return (await withTimeout(isReady, millis)) === true
}

/**
 * Connects to Redis and returns the coordination to give `NetSuiteAccount.make` in every process
 * of the fleet: one concurrency pool per account across all of them (first come, first served,
 * leases on Redis's clock, crash and restart safe) and one M2M token per credential set for the
 * whole fleet. Rejects with a coded `ConfigError` for invalid options and with the retryable
 * `RequestError` `NETSUITE_AUTH_COORDINATION_UNAVAILABLE` when Redis cannot be reached within
 * `unreachableTimeoutMillis`.
 *
 * @example
 * ```ts
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * import { redisCoordination } from "@netsuite-auth/redis"
 *
 * const coordination = await redisCoordination({ url: process.env.REDIS_URL, leaseMillis: 30_000 })
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: 15, coordination })
 * // ... every adapter given `account`, in every process, shares one pool and one token ...
 * await coordination.close() // on shutdown
 * ```
 * @category constructors
 */
export const redisCoordination = async (options: RedisCoordinationOptions): Promise<RedisCoordination> => {
  const resolved = resolveOptions(options)
  const { connection } = resolved
  const ownsClient = "url" in connection
  const target = "url" in connection ? connection.target : "the given client's server"
  const bound = resolved.unreachableTimeoutMillis
  const unavailable = () => unavailableError(target, bound)

  const client: NodeRedisClient =
    "url" in connection
      ? (createClient({ url: connection.url, socket: { reconnectStrategy } }) as unknown as NodeRedisClient)
      : connection.client

  // Connection health, for the requests' outage bound and for re-registering after a reconnect.
  let downSince: number | undefined = client.isReady ? undefined : performance.now()
  const pools = new Map<string, RedisPermitPool>()
  const onDown = () => {
    if (downSince === undefined) downSince = performance.now()
  }
  let everReady = client.isReady
  const onReady = () => {
    downSince = undefined
    // The first ready is the initial connection; any later one follows an outage or a restart.
    if (everReady) for (const pool of pools.values()) pool.onReconnect()
    everReady = true
  }
  const onError = () => {
    if (!client.isReady) onDown()
  }
  client.on("ready", onReady)
  client.on("end", onDown)
  client.on("reconnecting", onDown)
  client.on("error", onError)
  const detach = () => {
    client.off("ready", onReady)
    client.off("end", onDown)
    client.off("reconnecting", onDown)
    client.off("error", onError)
  }

  const subscriber = client.duplicate()
  let subscriberEverReady = false
  const onSubscriberReady = () => {
    // Pub/sub drops messages while the subscriber is away: a sync picks up grants made meanwhile.
    if (subscriberEverReady) for (const pool of pools.values()) pool.onReconnect()
    subscriberEverReady = true
  }
  subscriber.on("ready", onSubscriberReady)
  subscriber.on("error", () => {})

  const giveUp = async () => {
    detach()
    if (subscriber.isOpen) subscriber.destroy()
    if (ownsClient && client.isOpen) client.destroy()
  }

  const started = performance.now()
  try {
    const connected =
      (await ready(client, bound)) &&
      (await ready(subscriber, Math.max(1, bound - (performance.now() - started))))
    if (!connected) {
      await giveUp()
      throw unavailable()
    }
  } catch (error) {
    await giveUp()
    if (error instanceof RequestError) throw error
    throw unavailable()
  }

  const scope = Scope.makeUnsafe()
  const redis: Redis.Redis["Service"] = await Effect.runPromise(
    Scope.provide(scope)(nodeRedisService(client, subscriber))
  )

  const outstanding = new Map<number, number>()
  let callSeq = 0
  const fleet: Fleet = {
    processId: randomBytes(8).toString("hex"),
    keyPrefix: resolved.keyPrefix,
    leaseMillis: resolved.leaseMillis,
    claimMillis: resolved.claimMillis,
    heartbeatMillis: resolved.heartbeatMillis,
    unreachableTimeoutMillis: bound,
    restartGraceMillis: resolved.restartGraceMillis,
    redis,
    run: (effect) => {
      const n = ++callSeq
      outstanding.set(n, performance.now())
      return Effect.runPromise(effect).finally(() => outstanding.delete(n))
    },
    outageSince: () => {
      if (downSince !== undefined) return downSince
      if (!client.isReady) return performance.now()
      const oldest = outstanding.values().next()
      return oldest.done !== true && performance.now() - oldest.value > STALLED_CALL_MILLIS
        ? oldest.value
        : undefined
    },
    connected: () => client.isReady,
    unavailable
  }

  const tokens = makeRedisTokenStore(fleet)

  const grants = grantChannel(fleet.keyPrefix, fleet.processId)
  const tokenUpdates = tokenChannel(fleet.keyPrefix)
  const listen = (channel: string, onMessage: (message: string) => void) =>
    Effect.gen(function* () {
      const queue = yield* redis.subscribe(channel)
      yield* Effect.forkIn(Effect.forever(Effect.map(Queue.take(queue), (m) => onMessage(m.message))), scope)
    })
  const onGrantMessage = (message: string) => {
    const [realm, ...ids] = message.split(" ")
    if (realm !== undefined) pools.get(realm)?.onGrant(ids)
  }
  try {
    await Effect.runPromise(
      Scope.provide(scope)(
        Effect.andThen(listen(grants, onGrantMessage), listen(tokenUpdates, tokens.onMessage))
      )
    )
  } catch {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    await giveUp()
    throw unavailable()
  }

  // One heartbeat per process, for all its pools and permits.
  const heartbeat = setInterval(() => {
    for (const pool of pools.values()) pool.heartbeat()
  }, resolved.heartbeatMillis)
  heartbeat.unref?.()
  const watchdog = setInterval(() => {
    const since = fleet.outageSince()
    if (since === undefined) return
    const now = performance.now()
    for (const pool of pools.values()) pool.failStalled(now, since)
  }, WATCH_EVERY_MILLIS)
  watchdog.unref?.()

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(heartbeat)
      clearInterval(watchdog)
      // Each step is bounded: closing must not hang on a Redis that is gone.
      await withTimeout(Promise.all([...pools.values()].map((pool) => pool.close())), CLOSE_STEP_MILLIS)
      await withTimeout(Effect.runPromise(Scope.close(scope, Exit.void)), CLOSE_STEP_MILLIS)
      detach()
      const shut = async (c: NodeRedisClient) => {
        if (!c.isOpen) return
        if (
          !c.isReady ||
          (await withTimeout(c.close(), CLOSE_STEP_MILLIS).catch(() => "timeout")) === "timeout"
        ) {
          c.destroy()
        }
      }
      await shut(subscriber)
      if (ownsClient) await shut(client)
    })()
    return closing
  }

  const permitPool = (realm: string, poolOptions: { readonly limit: number }): PermitPool.PermitPool => {
    if (typeof realm !== "string" || !REALM.test(realm)) {
      throw new ConfigError({
        reason: "InvalidAccountId",
        message: "permitPool expects an account realm such as 1234567_SB1 (NetSuiteAccount passes its own)."
      })
    }
    const limit = checkLimit(poolOptions?.limit)
    const existing = pools.get(realm)
    if (existing !== undefined) {
      if (existing.pool.ceiling() !== limit) {
        throw new ConfigError({
          reason: "InvalidOption",
          message: `Account ${realm} already shares a pool of ${existing.pool.ceiling()} through this coordination, not ${limit}: give every NetSuiteAccount of one account the same concurrency.`
        })
      }
      return existing.pool
    }
    if (closing !== undefined) {
      throw new ConfigError({
        reason: "InvalidOption",
        message: "This Redis coordination was closed: make a new one with redisCoordination()."
      })
    }
    const pool = makeRedisPermitPool(fleet, realm, limit)
    pools.set(realm, pool)
    return pool.pool
  }

  return {
    processId: fleet.processId,
    permitPool,
    tokenStore: (): TokenStore => tokens.store,
    close,
    [Symbol.asyncDispose]: close
  }
}
