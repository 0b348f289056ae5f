import { randomBytes } from "node:crypto"
import { signOAuth1 } from "@netsuite-auth/core"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import {
  GOVERNANCE_LIMITS_PATH,
  MockConfigError,
  type MockServer,
  parseMockConfig,
  startMockServer
} from "../src/index.ts"
import {
  ACCOUNT,
  assertion,
  creds,
  ecIdentity,
  FORM,
  JSON_TYPE,
  send,
  TBA,
  TOKEN_PATH,
  tokenForm
} from "./helpers.ts"

// Issue 14, the mock's part: another integration occupies part of the pool (changeable during a
// run), and GET …/system/v1/governanceLimits tells the configured limit to roles allowed to read it.
const id = ecIdentity()
let server: MockServer
beforeAll(async () => {
  server = await startMockServer({
    accounts: [
      {
        accountId: ACCOUNT,
        concurrencyLimit: 15,
        tba: [TBA],
        m2m: [{ clientId: "client", certificateId: "kid", certificate: id.certificate }]
      }
    ]
  })
})
afterAll(() => server.close())
beforeEach(() => {
  server.clearFaults()
  server.resetStats()
  server.setGovernance({ occupiedSlots: 0, governanceLimitsReadable: true })
})

const at = () => ({ nonce: randomBytes(10).toString("hex"), timestamp: Math.floor(Date.now() / 1000) })
const tbaGet = (path: string) =>
  send(`${server.url}${path}`, {
    headers: {
      authorization: signOAuth1(creds, { method: "GET", url: `${server.url}${path}` }, at()).authorization
    }
  })
const bearer = async (): Promise<string> => {
  const jwt = await assertion({
    key: id.privateKey,
    kid: "kid",
    iss: "client",
    aud: server.endpoints.tokenUrl
  })
  const r = await send(`${server.url}${TOKEN_PATH}`, { method: "POST", headers: FORM, body: tokenForm(jwt) })
  return `Bearer ${JSON.parse(r.body).access_token}`
}
const CUSTOMER = "/services/rest/record/v1/customer/1"
/** `n` concurrent slow REST calls; how many were admitted (200) and refused (429). */
const burst = async (n: number) => {
  server.setFaults("rest", { latencyMs: 300 })
  try {
    const replies = await Promise.all(Array.from({ length: n }, () => tbaGet(CUSTOMER)))
    const count = (status: number) => replies.filter((r) => r.status === status).length
    return { admitted: count(200), refused: count(429) }
  } finally {
    server.clearFaults("rest")
  }
}

describe("slots occupied by another integration", () => {
  it("count against the limit, and can move during a run: 15 free, then 5, then 10", async () => {
    expect(await burst(20)).toEqual({ admitted: 15, refused: 5 })
    server.setGovernance({ occupiedSlots: 10 })
    expect(await burst(20)).toEqual({ admitted: 5, refused: 15 })
    server.setGovernance({ accountId: "1234567-sb1", occupiedSlots: 5 })
    expect(await burst(20)).toEqual({ admitted: 10, refused: 10 })
    expect(server.stats().peakConcurrency[ACCOUNT]).toBe(15)
  })

  it("over HTTP: POST /_mock/governance sets them, GET reports them with what is free", async () => {
    const set = await send(`${server.url}/_mock/governance`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ occupiedSlots: 12 })
    })
    expect(set.status).toBe(200)
    expect(JSON.parse(set.body).accounts[ACCOUNT]).toEqual({
      concurrencyLimit: 15,
      occupiedSlots: 12,
      inFlight: 0,
      free: 3,
      governanceLimitsReadable: true
    })
    expect(await burst(5)).toEqual({ admitted: 3, refused: 2 })
    const state = JSON.parse((await send(`${server.url}/_mock/governance`)).body)
    expect(state.accounts[ACCOUNT].occupiedSlots).toBe(12)
  })

  it("all slots occupied: every surface's over-limit answer", async () => {
    server.setGovernance({ occupiedSlots: 15 })
    const r = await tbaGet(CUSTOMER)
    expect([r.status, JSON.parse(r.body)["o:errorDetails"][0]["o:errorCode"]]).toEqual([
      429,
      "CONCURRENCY_LIMIT_EXCEEDED"
    ])
  })

  it("bad input names the field, over HTTP and from code; the config file takes occupiedSlots", async () => {
    for (const body of [
      { occupiedSlots: -1 },
      { occupiedSlots: 1.5 },
      { governanceLimitsReadable: "yes" },
      {}
    ]) {
      const r = await send(`${server.url}/_mock/governance`, {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify(body)
      })
      expect(r.status).toBe(400)
      expect(JSON.parse(r.body).error).toMatch(/Invalid mock server configuration at \(body\)/)
    }
    expect(() => server.setGovernance({ accountId: "7777777", occupiedSlots: 1 })).toThrow(MockConfigError)
    const config = parseMockConfig({
      accounts: [{ accountId: ACCOUNT, occupiedSlots: 3, governanceLimitsReadable: false }]
    })
    expect(config.accounts?.[0]).toMatchObject({ occupiedSlots: 3, governanceLimitsReadable: false })
    expect(() => parseMockConfig({ accounts: [{ accountId: ACCOUNT, occupiedSlots: "3" }] })).toThrow(
      /accounts\[0\]\.occupiedSlots/
    )
  })
})

describe(`GET ${GOVERNANCE_LIMITS_PATH}`, () => {
  it("answers the configured limit in NetSuite's documented shape, with TBA and with a bearer token", async () => {
    const expected = {
      accountConcurrencyLimit: 15,
      accountUnallocatedConcurrencyLimit: 15,
      integrationLimitType: "accountLimit"
    }
    const tba = await tbaGet(GOVERNANCE_LIMITS_PATH)
    expect([tba.status, JSON.parse(tba.body)]).toEqual([200, expected])
    const m2m = await send(`${server.url}${GOVERNANCE_LIMITS_PATH}`, {
      headers: { authorization: await bearer() }
    })
    expect([m2m.status, JSON.parse(m2m.body)]).toEqual([200, expected])
  })

  it("reports the limit, not what is free: occupied slots do not change it", async () => {
    server.setGovernance({ occupiedSlots: 10 })
    expect(JSON.parse((await tbaGet(GOVERNANCE_LIMITS_PATH)).body).accountConcurrencyLimit).toBe(15)
  })

  it("a role that may not read it: 403 with NetSuite's REST error body", async () => {
    server.setGovernance({ governanceLimitsReadable: false })
    const r = await tbaGet(GOVERNANCE_LIMITS_PATH)
    expect(r.status).toBe(403)
    expect(r.headers["content-type"]).toMatch(/^application\/vnd\.oracle\.resource\+json; type=error/)
    const body = JSON.parse(r.body)
    expect(body).toMatchObject({ title: "Forbidden", status: 403 })
    expect(body["o:errorDetails"][0]["o:errorCode"]).toBe("INSUFFICIENT_PERMISSION")
    expect(body["o:errorDetails"][0].detail).toMatch(/Administrator/)
    expect(server.stats().surfaces.rest.rejectedByReason).toEqual({ InsufficientPermission: 1 })
    // Other REST calls of that role still work.
    expect((await tbaGet(CUSTOMER)).status).toBe(200)
  })

  it("needs authentication like any REST call", async () => {
    const r = await send(`${server.url}${GOVERNANCE_LIMITS_PATH}`)
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([401, "MissingAuthorization"])
  })
})
