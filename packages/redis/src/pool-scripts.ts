/**
 * The pool's Lua scripts. Every decision is made inside Redis, atomically, on Redis's own clock
 * (`TIME`): leases, claim deadlines and queue order never depend on a client's `Date.now()`.
 *
 * Model (keys in keys.ts): a permit is a field of `holders`; a process is alive while its lease
 * in `processes` has not run out (one heartbeat per process renews it); waiters queue in `front`
 * (retries) and `back` ordered by when they first queued. A freed permit goes straight to the
 * oldest waiter: the caller's own waiters are answered in the reply, another process's waiter
 * gets it through that process's grant channel and must claim it before `claimMillis`, or it is
 * taken back and that process's queued waiters leave the queue (a live process puts them back
 * at their old place on its next sync). After Redis restarts empty, the first sync opens a new
 * epoch and admits nobody new until the processes it knew of have re-registered their permits.
 */
import * as Redis from "effect/persistence/Redis"
import { type PoolKeys, poolKeyList } from "./keys.ts"

/** What every pool script is told about the caller. */
export interface Caller {
  readonly processId: string
  /** The epoch the caller registered in ("" before its first sync). */
  readonly epoch: string
  readonly ceiling: number
  readonly leaseMillis: number
  readonly claimMillis: number
  readonly channelPrefix: string
  readonly realm: string
}

const callerArgs = (c: Caller): ReadonlyArray<string | number> => [
  c.processId,
  c.epoch,
  c.ceiling,
  c.leaseMillis,
  c.claimMillis,
  c.channelPrefix,
  c.realm
]

/**
 * The reply of the hot scripts: status, the limit in force, milliseconds until the next
 * deadline that only a script run can act on (-1: none), one status-specific value, then the
 * IDs of the caller's waiters that now hold a permit.
 */
export type PoolReply = readonly [
  status: string,
  limit: number,
  nextEventMillis: number,
  extra: string | number,
  ...granted: Array<string>
]

const PRELUDE = `
local K_epoch, K_limit, K_procs, K_holders, K_claims, K_front, K_back, K_recovering =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local pid = ARGV[1]
local knownEpoch = ARGV[2]
local ceiling = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local claimFor = tonumber(ARGV[5])
local channelPrefix = ARGV[6]
local realm = ARGV[7]
local time = redis.call('TIME')
local nowUs = tonumber(time[1]) * 1000000 + tonumber(time[2])
local now = math.floor(nowUs / 1000)
-- Numbers written to Redis without an exponent (tostring would give 1.7e+15).
local function int(n) return string.format('%.0f', n) end
local function pidOf(id) return string.match(id, '^([^:]+):') end
local function startsWith(s, p) return string.sub(s, 1, #p) == p end

local function dropWaitersOf(p)
  local prefix = p .. ':'
  for _, q in ipairs({K_front, K_back}) do
    for _, id in ipairs(redis.call('ZRANGE', q, 0, -1)) do
      if startsWith(id, prefix) then redis.call('ZREM', q, id) end
    end
  end
end

local function dropProcess(p)
  redis.call('ZREM', K_procs, p)
  local prefix = p .. ':'
  for _, id in ipairs(redis.call('HKEYS', K_holders)) do
    if startsWith(id, prefix) then
      redis.call('HDEL', K_holders, id)
      redis.call('ZREM', K_claims, id)
    end
  end
  dropWaitersOf(p)
end

-- Expired leases and claims give their permits back.
local function reap()
  for _, p in ipairs(redis.call('ZRANGEBYSCORE', K_procs, '-inf', now, 'LIMIT', 0, 32)) do dropProcess(p) end
  local suspects = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_claims, '-inf', now, 'LIMIT', 0, 64)) do
    redis.call('ZREM', K_claims, id)
    redis.call('HDEL', K_holders, id)
    local p = pidOf(id)
    if p then suspects[p] = true end
  end
  -- A process that did not pick up a permit in time is dead or stalled: its waiters leave the
  -- queue so they cannot take more permits with them; a live process puts them back on sync.
  for p in pairs(suspects) do dropWaitersOf(p) end
  redis.call('ZREMRANGEBYSCORE', K_recovering, '-inf', now)
end

local function currentLimit()
  local l = tonumber(redis.call('GET', K_limit)) or ceiling
  if l > ceiling then l = ceiling end
  if l < 1 then l = 1 end
  return l
end

local function recovering() return redis.call('ZCARD', K_recovering) > 0 end

local function alive(p)
  local expires = tonumber(redis.call('ZSCORE', K_procs, p))
  return expires ~= nil and expires > now
end

local function renew() redis.call('ZADD', K_procs, int(now + lease), pid) end

-- Free permits go to the oldest waiters, retries first.
local function grantNext()
  local mine = {}
  if recovering() then return mine end
  local limit = currentLimit()
  local held = redis.call('HLEN', K_holders)
  local others = {}
  while held < limit do
    local q = K_front
    local head = redis.call('ZRANGE', K_front, 0, 0)[1]
    if not head then
      q = K_back
      head = redis.call('ZRANGE', K_back, 0, 0)[1]
    end
    if not head then break end
    redis.call('ZREM', q, head)
    local p = pidOf(head)
    if p and alive(p) then
      redis.call('HSET', K_holders, head, p)
      held = held + 1
      if p == pid then
        table.insert(mine, head)
      else
        redis.call('ZADD', K_claims, int(now + claimFor), head)
        if not others[p] then others[p] = {} end
        table.insert(others[p], head)
      end
    end
  end
  for p, ids in pairs(others) do
    redis.call('PUBLISH', channelPrefix .. p, realm .. ' ' .. table.concat(ids, ' '))
  end
  return mine
end

local function nextEvent()
  local t = nil
  for _, k in ipairs({K_claims, K_procs, K_recovering}) do
    local first = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
    if first[2] then
      local v = tonumber(first[2])
      if t == nil or v < t then t = v end
    end
  end
  if t == nil then return -1 end
  return math.max(0, t - now)
end

local function reply(status, extra, ids, next)
  local out = {status, currentLimit(), next or nextEvent(), extra}
  for _, id in ipairs(ids) do table.insert(out, id) end
  return out
end

local function forget(id)
  redis.call('HDEL', K_holders, id)
  redis.call('ZREM', K_claims, id)
  redis.call('ZREM', K_front, id)
  redis.call('ZREM', K_back, id)
end
`

const poolScript = <Params extends ReadonlyArray<unknown>>(
  args: (...params: Params) => ReadonlyArray<unknown>,
  body: string
) =>
  Redis.script(
    (keys: PoolKeys, caller: Caller, ...params: Params) => [
      ...poolKeyList(keys),
      ...callerArgs(caller),
      ...args(...params)
    ],
    {
      lua: `${PRELUDE}\n${body}`,
      numberOfKeys: 8
    }
  )

/**
 * Asks for a permit for waiter `id`: `OK` (held now), `QUEUED` (extra: its queue score), or
 * `RESYNC` (the caller must sync first: Redis restarted, or its lease ran out). Idempotent by
 * ID, so a retry after a lost reply never takes a second permit; `score` > 0 re-queues a waiter
 * at the place it had.
 */
export const acquireScript = poolScript(
  (id: string, front: boolean, score: number) => [id, front ? "1" : "0", score],
  `
local epoch = redis.call('GET', K_epoch)
if not epoch or epoch ~= knownEpoch then return {'RESYNC', 0, -1, 0} end
reap()
if not alive(pid) then return {'RESYNC', 0, -1, 0} end
local id = ARGV[8]
local front = ARGV[9] == '1'
if redis.call('HEXISTS', K_holders, id) == 1 then
  redis.call('ZREM', K_claims, id)
  return reply('OK', 0, {}, -1)
end
local q = K_back
if front then q = K_front end
local score = redis.call('ZSCORE', q, id)
if not score then
  if not recovering() and redis.call('HLEN', K_holders) < currentLimit()
    and redis.call('ZCARD', K_front) == 0 and (front or redis.call('ZCARD', K_back) == 0) then
    redis.call('HSET', K_holders, id, pid)
    return reply('OK', 0, {}, -1)
  end
  score = tonumber(ARGV[10])
  if not score or score <= 0 then score = nowUs end
  redis.call('ZADD', q, int(score), id)
end
return reply('QUEUED', int(tonumber(score)), grantNext())
`
).withReturnType<PoolReply>()

/**
 * Gives permits back and takes waiters out of the queue (by ID, idempotent), then hands free
 * permits on. With no IDs it is the "tick" a waiting process runs at the next deadline.
 */
export const releaseScript = poolScript(
  (ids: ReadonlyArray<string>) => ids,
  `
for i = 8, #ARGV do forget(ARGV[i]) end
if not redis.call('GET', K_epoch) then return {'DONE', ceiling, -1, 0} end
reap()
return reply('DONE', 0, grantNext())
`
).withReturnType<PoolReply>()

/**
 * Picks up permits handed to the caller's waiters through its channel. Extra is 1 when one of
 * them is neither held nor queued any more (its claim ran out): the caller syncs to queue it again.
 */
export const claimScript = poolScript(
  (ids: ReadonlyArray<string>) => ids,
  `
local epoch = redis.call('GET', K_epoch)
if not epoch or epoch ~= knownEpoch then return {'RESYNC', 0, -1, 0} end
reap()
local granted, lost = {}, 0
for i = 8, #ARGV do
  local id = ARGV[i]
  if redis.call('HEXISTS', K_holders, id) == 1 then
    redis.call('ZREM', K_claims, id)
    table.insert(granted, id)
  elseif not redis.call('ZSCORE', K_front, id) and not redis.call('ZSCORE', K_back, id) then
    lost = 1
  end
end
for _, id in ipairs(grantNext()) do table.insert(granted, id) end
return reply('DONE', lost, granted)
`
).withReturnType<PoolReply>()

/** Stores a new limit for the whole fleet (clamped to 1..ceiling) and admits waiters if it grew. */
export const setLimitScript = poolScript(
  (limit: number) => [limit],
  `
local l = math.max(1, math.min(ceiling, math.floor(tonumber(ARGV[8]))))
redis.call('SET', K_limit, l)
if not redis.call('GET', K_epoch) then return {'DONE', l, -1, 0} end
reap()
return reply('DONE', 0, grantNext())
`
).withReturnType<PoolReply>()

/** What a process tells Redis about itself when it (re-)registers and on every heartbeat. */
export interface SyncPayload {
  /** Processes this one last saw alive, with their lease ends: who to wait for after a restart. */
  readonly view: ReadonlyArray<readonly [string, number]>
  /** Permits it holds. */
  readonly held: ReadonlyArray<string>
  /** Its waiters: ID, queue score (0 = not queued yet), 1 for a retry. */
  readonly waiting: ReadonlyArray<readonly [string, number, 0 | 1]>
  /** Permits and waiters it gave up whose release Redis has not confirmed. */
  readonly releasing: ReadonlyArray<string>
}

/** The sync reply (JSON: it is rare and richer than the hot replies). */
export interface SyncReply {
  /** A light heartbeat found the caller unknown (restart, expired lease): sync in full. */
  readonly resync?: true | undefined
  readonly epoch: string
  readonly limit: number
  readonly next: number
  /** The caller's waiters that hold a permit now. */
  readonly granted: ReadonlyArray<string> | Record<string, never>
  /** Held permits Redis did not have and took back in (after a restart or an expired lease). */
  readonly readded: ReadonlyArray<string> | Record<string, never>
  /** Queue scores of the caller's waiters: [id, score]. */
  readonly scores: ReadonlyArray<readonly [string, string]> | Record<string, never>
  /** Live processes and their lease ends, flat: [pid, end, pid, end, ...]. */
  readonly view: ReadonlyArray<string> | Record<string, never>
}

/** Milliseconds the pool keys live after the last sync: a fleet that stops leaves nothing for long. */
export const IDLE_KEY_MILLIS = 86_400_000

/**
 * Registers the caller (or re-registers it after a restart or an expired lease) and renews its
 * lease: the heartbeat. A light heartbeat carries only what the caller gave up; a full sync
 * also what it holds and awaits (after a reconnect, a lost reply or claim, and every few beats). Redis is made to know what the caller holds and awaits, and forgets what
 * it gave up. When Redis has no epoch (it restarted empty), a new epoch starts and new permits
 * wait until every process of the caller's view has re-registered or its lease would have run
 * out; when Redis itself started less than `graceMillis` ago, also until then, for processes
 * the caller never knew of.
 */
export const syncScript = poolScript(
  (graceMillis: number, payload: SyncPayload, light: boolean) => [
    graceMillis,
    JSON.stringify(payload),
    light ? "1" : "0"
  ],
  `
reap()
local payload = cjson.decode(ARGV[9])
local grace = tonumber(ARGV[8])
local epoch = redis.call('GET', K_epoch)
-- A light heartbeat only renews a registration Redis still has; otherwise the caller syncs in full.
if ARGV[10] == '1' and (not epoch or epoch ~= knownEpoch or not alive(pid)) then
  return cjson.encode({ resync = true })
end
if not epoch then
  epoch = int(nowUs) .. '-' .. pid
  redis.call('SET', K_epoch, epoch)
  redis.call('DEL', K_recovering)
  for _, entry in ipairs(payload.view) do
    local p, expires = entry[1], tonumber(entry[2])
    if p ~= pid and expires and expires > now then
      redis.call('ZADD', K_recovering, int(math.min(expires, now + lease)), p)
    end
  end
  local up = tonumber(string.match(redis.call('INFO', 'server'), 'uptime_in_seconds:(%d+)'))
  if up and grace > 0 and up * 1000 < grace then
    redis.call('ZADD', K_recovering, int(now - up * 1000 + grace), '?')
  end
elseif redis.call('ZCARD', K_recovering) > 0 then
  for _, entry in ipairs(payload.view) do
    local p, expires = entry[1], tonumber(entry[2])
    if p ~= pid and expires and expires > now and not redis.call('ZSCORE', K_procs, p) then
      redis.call('ZADD', K_recovering, 'NX', int(math.min(expires, now + lease)), p)
    end
  end
end
redis.call('ZREM', K_recovering, pid)
renew()
for _, id in ipairs(payload.releasing) do forget(id) end
local readded = {}
for _, id in ipairs(payload.held) do
  redis.call('ZREM', K_claims, id)
  redis.call('ZREM', K_front, id)
  redis.call('ZREM', K_back, id)
  if redis.call('HSETNX', K_holders, id, pid) == 1 then table.insert(readded, id) end
end
local granted, scores = {}, {}
for _, w in ipairs(payload.waiting) do
  local id, score = w[1], tonumber(w[2])
  if redis.call('HEXISTS', K_holders, id) == 1 then
    redis.call('ZREM', K_claims, id)
    table.insert(granted, id)
  else
    local q = K_back
    if w[3] == 1 then q = K_front end
    local s = tonumber(redis.call('ZSCORE', q, id))
    if not s then
      s = score
      if not s or s <= 0 then s = nowUs end
      redis.call('ZADD', q, int(s), id)
    end
    table.insert(scores, {id, int(s)})
  end
end
for _, id in ipairs(grantNext()) do table.insert(granted, id) end
for _, k in ipairs(KEYS) do redis.call('PEXPIRE', k, ${IDLE_KEY_MILLIS}) end
return cjson.encode({
  epoch = epoch, limit = currentLimit(), next = nextEvent(), granted = granted, readded = readded,
  scores = scores, view = redis.call('ZRANGE', K_procs, 0, -1, 'WITHSCORES')
})
`
).withReturnType<string>()

/** The caller leaves (coordination.close()): its permits and waiters go, free permits move on. */
export const leaveScript = poolScript(
  () => [],
  `
if redis.call('GET', K_epoch) then
  reap()
  dropProcess(pid)
  redis.call('ZREM', K_recovering, pid)
  grantNext()
end
return 1
`
).withReturnType<number>()
