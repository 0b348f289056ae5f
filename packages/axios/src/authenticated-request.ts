import {
  type AccessToken,
  afterFailedAttempt,
  classifyRestResponse,
  emitEvent,
  type NetSuiteAuthError,
  RequestError,
  withNetSuiteRetry
} from "@netsuite-auth/core"
import {
  Axios,
  type AxiosAdapter,
  AxiosHeaders,
  type AxiosRequestConfig,
  type AxiosResponse,
  CanceledError,
  type InternalAxiosRequestConfig,
  isAxiosError,
  isCancel
} from "axios"
import { Cause, Effect, Exit, Result } from "effect"
import type { Authenticator, Authorization, AuthorizeRequest } from "./authenticator.ts"
import type { NetSuiteAuthOptions } from "./install-netsuite-auth.ts"
import { NetSuiteAxiosError, type RequestFacts, safeHeaders } from "./netsuite-axios-error.ts"

/** What `installNetSuiteAuth` sets up once per axios instance. */
export interface Installation {
  readonly options: NetSuiteAuthOptions
  readonly auth: Authenticator
}

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
// NetSuite refused these before doing anything: safe to repeat for every method.
const REFUSED_BEFORE_WORK: ReadonlySet<string> = new Set(["ConcurrencyLimit", "RateLimited"])
const TIMEOUT_CODES: ReadonlySet<string> = new Set(["ECONNABORTED", "ETIMEDOUT"])
const NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ERR_NETWORK",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH"
])

const isStream = (data: unknown): boolean =>
  typeof data === "object" && data !== null && typeof (data as { pipe?: unknown }).pipe === "function"

// What classifyRestResponse reads: text or parsed JSON; a stream body cannot be read here.
const bodyForClassification = (data: unknown): unknown => {
  if (typeof data === "string") return data
  if (Buffer.isBuffer(data)) return data.toString("utf8")
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8")
  return isStream(data) ? undefined : data
}

// A response we retry past is dropped; a streamed body must be released.
const discard = (response: AxiosResponse | undefined): void => {
  const data: unknown = response?.data
  if (isStream(data)) (data as { destroy?: () => void }).destroy?.()
}

const plainHeaders = (headers: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(safeHeaders(headers))) {
    if (value !== undefined && value !== null)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value)
  }
  return out
}

const transportError = (error: unknown): RequestError => {
  const code = isAxiosError(error) ? error.code : undefined
  const detail = `${code ?? "error"}${error instanceof Error ? `: ${error.message.slice(0, 120)}` : ""}`
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new RequestError({
      reason: "Timeout",
      message: `NetSuite did not answer in time (${detail}): raise the axios timeout or retry later.`
    })
  }
  return new RequestError({
    reason: code !== undefined && NETWORK_CODES.has(code) ? "Transport" : "HttpError",
    message: `The request failed before NetSuite answered (${detail}): check the network, proxy and base URL.`
  })
}

/** One attempt's failure: the user-facing error, and whether this request may be repeated for it. */
class AttemptFailure {
  readonly error: NetSuiteAxiosError
  readonly retryable: boolean
  constructor(error: NetSuiteAxiosError, retryable: boolean) {
    this.error = error
    this.retryable = retryable
  }
  get code(): string {
    return this.error.code
  }
  get retryAfterSeconds(): number | undefined {
    return this.error.retryAfterSeconds
  }
}

class Canceled {
  readonly _tag = "Canceled"
}

const mergedSignal = (config: InternalAxiosRequestConfig): { signal: AbortSignal; done: () => void } => {
  const controller = new AbortController()
  const abort = () => controller.abort()
  const signal = config.signal as AbortSignal | undefined
  if (signal?.aborted) abort()
  signal?.addEventListener?.("abort", abort)
  config.cancelToken?.promise.then(abort, () => {})
  if (config.cancelToken?.reason) abort()
  return { signal: controller.signal, done: () => signal?.removeEventListener?.("abort", abort) }
}

const CANCELED = new Canceled()

// axios' own URL building (base URL, params, serializer) without re-merging the instance defaults
// into the already merged config: the same URL for a tenth of the cost of `instance.getUri`.
const urlBuilder = new Axios({})
const acceptEveryStatus = () => true

// The `Date` header as node's http adapter gives it; other adapters may use another case.
const dateHeader = (headers: unknown): string | undefined => {
  const direct = (headers as { date?: unknown } | undefined)?.date
  return typeof direct === "string" ? direct : plainHeaders(headers).date
}

// The caller's own Authorization header, in whatever case it was set (replaced while we send).
const authorizationKey = (headers: Record<string, unknown>): string | undefined => {
  for (const key in headers) if (key.length === 13 && key.toLowerCase() === "authorization") return key
  return undefined
}

type Outcome = AxiosResponse | AttemptFailure | Canceled

/**
 * One request through the adapter: admitted by the account limiter, authorized, sent, classified,
 * and retried or re-authorized as NetSuite's answer calls for. Its methods live on the prototype,
 * so the common case (a free permit, a header available now, a success) allocates little and runs
 * no fiber; everything else continues in an Effect program with the retry policy.
 */
class AuthenticatedRequest implements AuthorizeRequest {
  readonly method: string
  readonly #installation: Installation
  readonly #inner: AxiosAdapter
  readonly #config: InternalAxiosRequestConfig
  #lastResponse: AxiosResponse | undefined
  #lastToken: AccessToken | undefined

  constructor(installation: Installation, inner: AxiosAdapter, config: InternalAxiosRequestConfig) {
    this.#installation = installation
    this.#inner = inner
    this.#config = config
    this.method = (config.method ?? "get").toUpperCase()
  }

  /** The final URL, params included, as axios will send it. */
  url(): string {
    const { baseURL, url, params, paramsSerializer, allowAbsoluteUrls } = this.#config
    // Only the fields axios builds the URL from (absent ones stay undefined, as in the config).
    return urlBuilder.getUri({
      baseURL,
      url,
      params,
      paramsSerializer,
      allowAbsoluteUrls
    } as AxiosRequestConfig)
  }

  run(): Promise<AxiosResponse> {
    const { limiter } = this.#installation.options.account
    if (!limiter.tryAcquire()) return this.#withRetries(undefined)
    let authorization: Authorization | undefined
    try {
      authorization = this.#installation.auth.authorizeNow(this)
    } catch {
      // The Effect path reports it as a typed error.
    }
    if (authorization === undefined) {
      limiter.release()
      return this.#withRetries(undefined)
    }
    return this.#send(authorization, (outcome) => {
      limiter.release()
      if (outcome instanceof Canceled) throw new CanceledError("The request was canceled.")
      if (outcome instanceof AttemptFailure) return this.#withRetries(outcome)
      return this.#succeeded(outcome)
    })
  }

  /**
   * One attempt, admitted and authorized: sends it and hands `settle` the outcome (the response,
   * or why it failed). Written with one `then` rather than `async`: on loopback every promise
   * layer over the adapter's own shows in the per-request overhead.
   */
  #send<T>(authorization: Authorization, settle: (outcome: Outcome) => T | Promise<T>): Promise<T> {
    const config = this.#config
    discard(this.#lastResponse)
    this.#lastResponse = undefined
    this.#lastToken = authorization.token
    // Lent to the adapter for this attempt and taken back when it settles, before the caller
    // gets the response or an error (copying axios' large config object would cost more than
    // the request): what the caller holds never carries our Authorization header.
    const headers = AxiosHeaders.from(config.headers) as AxiosHeaders & Record<string, unknown>
    const { validateStatus } = config
    // Plain property access: AxiosHeaders' get/set/delete cost more than the rest of the attempt.
    const ownKey = authorizationKey(headers)
    const previous = ownKey === undefined ? undefined : headers[ownKey]
    headers[ownKey ?? "Authorization"] = authorization.header
    config.headers = headers
    config.validateStatus = acceptEveryStatus
    const giveBack = () => {
      if (ownKey === undefined) delete headers.Authorization
      else headers[ownKey] = previous
      if (validateStatus === undefined) delete config.validateStatus
      else config.validateStatus = validateStatus
    }
    let sent: Promise<AxiosResponse>
    try {
      sent = this.#inner(config)
    } catch (error) {
      giveBack()
      return Promise.resolve(this.#transportOutcome(error)).then(settle)
    }
    return sent.then(
      (response) => {
        giveBack()
        return settle(this.#responseOutcome(response))
      },
      (error: unknown) => {
        giveBack()
        return settle(this.#transportOutcome(error))
      }
    )
  }

  // Learns the clock skew and classifies NetSuite's answer.
  #responseOutcome(response: AxiosResponse): Outcome {
    this.#lastResponse = response
    const now = Date.now()
    this.#installation.options.account.clockSkew.observe(dateHeader(response.headers), now)
    // Only an error status can be a refusal: a success skips copying the headers to classify it.
    if (response.status < 400) return response
    const refused = classifyRestResponse(
      {
        status: response.status,
        headers: plainHeaders(response.headers),
        body: bodyForClassification(response.data)
      },
      now
    )
    return refused === undefined ? response : this.#failure(refused, this.#mayRepeat(refused))
  }

  #transportOutcome(error: unknown): Outcome {
    if (isCancel(error)) return CANCELED
    const transport = transportError(error)
    return this.#failure(transport, this.#mayRepeat(transport))
  }

  #succeeded(response: AxiosResponse): AxiosResponse {
    response.config = this.#config
    return response
  }

  #failure(error: NetSuiteAuthError, repeatable: boolean): AttemptFailure {
    return new AttemptFailure(new NetSuiteAxiosError(error, this.#facts()), repeatable)
  }

  #facts(): RequestFacts {
    let url: string | undefined
    try {
      url = this.url()
    } catch {
      url = this.#config.url
    }
    return { method: this.method, url }
  }

  // NetSuite refused before doing any work, or the method is safe to repeat, and the body can be sent again.
  #mayRepeat(error: NetSuiteAuthError): boolean {
    const { retry } = this.#installation.options
    const perRequest = this.#config.netsuiteAuth
    return (
      error.retryable &&
      !isStream(this.#config.data) &&
      (REFUSED_BEFORE_WORK.has(error.reason) ||
        IDEMPOTENT_METHODS.has(this.method) ||
        (retry !== false && retry?.retryNonIdempotent === true) ||
        (typeof perRequest === "object" && perRequest.idempotent === true))
    )
  }

  /** The slow path: wait for a permit or a token, retry per the policy, answer a bearer 401 once. */
  async #withRetries(firstFailure: AttemptFailure | undefined): Promise<AxiosResponse> {
    const { options, auth } = this.#installation
    const { account, onEvent } = options
    const attempt: Effect.Effect<AxiosResponse, AttemptFailure | Canceled> = Effect.suspend(() => {
      const queuedAt = Date.now()
      return account.limiter.withPermit(
        Effect.gen({ self: this }, function* () {
          const waited = Date.now() - queuedAt
          if (waited > 0)
            emitEvent(onEvent, { type: "limiter-wait", account: account.id.realm, millis: waited })
          const authorization = yield* auth
            .authorize(this)
            .pipe(Effect.mapError((error) => this.#failure(error, false)))
          const outcome = yield* Effect.promise(() => this.#send(authorization, (settled) => settled))
          return outcome instanceof AttemptFailure || outcome instanceof Canceled
            ? yield* Effect.fail(outcome)
            : outcome
        })
      )
    })

    const retry = options.retry === false ? { maxAttempts: 1 } : (options.retry ?? {})
    // The fast path's failed attempt counts as the first one of the retry policy.
    const first = afterFailedAttempt(attempt, firstFailure)
    const retried =
      retry.maxAttempts === 1
        ? first
        : withNetSuiteRetry(first, {
            ...retry,
            onRetry: (scheduled) =>
              emitEvent(onEvent, { type: "retry-scheduled", operation: "request", ...scheduled })
          })

    // A bearer token NetSuite rejects is dropped (only if still cached) and the request repeated
    // ONCE with a new token; a second rejection is the caller's error. No loop is possible.
    const provider = auth.tokenProvider
    const program =
      provider === undefined
        ? retried
        : retried.pipe(
            Effect.catchIf(
              (failure): failure is AttemptFailure =>
                failure instanceof AttemptFailure && failure.error.reason === "TokenRejected",
              () =>
                Effect.andThen(
                  Effect.suspend(() => provider.invalidate(this.#lastToken)),
                  retried
                )
            )
          )

    const cancel = mergedSignal(this.#config)
    const exit = await Effect.runPromiseExit(program, { signal: cancel.signal }).finally(cancel.done)
    if (Exit.isSuccess(exit)) return this.#succeeded(exit.value)
    const found = Cause.findError(exit.cause)
    if (Result.isFailure(found) || found.success instanceof Canceled) {
      if (Result.isFailure(found) && !Cause.hasInterrupts(exit.cause)) throw Cause.squash(exit.cause)
      throw new CanceledError("The request was canceled.")
    }
    const { error } = found.success
    const last = this.#lastResponse
    if (last !== undefined && error.status === last.status) {
      const validate = this.#config.validateStatus
      if (!validate || validate(last.status)) return this.#succeeded(last)
      error.response = {
        status: last.status,
        statusText: last.statusText,
        headers: safeHeaders(last.headers),
        data: last.data
      }
    }
    throw error
  }
}

/** Sends `config` through `inner` with NetSuite authentication (see `installNetSuiteAuth`). */
export const sendAuthenticated = (
  installation: Installation,
  inner: AxiosAdapter,
  config: InternalAxiosRequestConfig
): Promise<AxiosResponse> => new AuthenticatedRequest(installation, inner, config).run()
