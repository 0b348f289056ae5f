import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Random } from "effect"
import { TestClock } from "effect/testing"
import {
  classifyRestResponse,
  RequestError,
  type RetryScheduled,
  retryDelayMillis,
  TokenEndpointError,
  withNetSuiteRetry
} from "../src/index.ts"
import { afterFailedAttempt } from "../src/internal.ts"

const concurrency = () => new RequestError({ reason: "ConcurrencyLimit", message: "busy", status: 429 })

/** An effect that fails `failures` times with `makeError`, then succeeds; counts attempts. */
const flaky = <E>(failures: number, makeError: () => E) => {
  let attempts = 0
  const effect = Effect.suspend(() =>
    ++attempts <= failures ? Effect.fail(makeError()) : Effect.succeed("ok")
  )
  return { effect, attempts: () => attempts }
}

describe("retryDelayMillis", () => {
  it("is exponential with full jitter and capped", () => {
    assert.strictEqual(retryDelayMillis(1, { retryable: true }, {}, 0.999), 249)
    assert.strictEqual(retryDelayMillis(3, { retryable: true }, {}, 0.5), 500)
    assert.strictEqual(retryDelayMillis(30, { retryable: true }, {}, 1), 10_000)
    assert.strictEqual(retryDelayMillis(5, { retryable: true }, {}, 0), 0)
  })
  it("never waits less than Retry-After", () => {
    assert.strictEqual(retryDelayMillis(1, { retryable: true, retryAfterSeconds: 3 }, {}, 0.5), 3000)
  })
  it("refuses nonsense options", () => {
    assert.throws(
      () => retryDelayMillis(1, { retryable: true }, { baseDelayMillis: -1 }, 0.5),
      /baseDelayMillis/
    )
  })
})

describe("withNetSuiteRetry", () => {
  it.effect("re-runs the whole effect until it succeeds", () =>
    Effect.gen(function* () {
      const call = flaky(2, concurrency)
      const seen: Array<RetryScheduled> = []
      const fiber = yield* Effect.forkChild(withNetSuiteRetry(call.effect, { onRetry: (r) => seen.push(r) }))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(yield* Fiber.join(fiber), "ok")
      assert.strictEqual(call.attempts(), 3)
      assert.deepStrictEqual(
        seen.map((r) => [r.attempt, r.code]),
        [
          [1, "NETSUITE_AUTH_CONCURRENCY_LIMIT"],
          [2, "NETSUITE_AUTH_CONCURRENCY_LIMIT"]
        ]
      )
    })
  )

  it.effect("stops after maxAttempts with the last error", () =>
    Effect.gen(function* () {
      const call = flaky(10, concurrency)
      const fiber = yield* Effect.forkChild(Effect.flip(withNetSuiteRetry(call.effect, { maxAttempts: 3 })))
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error.code, "NETSUITE_AUTH_CONCURRENCY_LIMIT")
      assert.strictEqual(call.attempts(), 3)
    })
  )

  it.effect("afterFailedAttempt: a failure from an attempt made outside Effect counts as attempt 1", () =>
    Effect.gen(function* () {
      const call = flaky(10, concurrency)
      const fiber = yield* Effect.forkChild(
        Effect.flip(withNetSuiteRetry(afterFailedAttempt(call.effect, concurrency()), { maxAttempts: 3 }))
      )
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(fiber)).code, "NETSUITE_AUTH_CONCURRENCY_LIMIT")
      assert.strictEqual(call.attempts(), 2) // 3 attempts in all, the first one made before
      const recovers = flaky(0, concurrency)
      const ok = yield* Effect.forkChild(
        withNetSuiteRetry(afterFailedAttempt(recovers.effect, concurrency()))
      )
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(yield* Fiber.join(ok), "ok")
      assert.strictEqual(recovers.attempts(), 1)
      const untouched = flaky(0, concurrency)
      assert.strictEqual(yield* afterFailedAttempt(untouched.effect, undefined), "ok")
    })
  )

  it.effect("never retries invalid_client, invalid_grant or an invalid login", () =>
    Effect.gen(function* () {
      const refusals: Array<() => TokenEndpointError | RequestError> = [
        () => new TokenEndpointError({ reason: "InvalidClient", message: "no" }),
        () => new TokenEndpointError({ reason: "InvalidGrant", message: "no" }),
        () => new RequestError({ reason: "InvalidLogin", message: "no" })
      ]
      for (const make of refusals) {
        const call = flaky(5, make)
        yield* Effect.flip(withNetSuiteRetry(call.effect))
        assert.strictEqual(call.attempts(), 1)
      }
    })
  )

  it.effect("honours Retry-After", () =>
    Effect.gen(function* () {
      const call = flaky(
        1,
        () => new RequestError({ reason: "ConcurrencyLimit", message: "busy", retryAfterSeconds: 5 })
      )
      const fiber = yield* Effect.forkChild(withNetSuiteRetry(call.effect))
      yield* TestClock.adjust("4999 millis")
      assert.strictEqual(call.attempts(), 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Fiber.join(fiber), "ok")
      assert.strictEqual(call.attempts(), 2)
    })
  )

  it.effect("gives up when the next wait would pass maxElapsedMillis", () =>
    Effect.gen(function* () {
      const call = flaky(
        10,
        () => new RequestError({ reason: "ServerError", message: "503", retryAfterSeconds: 30 })
      )
      const fiber = yield* Effect.forkChild(
        Effect.flip(withNetSuiteRetry(call.effect, { maxAttempts: 10, maxElapsedMillis: 45_000 }))
      )
      yield* TestClock.adjust("2 minutes")
      yield* Fiber.join(fiber)
      assert.strictEqual(call.attempts(), 2)
    })
  )

  it.effect("jitter comes from Effect's Random service", () =>
    Effect.gen(function* () {
      const call = flaky(1, concurrency)
      const seen: Array<number> = []
      const fiber = yield* Effect.forkChild(
        withNetSuiteRetry(call.effect, { onRetry: (r) => seen.push(r.delayMillis) }).pipe(
          Effect.provideService(Random.Random, { nextDoubleUnsafe: () => 0.5, nextIntUnsafe: () => 0 })
        )
      )
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(seen, [125])
    })
  )
})

describe("classifyRestResponse", () => {
  const now = Date.UTC(2026, 0, 1)
  it("passes successes through", () => {
    assert.strictEqual(classifyRestResponse({ status: 200, headers: {} }, now), undefined)
  })
  it("recognises a rejected bearer token", () => {
    const e = classifyRestResponse(
      {
        status: 401,
        headers: {
          "WWW-Authenticate":
            'Bearer realm="1234567", error="invalid_token", error_description="Invalid login attempt."'
        },
        body: ""
      },
      now
    )
    assert.strictEqual(e?.code, "NETSUITE_AUTH_TOKEN_REJECTED")
    assert.strictEqual(e?.retryable, false)
  })
  it("recognises NetSuite's REST INVALID_LOGIN body and says what to check", () => {
    const body = JSON.stringify({
      title: "Unauthorized",
      status: 401,
      "o:errorDetails": [{ detail: "Invalid login attempt.", "o:errorCode": "INVALID_LOGIN" }]
    })
    const e = classifyRestResponse({ status: 401, headers: {}, body }, now)
    assert.strictEqual(e?.code, "NETSUITE_AUTH_INVALID_LOGIN")
    assert.strictEqual(e?.netsuiteCode, "INVALID_LOGIN")
    assert.match(e?.message ?? "", /1234567_SB1.*Login Audit Trail/s)
  })
  it("recognises the RESTlet concurrency answer (400 SSS_REQUEST_LIMIT_EXCEEDED) as retryable", () => {
    const body = { error: { code: "SSS_REQUEST_LIMIT_EXCEEDED", message: "Request limit exceeded" } }
    const e = classifyRestResponse({ status: 400, headers: {}, body }, now)
    assert.strictEqual(e?.code, "NETSUITE_AUTH_CONCURRENCY_LIMIT")
    assert.strictEqual(e?.retryable, true)
  })
  it("reads Retry-After as seconds or as a date", () => {
    assert.strictEqual(
      classifyRestResponse({ status: 429, headers: { "retry-after": "7" } }, now)?.retryAfterSeconds,
      7
    )
    const date = new Date(now + 4000).toUTCString()
    assert.strictEqual(
      classifyRestResponse({ status: 503, headers: { "Retry-After": date } }, now)?.retryAfterSeconds,
      4
    )
  })
  it("keeps other 4xx as non-retryable HTTP errors", () => {
    const e = classifyRestResponse({ status: 404, headers: {}, body: "not json" }, now)
    assert.strictEqual(e?.code, "NETSUITE_AUTH_HTTP_ERROR")
    assert.strictEqual(e?.retryable, false)
  })
})
