/**
 * What a hostile or broken server did to the toolkit (issue "Hardening"), per adapter: a 401
 * loop, bytes dripped forever, an endless token body, credentials echoed back, cancellation at
 * every stage, an unknown host. Each fix lives in core's one lifecycle; each test here goes
 * through the published adapters against a real loopback server or the mock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { installNetSuiteAuth } from "@netsuite-auth/axios"
import { NetSuiteAccount, NetSuiteError } from "@netsuite-auth/core"
import { createNetSuiteFetch } from "@netsuite-auth/fetch"
import type { MockServer } from "@netsuite-auth/mock-server"
import { createNetSuiteSoapClient } from "@netsuite-auth/soap"
import axios, { AxiosError } from "axios"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { ACCOUNT_ID, FAST_RETRY, makeCredentials, startMock, timed, WSDL_VERSION } from "./support/fixture.ts"

const creds = makeCredentials()
const m2m = { accountId: ACCOUNT_ID, ...creds.m2m }
const tba = { accountId: ACCOUNT_ID, ...creds.tba }
let mock: MockServer
beforeAll(async () => {
  mock = await startMock(creds, { concurrencyLimit: 5 })
})
afterAll(() => mock.close())

const servers: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

/** A plain node:http server: the token route issues tokens (counted), every other route is `api`. */
const hostile = async (api: (req: IncomingMessage, res: ServerResponse) => void) => {
  let tokenRequests = 0
  const server = createServer((req, res) => {
    if (req.url?.endsWith("/auth/oauth2/v1/token")) {
      tokenRequests++
      req.resume()
      res.writeHead(200, { "content-type": "application/json" })
      res.end(
        JSON.stringify({
          access_token: `token-${tokenRequests}-${"x".repeat(24)}`,
          token_type: "Bearer",
          expires_in: 3600
        })
      )
      return
    }
    req.resume()
    api(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const handle = {
    url,
    get tokenRequests() {
      return tokenRequests
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  servers.push(handle)
  return handle
}

const closeServer = (server: ReturnType<typeof createServer>) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

const unauthorized = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(401, {
    "www-authenticate": 'Bearer error="invalid_token"',
    "content-type": "application/json"
  })
  res.end(
    JSON.stringify({
      "o:errorDetails": [{ "o:errorCode": "INVALID_LOGIN", detail: "Invalid login attempt." }]
    })
  )
}
const drip = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" })
  const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 400)
  res.on("close", () => clearInterval(timer))
}

type Rest = (path: string, init?: { signal?: AbortSignal }) => Promise<unknown>

/** The same REST client through each adapter. */
const restClients = (
  baseUrl: string,
  scheme: "m2m" | "tba",
  options: { timeoutMillis?: number; concurrency?: number } = {}
) => {
  const make = () =>
    NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl, concurrency: options.concurrency ?? 5 })
  const common = { retry: FAST_RETRY } as const
  const axiosClient = (): Rest => {
    const account = make()
    const http = axios.create({ baseURL: account.endpoints.restBaseUrl, timeout: options.timeoutMillis ?? 0 })
    if (scheme === "m2m")
      installNetSuiteAuth(http, {
        ...common,
        scheme,
        account,
        credentials: m2m,
        tokenEndpoint: { timeoutMillis: options.timeoutMillis }
      })
    else installNetSuiteAuth(http, { ...common, scheme, account, credentials: tba })
    return (path, init) => http.get(path, init?.signal === undefined ? {} : { signal: init.signal })
  }
  const fetchClient = (): Rest => {
    const account = make()
    const netsuite =
      scheme === "m2m"
        ? createNetSuiteFetch({
            ...common,
            scheme,
            account,
            credentials: m2m,
            timeoutMillis: options.timeoutMillis,
            tokenEndpoint: { timeoutMillis: options.timeoutMillis }
          })
        : createNetSuiteFetch({
            ...common,
            scheme,
            account,
            credentials: tba,
            timeoutMillis: options.timeoutMillis
          })
    return (path, init) =>
      netsuite(path.replace(/^\//, ""), init?.signal === undefined ? {} : { signal: init.signal })
  }
  return { axios: axiosClient, fetch: fetchClient }
}

describe("13.1 a 401 loop does not flood the token endpoint", () => {
  for (const adapter of ["axios", "fetch"] as const) {
    it(`${adapter}: 500 calls at concurrency 5 against an API that rejects every token: a constant number of token requests`, async () => {
      const server = await hostile(unauthorized)
      const get = restClients(server.url, "m2m")[adapter]()
      const outcomes = await Promise.all(
        Array.from({ length: 500 }, () => timed(() => get("/record/v1/customer/1")))
      )
      expect(
        outcomes.every((o) => !o.ok && (o.error as NetSuiteError).code === "NETSUITE_AUTH_TOKEN_REJECTED")
      ).toBe(true)
      // Before: 85 token requests. The first token was fetched for these very requests, so its
      // rejection is final: no refresh at all.
      expect(server.tokenRequests).toBe(1)
    })
  }
})

describe("13.3 every timeout is a deadline for the whole exchange", () => {
  for (const adapter of ["axios", "fetch"] as const) {
    it(`${adapter}: a REST API that drips a byte every 400 ms fails with a timeout, not never`, async () => {
      const server = await hostile(drip)
      const get = restClients(server.url, "tba", { timeoutMillis: 1000 })[adapter]()
      const outcome = await timed(() => get("/record/v1/customer/1"))
      expect(outcome.ok).toBe(false)
      expect((outcome as { error?: NetSuiteError }).error?.code).toBe("NETSUITE_AUTH_TIMEOUT")
      expect(outcome.millis).toBeLessThan(10_000) // 3 attempts of 1 s and short pauses; before: never
    })

    it(`${adapter}: a token endpoint that drips fails with the token timeout`, async () => {
      const server = createServer((req, res) => {
        req.resume()
        drip(req, res)
      })
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
      servers.push({ close: () => closeServer(server) })
      const get = restClients(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, "m2m", {
        timeoutMillis: 1000
      })[adapter]()
      const outcome = await timed(() => get("/record/v1/customer/1"))
      expect((outcome as { error?: NetSuiteError }).error?.code).toBe("NETSUITE_AUTH_TOKEN_TIMEOUT")
      expect(outcome.millis).toBeLessThan(10_000)
    })
  }

  it("SOAP: a SOAP endpoint that drips fails with a timeout", async () => {
    const server = await hostile(drip)
    const soap = await createNetSuiteSoapClient({
      account: NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: server.url }),
      credentials: tba,
      wsdl: mock.endpoints.wsdlUrl(WSDL_VERSION),
      retry: FAST_RETRY
    })
    const outcome = await timed(() => soap.call("getServerTime", {}, { soapOptions: { timeout: 1000 } }))
    expect((outcome as { error?: NetSuiteError }).error?.code).toBe("NETSUITE_AUTH_TIMEOUT")
    expect(outcome.millis).toBeLessThan(10_000)
  })
})

describe("13.4 unbounded bodies are cut off", () => {
  for (const adapter of ["axios", "fetch"] as const) {
    it(`${adapter}: a token endpoint answering an endless body fails with a coded error after 64 KiB`, async () => {
      let written = 0
      const server = createServer((req, res) => {
        req.resume()
        res.writeHead(200, { "content-type": "application/json" })
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        const pump = () => {
          while (!res.destroyed && written < 300 * 1024 * 1024) {
            written += chunk.length
            if (!res.write(chunk)) return void res.once("drain", pump)
          }
          res.end()
        }
        pump()
      })
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
      servers.push({ close: () => closeServer(server) })
      const get = restClients(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, "m2m")[adapter]()
      const outcome = await timed(() => get("/record/v1/customer/1"))
      expect((outcome as { error?: NetSuiteError }).error?.code).toBe(
        "NETSUITE_AUTH_TOKEN_RESPONSE_TOO_LARGE"
      )
      // Before: the whole 300 MB was read (and the process grew by 1 GB). Socket buffers let a
      // few MB through before the client closes; nothing near the whole body.
      expect(written).toBeLessThan(64 * 1024 * 1024)
    })
  }
})

describe("13.6 / 13.7 what the caller receives never carries the credentials", () => {
  it("axios: the response (and its sent request) does not show the bearer token or the OAuth header", async () => {
    for (const scheme of ["m2m", "tba"] as const) {
      const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url })
      const http = axios.create({ baseURL: account.endpoints.restBaseUrl })
      let sent = ""
      http.interceptors.response.use((response) => {
        sent = String(response.request?.getHeader?.("authorization") ?? "")
        return response
      })
      if (scheme === "m2m") installNetSuiteAuth(http, { scheme, account, credentials: m2m })
      else installNetSuiteAuth(http, { scheme, account, credentials: tba })
      const response = await http.get("/record/v1/customer/1")
      expect(response.status).toBe(200)
      const shown = inspect(response, { depth: 6 })
      expect(shown).not.toMatch(/Bearer [A-Za-z0-9]/)
      expect(shown).not.toMatch(/oauth_signature="/)
      expect(sent).not.toMatch(/Bearer [A-Za-z0-9]|oauth_signature/)
      expect(response.request._header).not.toMatch(/Bearer [A-Za-z0-9]|oauth_signature/)
      // 13.8: maxRedirects 0 by default, so follow-redirects (whose DEBUG output prints the
      // Authorization header) is not in the path: the sent request is Node's own.
      expect(response.request.constructor.name).toBe("ClientRequest")
    }
  })

  for (const adapter of ["axios", "fetch"] as const) {
    it(`${adapter}: a RESTlet that echoes the request headers in its error body leaks nothing into the error`, async () => {
      const server = await hostile((req, res) => {
        res.writeHead(400, { "content-type": "application/json" })
        res.end(
          JSON.stringify({
            error: { code: "SSS_INVALID_ARG", message: `echo: ${JSON.stringify(req.headers)}` }
          })
        )
      })
      const get = restClients(server.url, "m2m")[adapter]()
      const outcome = await timed(() => get("/record/v1/customer/1"))
      const error = (outcome as { error?: NetSuiteError }).error
      expect(error).toBeInstanceOf(NetSuiteError)
      expect(error?.netsuiteCode).toBe("SSS_INVALID_ARG")
      for (const shown of [
        error?.message,
        JSON.stringify(error),
        inspect(error, { depth: 8 }),
        JSON.stringify(error?.response)
      ]) {
        expect(shown).not.toContain("token-1-")
      }
    })
  }
})

describe("13.9 / 13.10 SOAP cancellation", () => {
  it("a call aborted while it waits for a permit is never signed or sent, rejects at once, holds no permit", async () => {
    await fetch(`${mock.url}/_mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ soap: { latencyMs: 300 } })
    })
    try {
      const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url, concurrency: 1 })
      const soap = await createNetSuiteSoapClient({ account, credentials: tba, wsdlVersion: WSDL_VERSION })
      const before = mock.stats().surfaces.soap.accepted + mock.stats().surfaces.soap.rejected
      const first = soap.call("getServerTime", {})
      const controller = new AbortController()
      const queued = timed(() =>
        soap.call("getServerTime", {}, { soapOptions: { signal: controller.signal } })
      )
      await new Promise((r) => setTimeout(r, 50))
      controller.abort()
      const outcome = await queued
      expect((outcome as { error?: NetSuiteError }).error?.code).toBe("NETSUITE_AUTH_CANCELED")
      expect(outcome.millis).toBeLessThan(250) // before: signed, sent and resolved about 2 s later
      await first
      expect(mock.stats().surfaces.soap.accepted + mock.stats().surfaces.soap.rejected - before).toBe(1)
      expect(account.pool.inFlight()).toBe(0)
      expect(account.pool.waiting()).toBe(0)
    } finally {
      await fetch(`${mock.url}/_mock/faults`, { method: "DELETE" })
    }
  })

  it("a call aborted in flight is a cancellation, not an HTTP error", async () => {
    await fetch(`${mock.url}/_mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ soap: { latencyMs: 2000 } })
    })
    try {
      const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url })
      const soap = await createNetSuiteSoapClient({ account, credentials: tba, wsdlVersion: WSDL_VERSION })
      const controller = new AbortController()
      setTimeout(() => controller.abort(), 100)
      const outcome = await timed(() =>
        soap.call("getServerTime", {}, { soapOptions: { signal: controller.signal } })
      )
      expect((outcome as { error?: NetSuiteError }).error?.code).toBe("NETSUITE_AUTH_CANCELED")
      expect(outcome.millis).toBeLessThan(1500)
      expect(account.pool.inFlight()).toBe(0)
    } finally {
      await fetch(`${mock.url}/_mock/faults`, { method: "DELETE" })
    }
  })
})

describe("13.11 one transport classification", () => {
  // What the operating system answers for a name that does not resolve (no DNS query is made here).
  const notFound = () =>
    Object.assign(new Error("getaddrinfo ENOTFOUND 1234567-sb1.example"), { code: "ENOTFOUND" })

  it("ENOTFOUND is the same final NETSUITE_AUTH_UNKNOWN_HOST on axios, fetch and SOAP", async () => {
    let attempts = 0
    const account = () => NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url })
    const http = axios.create({
      baseURL: mock.url,
      adapter: (config) => {
        attempts++
        return Promise.reject(new AxiosError("getaddrinfo ENOTFOUND", "ENOTFOUND", config))
      }
    })
    installNetSuiteAuth(http, { scheme: "tba", account: account(), credentials: tba, retry: FAST_RETRY })
    const viaAxios = await timed(() => http.get("/services/rest/record/v1/customer/1"))
    const viaFetch = await timed(() =>
      createNetSuiteFetch({
        scheme: "tba",
        account: account(),
        credentials: tba,
        retry: FAST_RETRY,
        fetch: async () => {
          attempts++
          throw Object.assign(new TypeError("fetch failed"), { cause: notFound() })
        }
      })("record/v1/customer/1")
    )
    const soapHttp = axios.create({
      adapter: (config) => {
        attempts++
        return Promise.reject(new AxiosError("getaddrinfo ENOTFOUND", "ENOTFOUND", config))
      }
    })
    const soap = await createNetSuiteSoapClient({
      account: account(),
      credentials: tba,
      wsdl: mock.endpoints.wsdlUrl(WSDL_VERSION),
      retry: FAST_RETRY,
      soapOptions: { request: soapHttp as never }
    })
    const viaSoap = await timed(() => soap.call("getServerTime", {}))
    for (const outcome of [viaAxios, viaFetch, viaSoap]) {
      expect((outcome as { error?: NetSuiteError }).error?.code).toBe("NETSUITE_AUTH_UNKNOWN_HOST")
      expect((outcome as { error?: NetSuiteError }).error?.retryable).toBe(false)
    }
    expect(attempts).toBe(3) // one each: never retried
  })
})
