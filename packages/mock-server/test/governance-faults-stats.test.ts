import { randomBytes } from "node:crypto"
import { passportXml, signOAuth1, signPassport } from "@netsuite-auth/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { ACCOUNT, creds, JSON_TYPE, send, TBA } from "./helpers.ts"

const at = () => ({ nonce: randomBytes(10).toString("hex"), timestamp: Math.floor(Date.now() / 1000) })

let server: MockServer
beforeAll(async () => {
  server = await startMockServer({ accounts: [{ accountId: ACCOUNT, concurrencyLimit: 2, tba: [TBA] }] })
})
afterAll(() => server.close())

const CUSTOMER = "/services/rest/record/v1/customer/7"
const RESTLET = "/app/site/hosting/restlet.nl?script=1&deploy=1"
const rest = () =>
  send(`${server.url}${CUSTOMER}`, {
    headers: {
      authorization: signOAuth1(creds, { method: "GET", url: `${server.url}${CUSTOMER}` }, at()).authorization
    }
  })
const restlet = () =>
  send(`${server.url}${RESTLET}`, {
    headers: {
      authorization: signOAuth1(creds, { method: "GET", url: `${server.url}${RESTLET}` }, at()).authorization
    }
  })
const soap = () =>
  send(`${server.url}/services/NetSuitePort_2025_2`, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body:
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header>' +
      passportXml(signPassport(creds, at()), "2025_2") +
      '</soapenv:Header><soapenv:Body><getServerTime xmlns="urn:messages_2025_2.platform.webservices.netsuite.com"/></soapenv:Body></soapenv:Envelope>'
  })

describe("concurrency governance (limit 2, one pool per account)", () => {
  it("refuses what arrives over the limit with each surface's shape; peak stays at 2", async () => {
    server.resetStats()
    server.setFaults("rest", { latencyMs: 600 })
    server.setFaults("restlet", { latencyMs: 600 })
    server.setFaults("soap", { latencyMs: 600 })
    try {
      const first = [rest(), rest()]
      await new Promise((r) => setTimeout(r, 50))
      const over = await Promise.all([rest(), restlet(), soap(), rest()])
      const admitted = await Promise.all(first)
      expect(admitted.map((r) => r.status)).toEqual([200, 200])
      const [r429, restlet400, soapFault, r429b] = over
      expect([r429!.status, JSON.parse(r429!.body)["o:errorDetails"][0]["o:errorCode"]]).toEqual([
        429,
        "CONCURRENCY_LIMIT_EXCEEDED"
      ])
      expect(r429b!.status).toBe(429)
      expect([restlet400!.status, JSON.parse(restlet400!.body).error.code]).toEqual([
        400,
        "SSS_REQUEST_LIMIT_EXCEEDED"
      ])
      expect(soapFault!.status).toBe(500)
      expect(soapFault!.body).toContain("<platformFaults:exceededConcurrentRequestLimitFault")
      expect(soapFault!.body).toContain("<platformFaults:code>WS_REQUEST_BLOCKED</platformFaults:code>")
      expect(soapFault!.body).toContain("SuiteTalk concurrent request limit exceeded. Request blocked.")
      const stats = server.stats()
      expect(stats.peakConcurrency[ACCOUNT]).toBe(2)
      expect(stats.concurrencyRejected[ACCOUNT]).toBe(4)
    } finally {
      server.clearFaults()
    }
  })

  it("six concurrent slow requests: exactly two admitted, four refused", async () => {
    server.resetStats()
    server.setFaults("rest", { latencyMs: 600 })
    try {
      const replies = await Promise.all(Array.from({ length: 6 }, rest))
      const statuses = replies.map((r) => r.status).sort()
      expect(statuses).toEqual([200, 200, 429, 429, 429, 429])
      expect(server.stats().peakConcurrency[ACCOUNT]).toBe(2)
      // Slots are given back: the next request goes through.
      expect((await rest()).status).toBe(200)
    } finally {
      server.clearFaults()
    }
  })
})

describe("fault injection", () => {
  it("two 503s, then recovery", async () => {
    server.setFaults("rest", { status5xx: { count: 2 } })
    expect((await rest()).status).toBe(503)
    expect((await rest()).status).toBe(503)
    expect((await rest()).status).toBe(200)
  })
  it("a connection reset, then recovery", async () => {
    server.setFaults("restlet", { resetConnection: 1 })
    await expect(restlet()).rejects.toThrow(/socket hang up|ECONNRESET/)
    expect((await restlet()).status).toBe(200)
  })
  it("a garbage body, then recovery", async () => {
    server.setFaults("soap", { garbageBody: 1 })
    const garbage = await soap()
    expect(garbage.status).toBe(200)
    expect(garbage.body).not.toContain("Envelope")
    expect((await soap()).body).toContain("getServerTimeResponse")
  })
  it("429 with Retry-After", async () => {
    server.setFaults("rest", { status429: { count: 1, retryAfterSeconds: 7 } })
    const r = await rest()
    expect([r.status, r.headers["retry-after"]]).toEqual([429, "7"])
    expect((await rest()).status).toBe(200)
  })
  it("a clock offset moves the Date header and makes honest timestamps stale", async () => {
    server.setFaults("rest", { clockOffsetSeconds: 600 })
    const r = await rest()
    expect(r.headers["x-mock-reason"]).toBe("InvalidTimestamp")
    expect(Date.parse(String(r.headers.date)) - Date.now()).toBeGreaterThan(590_000)
    server.clearFaults("rest")
  })
  it("over HTTP: POST /_mock/faults sets, DELETE clears, bad input names the field", async () => {
    const set = await send(`${server.url}/_mock/faults`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ rest: { status5xx: { count: 1, status: 502 } } })
    })
    expect(set.status).toBe(200)
    expect((await rest()).status).toBe(502)
    const bad = await send(`${server.url}/_mock/faults`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ rest: { latencyMs: -1 } })
    })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).error).toContain("rest.latencyMs")
    await send(`${server.url}/_mock/faults`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ rest: { status5xx: 3 } })
    })
    await send(`${server.url}/_mock/faults`, { method: "DELETE" })
    expect((await rest()).status).toBe(200)
  })
})

describe("stats and limits", () => {
  it("GET /_mock/stats counts accepted and rejected per surface and per reason", async () => {
    server.resetStats()
    await rest()
    await send(`${server.url}${CUSTOMER}`)
    await soap()
    const stats = JSON.parse((await send(`${server.url}/_mock/stats`)).body)
    expect(stats.surfaces.rest).toEqual({
      accepted: 1,
      rejected: 1,
      rejectedByReason: { MissingAuthorization: 1 }
    })
    expect(stats.surfaces.soap.accepted).toBe(1)
    expect(stats.rejectedByReason).toEqual({ MissingAuthorization: 1 })
    expect(stats.noncesSeen).toBeGreaterThan(0)
    expect(stats.tokensIssued).toBe(0)
  })
  it("a body over the limit gets 413", async () => {
    const s = await startMockServer({ bodyLimitBytes: 1024 })
    try {
      const r = await send(`${s.url}${RESTLET}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "x".repeat(5000)
      })
      expect(r.status).toBe(413)
    } finally {
      await s.close()
    }
  })
  it("every response carries a Date header, unknown routes a JSON 404", async () => {
    const r = await send(`${server.url}/nope`)
    expect(r.status).toBe(404)
    expect(r.headers.date).toBeTruthy()
  })
})
