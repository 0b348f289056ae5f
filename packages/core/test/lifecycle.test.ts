import { generateKeyPairSync } from "node:crypto"
import { Effect, Fiber } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import {
  AuthMethod,
  M2MCredentials,
  NetSuiteAccount,
  type NetSuiteAuthEvent,
  TbaCredentials,
  TokenEndpoint,
  TokenEndpointError
} from "../src/index.ts"
import { RequestLifecycle } from "../src/internal.ts"
import { fetchPlan, json, sleep, startServer } from "./support/lifecycle-harness.ts"

const REALM = "1234567_SB1"
const tba = TbaCredentials.make({
  accountId: REALM,
  consumerKey: "ck-lifecycle",
  consumerSecret: "cs-lifecycle",
  tokenId: "ti-lifecycle",
  tokenSecret: "ts-lifecycle"
})
const fast = { baseDelayMillis: 1, maxDelayMillis: 5 }
const servers: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})
const serve = async (...args: Parameters<typeof startServer>) => {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

const tbaLifecycle = (concurrency = 5, events: Array<NetSuiteAuthEvent> = []) => {
  const account = NetSuiteAccount.make({ accountId: REALM, concurrency })
  const lifecycle = RequestLifecycle.make({
    account,
    auth: AuthMethod.oauth1({ account, credentials: tba }),
    retry: fast,
    onEvent: (e) => events.push(e)
  })
  return { account, lifecycle, events }
}

const nonceOf = (authorization: string) => /oauth_nonce="([^"]+)"/.exec(authorization)?.[1]

describe("the request lifecycle", () => {
  it("signs only after admission: a queued request is authorized when its permit is granted", async () => {
    const server = await serve((_req, res) => json(res, 200, { ok: true }))
    const account = NetSuiteAccount.make({ accountId: REALM, concurrency: 1 })
    const real = AuthMethod.oauth1({ account, credentials: tba })
    const authorizedAt: Array<number> = []
    // The same auth method, recording when the lifecycle asks it for an authorization.
    const recording: AuthMethod = {
      ...real,
      authorizeUnsafe: (request, context) => {
        authorizedAt.push(Date.now())
        return real.authorizeUnsafe(request, context)
      },
      authorize: (request) =>
        Effect.andThen(
          Effect.sync(() => authorizedAt.push(Date.now())),
          real.authorize(request)
        )
    }
    const lifecycle = RequestLifecycle.make({ account, auth: recording })
    const held = account.pool.tryAcquireUnsafe()
    const pending = lifecycle.run(fetchPlan(`${server.url}/a`))
    await sleep(60)
    expect(authorizedAt).toHaveLength(0)
    expect(server.seen).toHaveLength(0)
    const releasedAt = Date.now()
    held?.release()
    const outcome = await pending
    expect(outcome._tag).toBe("Answered")
    expect(authorizedAt).toHaveLength(1)
    expect(authorizedAt[0]).toBeGreaterThanOrEqual(releasedAt)
  })

  it("makes a fresh signature and nonce for every attempt", async () => {
    const server = await serve((_req, res, n) =>
      n <= 2 ? json(res, 429, {}, { "retry-after": "0" }) : json(res, 200, { ok: true })
    )
    const { lifecycle } = tbaLifecycle()
    const outcome = await lifecycle.run(fetchPlan(`${server.url}/retry`))
    expect(outcome._tag).toBe("Answered")
    expect(server.seen).toHaveLength(3)
    const nonces = server.seen.map((s) => nonceOf(s.authorization))
    expect(new Set(nonces).size).toBe(3)
    expect(new Set(server.seen.map((s) => s.authorization)).size).toBe(3)
  })

  it("repeats a non-idempotent request only when NetSuite refused it before doing any work", async () => {
    const busy = await serve((_req, res, n) => (n === 1 ? json(res, 429, {}) : json(res, 200, {})))
    const failing = await serve((_req, res) => json(res, 503, {}))
    const { lifecycle } = tbaLifecycle()
    expect((await lifecycle.run(fetchPlan(`${busy.url}/p`, { method: "POST" })))._tag).toBe("Answered")
    expect(busy.seen).toHaveLength(2)
    const outcome = await lifecycle.run(fetchPlan(`${failing.url}/p`, { method: "POST" }))
    expect(outcome._tag).toBe("Failed")
    expect(outcome._tag === "Failed" && outcome.error.code).toBe("NETSUITE_AUTH_SERVER_ERROR")
    expect(failing.seen).toHaveLength(1)
    expect((await lifecycle.run(fetchPlan(`${failing.url}/g`)))._tag).toBe("Failed")
    expect(failing.seen.length).toBeGreaterThan(2) // GET is retried
  })

  it("a request canceled while queued is never sent, settles at once, and holds no permit", async () => {
    const server = await serve((_req, res) => json(res, 200, {}))
    const { account, lifecycle } = tbaLifecycle(1)
    const held = account.pool.tryAcquireUnsafe()
    const controller = new AbortController()
    const pending = lifecycle.run(fetchPlan(`${server.url}/c`, { signal: controller.signal }))
    await sleep(20)
    expect(account.pool.waiting()).toBe(1)
    const abortedAt = Date.now()
    controller.abort()
    const outcome = await pending
    expect(Date.now() - abortedAt).toBeLessThan(1000)
    expect(outcome._tag).toBe("Canceled")
    expect(outcome._tag === "Canceled" && outcome.error.code).toBe("NETSUITE_AUTH_CANCELED")
    expect(account.pool.waiting()).toBe(0)
    held?.release()
    expect(account.pool.inFlight()).toBe(0)
    expect(server.seen).toHaveLength(0)
  })

  it("a request canceled in flight settles as canceled, promptly, and gives its permit back", async () => {
    const server = await serve(() => {}) // never answers
    const { account, lifecycle } = tbaLifecycle(1)
    const controller = new AbortController()
    const pending = lifecycle.run(fetchPlan(`${server.url}/slow`, { signal: controller.signal }))
    await sleep(30)
    expect(server.seen).toHaveLength(1)
    controller.abort()
    const outcome = await pending
    expect(outcome._tag).toBe("Canceled")
    expect(account.pool.inFlight()).toBe(0)
  })

  it("the timeout is a deadline for the whole exchange: a server that drips bytes times out", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(" ")), 50)
    })
    const { account, lifecycle } = tbaLifecycle()
    const started = Date.now()
    const outcome = await RequestLifecycle.make({ account, auth: lifecycle.auth, retry: false }).run(
      fetchPlan(`${server.url}/drip`, { timeoutMillis: 300 })
    )
    expect(outcome._tag).toBe("Failed")
    expect(outcome._tag === "Failed" && outcome.error.code).toBe("NETSUITE_AUTH_TIMEOUT")
    expect(Date.now() - started).toBeLessThan(3000)
    expect(account.pool.inFlight()).toBe(0)
  })

  it("gives the permit back on every exit: success, NetSuite's refusal, no answer, deadline, cancellation", async () => {
    const ok = await serve((_req, res) => json(res, 200, {}))
    const refused = await serve((_req, res) =>
      json(res, 401, { "o:errorDetails": [{ "o:errorCode": "INVALID_LOGIN" }] })
    )
    const silent = await serve(() => {})
    const { account, lifecycle } = tbaLifecycle(2)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const outcomes = await Promise.all([
      lifecycle.run(fetchPlan(`${ok.url}/ok`)),
      lifecycle.run(fetchPlan(`${refused.url}/no`)),
      lifecycle.run(fetchPlan("http://127.0.0.1:1/closed")),
      lifecycle.run(fetchPlan(`${silent.url}/t`, { timeoutMillis: 100 })),
      lifecycle.run(fetchPlan(`${silent.url}/a`, { signal: controller.signal }))
    ])
    expect(outcomes.map((o) => o._tag)).toEqual(["Answered", "Failed", "Failed", "Failed", "Canceled"])
    expect(account.pool.inFlight()).toBe(0)
    expect(account.pool.waiting()).toBe(0)
  })

  it("as an Effect: an interrupted request gives its permit back", async () => {
    const server = await serve(() => {}) // never answers
    const { account, lifecycle } = tbaLifecycle(1)
    const fiber = Effect.runFork(account.provide(lifecycle.effect(fetchPlan(`${server.url}/i`))))
    await sleep(30)
    expect(account.pool.inFlight()).toBe(1)
    await Effect.runPromise(Fiber.interrupt(fiber))
    expect(account.pool.inFlight()).toBe(0)
  })

  it("reports a permit wait, each failed attempt and each retry in one event vocabulary", async () => {
    const server = await serve((_req, res, n) => (n === 1 ? json(res, 429, {}) : json(res, 200, {})))
    const { lifecycle, events } = tbaLifecycle(1)
    await Promise.all([
      lifecycle.run(fetchPlan(`${server.url}/e`)),
      lifecycle.run(fetchPlan(`${server.url}/e`))
    ])
    expect(events.find((e) => e.type === "attempt-failed")).toMatchObject({
      account: REALM,
      operation: "GET test",
      attempt: 1,
      code: "NETSUITE_AUTH_CONCURRENCY_LIMIT",
      status: 429,
      retryable: true
    })
    expect(events.some((e) => e.type === "retry-scheduled" && e.operation === "GET test")).toBe(true)
    expect(events.some((e) => e.type === "limiter-wait" && e.waitedMillis >= 1)).toBe(true)
  })
})

describe("the request lifecycle with M2M tokens", () => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
  const credentials = M2MCredentials.make({
    accountId: REALM,
    clientId: "client-lifecycle",
    certificateId: "cert-lifecycle",
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString()
  })

  // A token endpoint port over fetch to a loopback token server that issues t1, t2, ...
  const tokenServer = async () => {
    const server = await serve((_req, res, n) =>
      json(res, 200, { access_token: `t${n}`, token_type: "Bearer", expires_in: 3600 })
    )
    const endpoint = TokenEndpoint.make((request) =>
      Effect.tryPromise({
        try: async () => {
          const res = await fetch(server.url, {
            method: request.method,
            headers: request.headers,
            body: request.body
          })
          return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }
        },
        catch: () => new TokenEndpointError({ reason: "Transport", message: "token server unreachable" })
      })
    )
    return { server, endpoint }
  }

  const m2mLifecycle = async (concurrency = 5) => {
    const { server: tokens, endpoint } = await tokenServer()
    const account = NetSuiteAccount.make({ accountId: REALM, concurrency })
    const auth = AuthMethod.m2m({ account, credentials, endpoint })
    return { account, tokens, auth, lifecycle: RequestLifecycle.make({ account, auth, retry: fast }) }
  }

  it("a late 401 for an old token never discards the newer one", async () => {
    const { lifecycle, auth, tokens, account } = await m2mLifecycle()
    const provider = auth.tokenProvider!
    await Effect.runPromise(provider.get) // t1, fetched before the request starts
    await sleep(5)
    let release: () => void = () => {}
    const api = await serve(async (req, res) => {
      if (req.headers.authorization === "Bearer t1") {
        await new Promise<void>((resolve) => (release = resolve))
        json(res, 401, {}, { "www-authenticate": 'Bearer error="invalid_token"' })
      } else json(res, 200, { token: req.headers.authorization })
    })
    const slow = lifecycle.run(fetchPlan(`${api.url}/late`))
    await sleep(30)
    // Meanwhile t1 was replaced by t2 (another request saw it rejected first).
    await Effect.runPromise(provider.invalidate(undefined))
    const t2 = await Effect.runPromise(provider.get)
    release()
    const outcome = await slow
    expect(outcome._tag).toBe("Answered")
    expect(tokens.seen).toHaveLength(2) // t1 and t2: the late 401 fetched no third token
    expect(provider.cached()?.expiresInSeconds).toBe(3600)
    const still = await Effect.runPromise(provider.get)
    expect(still).toBe(t2)
    expect(api.seen.at(-1)?.authorization).toBe("Bearer t2")
    expect(account.pool.inFlight()).toBe(0)
  })

  it("a 401 loop does not flood the token endpoint: token requests stay constant", async () => {
    const { lifecycle, tokens, auth } = await m2mLifecycle(5)
    await Effect.runPromise(auth.tokenProvider!.get) // a warm token, fetched before the calls start
    await sleep(5)
    const api = await serve((_req, res) =>
      json(res, 401, {}, { "www-authenticate": 'Bearer error="invalid_token"' })
    )
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => lifecycle.run(fetchPlan(`${api.url}/x`)))
    )
    expect(
      outcomes.every((o) => o._tag === "Failed" && o.error.code === "NETSUITE_AUTH_TOKEN_REJECTED")
    ).toBe(true)
    // The warm token, and one refresh after it was rejected: never one per wave of requests.
    expect(tokens.seen.length).toBeLessThanOrEqual(2)
  })
})
