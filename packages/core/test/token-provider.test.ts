import { generateKeyPairSync } from "node:crypto"
import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Redacted } from "effect"
import { TestClock } from "effect/testing"
import {
  type AccessToken,
  ConfigError,
  M2MCredentials,
  NetSuiteAccount,
  type NetSuiteAuthEvent,
  TokenEndpoint,
  TokenEndpointError,
  type TokenEndpointResponse,
  TokenProvider,
  type TokenRequest,
  TokenStore
} from "../src/index.ts"
import { tokenCacheKey } from "../src/internal.ts"

const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
const credentials = M2MCredentials.make({
  accountId: "1234567_sb1",
  clientId: "client-id-1",
  certificateId: "cert-id-1",
  privateKey
})

const ok = (token: string, expiresIn: number | string = 3600, headers: Record<string, string> = {}) =>
  ({
    status: 200,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: expiresIn })
  }) satisfies TokenEndpointResponse

/**
 * A port fake: answers with the scripted responses in order (the last one repeats), after an
 * optional delay on the Effect clock, and records every request.
 */
const fakeEndpoint = (script: ReadonlyArray<TokenEndpointResponse | TokenEndpointError>, delayMillis = 0) => {
  const requests: Array<TokenRequest> = []
  const endpoint = TokenEndpoint.make((request) =>
    Effect.gen(function* () {
      requests.push(request)
      if (delayMillis > 0) yield* Effect.sleep(delayMillis)
      const step = script[Math.min(requests.length - 1, script.length - 1)]!
      return step instanceof TokenEndpointError ? yield* Effect.fail(step) : step
    })
  )
  return { endpoint, requests, calls: () => requests.length }
}

const setup = (
  script: ReadonlyArray<TokenEndpointResponse | TokenEndpointError>,
  options: { delayMillis?: number; refreshAheadSeconds?: number } = {}
) => {
  const account = NetSuiteAccount.make({ accountId: "1234567_SB1" })
  const fake = fakeEndpoint(script, options.delayMillis)
  const events: Array<NetSuiteAuthEvent> = []
  const provider = TokenProvider.make({
    credentials,
    account,
    endpoint: fake.endpoint,
    refreshAheadSeconds: options.refreshAheadSeconds,
    onEvent: (e) => events.push(e)
  })
  return { account, provider, events, ...fake }
}

const value = (token: AccessToken) => Redacted.value(token.accessToken)

// Signing the assertion (jose) resolves a real promise, which the TestClock cannot advance: let
// real time pass in small steps so every fiber reaches its next sleep before the clock moves.
const realPause = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 2)))
const advance = (millis: number, steps = 10) =>
  Effect.gen(function* () {
    for (let i = 0; i < steps; i++) {
      yield* realPause
      yield* TestClock.adjust(millis / steps)
    }
    yield* realPause
  })
const advanceUntil = (condition: () => boolean, stepMillis = 10) =>
  Effect.gen(function* () {
    for (let i = 0; i < 500 && !condition(); i++) yield* advance(stepMillis, 1)
    assert.isTrue(condition(), "condition not reached")
  })
/** Advances the clock in steps until the fiber is done: jose signs on real time, so fixed advances can outrun it. */
const advanceUntilDone = (fiber: Fiber.Fiber<unknown, unknown>, stepMillis: number) =>
  advanceUntil(() => fiber.pollUnsafe() !== undefined, stepMillis)

describe("TokenProvider", () => {
  it("keys the cache by realm, client ID, certificate ID and sorted scopes", () => {
    const reversed = M2MCredentials.make({
      accountId: "1234567_SB1",
      clientId: "client-id-1",
      certificateId: "cert-id-1",
      privateKey,
      scopes: ["restlets", "rest_webservices"]
    })
    assert.strictEqual(
      tokenCacheKey(credentials),
      "1234567_SB1|client-id-1|cert-id-1|rest_webservices,restlets"
    )
    assert.strictEqual(tokenCacheKey(reversed), tokenCacheKey(credentials))
  })

  it("refuses credentials for another account and a negative refresh window", () => {
    const endpoint = fakeEndpoint([ok("t")]).endpoint
    assert.throws(
      () =>
        TokenProvider.make({
          credentials,
          account: NetSuiteAccount.make({ accountId: "7654321" }),
          endpoint
        }),
      ConfigError
    )
    assert.throws(
      () =>
        TokenProvider.make({
          credentials,
          account: NetSuiteAccount.make({ accountId: "1234567_SB1" }),
          endpoint,
          refreshAheadSeconds: -1
        }),
      /refreshAheadSeconds/
    )
  })

  it.effect("500 concurrent gets on a cold cache make exactly one token request", () =>
    Effect.gen(function* () {
      const { provider, calls, events } = setup([ok("token-1")], { delayMillis: 200 })
      const fiber = yield* Effect.forEach(Array.from({ length: 500 }), () => provider.get, {
        concurrency: "unbounded"
      }).pipe(Effect.forkChild)
      yield* advanceUntil(() => calls() === 1)
      yield* advance(200)
      const tokens = yield* Fiber.join(fiber)
      assert.strictEqual(calls(), 1)
      assert.strictEqual(tokens.length, 500)
      assert.isTrue(tokens.every((t) => value(t) === "token-1"))
      assert.deepStrictEqual(
        events.map((e) => e.type),
        ["token-fetched"]
      )
      // Cached afterwards: no further request.
      yield* provider.get
      assert.strictEqual(calls(), 1)
    })
  )

  it.effect("the request carries a fresh client assertion for the account's token URL", () =>
    Effect.gen(function* () {
      const { provider, requests, account } = setup([ok("t")])
      yield* provider.get
      const request = requests[0]!
      assert.strictEqual(request.url, account.endpoints.tokenUrl)
      assert.strictEqual(request.method, "POST")
      const form = new URLSearchParams(request.body)
      assert.strictEqual(form.get("grant_type"), "client_credentials")
      assert.match(form.get("client_assertion") ?? "", /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/)
    })
  )

  it.effect("refreshes ahead of expiry (default 300 s before) and not earlier", () =>
    Effect.gen(function* () {
      const { provider, calls, events } = setup([ok("first"), ok("second")])
      assert.strictEqual(value(yield* provider.get), "first")
      yield* TestClock.adjust((3600 - 301) * 1000)
      assert.strictEqual(value(yield* provider.get), "first")
      assert.strictEqual(calls(), 1)
      yield* TestClock.adjust(2000)
      assert.strictEqual(value(yield* provider.get), "second")
      assert.strictEqual(calls(), 2)
      assert.deepStrictEqual(
        events.map((e) => e.type),
        ["token-fetched", "token-refreshed"]
      )
    })
  )

  it.effect("never hands out an expired token, and reuses a short-lived one for half its life", () =>
    Effect.gen(function* () {
      // expires_in 60 < 2 x 300: refresh at 30 s.
      const { provider, calls } = setup([ok("a", 60), ok("b", 60), ok("c", 60)])
      let now = 0
      const seen: Array<{ at: number; token: AccessToken }> = []
      for (let i = 0; i < 20; i++) {
        seen.push({ at: now, token: yield* provider.get })
        yield* TestClock.adjust(10_000)
        now += 10_000
      }
      assert.isTrue(seen.every(({ at, token }) => token.expiresAtMillis - at >= 30_000))
      // 200 s of use with a 60 s token refreshed every 30 s: 7 requests, not one per get.
      assert.strictEqual(calls(), 7)
    })
  )

  it.effect("honours a custom refreshAheadSeconds", () =>
    Effect.gen(function* () {
      const { provider, calls } = setup([ok("a"), ok("b")], { refreshAheadSeconds: 10 })
      yield* provider.get
      yield* TestClock.adjust((3600 - 11) * 1000)
      yield* provider.get
      assert.strictEqual(calls(), 1)
      yield* TestClock.adjust(2000)
      yield* provider.get
      assert.strictEqual(calls(), 2)
    })
  )

  it.effect(
    "a failed refresh is not cached: every waiter gets the typed error, the next call tries again",
    () =>
      Effect.gen(function* () {
        const refused = { status: 401, headers: {}, body: JSON.stringify({ error: "invalid_client" }) }
        const { provider, calls, events } = setup([refused, ok("recovered")], { delayMillis: 50 })
        const fiber = yield* Effect.forEach(Array.from({ length: 50 }), () => Effect.exit(provider.get), {
          concurrency: "unbounded"
        }).pipe(Effect.forkChild)
        yield* advanceUntilDone(fiber, 10)
        const exits = yield* Fiber.join(fiber)
        assert.strictEqual(calls(), 1) // invalid_client is never retried
        for (const exit of exits) {
          assert.isTrue(Exit.isFailure(exit))
          const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
          assert.strictEqual(
            error?._tag === "Fail" ? (error.error as TokenEndpointError).reason : "",
            "InvalidClient"
          )
        }
        assert.deepInclude(events[0], {
          type: "token-failed",
          code: "NETSUITE_AUTH_TOKEN_INVALID_CLIENT",
          retryable: false
        })
        const again = yield* provider.get.pipe(Effect.forkChild)
        yield* advanceUntilDone(again, 10)
        assert.strictEqual(value(yield* Fiber.join(again)), "recovered")
        assert.strictEqual(calls(), 2)
      })
  )

  it.effect("retries 5xx and 429 (honouring Retry-After), bounded, then succeeds", () =>
    Effect.gen(function* () {
      const { provider, calls, events } = setup([
        { status: 503, headers: {}, body: "down" },
        { status: 429, headers: { "retry-after": "7" }, body: "" },
        ok("third-time")
      ])
      const fiber = yield* provider.get.pipe(Effect.forkChild)
      yield* advanceUntil(() => calls() === 2)
      yield* advance(6_500)
      assert.strictEqual(calls(), 2) // still waiting out Retry-After (7 s)
      yield* advance(60_000)
      assert.strictEqual(value(yield* Fiber.join(fiber)), "third-time")
      assert.strictEqual(calls(), 3)
      const retries = events.filter((e) => e.type === "retry-scheduled")
      assert.deepStrictEqual(
        retries.map((e) => e.type === "retry-scheduled" && [e.operation, e.attempt, e.code]),
        [
          ["token", 1, "NETSUITE_AUTH_TOKEN_SERVER_ERROR"],
          ["token", 2, "NETSUITE_AUTH_TOKEN_RATE_LIMITED"]
        ]
      )
      const second = retries[1]
      assert.isTrue(second?.type === "retry-scheduled" && second.delayMillis >= 7000)
    })
  )

  it.effect("gives up on a failing endpoint after the bounded attempts", () =>
    Effect.gen(function* () {
      const timeout = new TokenEndpointError({ reason: "Timeout", message: "timed out" })
      const { provider, calls } = setup([timeout])
      const fiber = yield* Effect.exit(provider.get).pipe(Effect.forkChild)
      yield* advanceUntilDone(fiber, 1_000)
      const exit = yield* Fiber.join(fiber)
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(calls(), 4)
    })
  )

  it.effect("invalidate drops only the token that was rejected", () =>
    Effect.gen(function* () {
      const { provider, calls, events } = setup([ok("old"), ok("new"), ok("newest")])
      const old = yield* provider.get
      yield* provider.invalidate(old)
      const fresh = yield* provider.get
      assert.strictEqual(value(fresh), "new")
      // A late 401 for the old token must not throw the new one away.
      yield* provider.invalidate(old)
      assert.strictEqual(value(yield* provider.get), "new")
      assert.strictEqual(calls(), 2)
      yield* provider.invalidate()
      assert.strictEqual(value(yield* provider.get), "newest")
      assert.strictEqual(events.filter((e) => e.type === "token-invalidated").length, 2)
    })
  )

  it.effect("an interrupted caller does not cancel the refresh others wait for", () =>
    Effect.gen(function* () {
      const { provider, calls } = setup([ok("shared")], { delayMillis: 100 })
      const quitter = yield* provider.get.pipe(Effect.forkChild)
      const waiter = yield* provider.get.pipe(Effect.forkChild)
      yield* advanceUntil(() => calls() === 1)
      yield* Fiber.interrupt(quitter)
      yield* advance(100)
      assert.strictEqual(value(yield* Fiber.join(waiter)), "shared")
      assert.strictEqual(calls(), 1)
    })
  )

  it("cached() answers synchronously from an in-process store, only with a fresh token (system clock)", async () => {
    const { provider, calls } = setup([ok("first", 3600), ok("second", 3600)])
    assert.isUndefined(provider.cached())
    const token = await Effect.runPromise(provider.get)
    assert.strictEqual(provider.cached(), token)
    await Effect.runPromise(provider.invalidate(token))
    assert.isUndefined(provider.cached())
    // A token inside the refresh-ahead window is not handed out: `get` must refresh it.
    const short = setup([ok("short", 400)], { refreshAheadSeconds: 300 })
    await Effect.runPromise(short.provider.get)
    assert.isDefined(short.provider.cached())
    // A 1 s token is reused for half its life, then no longer.
    const stale = setup([ok("stale", 1)])
    await Effect.runPromise(stale.provider.get)
    assert.isDefined(stale.provider.cached())
    await new Promise((resolve) => setTimeout(resolve, 600))
    assert.isUndefined(stale.provider.cached())
    assert.strictEqual(calls(), 1)
  })

  it("cached() is always undefined for a store that cannot answer synchronously", async () => {
    const memory = TokenStore.memory()
    const shared: TokenStore = { get: memory.get, set: memory.set, delete: memory.delete }
    const account = NetSuiteAccount.make({ accountId: "1234567_SB1" })
    const fake = fakeEndpoint([ok("one")])
    const provider = TokenProvider.make({ credentials, account, endpoint: fake.endpoint, store: shared })
    await Effect.runPromise(provider.get)
    assert.isUndefined(provider.cached())
    assert.strictEqual(value(await Effect.runPromise(provider.get)), "one")
    assert.strictEqual(fake.calls(), 1)
  })

  it.effect("providers sharing a store share tokens", () =>
    Effect.gen(function* () {
      const store = TokenStore.memory()
      const account = NetSuiteAccount.make({ accountId: "1234567_SB1" })
      const fake = fakeEndpoint([ok("one"), ok("two")])
      const a = TokenProvider.make({ credentials, account, endpoint: fake.endpoint, store })
      const b = TokenProvider.make({ credentials, account, endpoint: fake.endpoint, store })
      yield* a.get
      assert.strictEqual(value(yield* b.get), "one")
      assert.strictEqual(fake.calls(), 1)
    })
  )

  it.effect("learns the clock skew from the Date header and signs the next assertion with it", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2030, 0, 1))
      const serverNow = new Date(Date.UTC(2030, 0, 1) + 10 * 60_000).toUTCString()
      const { provider, requests, account } = setup([ok("a", 3600, { date: serverNow }), ok("b")])
      yield* provider.get
      assert.strictEqual(account.clockSkew.offsetMillis(), 600_000)
      yield* provider.invalidate()
      yield* provider.get
      const assertion = new URLSearchParams(requests[1]!.body).get("client_assertion")!
      const claims = JSON.parse(Buffer.from(assertion.split(".")[1]!, "base64url").toString("utf8"))
      assert.strictEqual(claims.iat, Date.UTC(2030, 0, 1) / 1000 + 600)
    })
  )

  it.effect("events carry no token or assertion", () =>
    Effect.gen(function* () {
      const { provider, events, requests } = setup([
        { status: 500, headers: {}, body: "x" },
        ok("SECRET-TOKEN")
      ])
      const fiber = yield* provider.get.pipe(Effect.forkChild)
      yield* advanceUntilDone(fiber, 100)
      const token = yield* Fiber.join(fiber)
      yield* provider.invalidate(token)
      const dump = JSON.stringify(events) + inspect(events, { depth: 10 })
      const assertion = new URLSearchParams(requests[0]!.body).get("client_assertion")!
      assert.notInclude(dump, "SECRET-TOKEN")
      assert.notInclude(dump, assertion)
      assert.notInclude(inspect(token), "SECRET-TOKEN")
      assert.isAbove(events.length, 2)
    })
  )
})
