import { performance } from "node:perf_hooks"
import { type Permit, PermitPool, RequestError } from "@netsuite-auth/core"
import * as Effect from "effect/Effect"
import type { Fleet } from "./fleet.ts"
import { grantChannelPrefix, poolKeys } from "./keys.ts"
import {
  acquireScript,
  type Caller,
  claimScript,
  leaveScript,
  type PoolReply,
  releaseScript,
  type SyncPayload,
  type SyncReply,
  setLimitScript,
  syncScript
} from "./pool-scripts.ts"

interface Waiter {
  readonly id: string
  readonly front: boolean
  /** Local `performance.now()` when it started waiting: only for the outage bound. */
  readonly startedAt: number
  /** Its place in the fleet's queue (Redis µs), 0 until Redis has queued it. */
  score: number
  state: "waiting" | "granted" | "gone"
  permit: Permit | undefined
  readonly resume: (effect: Effect.Effect<Permit, RequestError>) => void
}

/** One account's pool as the coordination drives it (heartbeat, pub/sub, outage watch, close). */
export interface RedisPermitPool {
  readonly pool: PermitPool.PermitPool
  readonly realm: string
  /** A grant message for these waiter IDs arrived on this process's channel. */
  readonly onGrant: (ids: ReadonlyArray<string>) => void
  /** The heartbeat: renews the lease and tells Redis what this process holds and awaits. */
  readonly heartbeat: () => void
  /** Redis is reachable again (reconnected, or resubscribed): re-register at once. */
  readonly onReconnect: () => void
  /** Fails the waiters that waited `bound` ms for an unreachable Redis (since `since`). */
  readonly failStalled: (now: number, since: number) => void
  /** Rejects the waiters and removes this process from the pool in Redis. */
  readonly close: () => Promise<void>
}

/** One heartbeat in this many is a full sync (the safety net for a grant message that never came). */
const FULL_SYNC_EVERY = 5

const asList = <A>(value: ReadonlyArray<A> | Record<string, never>): ReadonlyArray<A> =>
  Array.isArray(value) ? value : []

const closedError = (): RequestError =>
  new RequestError({
    reason: "CoordinationUnavailable",
    message:
      "The Redis coordination was closed (coordination.close()) while this request waited for a permit: close it only after the account's requests have finished."
  })

/**
 * The account's pool, shared by every process that uses the same Redis and key prefix. Local
 * state mirrors what this process holds and awaits; Redis decides who gets a permit. Every
 * operation is idempotent by permit ID and every reply is checked against the local state, so a
 * lost reply, a reordered command or a restart can leave no permit behind: whatever Redis grants
 * to a waiter that is no longer waiting is given back at once.
 */
export const makeRedisPermitPool = (fleet: Fleet, realm: string, ceiling: number): RedisPermitPool => {
  const keys = poolKeys(fleet.keyPrefix, realm)
  const channelPrefix = grantChannelPrefix(fleet.keyPrefix)
  const { redis } = fleet
  const acquireRedis = redis.eval(acquireScript)
  const releaseRedis = redis.eval(releaseScript)
  const claimRedis = redis.eval(claimScript)
  const setLimitRedis = redis.eval(setLimitScript)
  const syncRedis = redis.eval(syncScript)
  const leaveRedis = redis.eval(leaveScript)

  let epoch = ""
  let limit = ceiling
  let view: Array<readonly [string, number]> = []
  let seq = 0
  let closed = false
  const held = new Set<string>()
  const waiting = new Map<string, Waiter>()
  /** Given up here, not yet confirmed gone in Redis (sent again with every sync). */
  const releasing = new Set<string>()
  let pendingRelease: Array<string> = []
  let flushScheduled = false
  let syncing = false
  let syncAgain = false
  let syncRetry: ReturnType<typeof setTimeout> | undefined
  let syncFailures = 0
  let kickTimer: ReturnType<typeof setTimeout> | undefined
  let kickAt = Number.POSITIVE_INFINITY

  const caller = (): Caller => ({
    processId: fleet.processId,
    epoch,
    ceiling,
    leaseMillis: fleet.leaseMillis,
    claimMillis: fleet.claimMillis,
    channelPrefix,
    realm
  })

  const giveBack = (id: string): void => {
    releasing.add(id)
    pendingRelease.push(id)
    if (flushScheduled) return
    flushScheduled = true
    // Releases of one tick go out as one script call.
    queueMicrotask(flushReleases)
  }

  const permitFor = (id: string): Permit => ({
    release: () => {
      if (held.delete(id)) giveBack(id)
    }
  })

  const grant = (id: string): void => {
    const waiter = waiting.get(id)
    if (waiter === undefined) {
      // Granted to a waiter that gave up (or to a ghost of an earlier life): hand it on.
      if (!held.has(id)) giveBack(id)
      return
    }
    waiting.delete(id)
    held.add(id)
    waiter.state = "granted"
    const permit = permitFor(id)
    waiter.permit = permit
    waiter.resume(Effect.succeed(permit))
  }

  const handle = (reply: PoolReply): string => {
    const [status, newLimit, next, , ...granted] = reply
    if (status !== "RESYNC") limit = Number(newLimit)
    for (const id of granted) grant(String(id))
    scheduleKick(Number(next))
    return status
  }

  // A failed call: Redis may or may not have run it. A sync settles it (all calls are idempotent).
  const afterFailure = (): void => {
    requestSync()
  }

  const flushReleases = (): void => {
    flushScheduled = false
    const ids = pendingRelease
    pendingRelease = []
    runRelease(ids)
  }

  const runRelease = (ids: ReadonlyArray<string>): void => {
    if (!fleet.connected()) return // the sync after reconnecting carries them (releasing)
    fleet.run(releaseRedis(keys, caller(), ids)).then((reply) => {
      for (const id of ids) releasing.delete(id)
      handle(reply)
    }, afterFailure)
  }

  // Something only a script run can act on happens then (a lease or claim runs out, a restart
  // recovery ends): a process with waiters runs one "tick" at that moment instead of polling.
  const scheduleKick = (next: number): void => {
    if (closed || next < 0 || waiting.size === 0) return
    const at = performance.now() + next + 2
    if (kickTimer !== undefined && kickAt <= at) return
    if (kickTimer !== undefined) clearTimeout(kickTimer)
    kickAt = at
    kickTimer = setTimeout(() => {
      kickTimer = undefined
      kickAt = Number.POSITIVE_INFINITY
      if (waiting.size > 0) runRelease([])
    }, next + 2)
    kickTimer.unref?.()
  }

  const sendAcquire = (waiter: Waiter): void => {
    fleet.run(acquireRedis(keys, caller(), waiter.id, waiter.front, waiter.score)).then((reply) => {
      const status = handle(reply)
      if (status === "OK") grant(waiter.id)
      else if (status === "QUEUED") {
        if (waiter.state === "waiting") waiter.score = Number(reply[3])
        else if (waiter.state === "gone") giveBack(waiter.id)
      } else if (status === "RESYNC") requestSync()
    }, afterFailure)
  }

  const payload = (): SyncPayload => ({
    view,
    held: [...held],
    waiting: [...waiting.values()].map((w) => [w.id, w.score, w.front ? 1 : 0] as const),
    releasing: [...releasing]
  })

  // Most heartbeats are light (they renew the lease, O(1) whatever the queue); every
  // FULL_SYNC_EVERY-th, and every sync asked for by a lost reply, a reconnect or a RESYNC, is full.
  let beats = 0
  const requestSync = (light = false): void => {
    if (closed) return
    if (syncing) {
      // A light beat never replaces a full sync asked for meanwhile.
      if (!light) syncAgain = true
      return
    }
    // While disconnected nothing is sent (node-redis would pile calls up): onReconnect syncs.
    if (!fleet.connected()) return
    if (syncRetry !== undefined) {
      clearTimeout(syncRetry)
      syncRetry = undefined
    }
    syncing = true
    syncAgain = false
    const sent: SyncPayload = light
      ? { view: [], held: [], waiting: [], releasing: [...releasing] }
      : payload()
    fleet.run(syncRedis(keys, caller(), fleet.restartGraceMillis, sent, light)).then(
      (json) => {
        syncing = false
        syncFailures = 0
        const reply = JSON.parse(json) as SyncReply
        if (reply.resync === true) return requestSync()
        epoch = reply.epoch
        limit = Number(reply.limit)
        const flat = asList(reply.view)
        view = []
        for (let i = 0; i + 1 < flat.length; i += 2) view.push([String(flat[i]), Number(flat[i + 1])])
        for (const id of sent.releasing) releasing.delete(id)
        for (const [id, score] of asList(reply.scores)) {
          const waiter = waiting.get(id)
          if (waiter !== undefined) waiter.score = Number(score)
          else if (!held.has(id)) giveBack(id) // gave up while the sync ran: out of the queue again
        }
        for (const id of asList(reply.granted)) grant(id)
        // Taken back in because it was missing; if it was released meanwhile, release it again.
        for (const id of asList(reply.readded)) if (!held.has(id)) giveBack(id)
        scheduleKick(Number(reply.next))
        if (syncAgain) requestSync()
      },
      () => {
        syncing = false
        syncFailures++
        if (closed) return
        // Connected but failing (BUSY, OOM, ...): try again with backoff; disconnected: onReconnect.
        const delay = Math.min(50 * 2 ** syncFailures, 1000)
        syncRetry = setTimeout(() => {
          syncRetry = undefined
          requestSync()
        }, delay)
        syncRetry.unref?.()
      }
    )
  }

  const active = (): boolean => epoch !== "" || waiting.size > 0 || held.size > 0 || releasing.size > 0

  const acquire = (options?: PermitPool.AcquireOptions): Effect.Effect<Permit, RequestError> =>
    Effect.callback<Permit, RequestError>((resume) => {
      if (closed) {
        resume(Effect.fail(closedError()))
        return
      }
      const waiter: Waiter = {
        id: `${fleet.processId}:${(++seq).toString(36)}`,
        front: options?.front === true,
        startedAt: performance.now(),
        score: 0,
        state: "waiting",
        permit: undefined,
        resume
      }
      waiting.set(waiter.id, waiter)
      // Not registered yet: the sync queues the waiter with everything else.
      if (epoch === "") requestSync()
      else sendAcquire(waiter)
      return Effect.sync(() => {
        if (waiter.state === "waiting") {
          waiter.state = "gone"
          waiting.delete(waiter.id)
          giveBack(waiter.id)
        } else if (waiter.state === "granted") {
          // Granted while being interrupted: the permit was never picked up, pass it on.
          waiter.permit?.release()
        }
      })
    })

  const pool: PermitPool.PermitPool = {
    limit: () => limit,
    ceiling: () => ceiling,
    setLimit: (next) => {
      limit = Math.max(1, Math.min(ceiling, Math.floor(next)))
      if (!fleet.connected()) return
      fleet.run(setLimitRedis(keys, caller(), limit)).then(handle, afterFailure)
    },
    inFlight: () => held.size,
    waiting: () => waiting.size,
    // Every admission is a Redis round trip.
    tryAcquireUnsafe: () => undefined,
    acquire
  }

  // Register at once, so the first request needs no extra round trip.
  requestSync()

  return {
    pool,
    realm,
    onGrant: (ids) => {
      const mine: Array<string> = []
      for (const id of ids) {
        if (waiting.has(id)) mine.push(id)
        else if (!held.has(id)) giveBack(id)
      }
      if (mine.length === 0) return
      fleet.run(claimRedis(keys, caller(), mine)).then((reply) => {
        const status = handle(reply)
        if (status === "RESYNC" || Number(reply[3]) === 1) requestSync()
      }, afterFailure)
    },
    heartbeat: () => {
      if (active()) requestSync(++beats % FULL_SYNC_EVERY !== 0)
    },
    onReconnect: () => {
      syncFailures = 0
      if (active()) requestSync()
    },
    failStalled: (now, since) => {
      for (const waiter of [...waiting.values()]) {
        if (now - Math.max(since, waiter.startedAt) < fleet.unreachableTimeoutMillis) continue
        waiter.state = "gone"
        waiting.delete(waiter.id)
        giveBack(waiter.id)
        waiter.resume(Effect.fail(fleet.unavailable()))
      }
    },
    close: async () => {
      if (closed) return
      closed = true
      if (kickTimer !== undefined) clearTimeout(kickTimer)
      if (syncRetry !== undefined) clearTimeout(syncRetry)
      for (const waiter of [...waiting.values()]) {
        waiter.state = "gone"
        waiter.resume(Effect.fail(closedError()))
      }
      waiting.clear()
      held.clear()
      if (epoch === "" || !fleet.connected()) return
      await fleet.run(leaveRedis(keys, caller())).catch(() => undefined)
    }
  }
}

/** The realm shape a pool accepts (what `AccountId` produces): it becomes the keys' hash tag. */
export const REALM = /^[A-Z0-9_]{1,64}$/

/** Re-exported for the coordination's validation. */
export const checkLimit = PermitPool.checkLimit
