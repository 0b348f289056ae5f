/**
 * Issue 13.2: a token endpoint that answers a tiny or a huge `expires_in`. Through
 * @netsuite-auth/axios (M2M) against the mock, behind a loopback proxy that rewrites
 * `expires_in` in the token answers: 0.5 s must not mean a token request per call, 1e12 must
 * not cache a token forever.
 */
import { createServer, request, type Server } from "node:http"
import { installNetSuiteAuth } from "@netsuite-auth/axios"
import { NetSuiteAccount, type NetSuiteAuthEvent } from "@netsuite-auth/core"
import type { MockServer } from "@netsuite-auth/mock-server"
import axios from "axios"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { ACCOUNT_ID, codeOf, FAST_RETRY, makeCredentials, startMock, timed } from "./support/fixture.ts"

const TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
const creds = makeCredentials()
let mock: MockServer
let proxy: Server
let proxyUrl = ""
/** What the proxy writes into every successful token answer. */
let expiresIn: unknown = 3600

/** Forwards everything to the mock unchanged (Host included, so the assertion's aud matches), except `expires_in`. */
const startProxy = async (): Promise<void> => {
  const upstream = new URL(mock.url)
  proxy = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers
        },
        (answer) => {
          const body: Array<Buffer> = []
          answer.on("data", (c: Buffer) => body.push(c))
          answer.on("end", () => {
            let text = Buffer.concat(body).toString("utf8")
            if (req.url === TOKEN_PATH && answer.statusCode === 200) {
              text = JSON.stringify({ ...JSON.parse(text), expires_in: expiresIn })
            }
            const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(text)) }
            res.writeHead(answer.statusCode ?? 502, headers)
            res.end(text)
          })
        }
      )
      forward.on("error", () => res.destroy())
      forward.end(Buffer.concat(chunks))
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`
}

const events: Array<NetSuiteAuthEvent> = []
const client = () => {
  const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: proxyUrl })
  const http = axios.create({ baseURL: proxyUrl })
  installNetSuiteAuth(http, {
    scheme: "m2m",
    account,
    credentials: { accountId: ACCOUNT_ID, ...creds.m2m },
    retry: FAST_RETRY,
    onEvent: (e) => events.push(e)
  })
  return http
}
const RECORD = "/services/rest/record/v1/customer/1"

beforeAll(async () => {
  mock = await startMock(creds)
  await startProxy()
})
afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()))
  await mock.close()
})
beforeEach(() => {
  mock.resetStats()
  events.length = 0
})

describe("expires_in from the token endpoint (M2M through axios)", () => {
  it("0.5 s: every call fails fast with TOKEN_MALFORMED_RESPONSE; no call goes out on a token that cannot be reused", async () => {
    expiresIn = 0.5
    const http = client()
    const codes = new Set<string>()
    for (let i = 0; i < 100; i++) codes.add(codeOf(await timed(() => http.get(RECORD))))
    expect([...codes]).toEqual(["NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE"])
    const stats = mock.stats()
    expect(stats.surfaces.rest.accepted).toBe(0)
    // The figure for the closing note: token requests made for 100 calls.
    console.info(
      `[13.2] expires_in 0.5: ${stats.tokensIssued} token requests for 100 calls, ${stats.surfaces.rest.accepted} calls sent`
    )
  })

  it("1e12: the token is kept at most NetSuite's 3600 s, and one token serves 100 calls", async () => {
    expiresIn = 1e12
    const http = client()
    for (let i = 0; i < 100; i++) expect((await http.get(RECORD)).status).toBe(200)
    expect(mock.stats().tokensIssued).toBe(1)
    const fetched = events.find((e) => e.type === "token-fetched")
    expect(fetched).toMatchObject({ expiresInSeconds: 3600 })
  })

  it("3600 (NetSuite's answer): one token for 100 calls, kept 3600 s", async () => {
    expiresIn = 3600
    const http = client()
    for (let i = 0; i < 100; i++) expect((await http.get(RECORD)).status).toBe(200)
    expect(mock.stats().tokensIssued).toBe(1)
    expect(events.find((e) => e.type === "token-fetched")).toMatchObject({ expiresInSeconds: 3600 })
  })
})
