/**
 * Issue 13.5: one response dated 1900 (a hostile or broken server, a proxy) used to become the
 * account's clock: every later timestamp was negative, signing failed before sending, and no
 * later response could correct it. Through @netsuite-auth/axios against the mock, for TBA and M2M.
 */
import { installNetSuiteAuth } from "@netsuite-auth/axios"
import { NetSuiteAccount } from "@netsuite-auth/core"
import type { MockServer } from "@netsuite-auth/mock-server"
import axios, { type AxiosInstance } from "axios"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { ACCOUNT_ID, codeOf, FAST_RETRY, makeCredentials, startMock, timed } from "./support/fixture.ts"

const creds = makeCredentials()
let mock: MockServer
const RECORD = "/services/rest/record/v1/customer/1"
/** Seconds from now back to 1 January 1900: the route's clock (and its Date header) says 1900. */
const to1900 = () => Math.round((Date.parse("1900-01-01T00:00:00Z") - Date.now()) / 1000)

const client = (scheme: "tba" | "m2m"): { http: AxiosInstance; account: NetSuiteAccount } => {
  const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url })
  const http = axios.create({ baseURL: mock.url })
  const common = { account, retry: FAST_RETRY }
  installNetSuiteAuth(
    http,
    scheme === "tba"
      ? { ...common, scheme, credentials: { accountId: ACCOUNT_ID, ...creds.tba } }
      : { ...common, scheme, credentials: { accountId: ACCOUNT_ID, ...creds.m2m } }
  )
  return { http, account }
}

beforeAll(async () => {
  mock = await startMock(creds)
})
afterAll(() => mock.close())
beforeEach(() => {
  mock.clearFaults()
  mock.resetStats()
})

describe.each(["tba", "m2m"] as const)("one response dated 1900, %s", (scheme) => {
  it("is ignored as a clock sample: the next 20 calls are sent and succeed", async () => {
    const { http, account } = client(scheme)
    expect((await http.get(RECORD)).status).toBe(200)
    // The answer that carries the absurd Date: REST for TBA, the token endpoint for M2M (the
    // route's clock is 1900, so the request itself is refused as stale or from the future).
    mock.setFaults(scheme === "tba" ? "rest" : "token", { clockOffsetSeconds: to1900() })
    if (scheme === "m2m") mock.revokeTokens()
    const refused = await timed(() => http.get(RECORD))
    expect(refused.ok).toBe(false)
    mock.clearFaults()
    expect(Math.abs(account.clockSkew.offsetMillis())).toBeLessThan(86_400_000)
    let sent = 0
    for (let i = 0; i < 20; i++) {
      const outcome = await timed(() => http.get(RECORD))
      expect(codeOf(outcome)).toBe("(succeeded)")
      sent++
    }
    expect(sent).toBe(20)
  })

  it("a first response dated 1900 (nothing learned yet) leaves the clock alone", async () => {
    mock.setFaults(scheme === "tba" ? "rest" : "token", { clockOffsetSeconds: to1900() })
    const { http, account } = client(scheme)
    expect((await timed(() => http.get(RECORD))).ok).toBe(false)
    mock.clearFaults()
    expect(account.clockSkew.offsetMillis()).toBe(0)
    expect(codeOf(await timed(() => http.get(RECORD)))).toBe("(succeeded)")
  })
})
