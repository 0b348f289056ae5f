/**
 * Fault matrix, TBA over SOAP (@netsuite-auth/soap against the mock server's fault injection).
 * Each scenario: the caller gets the right result or a coded error within a bounded time, no
 * request reuses a nonce, and the client works again once the fault is cleared.
 */
import type { MockServer } from "@netsuite-auth/mock-server"
import {
  createNetSuiteSoapClient,
  type NetSuiteSoapClient,
  type NetSuiteSoapEvent
} from "@netsuite-auth/soap"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import {
  ACCOUNT_ID,
  closedPort,
  codeOf,
  FAST_RETRY,
  invariants,
  makeCredentials,
  soapRequest,
  startMock,
  timed,
  WSDL_VERSION,
  wsdlFile
} from "./support/fixture.ts"

const creds = makeCredentials()
let mock: MockServer
let client: NetSuiteSoapClient
const events: Array<NetSuiteSoapEvent> = []

const newClient = (
  options: { readonly baseUrl?: string; readonly wsdl?: string; readonly concurrency?: number } = {}
) =>
  createNetSuiteSoapClient({
    credentials: { accountId: ACCOUNT_ID, ...creds.tba },
    wsdl: options.wsdl ?? mock.endpoints.wsdlUrl(WSDL_VERSION),
    baseUrl: options.baseUrl ?? mock.url,
    concurrency: options.concurrency ?? 5,
    retry: FAST_RETRY,
    soapOptions: { request: soapRequest() },
    onEvent: (e) => events.push(e)
  })

const getServerTime = (c: NetSuiteSoapClient = client, options?: Parameters<NetSuiteSoapClient["call"]>[2]) =>
  c.call<{ getServerTimeResult?: { status?: { attributes?: { isSuccess?: unknown } } } }>(
    "getServerTime",
    {},
    options
  )

const expectWorks = async (c: NetSuiteSoapClient = client) => {
  const outcome = await timed(() => getServerTime(c))
  expect(codeOf(outcome)).toBe("(succeeded)")
}

beforeAll(async () => {
  mock = await startMock(creds)
  client = await newClient()
})
afterAll(async () => {
  client.dispose()
  await mock.close()
})
beforeEach(() => {
  mock.clearFaults()
  mock.resetStats()
  events.length = 0
})
// Every scenario: no request reached the mock with a reused nonce (the stats are per test).
afterEach(() => {
  expect(invariants(mock.stats())).toEqual({ nonceUsed: 0, accessTokenExpired: 0 })
})

describe("TBA SOAP fault matrix", () => {
  it("baseline: a call succeeds and the mock verified the passport", async () => {
    await expectWorks()
    expect(mock.stats().surfaces.soap.accepted).toBe(1)
  })

  it("endpoint down (closed port): Transport error within 3 s, then works when the server is up", async () => {
    const port = await closedPort()
    const base = `http://127.0.0.1:${port}`
    const down = await newClient({
      baseUrl: base,
      wsdl: wsdlFile(`${base}/services/NetSuitePort_${WSDL_VERSION}`)
    })
    const outcome = await timed(() => getServerTime(down))
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_TRANSPORT")
    expect(outcome.millis).toBeLessThan(3_000)
    const revived = await startMock(creds, { port })
    try {
      await expectWorks(down)
      expect(revived.stats().surfaces.soap.accepted).toBe(1)
    } finally {
      down.dispose()
      await revived.close()
    }
  })

  it("slow (latency beyond the client timeout): Timeout error within 2 s, then works", async () => {
    mock.setFaults("soap", { latencyMs: 3_000 })
    const outcome = await timed(() =>
      getServerTime(client, { soapOptions: { timeout: 150 }, retry: { maxAttempts: 2, baseDelayMillis: 10 } })
    )
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_TIMEOUT")
    expect(outcome.millis).toBeLessThan(2_000)
    mock.clearFaults()
    await expectWorks()
  })

  it("5xx twice: retried with a new passport and succeeds", async () => {
    mock.setFaults("soap", { status5xx: { count: 2, status: 503 } })
    const outcome = await timed(() => getServerTime())
    expect(codeOf(outcome)).toBe("(succeeded)")
    const stats = mock.stats()
    expect(stats.faultsInjected["soap:status5xx"]).toBe(2)
    expect(stats.surfaces.soap.accepted).toBe(1)
    expect(events.filter((e) => e.type === "retry-scheduled")).toHaveLength(2)
  })

  it("5xx on every attempt: ServerError after the bounded retries, then works when cleared", async () => {
    mock.setFaults("soap", { status5xx: { count: 100, status: 502 } })
    const outcome = await timed(() => getServerTime())
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_SERVER_ERROR")
    expect(outcome.millis).toBeLessThan(3_000)
    expect(mock.stats().faultsInjected["soap:status5xx"]).toBe(FAST_RETRY.maxAttempts)
    mock.clearFaults()
    await expectWorks()
  })

  it("429 with Retry-After: 1 waits at least the server's delay, then succeeds", async () => {
    mock.setFaults("soap", { status429: { count: 1, retryAfterSeconds: 1 } })
    const outcome = await timed(() => getServerTime())
    expect(codeOf(outcome)).toBe("(succeeded)")
    expect(outcome.millis).toBeGreaterThanOrEqual(950)
    expect(outcome.millis).toBeLessThan(4_000)
  })

  it("garbage body (200, neither XML nor JSON): a coded error, not a crash, then works", async () => {
    mock.setFaults("soap", { garbageBody: 1 })
    const outcome = await timed(() => getServerTime(client, { retry: false }))
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_HTTP_ERROR")
    expect(outcome.millis).toBeLessThan(2_000)
    await expectWorks()
  })

  it("connection reset mid-request: Transport when not retried, success when retried", async () => {
    mock.setFaults("soap", { resetConnection: 1 })
    const once = await timed(() => getServerTime(client, { retry: false }))
    expect(codeOf(once)).toBe("NETSUITE_AUTH_TRANSPORT")
    mock.setFaults("soap", { resetConnection: 1 })
    const retried = await timed(() => getServerTime())
    expect(codeOf(retried)).toBe("(succeeded)")
    expect(mock.stats().faultsInjected["soap:reset"]).toBe(2)
  })

  it("concurrency faults: 30 calls from a client allowed 20 at once against a limit of 5 all end coded or ok", async () => {
    const greedy = await newClient({ concurrency: 20 })
    // Each request holds its slot for 50 ms, so 20 in flight really overlap.
    mock.setFaults("soap", { latencyMs: 50 })
    try {
      const outcomes = await Promise.all(Array.from({ length: 30 }, () => timed(() => getServerTime(greedy))))
      const codes = outcomes.map(codeOf)
      expect(codes.every((c) => c === "(succeeded)" || c === "NETSUITE_AUTH_CONCURRENCY_LIMIT")).toBe(true)
      const stats = mock.stats()
      // The mock refused what was over the limit, and each refusal was retried with a fresh passport.
      expect(Object.values(stats.concurrencyRejected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
      expect(stats.surfaces.soap.accepted).toBe(codes.filter((c) => c === "(succeeded)").length)
    } finally {
      greedy.dispose()
    }
    // The same burst through the account limiter (5) is never refused.
    mock.resetStats()
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => timed(() => getServerTime())))
    expect(outcomes.map(codeOf).every((c) => c === "(succeeded)")).toBe(true)
    expect(mock.stats().concurrencyRejected).toEqual({})
  })

  it("server clock 3 minutes ahead: succeeds (inside NetSuite's 5-minute window) and the skew is learned", async () => {
    const c = await newClient()
    try {
      mock.setFaults("soap", { clockOffsetSeconds: 180 })
      await expectWorks(c)
      expect(c.account.clockSkew.offsetMillis()).toBeGreaterThan(170_000)
      expect(c.account.clockSkew.offsetMillis()).toBeLessThan(190_000)
    } finally {
      c.dispose()
    }
  })

  it("server clock 10 minutes ahead: the first call is refused (InvalidTimestamp), the skew is learned from its Date header, the next call succeeds", async () => {
    const c = await newClient()
    try {
      mock.setFaults("soap", { clockOffsetSeconds: 600 })
      const first = await timed(() => getServerTime(c))
      // What actually happens: NetSuite answers an invalid-login fault; it is not retryable, so
      // the caller sees it once, but the fault's Date header has already taught the account the skew.
      expect(codeOf(first)).toBe("NETSUITE_AUTH_INVALID_LOGIN")
      expect(mock.stats().rejectedByReason.InvalidTimestamp).toBe(1)
      expect(c.account.clockSkew.offsetMillis()).toBeGreaterThan(590_000)
      await expectWorks(c)
    } finally {
      c.dispose()
    }
  })
})
