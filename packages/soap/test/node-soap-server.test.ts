import { NetSuiteAccount, NetSuiteError, RequestError, TbaCredentials } from "@netsuite-auth/core"
import { afterEach, describe, expect, it } from "vitest"
import { createNetSuiteSoapClient, type NetSuiteSoapEvent } from "../src/index.ts"
import {
  CONCURRENCY_FAULT,
  INVALID_LOGIN_FAULT,
  MINI_WSDL,
  startTestServer,
  TEST_SECRETS,
  type TestServer
} from "./netsuite-soap-test-server.ts"

const credentials = TbaCredentials.make(TEST_SECRETS)
const fastRetry = { baseDelayMillis: 5, maxDelayMillis: 20 }

const unexpected = (): never => {
  throw new Error("expected the call to fail")
}

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const clientFor = async (
  s: TestServer,
  extra: { concurrency?: number; onEvent?: (e: NetSuiteSoapEvent) => void } = {}
) =>
  createNetSuiteSoapClient({
    account: NetSuiteAccount.make({
      accountId: TEST_SECRETS.accountId,
      baseUrl: s.baseUrl,
      concurrency: extra.concurrency ?? 5
    }),
    credentials,
    wsdl: MINI_WSDL,
    retry: fastRetry,
    onEvent: extra.onEvent
  })

describe("against a node-soap server on loopback", () => {
  it("200 sequential calls carry 200 distinct nonces and valid signatures", async () => {
    server = await startTestServer()
    const ns = await clientFor(server)
    for (let i = 0; i < 200; i++) {
      const result = await ns.call<{ getServerTimeResult: { serverTime: Date } }>("getServerTime", {})
      expect(result.getServerTimeResult.serverTime.toISOString()).toBe("2023-10-01T12:00:00.000Z")
    }
    expect(server.passports).toHaveLength(200)
    expect(server.passports.every((p) => p.valid)).toBe(true)
    expect(new Set(server.passports.map((p) => p.nonce)).size).toBe(200)
    expect(server.passports[0]).toMatchObject({
      account: "1234567_SB1",
      consumerKey: TEST_SECRETS.consumerKey,
      token: TEST_SECRETS.tokenId,
      algorithm: "HMAC-SHA256"
    })
    // exactly one passport per envelope on the wire
    for (const { body } of server.raw) expect(body.match(/<[\w]+:tokenPassport[\s>]/g)).toHaveLength(1)
  })

  it("50 concurrent calls carry 50 distinct nonces and valid signatures", async () => {
    server = await startTestServer({ delayMillis: 5 })
    const ns = await clientFor(server, { concurrency: 50 })
    const results = await Promise.all(Array.from({ length: 50 }, () => ns.call("getServerTime", {})))
    expect(results).toHaveLength(50)
    expect(server.passports).toHaveLength(50)
    expect(server.passports.filter((p) => p.valid)).toHaveLength(50)
    expect(new Set(server.passports.map((p) => p.nonce)).size).toBe(50)
    expect(server.stats.maxInFlight).toBeGreaterThan(1) // they really overlapped
  })

  it("a concurrency fault twice, then success: three passports, distinct nonces, one result", async () => {
    server = await startTestServer({ fault: (n) => (n <= 2 ? CONCURRENCY_FAULT() : undefined) })
    const events: NetSuiteSoapEvent[] = []
    const ns = await clientFor(server, { onEvent: (e) => events.push(e) })
    const result = await ns.call<{ getServerTimeResult: unknown }>("getServerTime", {})
    expect(result.getServerTimeResult).toBeDefined()
    expect(server.passports).toHaveLength(3)
    expect(server.passports.every((p) => p.valid)).toBe(true)
    expect(new Set(server.passports.map((p) => p.nonce)).size).toBe(3)
    const retries = events.filter((e) => e.type === "retry-scheduled")
    expect(retries).toHaveLength(2)
    expect(retries[0]).toMatchObject({
      operation: "getServerTime",
      attempt: 1,
      code: "NETSUITE_AUTH_CONCURRENCY_LIMIT"
    })
    const faults = events.filter((e) => e.type === "attempt-failed")
    expect(faults[0]).toMatchObject({ netsuiteCode: "WS_REQUEST_BLOCKED", status: 500, retryable: true })
    // The first attempt (made without waiting) and the retries number 1, 2, 3 and give back every permit.
    expect(faults.map((e) => (e.type === "attempt-failed" ? e.attempt : 0))).toEqual([1, 2])
    expect(ns.account.pool.inFlight()).toBe(0)
    expect(JSON.stringify(events)).not.toContain(server.passports[0]!.signature)
    expect(JSON.stringify(events)).not.toContain(server.passports[0]!.nonce)
  })

  it("gives up after maxAttempts with the concurrency error", async () => {
    server = await startTestServer({ fault: () => CONCURRENCY_FAULT() })
    const ns = await clientFor(server)
    const error = await ns
      .call("getServerTime", {}, { retry: { ...fastRetry, maxAttempts: 3 } })
      .then(unexpected, (e: unknown) => e as NetSuiteError)
    expect(error).toBeInstanceOf(NetSuiteError)
    expect((error as NetSuiteError).cause).toBeInstanceOf(RequestError)
    expect(error.code).toBe("NETSUITE_AUTH_CONCURRENCY_LIMIT")
    expect(server.passports).toHaveLength(3)
  })

  it("an invalid-login fault is NETSUITE_AUTH_INVALID_LOGIN with hints, and is not retried", async () => {
    server = await startTestServer({ fault: () => INVALID_LOGIN_FAULT() })
    const ns = await clientFor(server)
    const error = await ns.call("getServerTime", {}).then(unexpected, (e: unknown) => e as NetSuiteError)
    expect(error).toBeInstanceOf(NetSuiteError)
    expect((error as NetSuiteError).cause).toBeInstanceOf(RequestError)
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_LOGIN")
    expect(error.retryable).toBe(false)
    expect(error.netsuiteCode).toBe("USER_ERROR")
    expect(error.message).toMatch(/Login Audit Trail/)
    expect(error.message).toMatch(/1234567_SB1/)
    expect(server.passports).toHaveLength(1)
    // no secret and no piece of the envelope in the error
    const shown = `${error.message} ${JSON.stringify(error)}`
    for (const secret of [
      TEST_SECRETS.consumerSecret,
      TEST_SECRETS.tokenSecret,
      server.passports[0]!.signature
    ]) {
      expect(shown).not.toContain(secret)
    }
    expect(shown).not.toContain(server.passports[0]!.nonce)
    expect(shown).not.toContain("platformCore:")
  })

  it("with account concurrency 2, the server never sees more than 2 calls in flight", async () => {
    server = await startTestServer({ delayMillis: 15 })
    const events: NetSuiteSoapEvent[] = []
    const ns = await clientFor(server, { concurrency: 2, onEvent: (e) => events.push(e) })
    await Promise.all(Array.from({ length: 12 }, () => ns.call("getServerTime", {})))
    expect(server.stats.requests).toBe(12)
    expect(server.stats.maxInFlight).toBe(2)
    expect(events.some((e) => e.type === "limiter-wait")).toBe(true)
    // signed after admission: a queued call's timestamp is not older than its wait
    expect(server.passports.every((p) => p.valid)).toBe(true)
  })

  it("two clients given the same account share one limiter", async () => {
    server = await startTestServer({ delayMillis: 15 })
    const account = NetSuiteAccount.make({
      accountId: TEST_SECRETS.accountId,
      baseUrl: server.baseUrl,
      concurrency: 2
    })
    const a = await createNetSuiteSoapClient({ account, credentials, wsdl: MINI_WSDL })
    const b = await createNetSuiteSoapClient({ account, credentials, wsdl: MINI_WSDL })
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).call("getServerTime", {})))
    expect(server.stats.maxInFlight).toBe(2)
  })

  it("learns the clock skew from the Date header into the account", async () => {
    server = await startTestServer()
    const ns = await clientFor(server)
    // The server's Date is the real time, so the learned offset stays 0 (within 2 s)...
    await ns.call("getServerTime", {})
    expect(ns.account.clockSkew.offsetMillis()).toBe(0)
    // ...and a previously learned skew is applied to the passport timestamp.
    // (Several samples: one outlier alone does not move the estimate.)
    for (let i = 0; i < 5; i++) {
      const local = Date.now() + i * 1000
      ns.account.clockSkew.observe(new Date(local + 600_000).toUTCString(), local)
    }
    const before = Math.floor(Date.now() / 1000)
    await ns.call("getServerTime", {})
    const ts = Number(server.passports.at(-1)!.timestamp)
    expect(ts - before).toBeGreaterThanOrEqual(598)
    expect(ts - before).toBeLessThanOrEqual(602)
    expect(server.passports.at(-1)!.valid).toBe(true)
  })
})
