/**
 * `concurrency: "auto"` against the mock, end to end: the ceiling read from governanceLimits,
 * then the share of "another integration" moves (free 15 -> 5 -> 10) while callers keep the
 * pool full. After each move the over-limit answers must stop within a few round trips (a
 * round trip = as many answers as there are free slots), leaving only the rare probe.
 */
import { Agent } from "node:http"
import { installNetSuiteAuth } from "@netsuite-auth/axios"
import { NetSuiteAccount, type NetSuiteAuthEvent } from "@netsuite-auth/core"
import { createNetSuiteFetch } from "@netsuite-auth/fetch"
import type { MockServer } from "@netsuite-auth/mock-server"
import { createNetSuiteSoapClient } from "@netsuite-auth/soap"
import axios, { type AxiosInstance } from "axios"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ACCOUNT_ID, makeCredentials, soapRequest, startMock, WSDL_VERSION } from "./support/fixture.ts"

const CEILING = 15
const LATENCY_MS = 20
const PATH = "/services/rest/record/v1/customer/1"
// Round trips after a move within which the over-limit answers must have stopped.
const SETTLE_ROUND_TRIPS = 5
// The adaptive pool probes the level NetSuite refused once per 16 round trips at most.
const PROBE_ROUND_TRIPS = 16

const creds = makeCredentials()
let mock: MockServer

beforeAll(async () => {
  mock = await startMock(creds, { concurrencyLimit: CEILING })
  mock.setFaults("rest", { latencyMs: LATENCY_MS })
  mock.setFaults("soap", { latencyMs: LATENCY_MS })
})
afterAll(async () => {
  await mock.close()
})

/** What was answered, in order: a success, or NetSuite's over-limit refusal of one attempt. */
type Answer = "ok" | "over-limit"

const autoAccount = (events: Array<NetSuiteAuthEvent>) =>
  NetSuiteAccount.make({
    accountId: ACCOUNT_ID,
    baseUrl: mock.url,
    concurrency: "auto",
    onEvent: (e) => events.push(e)
  })

const axiosClient = (account: NetSuiteAccount, answers: Array<Answer>): AxiosInstance => {
  const client = axios.create({
    baseURL: mock.url,
    httpAgent: new Agent({ keepAlive: true, maxSockets: 64 })
  })
  installNetSuiteAuth(client, {
    scheme: "tba",
    account,
    credentials: { accountId: ACCOUNT_ID, ...creds.tba },
    retry: { maxAttempts: 20, baseDelayMillis: 5, maxDelayMillis: 50, maxElapsedMillis: 30_000 },
    onEvent: (e) => {
      if (e.type === "attempt-failed" && e.code === "NETSUITE_AUTH_CONCURRENCY_LIMIT")
        answers.push("over-limit")
    }
  })
  // What an adapter offers for discovery: the governanceLimits GET as one of its own requests.
  account.governance?.offerProbe((url) => client.get(url).then((response) => response.data))
  return client
}

/** Callers that keep the pool full until `stop()`; successes are appended to `answers`. */
const keepBusy = (callers: number, call: () => Promise<unknown>, answers: Array<Answer>) => {
  let running = true
  const done = Promise.all(
    Array.from({ length: callers }, async () => {
      while (running) {
        await call().then(
          () => void answers.push("ok"),
          () => {}
        )
      }
    })
  )
  return {
    stop: async () => {
      running = false
      await done
    }
  }
}

const until = async (condition: () => boolean, what: string) => {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * Moves the share and runs `roundTrips` round trips at the new free share; returns the
 * over-limit answers after the first SETTLE_ROUND_TRIPS round trips, and the limit then.
 */
const phase = async (
  answers: Array<Answer>,
  account: NetSuiteAccount,
  occupied: number,
  roundTrips: number
) => {
  const free = CEILING - occupied
  mock.setGovernance({ accountId: ACCOUNT_ID, occupiedSlots: occupied })
  const start = answers.length
  const successes = () => answers.slice(start).filter((a) => a === "ok").length
  await until(() => successes() >= free * SETTLE_ROUND_TRIPS, "the first round trips")
  const settled = answers.length
  await until(() => successes() >= free * roundTrips, `${roundTrips} round trips`)
  const late = answers.slice(settled).filter((a) => a === "over-limit").length
  return {
    free,
    late,
    early: answers.slice(start, settled).filter((a) => a === "over-limit").length,
    limit: account.limit
  }
}

describe('concurrency: "auto" against the mock while another integration takes and frees slots', () => {
  it("axios: discovers 15, and after each move over-limit answers stop within a few round trips", async () => {
    const events: Array<NetSuiteAuthEvent> = []
    const answers: Array<Answer> = []
    const account = autoAccount(events)
    const client = axiosClient(account, answers)
    mock.setGovernance({ accountId: ACCOUNT_ID, occupiedSlots: 0 })
    const busy = keepBusy(25, () => client.get(PATH), answers)
    try {
      await until(() => account.governance?.discovery() === "discovered", "discovery")
      expect([account.ceiling, account.limit]).toEqual([CEILING, CEILING])
      const results = []
      results.push(await phase(answers, account, 0, 20))
      results.push(await phase(answers, account, 10, 50))
      results.push(await phase(answers, account, 5, 70))
      for (const r of results) {
        // After the first round trips, only probes of the level above the free share are refused.
        expect(r.late, JSON.stringify(r)).toBeLessThanOrEqual(Math.ceil(70 / PROBE_ROUND_TRIPS) + 1)
        expect(Math.abs(r.limit - r.free), JSON.stringify(r)).toBeLessThanOrEqual(1)
      }
      // Free 15 at the ceiling: nothing refused at all; the move to 5 free costs a few refusals.
      expect(results[0]?.early).toBe(0)
      expect(results[1]?.early).toBeGreaterThan(0)
      expect(events.find((e) => e.type === "limit-changed" && e.reason === "discovered")).toMatchObject({
        from: 5,
        to: CEILING,
        ceiling: CEILING
      })
    } finally {
      await busy.stop()
    }
  }, 60_000)

  it("axios, fetch and SOAP on one account adapt together: one limit, one pool", async () => {
    const events: Array<NetSuiteAuthEvent> = []
    const answers: Array<Answer> = []
    const account = autoAccount(events)
    const client = axiosClient(account, answers)
    const onEvent = (e: NetSuiteAuthEvent) => {
      if (e.type === "attempt-failed" && e.code === "NETSUITE_AUTH_CONCURRENCY_LIMIT")
        answers.push("over-limit")
    }
    const retry = { maxAttempts: 20, baseDelayMillis: 5, maxDelayMillis: 50, maxElapsedMillis: 30_000 }
    const netsuiteFetch = createNetSuiteFetch({
      scheme: "tba",
      account,
      credentials: { accountId: ACCOUNT_ID, ...creds.tba },
      baseUrl: mock.url,
      retry,
      onEvent
    })
    const soap = await createNetSuiteSoapClient({
      credentials: { accountId: ACCOUNT_ID, ...creds.tba },
      wsdl: mock.endpoints.wsdlUrl(WSDL_VERSION),
      account,
      retry,
      onEvent,
      soapOptions: { request: soapRequest(64) }
    })
    const served = { axios: 0, fetch: 0, soap: 0 }
    mock.setGovernance({ accountId: ACCOUNT_ID, occupiedSlots: 0 })
    const busy = [
      keepBusy(8, () => client.get(PATH).then(() => served.axios++), answers),
      keepBusy(
        8,
        async () => {
          await (await netsuiteFetch(PATH)).arrayBuffer()
          served.fetch++
        },
        answers
      ),
      keepBusy(8, () => soap.call("getServerTime", {}).then(() => served.soap++), answers)
    ]
    try {
      await until(() => account.governance?.discovery() === "discovered", "discovery")
      const moved = await phase(answers, account, 10, 40)
      expect(moved.late, JSON.stringify(moved)).toBeLessThanOrEqual(Math.ceil(40 / PROBE_ROUND_TRIPS) + 1)
      expect(Math.abs(moved.limit - moved.free), JSON.stringify(moved)).toBeLessThanOrEqual(1)
      // The refusals that shrank the limit came from every surface's answers; each kept working.
      expect(served.axios).toBeGreaterThan(0)
      expect(served.fetch).toBeGreaterThan(0)
      expect(served.soap).toBeGreaterThan(0)
      expect(mock.stats().peakConcurrency[ACCOUNT_ID]).toBeLessThanOrEqual(CEILING)
    } finally {
      await Promise.all(busy.map((b) => b.stop()))
      soap.dispose()
    }
  }, 60_000)
})
