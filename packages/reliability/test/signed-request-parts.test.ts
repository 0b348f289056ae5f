/**
 * Issues 13.14 and 13.15, core against the mock over real loopback HTTP: what an OAuth 1.0a
 * signature covers is decided the same way on both ends. A form-encoded body is signed (RFC 5849
 * §3.4.1.3.1), so changing it in transit is caught; a malformed `%` escape is refused before
 * sending instead of signed as a guess the server may not share.
 */
import { ClockSkew, ConfigError, oauth1HeaderNow, TbaCredentials } from "@netsuite-auth/core"
import type { MockServer } from "@netsuite-auth/mock-server"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { ACCOUNT_ID, makeCredentials, startMock } from "./support/fixture.ts"

const creds = makeCredentials()
const tba = TbaCredentials.make({ accountId: ACCOUNT_ID, ...creds.tba })
const skew = ClockSkew.make()
let mock: MockServer
const FORM = "application/x-www-form-urlencoded"

beforeAll(async () => {
  mock = await startMock(creds)
})
afterAll(() => mock.close())
beforeEach(() => mock.resetStats())

const restlet = () => `${mock.url}/app/site/hosting/restlet.nl?script=1&deploy=1`
/** Signs `signed` as the form body and sends `sent` (the same unless a test plays the attacker). */
const postForm = async (signed: string | URLSearchParams | Record<string, string>, sent?: string) => {
  const url = restlet()
  const { authorization } = oauth1HeaderNow(
    tba,
    { method: "POST", url, contentType: FORM, body: signed },
    skew
  )
  const body = sent ?? (typeof signed === "string" ? signed : new URLSearchParams(signed).toString())
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization, "content-type": FORM },
    body
  })
  await response.text()
  return { status: response.status, reason: response.headers.get("x-mock-reason") }
}

describe("form-encoded bodies are signed, and verified by the mock (13.15)", () => {
  it("a string, a URLSearchParams and a record body: accepted", async () => {
    for (const body of [
      "q=caf%C3%A9+au+lait&n=2&n=1",
      new URLSearchParams({ q: "café au lait", symbols: "&=+%" }),
      { q: "café", empty: "" }
    ]) {
      expect(await postForm(body)).toEqual({ status: 200, reason: null })
    }
  })

  it("a body changed in transit is refused (InvalidSignature): the signature covers it", async () => {
    expect(await postForm("amount=1&to=alice", "amount=1000&to=mallory")).toEqual({
      status: 401,
      reason: "InvalidSignature"
    })
  })

  it("a query parameter named realm is signed by both ends", async () => {
    const url = `${restlet()}&realm=app`
    const { authorization } = oauth1HeaderNow(tba, { method: "GET", url }, skew)
    const response = await fetch(url, { headers: { authorization } })
    await response.text()
    expect([response.status, response.headers.get("x-mock-reason")]).toEqual([200, null])
  })
})

describe("malformed percent escapes are refused before sending (13.14)", () => {
  it.each(["q=caf%C3%A9%", "q=%41%ZZ", "q=%FF"])(
    "%s: NETSUITE_AUTH_INVALID_URL, and nothing reaches the server",
    async (query) => {
      const url = `${restlet()}&${query}`
      let error: unknown
      try {
        oauth1HeaderNow(tba, { method: "GET", url }, skew)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).code).toBe("NETSUITE_AUTH_INVALID_URL")
      expect((error as ConfigError).message).toMatch(/%25/)
      expect(mock.stats().surfaces.restlet).toMatchObject({ accepted: 0, rejected: 0 })
    }
  )

  it("the same value encoded properly (%25) is signed and accepted", async () => {
    const url = `${restlet()}&q=${encodeURIComponent("café%")}`
    const { authorization } = oauth1HeaderNow(tba, { method: "GET", url }, skew)
    const response = await fetch(url, { headers: { authorization } })
    await response.text()
    expect([response.status, response.headers.get("x-mock-reason")]).toEqual([200, null])
  })
})
