/**
 * Governance: 1,000 requests through the mock server with an account concurrency limit of 5
 * and 50 ms latency per request. Ideal throughput is limit / latency = 100 req/s. We report
 * completed req/s as a fraction of the ideal and the over-limit errors the caller saw, with our
 * account limiter (concurrency 5) and without it (client concurrency 1,000: every request is
 * sent at once and the mock's governance refuses what is over the limit).
 */

import { generateKeyPairSync } from "node:crypto"
import { Agent } from "node:http"
import { TbaCredentials } from "@netsuite-auth/core"
import { type MockServer, startMockServer, type TbaConfig } from "@netsuite-auth/mock-server"
import { createNetSuiteSoapClient } from "@netsuite-auth/soap"
import axios from "axios"
import type { IOptions } from "soap"
import { runAdaptiveGovernance } from "./governance-adaptive.ts"
import { governanceAxiosCallers } from "./governance-axios.ts"
import type { Row } from "./report.ts"

export const LIMIT = 5
export const LATENCY_MS = 50
export const REQUESTS = 1000
const IDEAL = LIMIT / (LATENCY_MS / 1000)

/** Mock credentials for the governance account (random per run, never printed). */
export interface GovernanceAccount {
  readonly accountId: string
  readonly tba: TbaConfig
}

/** A way to send one request with a given client-side concurrency. */
export interface GovernanceCaller {
  readonly name: string
  readonly make: (
    server: MockServer,
    account: GovernanceAccount,
    concurrency: number
  ) => Promise<{ readonly call: () => Promise<unknown>; readonly close: () => void }>
}

const hex = (n: number) =>
  Buffer.from(
    generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "der", type: "spki" })
  )
    .toString("hex")
    .slice(-n)

const soapCaller: GovernanceCaller = {
  name: "SOAP (createNetSuiteSoapClient)",
  make: async (server, account, concurrency) => {
    const ns = await createNetSuiteSoapClient({
      credentials: TbaCredentials.make({ accountId: account.accountId, ...account.tba }),
      wsdl: server.endpoints.wsdlUrl("2025_2"),
      baseUrl: server.url,
      concurrency,
      soapOptions: {
        request: axios.create({
          httpAgent: new Agent({ keepAlive: true, maxSockets: Math.max(concurrency, 5) })
        }) as unknown as NonNullable<IOptions["request"]>
      }
    })
    return { call: () => ns.call("getServerTime", {}), close: () => ns.dispose() }
  }
}

const isOverLimit = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code
  return code === "NETSUITE_AUTH_CONCURRENCY_LIMIT" || /CONCURRENCY|LIMIT/i.test(String(code))
}

const runOnce = async (
  server: MockServer,
  account: GovernanceAccount,
  caller: GovernanceCaller,
  concurrency: number
) => {
  const { call, close } = await caller.make(server, account, concurrency)
  server.resetStats()
  let ok = 0
  let overLimit = 0
  let otherErrors = 0
  const codes: Record<string, number> = {}
  const started = performance.now()
  // Every request is issued at once: the client's own limiter (or none) decides what goes out.
  await Promise.all(
    Array.from({ length: REQUESTS }, () =>
      call().then(
        () => {
          ok++
        },
        (error: unknown) => {
          const code = String((error as { code?: unknown }).code ?? (error as Error).name)
          codes[code] = (codes[code] ?? 0) + 1
          if (isOverLimit(error)) overLimit++
          else otherErrors++
        }
      )
    )
  )
  const seconds = (performance.now() - started) / 1000
  close()
  const stats = server.stats()
  return {
    ok,
    overLimit,
    otherErrors,
    codes,
    seconds,
    completedPerSecond: ok / seconds,
    serverRejected: Object.values(stats.concurrencyRejected).reduce((a, b) => a + b, 0),
    peak: Math.max(0, ...Object.values(stats.peakConcurrency))
  }
}

export const runGovernance = async (log: (line: string) => void): Promise<Array<Row>> => {
  const account: GovernanceAccount = {
    accountId: "7654321_SB1",
    tba: { consumerKey: hex(64), consumerSecret: hex(64), tokenId: hex(64), tokenSecret: hex(64) }
  }
  const server = await startMockServer({
    accounts: [{ accountId: account.accountId, concurrencyLimit: LIMIT, tba: [account.tba] }],
    faults: {
      soap: { latencyMs: LATENCY_MS },
      rest: { latencyMs: LATENCY_MS },
      restlet: { latencyMs: LATENCY_MS }
    }
  })
  const rows: Array<Row> = []
  try {
    for (const caller of [...(await governanceAxiosCallers()), soapCaller]) {
      log(`governance: ${caller.name} with limiter`)
      const withLimiter = await runOnce(server, account, caller, LIMIT)
      log(`governance: ${caller.name} without limiter`)
      const without = await runOnce(server, account, caller, REQUESTS)
      const describe = (r: typeof withLimiter) =>
        `${r.completedPerSecond.toFixed(1)} req/s, ${r.ok}/${REQUESTS} ok, ${r.overLimit} over-limit errors, ${r.otherErrors} other errors, ${r.seconds.toFixed(1)} s, server refused ${r.serverRejected}, peak ${r.peak}`
      rows.push({
        section: "governance",
        item: `${caller.name}: limit ${LIMIT}, ${LATENCY_MS} ms`,
        ratio: withLimiter.completedPerSecond / IDEAL,
        ratioMeaning: `x of ideal ${IDEAL} req/s`,
        candidate: describe(withLimiter),
        baseline: `without limiter: ${describe(without)} (${(without.completedPerSecond / IDEAL).toFixed(3)}x of ideal)`,
        goal: "0 over-limit errors",
        pass: withLimiter.overLimit === 0,
        note: `error codes with limiter ${JSON.stringify(withLimiter.codes)}, without ${JSON.stringify(without.codes)}`,
        raw: { withLimiter, without, ideal: IDEAL }
      })
    }
  } finally {
    await server.close()
  }
  // The pool shared with another integration whose share moves: adaptive vs static pools.
  rows.push(...(await runAdaptiveGovernance(log)))
  return rows
}
