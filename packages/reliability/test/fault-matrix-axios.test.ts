/**
 * Fault matrix, REST through @netsuite-auth/axios, for both schemes: M2M (bearer tokens from the
 * token endpoint) and TBA (OAuth 1.0a). Each scenario: the right result or a coded error within a
 * bounded time, no reused nonce and no expired token reaching the mock, and recovery once the
 * fault is cleared.
 */
import { installNetSuiteAuth, type NetSuiteAuthOptions } from "@netsuite-auth/axios"
import { NetSuiteAccount, type NetSuiteAuthEvent } from "@netsuite-auth/core"
import type { MockServer } from "@netsuite-auth/mock-server"
import axios, { type AxiosInstance } from "axios"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import {
  ACCOUNT_ID,
  closedPort,
  codeOf,
  FAST_RETRY,
  invariants,
  makeCredentials,
  startMock,
  timed
} from "./support/fixture.ts"

const creds = makeCredentials()
let mock: MockServer
const events: Array<NetSuiteAuthEvent> = []
const RECORD = "/services/rest/record/v1/customer/1"

type Scheme = "m2m" | "tba"

const client = (
  scheme: Scheme,
  options: {
    readonly baseUrl?: string
    readonly concurrency?: number
    readonly tokenTimeoutMillis?: number
    readonly retry?: false
  } = {}
): { readonly http: AxiosInstance; readonly account: NetSuiteAccount } => {
  const baseUrl = options.baseUrl ?? mock.url
  const account = NetSuiteAccount.make({
    accountId: ACCOUNT_ID,
    baseUrl,
    concurrency: options.concurrency ?? 5
  })
  const http = axios.create({ baseURL: baseUrl })
  const common = {
    account,
    retry: options.retry ?? FAST_RETRY,
    onEvent: (e: NetSuiteAuthEvent) => events.push(e)
  }
  const auth: NetSuiteAuthOptions =
    scheme === "m2m"
      ? {
          ...common,
          scheme,
          credentials: { accountId: ACCOUNT_ID, ...creds.m2m },
          tokenEndpoint: { timeoutMillis: options.tokenTimeoutMillis ?? 5_000 }
        }
      : { ...common, scheme, credentials: { accountId: ACCOUNT_ID, ...creds.tba } }
  installNetSuiteAuth(http, auth)
  return { http, account }
}

const get = (http: AxiosInstance, config: Parameters<AxiosInstance["get"]>[1] = {}) =>
  timed(() => http.get(RECORD, config))

const expectWorks = async (http: AxiosInstance) => {
  const outcome = await get(http)
  expect(codeOf(outcome)).toBe("(succeeded)")
  if (outcome.ok) expect(outcome.value.status).toBe(200)
}

beforeAll(async () => {
  mock = await startMock(creds)
})
afterAll(() => mock.close())
beforeEach(() => {
  mock.clearFaults()
  mock.resetStats()
  events.length = 0
})
afterEach(() => {
  expect(invariants(mock.stats())).toEqual({ nonceUsed: 0, accessTokenExpired: 0 })
})

describe("M2M token endpoint faults", () => {
  it("token endpoint down (closed port): TOKEN_TRANSPORT within 3 s, then works when it is up", async () => {
    const port = await closedPort()
    const { http } = client("m2m", { baseUrl: `http://127.0.0.1:${port}` })
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_TOKEN_TRANSPORT")
    expect(outcome.millis).toBeLessThan(3_000)
    const revived = await startMock(creds, { port })
    try {
      await expectWorks(http)
      expect(revived.stats().tokensIssued).toBe(1)
    } finally {
      await revived.close()
    }
  })

  it("token endpoint slow (beyond the token timeout): TOKEN_TIMEOUT within 3 s, then works", async () => {
    mock.setFaults("token", { latencyMs: 3_000 })
    const { http } = client("m2m", { tokenTimeoutMillis: 150, retry: false })
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_TOKEN_TIMEOUT")
    expect(outcome.millis).toBeLessThan(3_000)
    mock.clearFaults()
    await expectWorks(http)
  })

  it("token endpoint 5xx twice: retried, one token issued, the request succeeds", async () => {
    mock.setFaults("token", { status5xx: { count: 2 } })
    const { http } = client("m2m")
    await expectWorks(http)
    const stats = mock.stats()
    expect(stats.faultsInjected["token:status5xx"]).toBe(2)
    expect(stats.tokensIssued).toBe(1)
  })

  it("token endpoint 5xx on every attempt: TOKEN_SERVER_ERROR, the failure is not cached, works when cleared", async () => {
    mock.setFaults("token", { status5xx: { count: 100 } })
    const { http } = client("m2m")
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_TOKEN_SERVER_ERROR")
    expect(outcome.millis).toBeLessThan(3_000)
    mock.clearFaults()
    await expectWorks(http)
  })

  it("token endpoint 429 with Retry-After: 1: waits the server's delay, then succeeds", async () => {
    mock.setFaults("token", { status429: { count: 1, retryAfterSeconds: 1 } })
    const { http } = client("m2m")
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe("(succeeded)")
    expect(outcome.millis).toBeGreaterThanOrEqual(950)
    expect(outcome.millis).toBeLessThan(4_000)
  })

  it("token endpoint garbage JSON: TOKEN_MALFORMED_RESPONSE (not retried), next call works", async () => {
    mock.setFaults("token", { garbageBody: 1 })
    const { http } = client("m2m")
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE")
    expect(outcome.millis).toBeLessThan(2_000)
    await expectWorks(http)
  })

  it("token endpoint connection reset: TOKEN_TRANSPORT without retries, success with them", async () => {
    mock.setFaults("token", { resetConnection: 1 })
    const once = client("m2m", { retry: false })
    expect(codeOf(await get(once.http))).toBe("NETSUITE_AUTH_TOKEN_TRANSPORT")
    mock.setFaults("token", { resetConnection: 1 })
    await expectWorks(client("m2m").http)
    expect(mock.stats().faultsInjected["token:reset"]).toBe(2)
  })

  it("REST 401 after the token is revoked: one new token, one retry, success; no loop", async () => {
    const { http } = client("m2m")
    await expectWorks(http)
    expect(mock.revokeTokens()).toBeGreaterThanOrEqual(1)
    await expectWorks(http)
    const stats = mock.stats()
    expect(stats.rejectedByReason.TokenRevoked).toBe(1)
    expect(stats.tokensIssued).toBe(2)
    expect(events.some((e) => e.type === "token-invalidated")).toBe(true)
  })

  it("short-lived tokens (2 s): refreshed ahead, so no request ever carries an expired token", async () => {
    mock.setFaults("token", { tokenLifetimeSeconds: 2 })
    const { http } = client("m2m")
    const deadline = performance.now() + 3_000
    let sent = 0
    while (performance.now() < deadline && sent < 200) {
      await expectWorks(http)
      sent++
      await new Promise((r) => setTimeout(r, 25))
    }
    const stats = mock.stats()
    expect(stats.tokensIssued).toBeGreaterThanOrEqual(2)
    expect(stats.surfaces.rest.accepted).toBe(sent)
  })

  it("server clock 3 minutes ahead: the token request and the call succeed", async () => {
    mock.setFaults("token", { clockOffsetSeconds: 180 })
    mock.setFaults("rest", { clockOffsetSeconds: 180 })
    const { http, account } = client("m2m")
    await expectWorks(http)
    expect(account.clockSkew.offsetMillis()).toBeGreaterThan(170_000)
  })

  it("server clock 10 minutes ahead: the first token request is refused (assertion expired, invalid_grant), the skew is learned from its Date header, the next call succeeds", async () => {
    mock.setFaults("token", { clockOffsetSeconds: 600 })
    mock.setFaults("rest", { clockOffsetSeconds: 600 })
    const { http, account } = client("m2m")
    const first = await get(http)
    // What happens: the assertion's exp (iat + 300 s) is already past in the server's time, so the
    // token endpoint answers invalid_grant, which is never retried; its Date header taught the skew.
    expect(codeOf(first)).toBe("NETSUITE_AUTH_TOKEN_INVALID_GRANT")
    expect(mock.stats().rejectedByReason.AssertionExpired).toBe(1)
    expect(account.clockSkew.offsetMillis()).toBeGreaterThan(590_000)
    await expectWorks(http)
    expect(mock.stats().tokensIssued).toBe(1)
  })
})

describe.each<Scheme>(["m2m", "tba"])("REST faults, %s", (scheme) => {
  it("REST endpoint down (closed port): a coded transport error within 3 s, then works when it is up", async () => {
    const port = await closedPort()
    const { http } = client(scheme, { baseUrl: `http://127.0.0.1:${port}` })
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe(
      scheme === "m2m" ? "NETSUITE_AUTH_TOKEN_TRANSPORT" : "NETSUITE_AUTH_TRANSPORT"
    )
    expect(outcome.millis).toBeLessThan(3_000)
    const revived = await startMock(creds, { port })
    try {
      await expectWorks(http)
    } finally {
      await revived.close()
    }
  })

  it("REST slow (beyond the axios timeout): TIMEOUT within 2 s, then works", async () => {
    const { http } = client(scheme, { retry: false })
    await expectWorks(http) // a token first, so the timeout is the REST call's
    mock.setFaults("rest", { latencyMs: 3_000 })
    const outcome = await get(http, { timeout: 150 })
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_TIMEOUT")
    expect(outcome.millis).toBeLessThan(2_000)
    mock.clearFaults()
    await expectWorks(http)
  })

  it("REST 5xx twice on a GET: retried (re-signed) and succeeds", async () => {
    const { http } = client(scheme)
    mock.setFaults("rest", { status5xx: { count: 2 } })
    await expectWorks(http)
    expect(mock.stats().faultsInjected["rest:status5xx"]).toBe(2)
  })

  it("REST 5xx on every attempt: SERVER_ERROR after bounded retries, then works", async () => {
    const { http } = client(scheme)
    mock.setFaults("rest", { status5xx: { count: 100 } })
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe("NETSUITE_AUTH_SERVER_ERROR")
    expect(outcome.millis).toBeLessThan(3_000)
    expect(mock.stats().faultsInjected["rest:status5xx"]).toBe(FAST_RETRY.maxAttempts)
    mock.clearFaults()
    await expectWorks(http)
  })

  it("REST 429 with Retry-After: 1: waits, then succeeds", async () => {
    const { http } = client(scheme)
    await expectWorks(http)
    mock.setFaults("rest", { status429: { count: 1, retryAfterSeconds: 1 } })
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe("(succeeded)")
    expect(outcome.millis).toBeGreaterThanOrEqual(950)
    expect(outcome.millis).toBeLessThan(4_000)
  })

  it("REST garbage body with 200: handed to the caller as the response (auth is not involved), next call works", async () => {
    const { http } = client(scheme)
    mock.setFaults("rest", { garbageBody: 1 })
    const outcome = await get(http)
    expect(codeOf(outcome)).toBe("(succeeded)")
    if (outcome.ok) expect(String(outcome.value.data)).toContain("garbage")
    await expectWorks(http)
  })

  it("REST connection reset: TRANSPORT without retries, success with them", async () => {
    const once = client(scheme, { retry: false })
    await expectWorks(once.http)
    mock.setFaults("rest", { resetConnection: 1 })
    expect(codeOf(await get(once.http))).toBe("NETSUITE_AUTH_TRANSPORT")
    mock.setFaults("rest", { resetConnection: 1 })
    await expectWorks(client(scheme).http)
  })

  it("concurrency: 30 calls allowed 20 at once against a limit of 5 end ok or CONCURRENCY_LIMIT; through the limiter none is refused", async () => {
    mock.setFaults("rest", { latencyMs: 50 })
    const greedy = client(scheme, { concurrency: 20 })
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => get(greedy.http)))
    expect(
      outcomes.map(codeOf).every((c) => c === "(succeeded)" || c === "NETSUITE_AUTH_CONCURRENCY_LIMIT")
    ).toBe(true)
    expect(Object.values(mock.stats().concurrencyRejected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    mock.resetStats()
    const polite = client(scheme)
    const ok = await Promise.all(Array.from({ length: 30 }, () => get(polite.http)))
    expect(ok.map(codeOf).every((c) => c === "(succeeded)")).toBe(true)
    expect(mock.stats().concurrencyRejected).toEqual({})
  })

  it("server clock 3 minutes ahead: succeeds", async () => {
    mock.setFaults("token", { clockOffsetSeconds: 180 })
    mock.setFaults("rest", { clockOffsetSeconds: 180 })
    await expectWorks(client(scheme).http)
  })

  it("server clock 10 minutes ahead: the skew is learned from the Date header and the next call succeeds", async () => {
    mock.setFaults("token", { clockOffsetSeconds: 600 })
    mock.setFaults("rest", { clockOffsetSeconds: 600 })
    const { http, account } = client(scheme)
    const first = await get(http)
    if (scheme === "m2m") {
      expect(codeOf(first)).toBe("NETSUITE_AUTH_TOKEN_INVALID_GRANT")
    } else {
      // OAuth 1.0a: NetSuite refuses the stale timestamp with 401 INVALID_LOGIN (not retryable);
      // the 401's Date header has taught the account the skew by then.
      expect(codeOf(first)).toBe("NETSUITE_AUTH_INVALID_LOGIN")
      expect(mock.stats().rejectedByReason.InvalidTimestamp).toBe(1)
    }
    expect(account.clockSkew.offsetMillis()).toBeGreaterThan(590_000)
    await expectWorks(http)
  })
})
