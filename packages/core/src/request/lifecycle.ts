import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import type { NetSuiteAccount } from "../account/netsuite-account.ts"
import {
  type NetSuiteAuthError,
  type RequestError,
  RequestError as RequestErrorClass,
  type RequestErrorReason
} from "../errors.ts"
import type { AccessToken } from "../m2m/token-response.ts"
import { afterFailedAttempt, type RetryOptions, withNetSuiteRetry } from "../retry/retry-policy.ts"
import type { OAuth1Request } from "../tba/oauth1.ts"
import { emitEvent, type NetSuiteAuthEvent, type NetSuiteAuthEventListener } from "../token/events.ts"
import type { AuthMethod, Authorization, AuthRequest } from "./auth-method.ts"
import type { Permit, PermitPool } from "./permit-pool.ts"
import * as PermitPoolModule from "./permit-pool.ts"
import { redactText } from "./scrub.ts"
import {
  canceled,
  classifyTransportFailure,
  deadlineExceeded,
  type TransportFailure
} from "./transport-failure.ts"

/** What the lifecycle needs to know about an answer: its `Date`, and whether NetSuite refused. */
export interface ResponseFacts {
  /** The HTTP `Date` header: the account's clock skew is learned from it. */
  readonly date?: string | undefined
  /** NetSuite's refusal, from core's classifiers; `undefined` when the answer is the caller's to keep. */
  readonly failure?: RequestError | undefined
}

/**
 * One request as an adapter hands it to the lifecycle: what to sign, how to send it through the
 * adapter's client (the transport port), and how to read what came back. Everything else (admission,
 * signing after admission, the deadline, retries with re-signing, re-authentication, cancellation,
 * releasing the permit) is the lifecycle's.
 */
export interface RequestPlan<R> {
  /** For events: `GET /services/rest/record/v1/customer/1`, or a SOAP operation name. */
  readonly operation: string
  readonly method: string
  /** The final URL, as the client will send it (OAuth 1.0a signs it). */
  readonly url: () => string
  /** The `Content-Type` as sent (OAuth 1.0a signs a form-encoded body). */
  readonly contentType?: (() => string | undefined) | undefined
  /** The body as sent, when it is form-encoded text, `URLSearchParams` or a record of strings. */
  readonly body?: (() => OAuth1Request["body"]) | undefined
  /** Safe to repeat after a 5xx or a broken connection (GET, PUT, DELETE, SOAP reads, or the caller says so). */
  readonly idempotent: boolean
  /** The body can be sent again (not a stream). */
  readonly replayable: boolean
  /** The caller's cancellation. */
  readonly signal?: AbortSignal | undefined
  /** This request's retry bounds, instead of the client's. */
  readonly retry?: Omit<RetryOptions, "onRetry"> | false | undefined
  /** A deadline for each attempt's whole exchange (connect, headers, body), in ms. */
  readonly timeoutMillis?: number | undefined
  /** Sends one attempt with this authorization; aborts when `signal` does. Rejects only when no answer came. */
  readonly send: (authorization: Authorization, signal: AbortSignal | undefined) => Promise<R>
  /** Reads an answer: its `Date`, and NetSuite's refusal if it is one. */
  readonly inspect: (response: R) => ResponseFacts
  /** What the client's error says: a cancellation, or a transport failure for core to classify. */
  readonly transportFailure: (error: unknown) => TransportFailure | "canceled"
  /** Releases an answer the lifecycle retries past (a streamed body). */
  readonly discard?: ((response: R) => void) | undefined
}

/** How a request ended, for the adapter to translate into its client's terms. */
export type Outcome<R> =
  | { readonly _tag: "Answered"; readonly response: R; readonly sent: ReadonlyArray<string> }
  | {
      readonly _tag: "Failed"
      readonly error: NetSuiteAuthError
      readonly response: R | undefined
      readonly sent: ReadonlyArray<string>
    }
  | { readonly _tag: "Canceled"; readonly error: RequestError; readonly sent: ReadonlyArray<string> }

/** The request policy of one client: retries and events. */
export interface RequestPolicy {
  /** NetSuite's retry schedule bounds, or `false` for a single attempt. */
  readonly retry?: Omit<RetryOptions, "onRetry"> | false | undefined
  /** Also repeat non-idempotent requests after a 5xx or a broken connection (default false). */
  readonly retryNonIdempotent?: boolean | undefined
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

// NetSuite refused these before doing any work (or the request never left): safe to repeat for every method.
const REFUSED_BEFORE_WORK: ReadonlySet<RequestErrorReason> = new Set([
  "ConcurrencyLimit",
  "RateLimited",
  "CoordinationUnavailable"
])

// NetSuite's answers that say the account's pool is used up.
const OVER_LIMIT: ReadonlySet<RequestErrorReason> = new Set(["ConcurrencyLimit", "RateLimited"])

/** One attempt's failure: the error, whether this request may run again for it, and the answer if any. */
class AttemptFailure<R> {
  readonly error: NetSuiteAuthError
  readonly retryable: boolean
  readonly response: R | undefined
  constructor(error: NetSuiteAuthError, retryable: boolean, response: R | undefined) {
    this.error = error
    this.retryable = retryable
    this.response = response
  }
  get code(): string {
    return this.error.code
  }
  get retryAfterSeconds(): number | undefined {
    return "retryAfterSeconds" in this.error ? this.error.retryAfterSeconds : undefined
  }
}

class Canceled {
  readonly _tag = "Canceled"
}
const CANCELED = new Canceled()

type Settled<R> = R | AttemptFailure<R> | Canceled

// When NetSuite issued the token (its lifetime is counted from the local receipt time).
const obtainedAtMillis = (token: AccessToken): number => token.expiresAtMillis - token.expiresInSeconds * 1000

// A server that echoes request headers puts our credentials into its error text: take them out.
const withoutSecrets = (error: RequestError, sent: ReadonlyArray<string>): RequestError => {
  const message = redactText(error.message, sent)
  return message === error.message
    ? error
    : new RequestErrorClass({
        reason: error.reason,
        message,
        status: error.status,
        netsuiteCode: error.netsuiteCode,
        retryAfterSeconds: error.retryAfterSeconds
      })
}

const combine = (signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal | undefined => {
  const present = signals.filter((s): s is AbortSignal => s !== undefined)
  return present.length <= 1 ? present[0] : AbortSignal.any(present)
}

/**
 * One request's run through the lifecycle. Its methods live on the prototype so the common case
 * (a free permit, an authorization available now, an answer NetSuite accepted) runs without a
 * fiber; anything that waits continues in the Effect program, which calls the same `attempt`.
 */
class Run<R> implements AuthRequest {
  readonly #lifecycle: RequestLifecycle
  readonly #plan: RequestPlan<R>
  readonly #startedAt: number
  #attempts = 0
  #lastToken: AccessToken | undefined
  #lastResponse: R | undefined
  // The pool the current attempt was admitted by, and its permit: they hear how NetSuite answered.
  #pool: PermitPool | undefined
  #permit: Permit | undefined
  // Every credential value this request sent: scrubbed from whatever the caller receives.
  readonly #sent: Array<string> = []

  constructor(lifecycle: RequestLifecycle, plan: RequestPlan<R>) {
    this.#lifecycle = lifecycle
    this.#plan = plan
    this.#startedAt = lifecycle.account.signing.clock.currentTimeMillisUnsafe()
  }

  get method(): string {
    return this.#plan.method
  }

  url(): string {
    return this.#plan.url()
  }

  contentType(): string | undefined {
    return this.#plan.contentType?.()
  }

  body(): OAuth1Request["body"] {
    return this.#plan.body?.()
  }

  run(): Promise<Outcome<R>> {
    const { account, auth } = this.#lifecycle
    if (this.#plan.signal?.aborted === true) return Promise.resolve(this.#canceled())
    const permit = account.pool.tryAcquireUnsafe()
    if (permit === undefined) return this.#slow(undefined)
    this.#pool = account.pool
    this.#permit = permit
    let authorization: Authorization | undefined
    try {
      authorization = auth.authorizeUnsafe(this, account.signing)
    } catch {
      // The Effect path reports it as a typed error.
    }
    if (authorization === undefined) {
      permit.release()
      return this.#slow(undefined)
    }
    return this.#attempt(authorization, undefined).then((settled) => {
      permit.release()
      if (settled instanceof Canceled) return this.#canceled()
      if (settled instanceof AttemptFailure) {
        return settled.retryable || this.#mayReauthenticate(settled)
          ? this.#slow(settled)
          : this.#failed(settled)
      }
      return { _tag: "Answered", response: settled, sent: this.#sent }
    })
  }

  /** The lifecycle as an Effect: wait for a permit, authorize, attempt, retry, re-authenticate once. */
  program(first: AttemptFailure<R> | undefined): Effect.Effect<R, AttemptFailure<R> | Canceled, PermitPool> {
    const { account, auth, policy } = this.#lifecycle
    const once = PermitPoolModule.Service.use((pool) =>
      Effect.suspend(() => {
        const queuedAt = account.signing.clock.currentTimeMillisUnsafe()
        const admitted = pool
          .acquire({ front: this.#attempts > 0 || this.#discovers() })
          .pipe(Effect.mapError((error) => new AttemptFailure<R>(error, error.retryable, undefined)))
        const attempt = Effect.gen({ self: this }, function* () {
          this.#pool = pool
          const waitedMillis = account.signing.clock.currentTimeMillisUnsafe() - queuedAt
          if (waitedMillis >= 1) {
            this.#emit({
              type: "limiter-wait",
              account: account.id.realm,
              operation: this.#plan.operation,
              waitedMillis
            })
          }
          const authorization = yield* auth
            .authorize(this)
            .pipe(Effect.mapError((error) => new AttemptFailure<R>(error, false, undefined)))
          const settled = yield* Effect.callback<Settled<R>>((resume, signal) => {
            this.#attempt(authorization, signal).then((s) => resume(Effect.succeed(s)))
          })
          if (settled instanceof AttemptFailure || settled instanceof Canceled)
            return yield* Effect.fail(settled)
          return settled
        })
        // Waiting for the permit is interruptible (a canceled request leaves the queue); the
        // permit, once held, is released however the attempt ends.
        return Effect.uninterruptibleMask((restore) =>
          Effect.flatMap(restore(admitted), (permit) => {
            this.#permit = permit
            return Effect.ensuring(restore(attempt), Effect.sync(permit.release))
          })
        )
      })
    )
    const chosen = this.#plan.retry ?? policy.retry
    const retry = chosen === false ? { maxAttempts: 1 } : (chosen ?? {})
    // The fast path's failed attempt counts as the first one of the retry policy.
    const retried = withNetSuiteRetry(afterFailedAttempt(once, first), {
      ...retry,
      onRetry: (scheduled) =>
        this.#emit({ type: "retry-scheduled", operation: this.#plan.operation, ...scheduled })
    })
    const provider = auth.tokenProvider
    if (provider === undefined) return retried
    // A rejected bearer token is dropped (only while it is still the cached one) and the request
    // repeated once with a new one. A token fetched after this request started and rejected again
    // is not the token's fault: that failure is final, so a 401 loop costs no token requests.
    return retried.pipe(
      Effect.catchIf(
        (failure): failure is AttemptFailure<R> =>
          failure instanceof AttemptFailure && this.#mayReauthenticate(failure),
        () =>
          Effect.andThen(
            Effect.suspend(() => provider.invalidate(this.#lastToken)),
            retried
          )
      )
    )
  }

  // Adaptive concurrency's governanceLimits request goes before the burst that started it.
  #discovers(): boolean {
    const governance = this.#lifecycle.account.governance
    return governance?.discovery() === "discovering" && governance.isDiscoveryRequest(this.#plan.url())
  }

  #mayReauthenticate(failure: AttemptFailure<R>): boolean {
    const token = this.#lastToken
    return (
      failure.error.reason === "TokenRejected" &&
      token !== undefined &&
      this.#lifecycle.auth.tokenProvider !== undefined &&
      obtainedAtMillis(token) < this.#startedAt
    )
  }

  async #slow(first: AttemptFailure<R> | undefined): Promise<Outcome<R>> {
    const { account } = this.#lifecycle
    const exit = await Effect.runPromiseExit(account.provide(this.program(first)), {
      signal: this.#plan.signal
    })
    if (Exit.isSuccess(exit)) return { _tag: "Answered", response: exit.value, sent: this.#sent }
    const found = exit.cause.reasons.find(Cause.isFailReason)?.error
    if (found instanceof AttemptFailure) return this.#failed(found)
    if (found instanceof Canceled || Cause.hasInterrupts(exit.cause)) return this.#canceled()
    throw Cause.squash(exit.cause)
  }

  /**
   * One attempt, admitted and authorized: sends it, enforces the deadline, learns the clock skew
   * and classifies the answer. Settles, never rejects. `interrupt` is the Effect fiber's signal.
   */
  #attempt(authorization: Authorization, interrupt: AbortSignal | undefined): Promise<Settled<R>> {
    const plan = this.#plan
    const attempt = ++this.#attempts
    const previous = this.#lastResponse
    if (previous !== undefined) plan.discard?.(previous)
    this.#lastResponse = undefined
    this.#lastToken = authorization.token
    this.#remember(authorization)
    const timeout = plan.timeoutMillis
    const deadline = timeout !== undefined && timeout > 0 ? AbortSignal.timeout(timeout) : undefined
    const signal = combine([plan.signal, interrupt, deadline])
    // A transport that throws instead of rejecting still settles the attempt (no extra promise layer).
    let sent: Promise<R>
    try {
      sent = plan.send(authorization, signal)
    } catch (error) {
      sent = Promise.reject(error)
    }
    if (signal === undefined) {
      return sent.then(
        (response) => this.#answered(response, attempt),
        (error: unknown) => this.#noAnswer(error, attempt, deadline)
      )
    }
    // The deadline and a cancellation settle the attempt at once, whether the client noticed or
    // not; whichever comes first settles it, once (a late answer is only released).
    return new Promise<Settled<R>>((settle) => {
      let settled = false
      const stop = () => {
        if (settled) return
        settled = true
        settle(this.#noAnswer(undefined, attempt, deadline))
      }
      sent.then(
        (response) => {
          signal.removeEventListener("abort", stop)
          if (settled) return this.#plan.discard?.(response)
          settled = true
          settle(this.#answered(response, attempt))
        },
        (error: unknown) => {
          signal.removeEventListener("abort", stop)
          if (settled) return
          settled = true
          settle(this.#noAnswer(error, attempt, deadline))
        }
      )
      if (signal.aborted) stop()
      else signal.addEventListener("abort", stop, { once: true })
    })
  }

  #answered(response: R, attempt: number): Settled<R> {
    const { account } = this.#lifecycle
    const facts = this.#plan.inspect(response)
    if (facts.date !== undefined) {
      const before = account.clockSkew.offsetMillis()
      const after = account.clockSkew.observe(facts.date, account.signing.clock.currentTimeMillisUnsafe())
      if (after !== before) this.#emit({ type: "clock-skew", account: account.id.realm, offsetMillis: after })
    }
    // Every answer tells an adaptive pool whether NetSuite had room for the request.
    this.#pool?.feedback?.(
      facts.failure !== undefined && OVER_LIMIT.has(facts.failure.reason) ? "over-limit" : "success",
      this.#permit
    )
    if (facts.failure === undefined) return response
    this.#lastResponse = response
    return this.#failure(withoutSecrets(facts.failure, this.#sent), attempt, response)
  }

  #noAnswer(error: unknown, attempt: number, deadline: AbortSignal | undefined): Settled<R> {
    if (this.#plan.signal?.aborted === true) return CANCELED
    if (deadline?.aborted === true)
      return this.#failure(deadlineExceeded(this.#plan.timeoutMillis ?? 0), attempt, undefined)
    if (error === undefined) return CANCELED // the fiber was interrupted
    const failure = this.#plan.transportFailure(error)
    if (failure === "canceled") return CANCELED
    return this.#failure(classifyTransportFailure(failure), attempt, undefined)
  }

  #failure(error: RequestError, attempt: number, response: R | undefined): AttemptFailure<R> {
    const retryable = this.#mayRepeat(error)
    this.#emit({
      type: "attempt-failed",
      account: this.#lifecycle.account.id.realm,
      operation: this.#plan.operation,
      attempt,
      code: error.code,
      netsuiteCode: error.netsuiteCode,
      status: error.status,
      retryable
    })
    return new AttemptFailure(error, retryable, response)
  }

  // NetSuite refused before doing any work, or the request is safe to repeat, and its body can be sent again.
  #mayRepeat(error: RequestError): boolean {
    const plan = this.#plan
    return (
      error.retryable &&
      plan.replayable &&
      (REFUSED_BEFORE_WORK.has(error.reason) ||
        plan.idempotent ||
        this.#lifecycle.policy.retryNonIdempotent === true)
    )
  }

  #failed(failure: AttemptFailure<R>): Outcome<R> {
    return { _tag: "Failed", error: failure.error, response: failure.response, sent: this.#sent }
  }

  #canceled(): Outcome<R> {
    return { _tag: "Canceled", error: canceled(), sent: this.#sent }
  }

  #remember(authorization: Authorization): void {
    const sent = this.#sent
    if (sent[sent.length - 1] === authorization.value) return
    sent.push(authorization.value)
    const token = authorization.token
    if (token !== undefined) sent.push(Redacted.value(token.accessToken))
  }

  #emit(event: NetSuiteAuthEvent): void {
    emitEvent(this.#lifecycle.policy.onEvent, event)
  }
}

/**
 * The one request lifecycle, for every adapter (axios, fetch, node-soap): admit through the
 * account's permit pool, authorize after admission, send through the adapter's transport with a
 * deadline, classify, retry on NetSuite's schedule with a new authorization every attempt,
 * re-authenticate once on a rejected bearer token, honour cancellation at every stage, and
 * release the permit however the request ends.
 *
 * @example
 * ```ts
 * import { AuthMethod, NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
 * import { RequestLifecycle } from "@netsuite-auth/core/internal"
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1" })
 * const credentials = TbaCredentials.make({
 *   accountId: "1234567_SB1", consumerKey: "ck", consumerSecret: "cs", tokenId: "ti", tokenSecret: "ts"
 * })
 * const lifecycle = RequestLifecycle.make({ account, auth: AuthMethod.oauth1({ account, credentials }) })
 * lifecycle.auth._tag // "TbaOAuth1"
 * ```
 * @category request
 */
export class RequestLifecycle {
  readonly account: NetSuiteAccount
  readonly auth: AuthMethod
  readonly policy: RequestPolicy

  private constructor(account: NetSuiteAccount, auth: AuthMethod, policy: RequestPolicy) {
    this.account = account
    this.auth = auth
    this.policy = policy
  }

  /** A lifecycle for one client: its account, its auth method and its policy. */
  static make(
    options: { readonly account: NetSuiteAccount; readonly auth: AuthMethod } & RequestPolicy
  ): RequestLifecycle {
    const { account, auth, ...policy } = options
    if (auth.realm !== account.id.realm)
      account.checkCredentials({ account: { realm: auth.realm } }, "credentials")
    return new RequestLifecycle(account, auth, policy)
  }

  /** Runs one request to its end. Settles with how it ended; rejects only on a defect (a bug). */
  run<R>(plan: RequestPlan<R>): Promise<Outcome<R>> {
    return new Run(this, plan).run()
  }

  /**
   * The same request as an Effect, for Effect users: fails with the attempt's `NetSuiteAuthError`
   * (or a `Canceled` `RequestError`), and needs the `PermitPool` (the account provides its own
   * with `account.provide`).
   */
  effect<R>(plan: RequestPlan<R>): Effect.Effect<R, NetSuiteAuthError, PermitPool> {
    return new Run(this, plan)
      .program(undefined)
      .pipe(Effect.mapError((failure) => (failure instanceof Canceled ? canceled() : failure.error)))
  }
}
