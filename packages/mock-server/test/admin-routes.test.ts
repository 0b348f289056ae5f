import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { JSON_TYPE, send } from "./helpers.ts"

// Issue 13.17: a web page open in a developer's browser must not be able to revoke tokens or
// inject faults. Browsers send cross-site "simple" requests (text/plain POST, no preflight) with
// an Origin header; the admin routes refuse a foreign Origin and any POST that is not JSON.
let server: MockServer
beforeAll(async () => {
  server = await startMockServer()
})
afterAll(() => server.close())
beforeEach(() => {
  server.clearFaults()
  server.resetStats()
})

const FAULT = JSON.stringify({ rest: { status5xx: { count: 5 } } })
const injected = () => server.stats().faultsInjected
const restFaultsArmed = async () => {
  // A REST call without credentials: a 503 means the fault was set, a 401 that it was not.
  const r = await send(`${server.url}/services/rest/record/v1/customer/1`)
  server.clearFaults()
  return r.status === 503
}

describe("admin routes refuse what a web page could send", () => {
  it("a text/plain POST (a CORS simple request) from a foreign Origin: 403, no fault set", async () => {
    const r = await send(`${server.url}/_mock/faults`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
      body: FAULT
    })
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([403, "ForeignOrigin"])
    expect(JSON.parse(r.body).error).toMatch(/cross-origin/)
    expect(await restFaultsArmed()).toBe(false)
  })

  it("a JSON POST from a foreign Origin (after a preflight the mock never allows): 403", async () => {
    for (const origin of ["https://evil.example", "http://localhost:3000", "null"]) {
      const r = await send(`${server.url}/_mock/revoke`, {
        method: "POST",
        headers: { ...JSON_TYPE, origin },
        body: "{}"
      })
      expect(r.status).toBe(403)
    }
  })

  it("a text/plain POST without Origin: 415, no fault set; form-encoded and missing types too", async () => {
    for (const headers of [
      { "content-type": "text/plain" },
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "multipart/form-data; boundary=x" },
      {} as Record<string, string>
    ]) {
      const r = await send(`${server.url}/_mock/faults`, { method: "POST", headers, body: FAULT })
      expect([r.status, r.headers["x-mock-reason"]]).toEqual([415, "UnsupportedMediaType"])
    }
    expect(await restFaultsArmed()).toBe(false)
  })

  it("Sec-Fetch-Site cross-site or same-site (a browser without Origin): 403, also on GET", async () => {
    for (const site of ["cross-site", "same-site"]) {
      const r = await send(`${server.url}/_mock/stats`, { headers: { "sec-fetch-site": site } })
      expect(r.status).toBe(403)
    }
  })

  it("a JSON POST from a test or script (no Origin, or the mock's own): accepted", async () => {
    const plain = await send(`${server.url}/_mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: FAULT
    })
    expect(plain.status).toBe(200)
    expect(await restFaultsArmed()).toBe(true)
    const own = await send(`${server.url}/_mock/faults`, {
      method: "POST",
      headers: { ...JSON_TYPE, origin: server.url, "sec-fetch-site": "same-origin" },
      body: FAULT
    })
    expect(own.status).toBe(200)
    expect(await restFaultsArmed()).toBe(true)
    expect(injected()["rest:status5xx"]).toBe(2)
  })

  it("GET and DELETE need no content type, but a foreign Origin is refused on them too", async () => {
    expect((await send(`${server.url}/_mock/stats`)).status).toBe(200)
    expect((await send(`${server.url}/_mock/faults`, { method: "DELETE" })).status).toBe(200)
    const foreign = await send(`${server.url}/_mock/faults`, {
      method: "DELETE",
      headers: { origin: "https://evil.example" }
    })
    expect(foreign.status).toBe(403)
  })
})
