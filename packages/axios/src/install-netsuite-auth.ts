import {
  type AccessToken,
  ClockSkew,
  ConfigError,
  classifyRestResponse,
  emitEvent,
  M2MCredentials,
  type M2MCredentialsInput,
  NetSuiteAccount,
  type NetSuiteAuthError,
  type NetSuiteAuthEventListener,
  oauth1Header,
  RequestError,
  type RetryOptions,
  TbaCredentials,
  type TbaCredentialsInput,
  TokenProvider,
  type TokenStore,
  withNetSuiteRetry
} from "@netsuite-auth/core"
import axios, {
  type AxiosAdapter,
  AxiosHeaders,
  type AxiosInstance,
  type AxiosResponse,
  CanceledError,
  type InternalAxiosRequestConfig,
  isAxiosError,
  isCancel
} from "axios"
import { Cause, Clock, Effect, Exit, Redacted, Result } from "effect"
import { type AxiosTokenEndpointOptions, axiosTokenEndpoint } from "./axios-token-endpoint.ts"
import { NetSuiteAxiosError, type RequestFacts, safeHeaders } from "./netsuite-axios-error.ts"
import { isSkipped } from "./request-config.ts"

/** Retry bounds for NetSuite requests (see core's `withNetSuiteRetry`). */
export interface NetSuiteRetryOptions extends Omit<RetryOptions, "onRetry"> {
  /**
   * Also retry POST and PATCH after a 5xx or a connection failure (default false: NetSuite may
   * have applied them). Concurrency-limit answers are retried for every method regardless.
   */
  readonly retryNonIdempotent?: boolean | undefined
}

interface CommonOptions {
  /** The one object for this NetSuite account: limiter, clock skew, URLs. Share it with every client. */
  readonly account: NetSuiteAccount
  /** Retry policy for requests, or `false` for none (default: 4 attempts, 60 s in all). */
  readonly retry?: NetSuiteRetryOptions | false | undefined
  /** Token, retry and limiter events, without secrets. */
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

/** OAuth 2.0 client credentials (M2M): `Authorization: Bearer <token>`. */
export interface M2MAuthOptions extends CommonOptions {
  readonly scheme: "m2m"
  readonly credentials: M2MCredentials | M2MCredentialsInput
  /** Share one provider (one token cache, one refresh at a time) between several axios instances. */
  readonly tokenProvider?: TokenProvider | undefined
  /** Refresh when less than this remains (default 300 s). Ignored with `tokenProvider`. */
  readonly refreshAheadSeconds?: number | undefined
  /** Where tokens are cached (default in memory). Ignored with `tokenProvider`. */
  readonly tokenStore?: TokenStore | undefined
  /** How the token endpoint is called (timeout). Ignored with `tokenProvider`. */
  readonly tokenEndpoint?: AxiosTokenEndpointOptions | undefined
}

/** Token-based authentication as OAuth 1.0a: a fresh signed `Authorization: OAuth …` per attempt. */
export interface TbaAuthOptions extends CommonOptions {
  readonly scheme: "tba"
  readonly credentials: TbaCredentials | TbaCredentialsInput
}

/** Options of {@link installNetSuiteAuth}. */
export type NetSuiteAuthOptions = M2MAuthOptions | TbaAuthOptions

interface Authorization {
  readonly header: string
  readonly token?: AccessToken | undefined
}

interface Authenticator {
  /** `url` is a function: computing axios' final URL costs ~12 µs, and only TBA signs it. */
  readonly authorize: (request: {
    method: string
    url: () => string
  }) => Effect.Effect<Authorization, NetSuiteAuthError>
  readonly tokenProvider?: TokenProvider | undefined
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

const installed = new WeakSet<AxiosInstance>()
const WRAPPED = Symbol.for("@netsuite-auth/axios/wrapped-adapter")

type WrappedAdapter = AxiosAdapter & { [WRAPPED]?: InternalAxiosRequestConfig["adapter"] }

const invalidOption = (message: string) => new ConfigError({ reason: "InvalidOption", message })

const makeAuthenticator = (options: NetSuiteAuthOptions): Authenticator => {
  const { account } = options
  if (options.scheme === "m2m") {
    const credentials =
      options.credentials instanceof M2MCredentials
        ? options.credentials
        : M2MCredentials.make(options.credentials)
    const provider =
      options.tokenProvider ??
      TokenProvider.make({
        credentials,
        account,
        endpoint: axiosTokenEndpoint(options.tokenEndpoint),
        store: options.tokenStore,
        refreshAheadSeconds: options.refreshAheadSeconds,
        retry: options.retry === false ? { maxAttempts: 1 } : options.retry,
        onEvent: options.onEvent
      })
    return {
      tokenProvider: provider,
      authorize: () =>
        Effect.map(provider.get, (token) => ({
          header: `Bearer ${Redacted.value(token.accessToken)}`,
          token
        }))
    }
  }
  if (options.scheme === "tba") {
    const credentials =
      options.credentials instanceof TbaCredentials
        ? options.credentials
        : TbaCredentials.make(options.credentials)
    if (credentials.account.realm !== account.id.realm) {
      throw invalidOption(
        `The TBA credentials are for account ${credentials.account.realm} but the account object is ${account.id.realm}: pass the NetSuiteAccount made for the same account ID.`
      )
    }
    return {
      // Signed after the limiter admitted the request, from the final URL: never queued pre-signed.
      authorize: (request) =>
        Effect.suspend(() => oauth1Header(credentials, { method: request.method, url: request.url() })).pipe(
          Effect.map((signed) => ({ header: signed.authorization })),
          Effect.provideService(ClockSkew.ClockSkew, account.clockSkew)
        )
    }
  }
  throw invalidOption(
    `Unknown scheme ${JSON.stringify(String((options as { scheme?: unknown }).scheme))}: use "m2m" or "tba".`
  )
}

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

const runAuthenticated = async (
  instance: AxiosInstance,
  options: NetSuiteAuthOptions,
  auth: Authenticator,
  inner: AxiosAdapter,
  config: InternalAxiosRequestConfig
): Promise<AxiosResponse> => {
  const { account, onEvent } = options
  const method = (config.method ?? "get").toUpperCase()
  const perRequest = config.netsuiteAuth
  const retry = options.retry === false ? { maxAttempts: 1 } : (options.retry ?? {})
  const mayRepeatUnsafe =
    IDEMPOTENT_METHODS.has(method) ||
    (options.retry !== false && options.retry?.retryNonIdempotent === true) ||
    (typeof perRequest === "object" && perRequest.idempotent === true)
  const replayable = !isStream(config.data)
  const finalUrl = (): string => instance.getUri(config)
  const facts: RequestFacts = {
    method,
    get url() {
      try {
        return finalUrl()
      } catch {
        return config.url
      }
    }
  }
  let lastResponse: AxiosResponse | undefined
  let lastToken: AccessToken | undefined

  const fail = (error: NetSuiteAuthError, repeatable: boolean) =>
    Effect.fail(new AttemptFailure(new NetSuiteAxiosError(error, { method, url: facts.url }), repeatable))

  const mayRepeat = (error: NetSuiteAuthError): boolean =>
    error.retryable && replayable && (REFUSED_BEFORE_WORK.has(error.reason) || mayRepeatUnsafe)

  const send = (headers: AxiosHeaders): Effect.Effect<AxiosResponse, AttemptFailure | Canceled> =>
    Effect.tryPromise({
      try: () => inner({ ...config, headers, validateStatus: () => true }),
      catch: (error) => error
    }).pipe(
      Effect.catch((error): Effect.Effect<never, AttemptFailure | Canceled> => {
        if (isCancel(error)) return Effect.fail(new Canceled())
        const failure = transportError(error)
        return fail(failure, mayRepeat(failure))
      })
    )

  const attempt: Effect.Effect<AxiosResponse, AttemptFailure | Canceled> = Effect.gen(function* () {
    const queuedAt = yield* Clock.currentTimeMillis
    return yield* account.limiter.withPermit(
      Effect.gen(function* () {
        const admittedAt = yield* Clock.currentTimeMillis
        if (admittedAt > queuedAt) {
          emitEvent(onEvent, {
            type: "limiter-wait",
            account: account.id.realm,
            millis: admittedAt - queuedAt
          })
        }
        discard(lastResponse)
        lastResponse = undefined
        const authorization = yield* auth
          .authorize({ method, url: finalUrl })
          .pipe(Effect.catch((error) => fail(error, false)))
        lastToken = authorization.token
        const headers = new AxiosHeaders(config.headers)
        headers.set("Authorization", authorization.header)
        const response = yield* send(headers)
        lastResponse = response
        const now = yield* Clock.currentTimeMillis
        const responseHeaders = plainHeaders(response.headers)
        account.clockSkew.observe(responseHeaders.date, now)
        const refused = classifyRestResponse(
          { status: response.status, headers: responseHeaders, body: bodyForClassification(response.data) },
          now
        )
        if (refused !== undefined) return yield* fail(refused, mayRepeat(refused))
        return response
      })
    )
  })

  const retried =
    retry.maxAttempts === 1
      ? attempt
      : withNetSuiteRetry(attempt, {
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
                Effect.suspend(() => provider.invalidate(lastToken)),
                retried
              )
          )
        )

  const cancel = mergedSignal(config)
  const exit = await Effect.runPromiseExit(program, { signal: cancel.signal }).finally(cancel.done)
  if (Exit.isSuccess(exit)) {
    const response = exit.value
    // The caller sees its own config (without our Authorization copy).
    response.config = config
    return response
  }
  const found = Cause.findError(exit.cause)
  if (Result.isFailure(found) || found.success instanceof Canceled) {
    if (Result.isFailure(found) && !Cause.hasInterrupts(exit.cause)) throw Cause.squash(exit.cause)
    throw new CanceledError("The request was canceled.")
  }
  const { error } = found.success
  const last = lastResponse
  if (last !== undefined && error.status === last.status) {
    const validate = config.validateStatus
    if (!validate || validate(last.status)) {
      last.config = config
      return last
    }
    error.response = {
      status: last.status,
      statusText: last.statusText,
      headers: safeHeaders(last.headers),
      data: last.data
    }
  }
  throw error
}

/**
 * Adds NetSuite authentication to your axios instance and returns a function that removes it.
 *
 * Every request (unless it sets `netsuiteAuth: false`) waits for the account-wide limiter, then
 * gets its `Authorization` header: a cached M2M bearer token (one token request however many
 * callers, refreshed ahead of expiry), or a TBA OAuth 1.0a signature made from the final URL
 * (params included) with a new nonce and timestamp. Concurrency-limit answers, and 5xx and
 * connection resets for idempotent methods, are retried with backoff, re-admitted and re-signed
 * every time; a bearer 401 `invalid_token` is answered by one new token and one retry. Failures
 * reject with {@link NetSuiteAxiosError} (coded, without secrets).
 *
 * It wraps the adapter at dispatch time, so the header is computed after all your request
 * interceptors ran, and the limiter permit is held exactly while the request is on the wire.
 *
 * @example
 * ```ts
 * import axios from "axios"
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * import { installNetSuiteAuth } from "@netsuite-auth/axios"
 * declare const clientId: string, certificateId: string, privateKey: string // privateKey: PEM text
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: 5 })
 * const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
 * const uninstall = installNetSuiteAuth(client, {
 *   scheme: "m2m",
 *   account,
 *   credentials: { accountId: "1234567_SB1", clientId, certificateId, privateKey }
 * })
 * const { data } = await client.get("/record/v1/customer/1")
 * uninstall()
 * ```
 * @category install
 */
export const installNetSuiteAuth = (instance: AxiosInstance, options: NetSuiteAuthOptions): (() => void) => {
  if (typeof options !== "object" || options === null) {
    throw invalidOption("installNetSuiteAuth expects an options object with scheme, account and credentials.")
  }
  if (!(options.account instanceof NetSuiteAccount)) {
    throw invalidOption(
      "options.account must be a NetSuiteAccount: NetSuiteAccount.make({ accountId }), one per account, shared by every client."
    )
  }
  if (installed.has(instance)) {
    throw invalidOption(
      "NetSuite authentication is already installed on this axios instance: call the function the first installNetSuiteAuth returned before installing again."
    )
  }
  const auth = makeAuthenticator(options)

  const wrap = (configured: InternalAxiosRequestConfig["adapter"], config: InternalAxiosRequestConfig) => {
    // A config reused from an earlier response already carries our wrapper: unwrap, never stack.
    const original =
      typeof configured === "function" && WRAPPED in configured
        ? (configured as WrappedAdapter)[WRAPPED]
        : configured
    const inner = axios.getAdapter(original ?? axios.defaults.adapter, config)
    const wrapped: WrappedAdapter = (dispatched) =>
      isSkipped(dispatched.netsuiteAuth)
        ? inner(dispatched)
        : runAuthenticated(instance, options, auth, inner, dispatched)
    wrapped[WRAPPED] = original
    return wrapped
  }

  const id = instance.interceptors.request.use(
    (config) => {
      config.adapter = wrap(config.adapter, config)
      return config
    },
    undefined,
    { synchronous: true }
  )
  installed.add(instance)
  let removed = false
  return () => {
    if (removed) return
    removed = true
    instance.interceptors.request.eject(id)
    installed.delete(instance)
  }
}
