// A classified answer leaves the caller's Response readable, and an error keeps NetSuite's body
// text (read from a copy, at most 64 KiB) without credentials.
import { NetSuiteAccount } from "@netsuite-auth/core"
import { json, type LoopbackServer, rejection, startServer } from "@netsuite-auth/rest-suite"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { createNetSuiteFetch } from "../src/index.ts"

const CREDENTIALS = {
  accountId: "1234567_SB1",
  consumerKey: "ck-fetch",
  consumerSecret: "cs-fetch-secret",
  tokenId: "ti-fetch",
  tokenSecret: "ts-fetch-secret"
}

const server = {
  loopback: undefined as unknown as LoopbackServer,
  calls: 0,
  answers: [] as Array<(res: Parameters<typeof json>[0]) => void>
}

beforeAll(async () => {
  server.loopback = await startServer((_req, res) => {
    const answer = server.answers[server.calls++] ?? ((r) => json(r, 200, { id: "1", companyName: "Acme" }))
    answer(res)
  })
})
afterAll(() => server.loopback.close())
afterEach(() => {
  server.calls = 0
  server.answers = []
})

const netsuite = (timeoutMillis?: number) =>
  createNetSuiteFetch({
    scheme: "tba",
    account: NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: server.loopback.url }),
    credentials: CREDENTIALS,
    retry: { maxAttempts: 3, baseDelayMillis: 5, maxDelayMillis: 20 },
    ...(timeoutMillis === undefined ? {} : { timeoutMillis })
  })

describe("createNetSuiteFetch: the Response handed over, and bodies after classification", () => {
  it("the Response is fetch's own, with its url, with or without a deadline (its body read inside it)", async () => {
    for (const timeoutMillis of [undefined, 5_000]) {
      const response = await netsuite(timeoutMillis)("record/v1/customer/1?expand=x")
      expect(response).toBeInstanceOf(Response)
      expect(response.url).toBe(`${server.loopback.url}/services/rest/record/v1/customer/1?expand=x`)
      expect(response.headers.get("content-type")).toBe("application/json")
      expect(await response.clone().json()).toEqual({ id: "1", companyName: "Acme" })
      expect(await response.text()).toBe('{"id":"1","companyName":"Acme"}')
    }
  })

  it("a 503 classified and retried past: the Response finally returned is unread and readable", async () => {
    server.answers = [(res) => json(res, 503, { error: "busy" })]
    const response = await netsuite()("record/v1/customer/1")
    expect(server.calls).toBe(2)
    expect(response.status).toBe(200)
    expect(response.bodyUsed).toBe(false)
    expect(await response.json()).toEqual({ id: "1", companyName: "Acme" })
  })

  it("an error keeps NetSuite's body text and code, and no credential header", async () => {
    const body = {
      "o:errorDetails": [{ detail: "Invalid value for field companyName.", "o:errorCode": "USER_ERROR" }]
    }
    server.answers = [(res) => json(res, 400, body, { "set-cookie": "JSESSIONID=secret-session" })]
    const error = await rejection(netsuite()("record/v1/customer", { method: "POST", body: "{}" }))
    expect(error.code).toBe("NETSUITE_AUTH_HTTP_ERROR")
    expect(error.netsuiteCode).toBe("USER_ERROR")
    expect(error.status).toBe(400)
    expect(error.response?.status).toBe(400)
    expect(JSON.parse(String(error.response?.data))).toEqual(body)
    expect(error.response?.headers["set-cookie"]).toBeUndefined()
    expect(JSON.stringify(error.response)).not.toContain("secret-session")
    expect(server.calls).toBe(1)
  })

  it("an error body over 64 KiB is classified by its status alone, and the request ends", async () => {
    const huge = "x".repeat(200 * 1024)
    server.answers = [
      (res) => {
        res.writeHead(500, { "content-type": "text/plain" })
        res.end(huge)
      },
      (res) => json(res, 500, { error: "still busy" }),
      (res) => json(res, 500, { error: "still busy" })
    ]
    const error = await rejection(netsuite()("record/v1/customer/1"))
    expect(error.code).toBe("NETSUITE_AUTH_SERVER_ERROR")
    expect(server.calls).toBe(3)
  })
})
