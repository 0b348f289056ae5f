import { createHash } from "node:crypto"

/**
 * The Redis keys of one account's pool. Every key of an account carries the same hash tag
 * (`{1234567_SB1}`), so the scripts that touch several of them run on Redis Cluster, where all
 * keys of one script must live in one slot.
 */
export interface PoolKeys {
  /** Which incarnation of Redis the pool lives in: missing after a restart without persistence. */
  readonly epoch: string
  /** The limit in force for the whole fleet (`setLimit`); missing means the ceiling. */
  readonly limit: string
  /** Live processes: member process ID, score the lease's end in Redis milliseconds. */
  readonly processes: string
  /** Permits held or handed out: field permit ID (`<process>:<n>`), value process ID. */
  readonly holders: string
  /** Permits handed to a waiter of another process and not yet picked up: score the claim's end. */
  readonly claims: string
  /** Waiting retries (served first): member waiter ID, score when it first queued (Redis µs). */
  readonly front: string
  /** Waiting first attempts: member waiter ID, score when it first queued (Redis µs). */
  readonly back: string
  /** After a restart: processes expected to re-register, score until when they are waited for. */
  readonly recovering: string
}

/** All pool keys of `realm`, in the order the scripts take them. */
export const poolKeys = (prefix: string, realm: string): PoolKeys => {
  const base = `${prefix}:{${realm}}:pool:`
  return {
    epoch: `${base}epoch`,
    limit: `${base}limit`,
    processes: `${base}processes`,
    holders: `${base}holders`,
    claims: `${base}claims`,
    front: `${base}front`,
    back: `${base}back`,
    recovering: `${base}recovering`
  }
}

/** The pool keys as the script's KEYS array. */
export const poolKeyList = (keys: PoolKeys): ReadonlyArray<string> => [
  keys.epoch,
  keys.limit,
  keys.processes,
  keys.holders,
  keys.claims,
  keys.front,
  keys.back,
  keys.recovering
]

/** Where a token and its fetch lock live. */
export interface TokenKeys {
  readonly token: string
  readonly lock: string
}

/**
 * The keys of one token-store entry. The store key (`realm|clientId|certificateId|scopes`) is
 * hashed so Redis key listings show no client or certificate ID; its realm becomes the hash tag,
 * so a token lives in the same slot as its account's pool.
 */
export const tokenKeys = (prefix: string, storeKey: string): TokenKeys => {
  const separator = storeKey.indexOf("|")
  const realm = separator > 0 ? storeKey.slice(0, separator) : "tokens"
  const digest = createHash("sha256").update(storeKey).digest("base64url").slice(0, 32)
  const base = `${prefix}:{${realm}}:token:${digest}`
  return { token: base, lock: `${base}:lock` }
}

/** The pub/sub channel on which a process hears that a waiter of its own was given a permit. */
export const grantChannel = (prefix: string, processId: string): string => `${prefix}:grants:${processId}`

/** The prefix of every process's grant channel, as the scripts need it. */
export const grantChannelPrefix = (prefix: string): string => `${prefix}:grants:`

/** The pub/sub channel for token changes (stored, deleted, lock released). */
export const tokenChannel = (prefix: string): string => `${prefix}:tokens`
