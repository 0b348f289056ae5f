import { inspect } from "node:util"
import {
  type M2MClientOptions,
  M2MCredentials,
  NetSuiteAccount,
  type NetSuiteAuthEvent,
  NetSuiteError,
  TokenProvider
} from "@netsuite-auth/core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { type FakeM2MNetSuite, startFakeM2MNetSuite } from "./fake-m2m-netsuite.ts"
import { sleep } from "./loopback.ts"
import { rejection } from "./rejection.ts"
import { type RestAdapter, verbs } from "./rest-adapter.ts"

type SetupOptions = Partial<Omit<M2MClientOptions, "scheme" | "account" | "credentials">> & {
  readonly concurrency?: number
  readonly tokenEndpoint?: { readonly timeoutMillis?: number }
}

/** M2M (OAuth 2.0 client credentials) through one adapter, against the fake M2M NetSuite. */
export const describeM2M = (name: string, adapter: RestAdapter): void => {
  let fake: FakeM2MNetSuite

  const setup = (options: SetupOptions = {}) => {
    const { concurrency, ...rest } = options
    const account = NetSuiteAccount.make({
      accountId: "1234567_SB1",
      baseUrl: fake.server.url,
      concurrency: concurrency ?? 5
    })
    const events: Array<NetSuiteAuthEvent> = []
    const client = adapter.makeClient({
      scheme: "m2m",
      account,
      credentials: M2MCredentials.make(fake.credentials),
      retry: { baseDelayMillis: 5, maxDelayMillis: 50 },
      onEvent: (e) => events.push(e),
      ...rest
    })
    return { account, client: verbs(client), events }
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

  describe(`${name}: M2M bearer`, () => {
    beforeAll(async () => {
      fake = await startFakeM2MNetSuite()
    })
    afterAll(() => fake.close())
    afterEach(() => fake.reset())

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
      expect(error).toBeInstanceOf(NetSuiteError)
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
      expect((await again.client.post("/record/v1/customer", {}, { idempotent: true })).status).toBe(200)
      expect(fake.resourceCalls).toBe(2)
    })

    it("the limiter of size N: the server never sees more than N in flight", async () => {
      fake.resourceDelayMillis = 15
      const { client, events } = setup({ concurrency: 3 })
      await Promise.all(Array.from({ length: 30 }, () => client.get("/record/v1/customer/1")))
      expect(fake.maxInFlight).toBe(3)
      expect(events.some((e) => e.type === "limiter-wait" && e.waitedMillis > 0)).toBe(true)
    })

    it("cancelling while queued for the limiter rejects with the adapter's cancellation and leaks no permit", async () => {
      fake.resourceDelayMillis = 50
      const { client } = setup({ concurrency: 1 })
      const first = client.get("/record/v1/customer/1")
      const controller = new AbortController()
      const queued = client.get("/record/v1/customer/2", { signal: controller.signal })
      await sleep(10)
      controller.abort()
      const error = await queued.catch((e: unknown) => e)
      expect(adapter.isCancel(error)).toBe(true)
      expect(inspect(error, { depth: 10 })).not.toMatch(/Bearer/)
      await first
      fake.resourceDelayMillis = 0
      await Promise.all([client.get("/a"), client.get("/b")]) // the single permit came back
      expect(fake.resourceCalls).toBe(3)
    })

    it("every outcome gives its permit back; the caller's own Authorization is replaced on the wire", async () => {
      const { client, account } = setup({ concurrency: 2, retry: false })
      await client.get("/record/v1/customer/1") // warm: later requests take the no-wait path
      const own = await client.get("/record/v1/customer/2", { headers: { authorization: "mine" } })
      expect(own.status).toBe(200)
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
      expect((await client.get("/record/v1/customer/6")).status).toBe(200)
      expect(account.pool.inFlight()).toBe(0)
      expect(account.pool.waiting()).toBe(0)
    })

    it("learns the clock skew from the Date header of responses", async () => {
      fake.serverClockOffsetMillis = 10 * 60_000
      const { client, account } = setup()
      await client.get("/record/v1/customer/1")
      expect(Math.abs(account.clockSkew.offsetMillis() - 600_000)).toBeLessThan(3000)
    })

    it("separate clients share one token through a shared provider", async () => {
      const account = NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: fake.server.url })
      const credentials = M2MCredentials.make(fake.credentials)
      const tokenProvider = TokenProvider.make({ credentials, account, endpoint: adapter.tokenEndpoint() })
      const clients = [0, 1].map(() =>
        verbs(adapter.makeClient({ scheme: "m2m", account, credentials, tokenProvider }))
      )
      await Promise.all(clients.flatMap((c) => [c.get("/a"), c.get("/b")]))
      expect(fake.tokenCalls).toBe(1)
    })
  })
}
