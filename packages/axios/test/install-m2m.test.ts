import { generateKeyPairSync } from "node:crypto"
import type { ServerResponse } from "node:http"
import { inspect } from "node:util"
import { M2MCredentials, NetSuiteAccount, type NetSuiteAuthEvent, TokenProvider } from "@netsuite-auth/core"
import axios, { type AxiosInstance } from "axios"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import {
  axiosTokenEndpoint,
  installNetSuiteAuth,
  isNetSuiteAxiosError,
  type M2MAuthOptions,
  NetSuiteAxiosError
} from "../src/index.ts"
import { json, type LoopbackServer, sleep, startServer, verifyAssertion } from "./loopback.ts"

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
const TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"

type TokenMode = "ok" | "500" | "hang" | "429" | "garbage" | "invalid_client"
type ResourceMode = "ok" | "reject-all" | "429-once" | "500-once" | "reset-once" | "sss-once"

/** A small NetSuite: a token endpoint that verifies the ES256 assertion, and resources that check the bearer. */
const fake = {
  server: undefined as unknown as LoopbackServer,
  tokenMode: "ok" as TokenMode,
  resourceMode: "ok" as ResourceMode,
  expiresIn: 3600,
  resourceDelayMillis: 0,
  serverClockOffsetMillis: 0,
  tokens: new Map<string, number>(), // token -> server expiry
  tokenCalls: 0,
  resourceCalls: 0,
  expiredSeen: 0,
  inFlight: 0,
  maxInFlight: 0,
  authHeaders: [] as Array<string | undefined>,
  reset() {
    this.tokenMode = "ok"
    this.resourceMode = "ok"
    this.expiresIn = 3600
    this.resourceDelayMillis = 0
    this.serverClockOffsetMillis = 0
    this.tokens.clear()
    this.tokenCalls = 0
    this.resourceCalls = 0
    this.expiredSeen = 0
    this.inFlight = 0
    this.maxInFlight = 0
    this.authHeaders = []
  }
}

const issueToken = (res: ServerResponse) => {
  const token = `tok-${fake.tokenCalls}-${Math.random().toString(36).slice(2)}`
  fake.tokens.set(token, Date.now() + fake.expiresIn * 1000)
  json(res, 200, { access_token: token, token_type: "Bearer", expires_in: String(fake.expiresIn) })
}

beforeAll(async () => {
  fake.server = await startServer(async (req, res, body) => {
    const date = new Date(Date.now() + fake.serverClockOffsetMillis).toUTCString()
    res.setHeader("date", date)
    if (req.url === TOKEN_PATH && req.method === "POST") {
      fake.tokenCalls++
      const form = new URLSearchParams(body)
      const claims = verifyAssertion(form.get("client_assertion") ?? "", publicKey)
      if (
        form.get("grant_type") !== "client_credentials" ||
        claims === undefined ||
        claims.aud !== `${fake.server.url}${TOKEN_PATH}` ||
        claims.iss !== "client-1"
      ) {
        return json(
          res,
          401,
          { error: "invalid_client" },
          { "www-authenticate": 'Basic realm="1234567_SB1"' }
        )
      }
      switch (fake.tokenMode) {
        case "ok":
          return issueToken(res)
        case "500":
          return json(res, 500, { error: "server_error" })
        case "hang":
          return // never answers; the client's timeout must fire
        case "429":
          return json(res, 429, {}, { "retry-after": "1" })
        case "garbage":
          res.writeHead(200, { "content-type": "text/html" })
          return res.end("<html>login</html>")
        case "invalid_client":
          return json(
            res,
            401,
            { error: "invalid_client" },
            { "www-authenticate": 'Basic realm="1234567_SB1"' }
          )
      }
    }
    fake.resourceCalls++
    fake.authHeaders.push(req.headers.authorization)
    fake.inFlight++
    fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight)
    try {
      if (fake.resourceDelayMillis > 0) await sleep(fake.resourceDelayMillis)
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1]
      const expiry = bearer === undefined ? undefined : fake.tokens.get(bearer)
      if (expiry !== undefined && expiry <= Date.now()) fake.expiredSeen++
      const first = fake.resourceCalls === 1
      if (fake.resourceMode === "reset-once" && first) return req.socket.destroy()
      if (fake.resourceMode === "429-once" && first) return json(res, 429, {}, { "retry-after": "0" })
      if (fake.resourceMode === "sss-once" && first) {
        return json(res, 400, {
          error: { code: "SSS_REQUEST_LIMIT_EXCEEDED", message: "Request limit exceeded" }
        })
      }
      if (fake.resourceMode === "500-once" && first) return json(res, 503, { error: "busy" })
      if (fake.resourceMode === "reject-all" || expiry === undefined || expiry <= Date.now()) {
        return json(
          res,
          401,
          { "o:errorDetails": [{ detail: "Invalid login attempt.", "o:errorCode": "INVALID_LOGIN" }] },
          {
            "www-authenticate":
              'Bearer realm="1234567_SB1", error="invalid_token", error_description="Invalid login attempt."'
          }
        )
      }
      return json(res, 200, { ok: true, path: req.url, method: req.method })
    } finally {
      fake.inFlight--
    }
  })
})
afterAll(() => fake.server.close())
afterEach(() => fake.reset())

const setup = (
  options: Partial<Omit<M2MAuthOptions, "scheme" | "account" | "credentials">> & { concurrency?: number } = {}
) => {
  const { concurrency, ...rest } = options
  const account = NetSuiteAccount.make({
    accountId: "1234567_SB1",
    baseUrl: fake.server.url,
    concurrency: concurrency ?? 5
  })
  const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
  const events: Array<NetSuiteAuthEvent> = []
  const uninstall = installNetSuiteAuth(client, {
    scheme: "m2m",
    account,
    credentials: M2MCredentials.make({
      accountId: "1234567_SB1",
      clientId: "client-1",
      certificateId: "cert-1",
      privateKey
    }),
    retry: { baseDelayMillis: 5, maxDelayMillis: 50 },
    onEvent: (e) => events.push(e),
    ...rest
  })
  return { account, client, events, uninstall }
}

const rejection = async (promise: Promise<unknown>): Promise<NetSuiteAxiosError> => {
  try {
    await promise
  } catch (e) {
    expect(isNetSuiteAxiosError(e)).toBe(true)
    return e as NetSuiteAxiosError
  }
  throw new Error("expected a rejection")
}

const assertNoSecrets = (error: unknown) => {
  const dumps = [inspect(error, { depth: 20, showHidden: true }), JSON.stringify(error), String(error)]
  for (const token of fake.tokens.keys()) for (const d of dumps) expect(d).not.toContain(token)
  for (const d of dumps) {
    expect(d).not.toMatch(/Bearer tok-/)
    expect(d).not.toMatch(/eyJ[\w-]{10,}\.eyJ/) // no assertion
  }
  for (const value of Object.values(error as object)) {
    expect(typeof value === "object" && value !== null && "headers" in value && "adapter" in value).toBe(
      false
    )
  }
}

describe("installNetSuiteAuth (M2M bearer)", () => {
  it("500 concurrent requests on a cold cache make exactly one token request", async () => {
    const { client, events } = setup({ concurrency: 50 })
    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, i) => client.get(`/record/v1/customer/${i}`))
    )
    expect(responses.every((r) => r.status === 200)).toBe(true)
    expect(fake.tokenCalls).toBe(1)
    expect(fake.resourceCalls).toBe(500)
    expect(events.filter((e) => e.type === "token-fetched")).toHaveLength(1)
  })

  it("refreshes ahead with a short expires_in: no request ever leaves with an expired token", async () => {
    fake.expiresIn = 1
    const { client } = setup()
    const until = Date.now() + 1800
    let sent = 0
    while (Date.now() < until) {
      await Promise.all(Array.from({ length: 5 }, () => client.get("/record/v1/customer/1")))
      sent += 5
      await sleep(20)
    }
    expect(fake.expiredSeen).toBe(0)
    expect(fake.resourceCalls).toBe(sent) // no 401 ever needed a retry
    expect(fake.tokenCalls).toBeGreaterThanOrEqual(3)
    expect(fake.tokenCalls).toBeLessThan(sent / 5)
  })

  it("401 invalid_token: one refresh, one retry", async () => {
    const { client, events } = setup()
    await client.get("/record/v1/customer/1")
    fake.tokens.clear() // NetSuite revoked every token
    const response = await client.get("/record/v1/customer/2")
    expect(response.status).toBe(200)
    expect(fake.tokenCalls).toBe(2)
    expect(fake.resourceCalls).toBe(3)
    expect(events.map((e) => e.type)).toContain("token-invalidated")
  })

  it("a 401 for a token fetched after the request started: a typed error at once, no second token", async () => {
    fake.resourceMode = "reject-all"
    const { client } = setup()
    const error = await rejection(client.get("/record/v1/customer/1"))
    expect(error).toBeInstanceOf(NetSuiteAxiosError)
    expect(error.code).toBe("NETSUITE_AUTH_TOKEN_REJECTED")
    expect(error.status).toBe(401)
    expect(error.netsuiteCode).toBe("INVALID_LOGIN")
    expect(error.retryable).toBe(false)
    expect(error.hint).toMatch(/scopes/)
    expect(error.response?.status).toBe(401)
    await sleep(100)
    // The token was as fresh as it gets: the problem is not the token, so no refresh loop.
    expect(fake.resourceCalls).toBe(1)
    expect(fake.tokenCalls).toBe(1)
    assertNoSecrets(error)
  })

  it("a token endpoint answering 500 gives a typed error in bounded time; the next call recovers", async () => {
    fake.tokenMode = "500"
    const { client } = setup({ retry: { maxAttempts: 3, baseDelayMillis: 5 } })
    const started = Date.now()
    const error = await rejection(client.get("/record/v1/customer/1"))
    expect(error.code).toBe("NETSUITE_AUTH_TOKEN_SERVER_ERROR")
    expect(error.status).toBe(500)
    expect(fake.tokenCalls).toBe(3)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(fake.resourceCalls).toBe(0)
    assertNoSecrets(error)
    fake.tokenMode = "ok"
    expect((await client.get("/record/v1/customer/1")).status).toBe(200)
  })

  it("a hanging token endpoint times out (typed) and the next call recovers", async () => {
    fake.tokenMode = "hang"
    const { client } = setup({
      tokenEndpoint: { timeoutMillis: 150 },
      retry: { maxAttempts: 2, baseDelayMillis: 5 }
    })
    const started = Date.now()
    const error = await rejection(client.get("/record/v1/customer/1"))
    expect(error.code).toBe("NETSUITE_AUTH_TOKEN_TIMEOUT")
    expect(error.retryable).toBe(true)
    expect(Date.now() - started).toBeLessThan(1500)
    expect(fake.tokenCalls).toBe(2)
    fake.tokenMode = "ok"
    expect((await client.get("/record/v1/customer/1")).status).toBe(200)
  })

  it("a token endpoint answering 429 with Retry-After is honoured, bounded, then recovers", async () => {
    fake.tokenMode = "429"
    const { client, events } = setup({ retry: { maxAttempts: 2, baseDelayMillis: 5 } })
    const started = Date.now()
    const error = await rejection(client.get("/record/v1/customer/1"))
    const elapsed = Date.now() - started
    expect(error.code).toBe("NETSUITE_AUTH_TOKEN_RATE_LIMITED")
    expect(error.retryAfterSeconds).toBe(1)
    expect(elapsed).toBeGreaterThanOrEqual(990)
    expect(elapsed).toBeLessThan(3000)
    expect(events).toContainEqual(
      expect.objectContaining({ type: "retry-scheduled", operation: "token", attempt: 1 })
    )
    fake.tokenMode = "ok"
    expect((await client.get("/record/v1/customer/1")).status).toBe(200)
  })

  it("a token endpoint returning garbage is a typed error, not retried; the next call recovers", async () => {
    fake.tokenMode = "garbage"
    const { client, events } = setup()
    const error = await rejection(client.get("/record/v1/customer/1"))
    expect(error.code).toBe("NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE")
    expect(fake.tokenCalls).toBe(1)
    expect(events).toContainEqual(
      expect.objectContaining({ type: "token-failed", code: "NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE" })
    )
    fake.tokenMode = "ok"
    expect((await client.get("/record/v1/customer/1")).status).toBe(200)
  })

  it("invalid_client is never retried and names what to check", async () => {
    fake.tokenMode = "invalid_client"
    const { client } = setup()
    const error = await rejection(client.get("/record/v1/customer/1"))
    expect(error.code).toBe("NETSUITE_AUTH_TOKEN_INVALID_CLIENT")
    expect(error.hint).toMatch(/certificate/)
    expect(fake.tokenCalls).toBe(1)
    assertNoSecrets(error)
  })

  it("retries 429, RESTlet SSS_REQUEST_LIMIT_EXCEEDED (also for POST), 5xx and resets for GET", async () => {
    for (const mode of ["429-once", "sss-once", "500-once", "reset-once"] as const) {
      fake.reset()
      fake.resourceMode = mode
      const { client, events } = setup()
      expect((await client.get("/record/v1/customer/1")).status).toBe(200)
      expect(fake.resourceCalls).toBe(2)
      expect(events.filter((e) => e.type === "retry-scheduled" && e.operation !== "token")).toHaveLength(1)
    }
    for (const mode of ["429-once", "sss-once"] as const) {
      fake.reset()
      fake.resourceMode = mode
      const { client } = setup()
      expect((await client.post("/record/v1/customer", { companyName: "x" })).status).toBe(200)
      expect(fake.resourceCalls).toBe(2)
    }
  })

  it("does not retry a POST after a 5xx unless the request says it is idempotent", async () => {
    fake.resourceMode = "500-once"
    const { client } = setup()
    const error = await rejection(client.post("/record/v1/customer", {}))
    expect(error.code).toBe("NETSUITE_AUTH_SERVER_ERROR")
    expect(error.status).toBe(503)
    expect(fake.resourceCalls).toBe(1)
    fake.reset()
    fake.resourceMode = "500-once"
    const again = setup()
    expect(
      (await again.client.post("/record/v1/customer", {}, { netsuiteAuth: { idempotent: true } })).status
    ).toBe(200)
    expect(fake.resourceCalls).toBe(2)
  })

  it("respects a validateStatus that accepts the failure status", async () => {
    fake.resourceMode = "reject-all"
    const { client } = setup({ retry: false })
    const response = await client.get("/record/v1/customer/1", { validateStatus: () => true })
    expect(response.status).toBe(401)
  })

  it("the limiter of size N: the server never sees more than N in flight", async () => {
    fake.resourceDelayMillis = 15
    const { client, events } = setup({ concurrency: 3 })
    await Promise.all(Array.from({ length: 30 }, () => client.get("/record/v1/customer/1")))
    expect(fake.maxInFlight).toBe(3)
    expect(events.some((e) => e.type === "limiter-wait" && e.waitedMillis > 0)).toBe(true)
  })

  it("cancelling while queued for the limiter rejects with axios' CanceledError and leaks no permit", async () => {
    fake.resourceDelayMillis = 50
    const { client } = setup({ concurrency: 1 })
    const first = client.get("/record/v1/customer/1")
    const controller = new AbortController()
    const queued = client.get("/record/v1/customer/2", { signal: controller.signal })
    await sleep(10)
    controller.abort()
    const error = await queued.catch((e: unknown) => e)
    expect(axios.isCancel(error)).toBe(true)
    expect(inspect(error, { depth: 10 })).not.toMatch(/Bearer/)
    await first
    fake.resourceDelayMillis = 0
    await Promise.all([client.get("/a"), client.get("/b")]) // the single permit came back
    expect(fake.resourceCalls).toBe(3)
  })

  it("a throwing request interceptor leaks no permit", async () => {
    const { client } = setup({ concurrency: 1 })
    let throwNext = true
    client.interceptors.request.use((config) => {
      if (throwNext) {
        throwNext = false
        throw new Error("interceptor failed")
      }
      return config
    })
    await expect(client.get("/a")).rejects.toThrow("interceptor failed")
    expect((await client.get("/b")).status).toBe(200)
  })

  it("opt-out sends no Authorization; uninstall removes it", async () => {
    const { client, uninstall } = setup()
    await client.get("/public", { netsuiteAuth: false }).catch(() => undefined)
    await client.get("/public", { netsuiteAuth: { skip: true } }).catch(() => undefined)
    expect(fake.authHeaders).toEqual([undefined, undefined])
    expect(fake.tokenCalls).toBe(0)
    await client.get("/record/v1/customer/1")
    expect(fake.authHeaders[2]).toMatch(/^Bearer tok-/)
    uninstall()
    await client.get("/record/v1/customer/1").catch(() => undefined)
    expect(fake.authHeaders[3]).toBeUndefined()
    // Installing again after uninstalling works; twice at once is refused.
    const account = NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: fake.server.url })
    const options = {
      scheme: "m2m",
      account,
      credentials: { accountId: "1234567_SB1", clientId: "client-1", certificateId: "cert-1", privateKey }
    } as const
    const again = installNetSuiteAuth(client, options)
    expect(() => installNetSuiteAuth(client, options)).toThrow(/already installed/)
    again()
  })

  it("every outcome gives its permit back and leaves the caller's config as it was", async () => {
    const { client, account } = setup({ concurrency: 2, retry: false })
    await client.get("/record/v1/customer/1") // warm: later requests take the no-wait path
    const own = await client.get("/record/v1/customer/2", { headers: { authorization: "mine" } })
    expect(own.config.headers.authorization).toBe("mine") // ours replaced it on the wire only
    expect(fake.authHeaders[1]).toMatch(/^Bearer tok-/)
    fake.resourceMode = "500-once"
    fake.resourceCalls = 0
    const failed = await rejection(client.get("/record/v1/customer/3"))
    expect(failed.status).toBe(503)
    fake.resourceMode = "reset-once"
    fake.resourceCalls = 0
    expect((await rejection(client.get("/record/v1/customer/4"))).code).toBe("NETSUITE_AUTH_TRANSPORT")
    fake.resourceMode = "ok"
    const controller = new AbortController()
    controller.abort()
    await expect(client.get("/record/v1/customer/5", { signal: controller.signal })).rejects.toThrow(
      /cancel/i
    )
    const ok = await client.get("/record/v1/customer/6")
    expect(ok.config.headers.Authorization).toBeUndefined()
    expect(ok.config.validateStatus?.(500)).toBe(false) // axios' default, not the adapter's accept-all
    expect(account.pool.inFlight()).toBe(0)
    expect(account.pool.waiting()).toBe(0)
  })

  it("a reused response config is not authenticated twice", async () => {
    const { client } = setup()
    const first = await client.get("/record/v1/customer/1")
    const second = await client.request(first.config)
    expect(second.status).toBe(200)
    expect(fake.resourceCalls).toBe(2)
    expect(first.config.headers.Authorization).toBeUndefined()
  })

  it("learns the clock skew from the Date header of responses", async () => {
    fake.serverClockOffsetMillis = 10 * 60_000
    const { client, account } = setup()
    await client.get("/record/v1/customer/1")
    expect(Math.abs(account.clockSkew.offsetMillis() - 600_000)).toBeLessThan(3000)
  })

  it("separate instances share one token through a shared provider", async () => {
    const account = NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: fake.server.url })
    const credentials = M2MCredentials.make({
      accountId: "1234567_SB1",
      clientId: "client-1",
      certificateId: "cert-1",
      privateKey
    })
    const tokenProvider = TokenProvider.make({ credentials, account, endpoint: axiosTokenEndpoint() })
    const clients = [0, 1].map(
      () => axios.create({ baseURL: account.endpoints.restBaseUrl }) as AxiosInstance
    )
    for (const client of clients)
      installNetSuiteAuth(client, { scheme: "m2m", account, credentials, tokenProvider })
    await Promise.all(clients.flatMap((c) => [c.get("/a"), c.get("/b")]))
    expect(fake.tokenCalls).toBe(1)
  })
})
