/**
 * A fleet of separate processes (fleet-worker.ts) sharing one account through a real Redis,
 * sending REST (M2M, fetch adapter) and SOAP (TBA, node-soap adapter) requests to the mock
 * server, whose /_mock/stats counts what NetSuite would have seen.
 */
import { randomBytes } from "node:crypto"
import { performance } from "node:perf_hooks"
import { type MockServer, startMockServer } from "@netsuite-auth/mock-server"
import { Effect } from "effect"
import { createClient } from "redis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { redisCoordination } from "../src/index.ts"
import { type FleetWorker, startFleet, stopFleet } from "./fleet-harness.ts"
import type { FleetRequest, RequestResult, WorkerSetup } from "./fleet-messages.ts"
import { hasRedisServer, REDIS_URL, redisSkipReason, startOwnRedis } from "./redis-server.ts"

const skip = redisSkipReason()
const LIMIT = 5
const LEASE = 2_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1] as number
}

/** `total` requests, REST and SOAP alternating, dealt to `workers` workers. */
const deal = (total: number, workers: number): Array<Array<FleetRequest>> =>
  Array.from({ length: workers }, (_, w) =>
    Array.from({ length: total / workers }, (_, i) => {
      const id = w * (total / workers) + i
      return { id, kind: id % 2 === 0 ? ("rest" as const) : ("soap" as const) }
    })
  )

const runAll = async (
  workers: ReadonlyArray<FleetWorker>,
  dealt: ReadonlyArray<ReadonlyArray<FleetRequest>>,
  concurrency: number
) => {
  for (const [i, w] of workers.entries()) w.send({ type: "run", requests: dealt[i] ?? [], concurrency })
  return (await Promise.all(workers.map((w) => w.next("done")))).map((d) => d.results)
}

const failures = (results: ReadonlyArray<ReadonlyArray<RequestResult>>) =>
  results
    .flat()
    .filter((r) => !r.ok)
    .map((r) => r.code)

describe.skipIf(skip !== undefined)(
  skip === undefined ? "a fleet of processes sharing one account (Redis)" : `fleet (skipped: ${skip})`,
  () => {
    let server: MockServer
    let realm: string
    beforeAll(async () => {
      server = await startMockServer({ faults: { rest: { latencyMs: 40 }, soap: { latencyMs: 40 } } })
      realm = server.config.generated?.accountId as string
    })
    afterAll(async () => {
      await server.close()
    })

    const setupFor = (overrides: Partial<WorkerSetup> = {}): WorkerSetup => {
      const g = server.config.generated as NonNullable<MockServer["config"]["generated"]>
      return {
        redisUrl: REDIS_URL,
        keyPrefix: `fleet-${randomBytes(6).toString("hex")}`,
        leaseMillis: LEASE,
        unreachableTimeoutMillis: 15_000,
        accountId: g.accountId,
        limit: LIMIT,
        mockUrl: server.url,
        wsdlUrl: server.endpoints.wsdlUrl("2025_2"),
        m2m: { clientId: g.clientId, certificateId: g.certificateId, privateKey: g.privateKey },
        tba: {
          consumerKey: g.consumerKey,
          consumerSecret: g.consumerSecret,
          tokenId: g.tokenId,
          tokenSecret: g.tokenSecret
        },
        mode: "adapters",
        ...overrides
      }
    }
    // One fleet for the first two tests (starting 8 processes that load node-soap takes a while).
    let shared: Awaited<ReturnType<typeof startFleet>> & { setup: WorkerSetup }
    beforeAll(async () => {
      const setup = setupFor()
      shared = { ...(await startFleet(8, setup)), setup }
    }, 180_000)
    afterAll(async () => {
      await stopFleet(shared?.workers ?? [])
    })

    const overLimit = () => server.stats().concurrencyRejected[realm] ?? 0
    const accepted = () => {
      const s = server.stats().surfaces
      return s.rest.accepted + s.soap.accepted
    }

    it("8 workers, limit 5, 40 ms, 2,000 REST and SOAP requests: never over the limit, all answered, one token, fair waits", async () => {
      const { workers } = shared
      {
        server.resetStats()
        const results = await runAll(workers, deal(2_000, 8), 10)
        const stats = server.stats()
        expect(failures(results)).toEqual([])
        expect(results.flat()).toHaveLength(2_000)
        expect(overLimit()).toBe(0)
        expect(stats.peakConcurrency[realm]).toBeLessThanOrEqual(LIMIT)
        expect(accepted()).toBe(2_000)
        expect(stats.tokensIssued).toBe(1)
        // First come, first served across processes: every worker waits about as long as the others.
        const medians = results.map((r) => median(r.map((x) => x.millis)))
        expect(Math.max(...medians) / Math.min(...medians)).toBeLessThanOrEqual(1.5)
        console.info(
          `[redis] fleet: 2,000 requests by 8 workers, peak ${stats.peakConcurrency[realm]} at the mock, ` +
            `median latency per worker ${medians.map((m) => m.toFixed(0)).join("/")} ms, ${stats.tokensIssued} token request`
        )
      }
    }, 180_000)

    it("a worker SIGKILLed while holding, queued and just granted: the others finish, its permits are back within the lease", async () => {
      const { setup, workers, processIds } = shared
      const [victim, ...others] = workers as [FleetWorker, ...Array<FleetWorker>]
      const victimId = processIds[0] as string
      const raw = createClient({ url: REDIS_URL })
      await raw.connect()
      try {
        server.resetStats()
        const dealt = deal(350, 7)
        for (const [i, w] of others.entries())
          w.send({ type: "run", requests: dealt[i] ?? [], concurrency: 5 })
        victim.send({ type: "hold", count: 2, queued: 3 })
        await victim.next("holding")
        // Stopped, it cannot pick up the permits it is handed next nor renew its lease; then it dies.
        victim.child.kill("SIGSTOP")
        const stoppedAt = performance.now()
        await sleep(300)
        victim.child.kill("SIGKILL")
        const killedAt = performance.now()
        const base = `${setup.keyPrefix}:{${realm}}:pool:`
        const victimEntries = async () => {
          const [holders, front, back] = await Promise.all([
            raw.hKeys(`${base}holders`),
            raw.zRange(`${base}front`, 0, -1),
            raw.zRange(`${base}back`, 0, -1)
          ])
          return [...holders, ...front, ...back].filter((id) => id.startsWith(`${victimId}:`)).length
        }
        let freedAt = 0
        while (freedAt === 0) {
          if ((await victimEntries()) === 0) freedAt = performance.now()
          else await sleep(20)
          expect(performance.now() - stoppedAt).toBeLessThan(LEASE * 3)
        }
        const results = await Promise.all(others.map((w) => w.next("done")))
        expect(failures(results.map((d) => d.results))).toEqual([])
        expect(overLimit()).toBe(0)
        // The pool is whole: one process can take every permit.
        const probe = await redisCoordination({
          url: REDIS_URL,
          keyPrefix: setup.keyPrefix,
          leaseMillis: LEASE
        })
        const pool = probe.permitPool(realm, { limit: LIMIT })
        const permits = await Effect.runPromise(
          Effect.all(
            Array.from({ length: LIMIT }, () => pool.acquire()),
            { concurrency: "unbounded" }
          )
        )
        expect(permits).toHaveLength(LIMIT)
        await probe.close()
        console.info(
          `[redis] crash: the SIGKILLed worker's permits and waiters were gone ${(freedAt - stoppedAt).toFixed(0)} ms after it stopped ` +
            `(${(freedAt - killedAt).toFixed(0)} ms after SIGKILL; lease ${LEASE} ms)`
        )
        expect(freedAt - stoppedAt).toBeLessThan(LEASE * 1.5)
      } finally {
        await raw.close()
      }
    }, 120_000)

    it.skipIf(!hasRedisServer())(
      "Redis killed and restarted empty mid-run: no request lost or duplicated, none over the limit",
      async () => {
        const own = await startOwnRedis()
        const { workers } = await startFleet(8, setupFor({ redisUrl: own.url }))
        try {
          server.resetStats()
          const running = runAll(workers, deal(800, 8), 5)
          await sleep(2_500)
          const before = accepted()
          own.kill()
          const killedAt = performance.now()
          await sleep(500)
          own.start()
          const restartedAt = performance.now()
          let resumedAt = 0
          while (resumedAt === 0 && performance.now() - restartedAt < 20_000) {
            if (accepted() > before + LIMIT) resumedAt = performance.now()
            else await sleep(10)
          }
          const results = await running
          expect(failures(results)).toEqual([])
          expect(results.flat()).toHaveLength(800)
          expect(accepted()).toBe(800)
          expect(overLimit()).toBe(0)
          expect(server.stats().peakConcurrency[realm]).toBeLessThanOrEqual(LIMIT)
          console.info(
            `[redis] restart: Redis down ${(restartedAt - killedAt).toFixed(0)} ms; requests flowed again ${(resumedAt - restartedAt).toFixed(0)} ms after it was back ` +
              `(${before} of 800 answered before the kill, 0 lost, 0 duplicated, 0 over the limit)`
          )
        } finally {
          await stopFleet(workers)
          own.stop()
        }
      },
      120_000
    )
  }
)
