/**
 * Fleet: one NetSuite account (limit 5, 50 ms per request at the mock server) used by 8
 * processes at once, each sending M2M REST requests through `@netsuite-auth/fetch`. The goodput
 * (answered requests per second) of the fleet sharing one pool through `@netsuite-auth/redis` is
 * compared with one process and its in-memory pool in the same run (median of rounds); beside
 * it the same fleet with a pool per process and with redis-semaphore as the pool. Also: what
 * admitting one request costs in Redis round trips (µs p50/p99), and token requests per token
 * lifetime for the whole fleet. Skips, saying why, when REDIS_URL is not set.
 */
import { type ChildProcess, fork } from "node:child_process"
import { randomBytes } from "node:crypto"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { type MockServer, startMockServer } from "@netsuite-auth/mock-server"
import type { FleetWorkerSetup, FromFleetWorker, RunResult, Scenario, ToFleetWorker } from "./fleet-worker.ts"
import { median } from "./measure.ts"
import type { Row } from "./report.ts"

export const FLEET_LIMIT = 5
export const FLEET_LATENCY_MS = 50
export const FLEET_PROCESSES = 8
/** Requests per measured run: 63 per process, all 504 from the one process of the baseline. */
export const FLEET_REQUESTS = 504
const ROUNDS = 5
const COST_PAIRS = 2_000
const IDEAL = FLEET_LIMIT / (FLEET_LATENCY_MS / 1000)

interface Worker {
  readonly child: ChildProcess
  readonly request: <T extends FromFleetWorker["type"]>(
    message: ToFleetWorker,
    reply: T
  ) => Promise<Extract<FromFleetWorker, { type: T }>>
}

const spawn = (): Worker => {
  const child = fork(fileURLToPath(new URL("./fleet-worker.ts", import.meta.url)), [], {
    execPath: process.execPath,
    execArgv: ["--conditions=@netsuite-auth/source", "--disable-warning=ExperimentalWarning"],
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  return {
    child,
    request: (message, reply) =>
      new Promise((resolve, reject) => {
        const onMessage = (m: FromFleetWorker) => {
          if (m.type !== reply && m.type !== "failed") return
          child.off("message", onMessage)
          if (m.type === "failed") reject(new Error(`fleet worker: ${m.message}`))
          else resolve(m as never)
        }
        child.on("message", onMessage)
        child.send(message)
      })
  }
}

const percentile = (values: ReadonlyArray<number>, p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number
}

interface Measured {
  readonly perSecond: number
  readonly ok: number
  readonly overLimitErrors: number
  readonly otherErrors: number
  readonly serverRefused: number
  readonly peak: number
  readonly tokens: number
  readonly seconds: number
  readonly codes: Record<string, number>
}

export const runFleet = async (log: (line: string) => void): Promise<Array<Row>> => {
  const redisUrl = process.env.REDIS_URL
  if (redisUrl === undefined || redisUrl === "") {
    return [
      {
        section: "fleet",
        item: "skipped",
        ratio: null,
        ratioMeaning: "-",
        candidate: "REDIS_URL is not set (start redis-server and set REDIS_URL=redis://127.0.0.1:6379)",
        baseline: "-"
      }
    ]
  }
  const server: MockServer = await startMockServer({ faults: { rest: { latencyMs: FLEET_LATENCY_MS } } })
  const g = server.config.generated as NonNullable<MockServer["config"]["generated"]>
  const realm = g.accountId
  const workers = Array.from({ length: FLEET_PROCESSES }, spawn)
  const base = {
    redisUrl,
    limit: FLEET_LIMIT,
    mockUrl: server.url,
    accountId: g.accountId,
    m2m: { clientId: g.clientId, certificateId: g.certificateId, privateKey: g.privateKey }
  }

  /** Sets the scenario up on `n` workers, sends `total` requests split between them, tears down. */
  const measure = async (scenario: Scenario, n: number, total: number): Promise<Measured> => {
    const used = workers.slice(0, n)
    const setup: FleetWorkerSetup = {
      ...base,
      scenario,
      keyPrefix: `bench-${randomBytes(6).toString("hex")}`
    }
    server.resetStats()
    await Promise.all(used.map((w) => w.request({ type: "setup", setup }, "ready")))
    const tokens = server.stats().tokensIssued
    server.resetStats()
    const started = performance.now()
    const results: Array<RunResult> = (
      await Promise.all(used.map((w) => w.request({ type: "run", count: total / n }, "done")))
    ).map((d) => d.result)
    const seconds = (performance.now() - started) / 1000
    const stats = server.stats()
    await Promise.all(used.map((w) => w.request({ type: "teardown" }, "torn-down")))
    const sum = (f: (r: RunResult) => number) => results.reduce((a, r) => a + f(r), 0)
    const codes: Record<string, number> = {}
    for (const r of results) for (const [k, v] of Object.entries(r.codes)) codes[k] = (codes[k] ?? 0) + v
    return {
      perSecond: sum((r) => r.ok) / seconds,
      ok: sum((r) => r.ok),
      overLimitErrors: sum((r) => r.overLimit),
      otherErrors: sum((r) => r.otherErrors),
      serverRefused: stats.concurrencyRejected[realm] ?? 0,
      peak: stats.peakConcurrency[realm] ?? 0,
      tokens: tokens + stats.tokensIssued,
      seconds,
      codes
    }
  }
  const describe = (m: Measured) =>
    `${m.perSecond.toFixed(1)} req/s, ${m.ok}/${FLEET_REQUESTS} ok, over-limit answers at the mock ${m.serverRefused}, peak ${m.peak}, ${m.otherErrors + m.overLimitErrors} failed, ${m.seconds.toFixed(1)} s`

  try {
    const single: Array<Measured> = []
    const fleet: Array<Measured> = []
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so machine noise hits both sides alike.
      for (const side of round % 2 === 0 ? ["single", "fleet"] : ["fleet", "single"]) {
        log(
          `fleet: round ${round + 1}/${ROUNDS}, ${side === "single" ? "one process, in-memory pool" : `${FLEET_PROCESSES} processes, Redis pool`}`
        )
        if (side === "single") single.push(await measure("memory", 1, FLEET_REQUESTS))
        else fleet.push(await measure("redis", FLEET_PROCESSES, FLEET_REQUESTS))
      }
    }
    log(`fleet: ${FLEET_PROCESSES} processes, a pool each`)
    const perProcess = await measure("memory", FLEET_PROCESSES, FLEET_REQUESTS)
    log(`fleet: ${FLEET_PROCESSES} processes, redis-semaphore`)
    const semaphore = await measure("semaphore", FLEET_PROCESSES, FLEET_REQUESTS)

    log("fleet: coordination cost per admitted request")
    const costOf = async (scenario: Scenario) => {
      const setup: FleetWorkerSetup = {
        ...base,
        scenario,
        keyPrefix: `bench-${randomBytes(6).toString("hex")}`
      }
      const w = workers[0] as Worker
      await w.request({ type: "setup", setup }, "ready")
      const { micros } = await w.request({ type: "cost", pairs: COST_PAIRS }, "cost")
      await w.request({ type: "teardown" }, "torn-down")
      return { p50: percentile(micros, 0.5), p99: percentile(micros, 0.99) }
    }
    const redisCost = await costOf("redis")
    const memoryCost = await costOf("memory")

    const ratios = fleet.map((f, i) => f.perSecond / (single[i] as Measured).perSecond)
    const singleMedian = single[ratios.indexOf(median(ratios))] ?? (single[0] as Measured)
    const fleetMedian = fleet[ratios.indexOf(median(ratios))] ?? (fleet[0] as Measured)
    const baseline = `one process, in-memory pool: ${describe(singleMedian)} (${(singleMedian.perSecond / IDEAL).toFixed(3)}x of the ideal ${IDEAL} req/s)`
    const overLimitInFleet = fleet.reduce((a, f) => a + f.serverRefused, 0)
    const fleetTokens = fleet.map((f) => f.tokens)
    return [
      {
        section: "fleet",
        item: `${FLEET_PROCESSES} processes, one pool in Redis: limit ${FLEET_LIMIT}, ${FLEET_LATENCY_MS} ms`,
        ratio: median(ratios),
        ratioMeaning: "x of one process with the in-memory pool",
        candidate: describe(fleetMedian),
        baseline,
        goal: ">= 0.95x and 0 over-limit answers",
        pass: median(ratios) >= 0.95 && overLimitInFleet === 0,
        note: `median of ${ROUNDS} rounds, ratios ${ratios.map((r) => r.toFixed(3)).join(", ")}; over-limit answers in all fleet rounds: ${overLimitInFleet}`,
        raw: { single, fleet, ideal: IDEAL }
      },
      {
        section: "fleet",
        item: `${FLEET_PROCESSES} processes, a pool each (limit ${FLEET_LIMIT} each)`,
        ratio: perProcess.perSecond / singleMedian.perSecond,
        ratioMeaning: "x of one process with the in-memory pool",
        candidate: describe(perProcess),
        baseline,
        note: `what each process saw: ${JSON.stringify(perProcess.codes)}`,
        raw: { perProcess }
      },
      {
        section: "fleet",
        item: `${FLEET_PROCESSES} processes, redis-semaphore 5.8.0 (ioredis, limit ${FLEET_LIMIT})`,
        ratio: semaphore.perSecond / singleMedian.perSecond,
        ratioMeaning: "x of one process with the in-memory pool",
        candidate: describe(semaphore),
        baseline,
        note: "the peer: leases on the client's clock, waiters poll every 10 ms, tokens not shared",
        raw: { semaphore }
      },
      {
        section: "fleet",
        item: "coordination cost per admitted request (acquire + release, loopback Redis)",
        ratio: null,
        ratioMeaning: "µs",
        candidate: `Redis pool: p50 ${redisCost.p50.toFixed(0)} µs, p99 ${redisCost.p99.toFixed(0)} µs`,
        baseline: `in-memory pool: p50 ${memoryCost.p50.toFixed(1)} µs, p99 ${memoryCost.p99.toFixed(1)} µs`,
        note: `${COST_PAIRS} sequential pairs in one process after 200 warm-up pairs, nobody waiting`,
        raw: { redisCost, memoryCost }
      },
      {
        section: "fleet",
        item: `M2M token requests per token lifetime, ${FLEET_PROCESSES} processes`,
        ratio: null,
        ratioMeaning: "token requests",
        candidate: `Redis token store: ${fleetTokens.join(", ")} (per fleet round)`,
        baseline: `a store per process: ${perProcess.tokens}; redis-semaphore run: ${semaphore.tokens}`,
        goal: "1",
        pass: fleetTokens.every((t) => t === 1),
        raw: { fleetTokens }
      }
    ]
  } finally {
    for (const w of workers) w.child.kill()
    await server.close()
  }
}
