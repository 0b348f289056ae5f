import type { RequestError } from "@netsuite-auth/core"
import type * as Effect from "effect/Effect"
import type * as Redis from "effect/persistence/Redis"

/**
 * What every pool and the token store of one coordination share: the process's identity in
 * the fleet, the timings, the Redis service and the connection's health.
 */
export interface Fleet {
  /** This process's ID in the fleet (random hex, no colon: permit IDs are `<process>:<n>`). */
  readonly processId: string
  readonly keyPrefix: string
  readonly leaseMillis: number
  readonly claimMillis: number
  readonly heartbeatMillis: number
  readonly unreachableTimeoutMillis: number
  /** How long after Redis itself started a fresh epoch waits for processes nobody knew of. */
  readonly restartGraceMillis: number
  readonly redis: Redis.Redis["Service"]
  /** Runs one Redis call, counted while it is outstanding (see {@link Fleet.outageSince}). */
  readonly run: <A>(effect: Effect.Effect<A, Redis.RedisError>) => Promise<A>
  /**
   * Since when (local `performance.now()` ms) Redis has been unreachable: the connection is
   * down, or a call has gone unanswered for a while. `undefined` while it answers.
   */
  readonly outageSince: () => number | undefined
  /** Whether commands can be sent now (connected), so best-effort callers can skip Redis. */
  readonly connected: () => boolean
  /** The coded, retryable error a request gets when Redis stayed unreachable too long. */
  readonly unavailable: () => RequestError
}
