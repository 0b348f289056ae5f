/**
 * Adaptive concurrency through the one lifecycle: the limit an account's pool moves to after
 * each kind of over-limit answer, after successes, under its ceiling. NetSuite is faked behind
 * the transport port (the lifecycle, the pool and the classifiers are the real ones), and
 * retries wait on Effect's TestClock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import {
  AdaptivePool,
  AuthMethod,
  ConfigError,
  classifyRestResponse,
  NetSuiteAccount,
  type NetSuiteAccountOptions,
  type NetSuiteAuthEvent,
  type Permit,
  PermitPool,
  RequestError,
  TbaCredentials
} from "../src/index.ts"
import { RequestLifecycle, type RequestPlan } from "../src/internal.ts"

const REALM = "1234567_SB1"
const URL = "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1"
const credentials = TbaCredentials.make({
  accountId: REALM,
  consumerKey: "ck-adaptive",
  consumerSecret: "cs-adaptive",
  tokenId: "ti-adaptive",
  tokenSecret: "ts-adaptive"
})

/** NetSuite's over-limit answers, as core's classifiers (REST, RESTlet) and the SOAP adapter's read them. */
const OVER_LIMIT_KINDS = {
  "REST 429": () => classifyRestResponse({ status: 429, headers: {}, body: "" }, 0),
  "RESTlet 400 SSS_REQUEST_LIMIT_EXCEEDED": () =>
    classifyRestResponse(
      {
        status: 400,
        headers: { "content-type": "application/json" },
        body: { error: { code: "SSS_REQUEST_LIMIT_EXCEEDED", message: "Concurrent request limit exceeded." } }
      },
      0
    ),
  "SOAP WS_REQUEST_BLOCKED": () =>
    new RequestError({
      reason: "ConcurrencyLimit",
      netsuiteCode: "WS_REQUEST_BLOCKED",
      message: "ExceededConcurrentRequestLimitFault"
    }),
  "SOAP WS_CONCUR_SESSION_DISALLWD": () =>
    new RequestError({
      reason: "ConcurrencyLimit",
      netsuiteCode: "WS_CONCUR_SESSION_DISALLWD",
      message: "ExceededRequestLimitFault"
    }),
  "rate limited": () => new RequestError({ reason: "RateLimited", status: 429, message: "Too many requests" })
} as const
type Kind = keyof typeof OVER_LIMIT_KINDS | "ok"

interface Answer {
  readonly kind: Kind
}

/**
 * NetSuite behind the transport port: `free` slots for this integration; a request beyond them
 * gets `refuse` at once (the first `refusals` times; then there is room); an admitted one stays
 * in flight until the test finishes it.
 */
const fakeNetSuite = (free: number, refuse: Kind = "REST 429", refusals = Number.POSITIVE_INFINITY) => {
  const state = { free, refuse, refusals, inFlight: 0, sent: 0, refused: 0 }
  const held: Array<(kind: Kind) => void> = []
  const plan: RequestPlan<Answer> = {
    operation: "GET customer",
    method: "GET",
    url: () => URL,
    idempotent: true,
    replayable: true,
    send: () => {
      state.sent++
      if (state.inFlight >= state.free && state.refusals > 0) {
        state.refusals--
        state.refused++
        return Promise.resolve({ kind: state.refuse })
      }
      state.inFlight++
      return new Promise<Answer>((resolve) =>
        held.push((kind) => {
          state.inFlight--
          resolve({ kind })
        })
      )
    },
    inspect: (answer) => ({ failure: answer.kind === "ok" ? undefined : OVER_LIMIT_KINDS[answer.kind]() }),
    transportFailure: () => ({ code: "ECONNRESET" })
  }
  /** Answers `n` of the requests in flight (oldest first) with `kind`. */
  const finish = (n = Number.POSITIVE_INFINITY, kind: Kind = "ok") => {
    for (const answer of held.splice(0, n)) answer(kind)
  }
  return { state, plan, finish, held: () => held.length }
}

const setup = (concurrency: NetSuiteAccountOptions["concurrency"]) => {
  const events: Array<NetSuiteAuthEvent> = []
  const account = NetSuiteAccount.make({ accountId: REALM, concurrency, onEvent: (e) => events.push(e) })
  const lifecycle = RequestLifecycle.make({
    account,
    auth: AuthMethod.oauth1({ account, credentials }),
    retry: { baseDelayMillis: 10, maxDelayMillis: 10, maxAttempts: 10 }
  })
  const changes = () => events.flatMap((e) => (e.type === "limit-changed" ? [e] : []))
  const start = (plan: RequestPlan<Answer>) => account.provide(lifecycle.effect(plan)).pipe(Effect.forkChild)
  // OAuth 1.0a signs a timestamp: the TestClock starts at 0, NetSuite's clock is not there.
  const begin = TestClock.setTime(Date.UTC(2026, 0, 1))
  return { account, lifecycle, events, changes, start, begin }
}

// The fake's answers are real promises: let them settle (real time) before and after moving the TestClock.
const settle = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 2)))
// Real promises settle on real time: under load 2 ms is not always enough, so wait for the state.
const settleUntil = (done: () => boolean) =>
  Effect.gen(function* () {
    for (let i = 0; i < 500 && !done(); i++) yield* settle
  })
const advance = (millis: number) =>
  Effect.gen(function* () {
    yield* settle
    yield* TestClock.adjust(millis)
    yield* settle
  })

describe("adaptive concurrency: multiplicative decrease", () => {
  for (const kind of Object.keys(OVER_LIMIT_KINDS) as Array<keyof typeof OVER_LIMIT_KINDS>) {
    it.effect(`a ${kind} answer halves the limit; the request is retried and succeeds`, () =>
      Effect.gen(function* () {
        const { account, changes, start, begin } = setup({ ceiling: 10 })
        yield* begin
        const netsuite = fakeNetSuite(0, kind, 1)
        const fiber = yield* start(netsuite.plan)
        yield* settleUntil(() => account.limit === 5)
        assert.strictEqual(account.limit, 5)
        assert.strictEqual(account.ceiling, 10)
        assert.deepStrictEqual(changes(), [
          { type: "limit-changed", account: REALM, from: 10, to: 5, ceiling: 10, reason: "over-limit" }
        ])
        yield* advance(20)
        yield* settleUntil(() => netsuite.held() > 0)
        netsuite.finish()
        assert.deepStrictEqual(yield* Fiber.join(fiber), { kind: "ok" })
        assert.strictEqual(netsuite.state.sent, 2)
      })
    )
  }

  it.effect(
    "one decrease per congestion epoch: over-limit answers to requests admitted before it do not shrink it again",
    () =>
      Effect.gen(function* () {
        const { account, changes, start, begin } = setup({ ceiling: 10 })
        yield* begin
        const netsuite = fakeNetSuite(100)
        const fibers = []
        for (let i = 0; i < 10; i++) fibers.push(yield* start(netsuite.plan))
        yield* settle
        assert.strictEqual(netsuite.held(), 10)
        // All ten were admitted under limit 10 and answer over-limit at once: one decrease.
        netsuite.finish(10, "REST 429")
        yield* settle
        assert.strictEqual(account.limit, 5)
        assert.strictEqual(changes().length, 1)
        // The retries go first; 5 are admitted under the new limit (a new epoch).
        yield* advance(20)
        assert.strictEqual(netsuite.held(), 5)
        assert.strictEqual(account.pool.waiting(), 5)
        // One of them refused: evidence against 5, so a second decrease...
        netsuite.finish(1, "REST 429")
        yield* settle
        assert.strictEqual(account.limit, 2)
        // ...and the other four of that epoch answering over-limit change nothing more.
        netsuite.finish(4, "SOAP WS_REQUEST_BLOCKED")
        yield* settle
        assert.strictEqual(account.limit, 2)
        assert.deepStrictEqual(
          changes().map((c) => [c.from, c.to, c.reason]),
          [
            [10, 5, "over-limit"],
            [5, 2, "over-limit"]
          ]
        )
        yield* advance(20)
        while (netsuite.held() > 0) {
          netsuite.finish()
          yield* advance(20)
        }
        for (const fiber of fibers) assert.deepStrictEqual(yield* Fiber.join(fiber), { kind: "ok" })
        assert.strictEqual(account.pool.inFlight(), 0)
      })
  )

  it.effect("never below 1", () =>
    Effect.gen(function* () {
      const { account, changes, start, begin } = setup({ ceiling: 2 })
      yield* begin
      const netsuite = fakeNetSuite(0, "REST 429", 3)
      const fiber = yield* start(netsuite.plan)
      for (let i = 0; i < 5; i++) yield* advance(20)
      assert.strictEqual(account.limit, 1)
      assert.deepStrictEqual(
        changes().map((c) => [c.from, c.to]),
        [[2, 1]]
      )
      netsuite.finish()
      assert.deepStrictEqual(yield* Fiber.join(fiber), { kind: "ok" })
    })
  )
})

describe("adaptive concurrency: additive increase", () => {
  it.effect("a round trip of successes at the limit adds one, never above the ceiling", () =>
    Effect.gen(function* () {
      const { account, changes, start, begin } = setup({ ceiling: 6 })
      yield* begin
      account.pool.setLimit(3)
      const netsuite = fakeNetSuite(100)
      const fibers = []
      for (let i = 0; i < 40; i++) fibers.push(yield* start(netsuite.plan))
      yield* settle
      const seen: Array<number> = []
      while (netsuite.held() > 0) {
        netsuite.finish(1)
        yield* settle
        seen.push(account.limit)
        assert.isAtMost(netsuite.state.inFlight, account.ceiling)
      }
      // 3 successes at 3, then 4 at 4, then 5 at 5: one more per window, then the ceiling holds.
      assert.deepStrictEqual(seen.slice(0, 13), [3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6])
      assert.strictEqual(Math.max(...seen), 6)
      assert.deepStrictEqual(
        changes().map((c) => [c.from, c.to, c.reason]),
        [
          [3, 4, "increase"],
          [4, 5, "increase"],
          [5, 6, "increase"]
        ]
      )
      for (const fiber of fibers) yield* Fiber.join(fiber)
    })
  )

  it.effect(
    "the first refusal after an increase steps back to the level that held; the next probe waits",
    () =>
      Effect.gen(function* () {
        const { account, changes, start, begin } = setup({ ceiling: 10 })
        yield* begin
        account.pool.setLimit(3)
        const netsuite = fakeNetSuite(4)
        const fibers = []
        for (let i = 0; i < 30; i++) fibers.push(yield* start(netsuite.plan))
        // Round trips: 3 holds a window, then 4 holds a window, then 5 meets the wall.
        for (let round = 0; round < 40; round++) {
          yield* advance(20)
          netsuite.finish()
        }
        assert.deepStrictEqual(
          changes().map((c) => [c.from, c.to, c.reason]),
          [
            [3, 4, "increase"],
            [4, 5, "increase"],
            [5, 4, "over-limit"]
          ]
        )
        // 4 holds; 5 is probed again only after 16 round trips at 4.
        assert.strictEqual(account.limit, 4)
        netsuite.state.free = 100
        while (fibers.some((f) => f.pollUnsafe() === undefined)) {
          netsuite.finish()
          yield* advance(20)
        }
      })
  )

  it.effect("does not grow while the pool is not full (successes below the limit prove nothing)", () =>
    Effect.gen(function* () {
      const { account, changes, start, begin } = setup({ ceiling: 6 })
      yield* begin
      account.pool.setLimit(3)
      const netsuite = fakeNetSuite(100)
      for (let i = 0; i < 30; i++) {
        const fiber = yield* start(netsuite.plan)
        yield* settle
        netsuite.finish()
        yield* Fiber.join(fiber)
      }
      assert.strictEqual(account.limit, 3)
      assert.deepStrictEqual(changes(), [])
    })
  )

  it.effect("finds what other integrations leave free, probing above it rarely", () =>
    Effect.gen(function* () {
      const { account, start, begin } = setup({ ceiling: 15 })
      yield* begin
      const netsuite = fakeNetSuite(5)
      const fibers: Array<Fiber.Fiber<Answer, unknown>> = []
      let descent = 0
      // Twenty callers always waiting; every round trip answers what is in flight.
      for (let round = 0; round < 200; round++) {
        while (fibers.filter((f) => f.pollUnsafe() === undefined).length < 20)
          fibers.push(yield* start(netsuite.plan))
        yield* advance(20)
        netsuite.finish()
        if (round === 19) descent = netsuite.state.refused
      }
      const successes = netsuite.state.sent - netsuite.state.refused
      assert.isAtLeast(successes, 5 * 200 * 0.95)
      // After the descent from 15 (20 callers at once), one failed probe per 16 round trips at most.
      assert.isAtMost(netsuite.state.refused - descent, Math.ceil(180 / 16))
      assert.isAtLeast(account.limit, 4)
      assert.isAtMost(account.limit, 6)
      netsuite.state.free = 100
      while (fibers.some((f) => f.pollUnsafe() === undefined)) {
        netsuite.finish()
        yield* advance(20)
      }
    })
  )
})

describe("adaptive concurrency on any PermitPool", () => {
  /** A pool whose limit lives in a shared store, as the Redis pool's does: every process reads and writes it there. */
  const sharedPool = (store: { limit: number }, ceiling: number): PermitPool.PermitPool => {
    const local = PermitPool.memory({ limit: ceiling })
    return {
      limit: () => store.limit,
      ceiling: () => ceiling,
      setLimit: (n) => {
        store.limit = Math.max(1, Math.min(ceiling, Math.floor(n)))
        local.setLimit(store.limit)
      },
      inFlight: local.inFlight,
      waiting: local.waiting,
      tryAcquireUnsafe: () => undefined,
      acquire: local.acquire
    }
  }

  it.effect("moves the limit only through the port, so processes sharing the store adapt together", () =>
    Effect.gen(function* () {
      const store = { limit: 15 }
      const changes: Array<string> = []
      const a = AdaptivePool.make(sharedPool(store, 15), {
        onChange: (c) => changes.push(`a ${c.from}->${c.to}`)
      })
      const b = AdaptivePool.make(sharedPool(store, 15))
      const permit: Permit = yield* a.acquire()
      a.feedback("over-limit", permit)
      permit.release()
      assert.strictEqual(store.limit, 7)
      assert.strictEqual(b.limit(), 7)
      // The other process's next refusal continues from the shared value.
      const other: Permit = yield* b.acquire()
      b.feedback("over-limit", other)
      other.release()
      assert.strictEqual(a.limit(), 3)
      assert.deepStrictEqual(changes, ["a 15->7"])
    })
  )
})

describe("adaptive concurrency: input", () => {
  it("refuses a malformed concurrency option with a coded error that shows the accepted forms", () => {
    for (const concurrency of [
      "fast",
      10n,
      Symbol("x"),
      { ceiling: 10n },
      0,
      { ceiling: 0 },
      { ceiling: "discover", fallback: 1.5 },
      { ceiling: 15, fallback: 5 },
      [],
      null
    ]) {
      let error: unknown
      try {
        NetSuiteAccount.make({ accountId: REALM, concurrency: concurrency as never })
      } catch (e) {
        error = e
      }
      assert.instanceOf(error, ConfigError, typeof concurrency)
      assert.strictEqual((error as ConfigError).code, "NETSUITE_AUTH_INVALID_OPTION")
    }
    assert.throws(
      () => AdaptivePool.make(PermitPool.memory({ limit: 5 }), { decreaseFactor: 1 }),
      /decreaseFactor/
    )
    assert.throws(
      () => AdaptivePool.make(PermitPool.memory({ limit: 5 }), { probeWindows: 0 }),
      /probeWindows/
    )
  })

  it("refuses an onEvent that is not a function", () => {
    assert.throws(
      () => NetSuiteAccount.make({ accountId: REALM, concurrency: "auto", onEvent: "log" as never }),
      /onEvent must be a function/
    )
  })

  it("a fixed number stays fixed: no governance, no adaptation", () => {
    const account = NetSuiteAccount.make({ accountId: REALM, concurrency: 7 })
    assert.strictEqual(account.governance, undefined)
    assert.strictEqual(account.pool.feedback, undefined)
    assert.deepStrictEqual([account.limit, account.ceiling], [7, 7])
  })
})
