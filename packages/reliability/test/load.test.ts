/**
 * Load: 10,000 requests at concurrency 100 through each adapter against the mock server (mock
 * limit = account limiter = 100). Counted on both sides: every request resolves exactly once on
 * the client, the mock accepted exactly as many, refused none, and saw as many distinct nonces
 * (TBA). No unhandled rejection anywhere.
 */
import { Agent } from "node:http"
import { installNetSuiteAuth } from "@netsuite-auth/axios"
import { NetSuiteAccount } from "@netsuite-auth/core"
import type { MockServer } from "@netsuite-auth/mock-server"
import { createNetSuiteSoapClient } from "@netsuite-auth/soap"
import axios from "axios"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import {
  ACCOUNT_ID,
  invariants,
  makeCredentials,
  soapRequest,
  startMock,
  WSDL_VERSION
} from "./support/fixture.ts"

const CONCURRENCY = 100
const REQUESTS = 10_000
const creds = makeCredentials()
let mock: MockServer
const unhandled: Array<unknown> = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled)
  mock = await startMock(creds, { concurrencyLimit: CONCURRENCY })
})
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled)
  await mock.close()
})
beforeEach(() => {
  mock.resetStats()
  unhandled.length = 0
})

/** Runs `count` calls, `concurrency` at a time; returns how many resolved and rejected (each call once). */
const drive = async (count: number, concurrency: number, call: (i: number) => Promise<unknown>) => {
  let next = 0
  let resolved = 0
  let rejected = 0
  const settledIds = new Set<number>()
  const codes: Record<string, number> = {}
  const worker = async () => {
    while (next < count) {
      const i = next++
      try {
        await call(i)
        resolved++
      } catch (error) {
        rejected++
        const code = String((error as { code?: unknown }).code)
        codes[code] = (codes[code] ?? 0) + 1
      }
      settledIds.add(i)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  return {
    resolved,
    rejected,
    settled: settledIds.size,
    codes,
    seconds: (performance.now() - started) / 1000
  }
}

const account = () =>
  NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url, concurrency: CONCURRENCY })
const http = () =>
  axios.create({ baseURL: mock.url, httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) })

/**
 * Every request answered exactly once on both sides: the caller saw REQUESTS successes, the mock
 * accepted REQUESTS on that surface and refused none, nothing broke NetSuite's invariants, and no
 * promise was left unhandled.
 */
const expectEveryRequestOnce = (result: Awaited<ReturnType<typeof drive>>, surface: "rest" | "soap") => {
  const stats = mock.stats()
  expect({ ...result, seconds: 0 }).toEqual({
    resolved: REQUESTS,
    rejected: 0,
    settled: REQUESTS,
    codes: {},
    seconds: 0
  })
  expect(stats.surfaces[surface].accepted).toBe(REQUESTS)
  expect(stats.surfaces[surface].rejected).toBe(0)
  expect(stats.concurrencyRejected).toEqual({})
  expect(invariants(stats)).toEqual({ nonceUsed: 0, accessTokenExpired: 0 })
  expect(unhandled).toEqual([])
  return stats
}

describe(`load: ${REQUESTS.toLocaleString("en-US")} requests at concurrency ${CONCURRENCY}`, () => {
  it("axios M2M: none lost or duplicated, one token, no unhandled rejection", {
    timeout: 60_000
  }, async () => {
    const client = http()
    installNetSuiteAuth(client, {
      scheme: "m2m",
      account: account(),
      credentials: { accountId: ACCOUNT_ID, ...creds.m2m }
    })
    const result = await drive(REQUESTS, CONCURRENCY, (i) =>
      client.get(`/services/rest/record/v1/customer/${(i % 1000) + 1}`)
    )
    const stats = expectEveryRequestOnce(result, "rest")
    expect(stats.tokensIssued).toBe(1)
    console.info(`axios M2M: ${REQUESTS} requests in ${result.seconds.toFixed(1)} s`)
  })

  it("axios TBA: none lost or duplicated, a distinct nonce per request, no unhandled rejection", {
    timeout: 60_000
  }, async () => {
    const client = http()
    installNetSuiteAuth(client, {
      scheme: "tba",
      account: account(),
      credentials: { accountId: ACCOUNT_ID, ...creds.tba }
    })
    const noncesBefore = mock.stats().noncesSeen
    const result = await drive(REQUESTS, CONCURRENCY, (i) =>
      client.get(`/services/rest/record/v1/customer/${(i % 1000) + 1}`)
    )
    const stats = expectEveryRequestOnce(result, "rest")
    expect(stats.noncesSeen - noncesBefore).toBe(REQUESTS)
    console.info(`axios TBA: ${REQUESTS} requests in ${result.seconds.toFixed(1)} s`)
  })

  it("SOAP: none lost or duplicated, a distinct nonce per request, no unhandled rejection", {
    timeout: 60_000
  }, async () => {
    const ns = await createNetSuiteSoapClient({
      credentials: { accountId: ACCOUNT_ID, ...creds.tba },
      wsdl: mock.endpoints.wsdlUrl(WSDL_VERSION),
      account: account(),
      soapOptions: { request: soapRequest(CONCURRENCY) }
    })
    try {
      const noncesBefore = mock.stats().noncesSeen
      const result = await drive(REQUESTS, CONCURRENCY, () => ns.call("getServerTime", {}))
      const stats = expectEveryRequestOnce(result, "soap")
      expect(stats.noncesSeen - noncesBefore).toBe(REQUESTS)
      console.info(`SOAP: ${REQUESTS} requests in ${result.seconds.toFixed(1)} s`)
    } finally {
      ns.dispose()
    }
  })
})
