/**
 * The fleet step, when REDIS_URL is set: several processes share one account's concurrency
 * pool and its M2M token through @netsuite-auth/redis. It runs against a mock server of its
 * own (40 ms per call, limit 5) whose counters show that never more than the limit were in
 * flight, though every process sent all its calls at once, and that the fleet asked for one
 * token. Skipped against a real account: the demo sends it no bursts.
 */
import { fork } from "node:child_process"
import { randomBytes } from "node:crypto"
import { fileURLToPath } from "node:url"
import { type MockServer, startMockServer } from "@netsuite-auth/mock-server"
import type { FleetWorkerJob, FleetWorkerResult } from "./fleet-worker.ts"
import type { Report } from "./report.ts"
import type { Target } from "./target.ts"

const PROCESSES = 4
const CALLS_PER_PROCESS = 20
const LIMIT = 5

const runWorker = (job: FleetWorkerJob) =>
  new Promise<FleetWorkerResult>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./fleet-worker.ts", import.meta.url)), [], {
      execArgv: ["--conditions=@netsuite-auth/source", "--disable-warning=ExperimentalWarning"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    child.once("message", (result: FleetWorkerResult) => resolve(result))
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`a fleet process exited with code ${code}`))
    })
    child.send(job)
  })

/** Adds the fleet step to the report when REDIS_URL is set and the demo runs against the mock. */
export const fleetFlow = async (
  target: Target,
  report: Report,
  redisUrl: string | undefined
): Promise<void> => {
  // A real account cannot count tokens (tokensIssued is undefined): no bursts against it.
  if (redisUrl === undefined || redisUrl === "" || target.tokensIssued() === undefined) return
  await report.step(`FLEET ${PROCESSES} processes, one pool and one token in Redis`, async () => {
    // Without accounts the mock makes one (limit 5) with an M2M client and its key.
    const server: MockServer = await startMockServer({ faults: { rest: { latencyMs: 40 } } })
    try {
      const g = server.config.generated as NonNullable<MockServer["config"]["generated"]>
      const accountId = g.accountId
      const job: FleetWorkerJob = {
        redisUrl,
        keyPrefix: `netsuite-auth-demo-${randomBytes(4).toString("hex")}`,
        accountId,
        baseUrl: server.url,
        concurrency: LIMIT,
        calls: CALLS_PER_PROCESS,
        m2m: { clientId: g.clientId, certificateId: g.certificateId, privateKey: g.privateKey }
      }
      const results = await Promise.all(Array.from({ length: PROCESSES }, () => runWorker(job)))
      const stats = server.stats()
      const ok = results.reduce((n, r) => n + r.ok, 0)
      const errors = results.flatMap((r) => r.errors)
      const peak = stats.peakConcurrency[accountId] ?? 0
      const refused = stats.concurrencyRejected[accountId] ?? 0
      const summary = `${ok} of ${PROCESSES * CALLS_PER_PROCESS} calls sent at once by ${PROCESSES} processes; the mock saw at most ${peak} in flight (limit ${LIMIT}; a pool per process would allow ${PROCESSES * LIMIT}), ${refused} over-limit answers, ${stats.tokensIssued} token request for the fleet`
      if (errors.length > 0 || refused > 0 || peak > LIMIT || stats.tokensIssued !== 1) {
        throw new Error(`${summary}; errors ${JSON.stringify(errors.slice(0, 3))}`)
      }
      return summary
    } finally {
      await server.close()
    }
  })
}
