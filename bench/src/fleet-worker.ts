/**
 * One process of the bench's fleet (forked by fleet.ts). Per scenario it builds an account and an
 * M2M `@netsuite-auth/fetch` client against the mock server, then sends what it is told:
 *
 * - `memory`: the account's own in-memory pool (one process alone, or a pool per process);
 * - `redis`: the pool and tokens shared through `@netsuite-auth/redis`;
 * - `semaphore`: redis-semaphore 5.8.0 (ioredis) around each request, the account's pool opened wide.
 */
import { performance } from "node:perf_hooks"
import { NetSuiteAccount } from "@netsuite-auth/core"
import { createNetSuiteFetch } from "@netsuite-auth/fetch"
import { type RedisCoordination, redisCoordination } from "@netsuite-auth/redis"
import * as Effect from "effect/Effect"
import { Redis as IORedis } from "ioredis"
import { Semaphore } from "redis-semaphore"

export type Scenario = "memory" | "redis" | "semaphore"

export interface FleetWorkerSetup {
  readonly scenario: Scenario
  readonly redisUrl: string
  readonly keyPrefix: string
  readonly limit: number
  readonly mockUrl: string
  readonly accountId: string
  readonly m2m: { readonly clientId: string; readonly certificateId: string; readonly privateKey: string }
}

export interface RunResult {
  readonly ok: number
  readonly overLimit: number
  readonly otherErrors: number
  readonly codes: Record<string, number>
}

export type ToFleetWorker =
  | { readonly type: "setup"; readonly setup: FleetWorkerSetup }
  | { readonly type: "run"; readonly count: number }
  | { readonly type: "cost"; readonly pairs: number }
  | { readonly type: "teardown" }

export type FromFleetWorker =
  | { readonly type: "ready" }
  | { readonly type: "done"; readonly result: RunResult }
  | { readonly type: "cost"; readonly micros: ReadonlyArray<number> }
  | { readonly type: "torn-down" }
  | { readonly type: "failed"; readonly message: string }

const send = (message: FromFleetWorker): void => {
  process.send?.(message)
}

/** Sequential requests per permit of the limit before measuring. */
const WARM_UP_PER_LOOP = 10

let coordination: RedisCoordination | undefined
let ioredis: IORedis | undefined
let account: NetSuiteAccount | undefined
let call: (() => Promise<void>) | undefined

const setup = async (s: FleetWorkerSetup): Promise<void> => {
  if (s.scenario === "redis")
    coordination = await redisCoordination({ url: s.redisUrl, keyPrefix: s.keyPrefix })
  account = NetSuiteAccount.make({
    accountId: s.accountId,
    baseUrl: s.mockUrl,
    // With redis-semaphore the semaphore is the limiter: the account's own pool must not be.
    concurrency: s.scenario === "semaphore" ? 1000 : s.limit,
    coordination
  })
  const netsuite = createNetSuiteFetch({
    scheme: "m2m",
    account,
    credentials: { accountId: s.accountId, ...s.m2m }
  })
  const once = async () => {
    const response = await netsuite("record/v1/customer/1")
    await response.text()
  }
  if (s.scenario === "semaphore") {
    const client = new IORedis(s.redisUrl, { lazyConnect: true })
    await client.connect()
    ioredis = client
    const key = `${s.keyPrefix}:semaphore`
    call = async () => {
      // One instance per holder (it carries the lock's identifier); it polls every 10 ms.
      const semaphore = new Semaphore(client, key, s.limit, {
        lockTimeout: 30_000,
        acquireTimeout: 600_000,
        retryInterval: 10
      })
      await semaphore.acquire()
      try {
        await once()
      } finally {
        await semaphore.release()
      }
    }
  } else call = once
  // Warm up (the token, the connections, the JIT) as much in every process as in the lone one.
  const go = call
  await Promise.all(
    Array.from({ length: s.limit }, async () => {
      // Refusals are expected here with a pool per process: the warm-up is not measured.
      for (let i = 0; i < WARM_UP_PER_LOOP; i++) await go().catch(() => undefined)
    })
  )
}

const run = async (count: number): Promise<void> => {
  const codes: Record<string, number> = {}
  let ok = 0
  let overLimit = 0
  let otherErrors = 0
  const go = call as () => Promise<void>
  // Every request is issued at once: the pool (or the semaphore) decides what goes out.
  await Promise.all(
    Array.from({ length: count }, () =>
      go().then(
        () => {
          ok++
        },
        (error: unknown) => {
          const code = String((error as { code?: unknown }).code ?? (error as Error).name)
          codes[code] = (codes[code] ?? 0) + 1
          if (code === "NETSUITE_AUTH_CONCURRENCY_LIMIT") overLimit++
          else otherErrors++
        }
      )
    )
  )
  send({ type: "done", result: { ok, overLimit, otherErrors, codes } })
}

// Acquire and release one permit at a time: what admitting one request costs, nobody waiting.
const cost = async (pairs: number): Promise<void> => {
  const pool = (account as NetSuiteAccount).pool
  const micros: Array<number> = []
  for (let i = 0; i < pairs + 200; i++) {
    const t0 = performance.now()
    const permit = await Effect.runPromise(pool.acquire())
    permit.release()
    if (i >= 200) micros.push((performance.now() - t0) * 1000)
  }
  send({ type: "cost", micros })
}

const teardown = async (): Promise<void> => {
  await coordination?.close()
  await ioredis?.quit()
  coordination = undefined
  ioredis = undefined
  account = undefined
  call = undefined
  send({ type: "torn-down" })
}

process.on("message", (message: ToFleetWorker) => {
  const step =
    message.type === "setup"
      ? setup(message.setup).then(() => send({ type: "ready" }))
      : message.type === "run"
        ? run(message.count)
        : message.type === "cost"
          ? cost(message.pairs)
          : teardown()
  step.catch((error: unknown) =>
    send({ type: "failed", message: error instanceof Error ? error.message : String(error) })
  )
})
