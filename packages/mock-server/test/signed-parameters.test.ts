import { randomBytes } from "node:crypto"
import { signOAuth1 } from "@netsuite-auth/core"
import { queryParameters } from "@netsuite-auth/core/internal"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { MALFORMED_PARAMETERS, rawQueryParameters } from "../src/oauth1-verification.ts"
import { ACCOUNT, creds, FORM, send, TBA } from "./helpers.ts"

// Issues 13.14 and 13.15 on the mock's side: it signs what RFC 5849 §3.4.1.3 signs (query, a
// form-encoded body, the header's oauth_* parameters) and decodes `%` escapes as core does.
let server: MockServer
beforeAll(async () => {
  server = await startMockServer({ accounts: [{ accountId: ACCOUNT, tba: [TBA] }] })
})
afterAll(() => server.close())

const at = () => ({ nonce: randomBytes(10).toString("hex"), timestamp: Math.floor(Date.now() / 1000) })
const RESTLET = "/app/site/hosting/restlet.nl?script=1&deploy=1"

/** POSTs `sent` as a form body, signed by core over `signed` (the same text unless a test tampers). */
const postForm = (
  signed: string | URLSearchParams | Record<string, string>,
  sent = String(new URLSearchParams(signed as string))
) => {
  const url = `${server.url}${RESTLET}`
  const { authorization } = signOAuth1(
    creds,
    { method: "POST", url, contentType: FORM["content-type"], body: signed },
    at()
  )
  return send(url, { method: "POST", headers: { ...FORM, authorization }, body: sent })
}

describe("form-encoded bodies are verified (RFC 5849 §3.4.1.3.1)", () => {
  it("a body signed by core as a string, URLSearchParams or record is accepted", async () => {
    const text = "name=caf%C3%A9+au+lait&n=2&n=1&empty="
    for (const body of [text, new URLSearchParams(text), { name: "café au lait", n: "2" }]) {
      const sent = typeof body === "string" ? body : new URLSearchParams(body).toString()
      const r = await postForm(body, sent)
      expect([r.status, r.headers["x-mock-reason"]]).toEqual([200, undefined])
    }
  })

  it("a body changed after signing is an InvalidSignature", async () => {
    const r = await postForm("amount=1", "amount=1000")
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([401, "InvalidSignature"])
  })

  it("a form body sent but signed without it (a client that ignores it) is an InvalidSignature", async () => {
    const url = `${server.url}${RESTLET}`
    const { authorization } = signOAuth1(creds, { method: "POST", url }, at())
    const r = await send(url, { method: "POST", headers: { ...FORM, authorization }, body: "k=v" })
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([401, "InvalidSignature"])
  })

  it("a JSON body is never signed", async () => {
    const url = `${server.url}${RESTLET}`
    const { authorization } = signOAuth1(creds, { method: "POST", url }, at())
    const r = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: '{"k":"v"}'
    })
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([200, undefined])
  })

  it("a query parameter named realm is signed, one named oauth_signature is not", async () => {
    const url = `${server.url}${RESTLET}&realm=app&oauth_signature=ignored`
    const { authorization } = signOAuth1(creds, { method: "GET", url }, at())
    const r = await send(url, { headers: { authorization } })
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([200, undefined])
  })
})

describe("malformed percent escapes (issue 13.14)", () => {
  it.each(["q=caf%C3%A9%", "q=%41%ZZ", "q=%FF"])(
    "%s: 400 INVALID_REQUEST (MalformedParameters), never a guess",
    async (query) => {
      // Core refuses to sign such a URL; sign a clean one and send the malformed target.
      const { authorization } = signOAuth1(creds, { method: "GET", url: `${server.url}${RESTLET}` }, at())
      const r = await send(`${server.url}${RESTLET}&${query}`, { headers: { authorization } })
      expect([r.status, r.headers["x-mock-reason"]]).toEqual([400, MALFORMED_PARAMETERS])
      expect(JSON.parse(r.body).error.code).toBe("INVALID_REQUEST")
    }
  )

  it("a malformed form body: 400 MalformedParameters", async () => {
    const url = `${server.url}${RESTLET}`
    const { authorization } = signOAuth1(creds, { method: "POST", url }, at())
    const r = await send(url, { method: "POST", headers: { ...FORM, authorization }, body: "a=%ZZ" })
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([400, MALFORMED_PARAMETERS])
  })

  it("core and the mock decode every query alike, and refuse the same ones", () => {
    const queries = [
      "a=1&b=x+y&c=%2B&d=caf%C3%A9&e=&f",
      "dup=2&dup=1",
      "q=%25%2525",
      "q=caf%C3%A9%",
      "q=%41%ZZ",
      "q=%C3",
      "q=100%"
    ]
    for (const query of queries) {
      const mock = rawQueryParameters(`/p?${query}`)
      let core: unknown
      try {
        core = queryParameters(`https://x.example/p?${query}`)
      } catch {
        core = MALFORMED_PARAMETERS
      }
      expect(mock, query).toEqual(core)
    }
  })
})
