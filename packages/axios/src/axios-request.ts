import { type Authorization, NetSuiteError, type NetSuiteErrorResponse } from "@netsuite-auth/core"
import {
  classifyRestResponse,
  type HeaderSource,
  headerValue,
  type Outcome,
  type RequestPlan,
  type ResponseFacts,
  scrubSentRequest,
  type TransportFailure
} from "@netsuite-auth/core/internal"
import {
  Axios,
  type AxiosAdapter,
  type AxiosRequestConfig,
  type AxiosResponse,
  CanceledError,
  isCancel
} from "axios"

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])

// axios' own URL building (base URL, params, serializer) without re-merging the instance defaults
// into the already merged config: the same URL for a tenth of the cost of `instance.getUri`.
const urlBuilder = new Axios({})
const acceptEveryStatus = () => true

const isStream = (data: unknown): boolean =>
  typeof data === "object" && data !== null && typeof (data as { pipe?: unknown }).pipe === "function"

// What classifyRestResponse reads: text or parsed JSON; a stream body cannot be read here.
const bodyForClassification = (data: unknown): unknown => {
  if (typeof data === "string") return data
  if (Buffer.isBuffer(data)) return data.toString("utf8")
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8")
  return isStream(data) ? undefined : data
}

// The caller's own Authorization header, in whatever case it was set (replaced while we send).
const authorizationKey = (headers: Record<string, unknown>): string | undefined => {
  for (const key in headers) if (key.length === 13 && key.toLowerCase() === "authorization") return key
  return undefined
}

// axios' cancellation (AbortSignal or the legacy CancelToken) as one signal.
const callerSignal = (config: AxiosRequestConfig): AbortSignal | undefined => {
  const { signal, cancelToken } = config
  if (cancelToken === undefined) return signal as AbortSignal | undefined
  const controller = new AbortController()
  if (cancelToken.reason !== undefined) controller.abort()
  cancelToken.promise.then(
    () => controller.abort(),
    () => {}
  )
  return signal === undefined
    ? controller.signal
    : AbortSignal.any([signal as AbortSignal, controller.signal])
}

/** The per-request option from `config.netsuiteAuth`. */
const perRequest = (config: AxiosRequestConfig) =>
  typeof config.netsuiteAuth === "object" && config.netsuiteAuth !== null ? config.netsuiteAuth : undefined

/**
 * One axios request as the lifecycle's plan: the transport is the adapter axios would have used,
 * the header is lent to the config for each attempt and taken back before the caller sees it.
 */
export class AxiosRequest implements RequestPlan<AxiosResponse> {
  readonly method: string
  readonly idempotent: boolean
  readonly replayable: boolean
  readonly signal: AbortSignal | undefined
  readonly timeoutMillis: number | undefined
  readonly #inner: AxiosAdapter
  readonly #config: AxiosRequestConfig

  constructor(inner: AxiosAdapter, config: AxiosRequestConfig) {
    this.#inner = inner
    this.#config = config
    this.method = (config.method ?? "get").toUpperCase()
    this.idempotent = IDEMPOTENT_METHODS.has(this.method) || perRequest(config)?.idempotent === true
    this.replayable = !isStream(config.data)
    this.signal = callerSignal(config)
    this.timeoutMillis = config.timeout !== undefined && config.timeout > 0 ? config.timeout : undefined
  }

  /** For events: the method and the final URL's path (built only when an event needs it). */
  get operation(): string {
    let path: string
    try {
      path = new URL(this.url()).pathname
    } catch {
      path = (this.#config.url ?? "").replace(/[?#].*$/, "")
    }
    return `${this.method} ${path}`
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

  /** The `Content-Type` as axios will send it (it set one for form bodies before the adapter ran). */
  contentType(): string | undefined {
    return headerValue(this.#config.headers as Record<string, unknown> | undefined, "content-type")
  }

  /** The body as axios will send it: by now its request transforms have turned it into text. */
  body(): string | URLSearchParams | undefined {
    const { data } = this.#config
    if (typeof data === "string" || data instanceof URLSearchParams) return data
    return Buffer.isBuffer(data) ? data.toString("utf8") : undefined
  }

  send(authorization: Authorization, signal: AbortSignal | undefined): Promise<AxiosResponse> {
    const config = this.#config as AxiosRequestConfig & { headers: Record<string, unknown> }
    // Lent to the adapter for this attempt and taken back when it settles (copying axios' large
    // config would cost more than the request): what the caller holds never carries our header.
    const headers = config.headers
    const ownKey = authorizationKey(headers)
    const previous = ownKey === undefined ? undefined : headers[ownKey]
    headers[ownKey ?? "Authorization"] = authorization.value
    const { validateStatus, signal: ownSignal } = config
    config.validateStatus = acceptEveryStatus
    if (signal !== undefined) config.signal = signal
    const giveBack = () => {
      if (ownKey === undefined) delete headers.Authorization
      else headers[ownKey] = previous
      if (validateStatus === undefined) delete config.validateStatus
      else config.validateStatus = validateStatus
      if (ownSignal === undefined) delete config.signal
      else config.signal = ownSignal
    }
    let sent: Promise<AxiosResponse>
    try {
      sent = this.#inner(config as Parameters<AxiosAdapter>[0])
    } catch (error) {
      giveBack()
      return Promise.reject(error)
    }
    return sent.finally(giveBack)
  }

  inspect(response: AxiosResponse): ResponseFacts {
    const date = headerValue(response.headers as Record<string, unknown>, "date")
    // Only an error status can be a refusal: a success skips copying the headers to classify it.
    if (response.status < 400) return { date }
    const failure = classifyRestResponse(
      {
        status: response.status,
        headers: response.headers as HeaderSource,
        body: bodyForClassification(response.data)
      },
      Date.now()
    )
    return { date, failure }
  }

  transportFailure(error: unknown): TransportFailure | "canceled" {
    if (isCancel(error)) return "canceled"
    const e = error as { code?: unknown; message?: unknown } | null
    return {
      code: typeof e?.code === "string" ? e.code : undefined,
      message: typeof e?.message === "string" ? e.message : undefined
    }
  }

  // A response we retry past is dropped; a streamed body must be released.
  discard(response: AxiosResponse): void {
    if (isStream(response.data)) (response.data as { destroy?: () => void }).destroy?.()
  }

  /** What the caller gets: the response, axios' `CanceledError`, or a `NetSuiteError`. */
  settle(outcome: Outcome<AxiosResponse>): AxiosResponse {
    const config = this.#config
    if (outcome._tag === "Answered") return this.#handOver(outcome.response, outcome.sent)
    if (outcome._tag === "Canceled") throw new CanceledError("The request was canceled.")
    const { error, response } = outcome
    // An answer the caller's validateStatus accepts is theirs, whatever NetSuite meant by it.
    const validate = config.validateStatus
    if (response !== undefined && (!validate || validate(response.status)))
      return this.#handOver(response, outcome.sent)
    let url: string | undefined
    try {
      url = this.url()
    } catch {
      url = config.url
    }
    const kept: NetSuiteErrorResponse | undefined =
      response === undefined
        ? undefined
        : {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
            data: response.data
          }
    throw new NetSuiteError(error, { method: this.method, url, response: kept, sent: outcome.sent })
  }

  // The response the caller gets: their own config back, and a sent request without our header.
  #handOver(response: AxiosResponse, sent: ReadonlyArray<string>): AxiosResponse {
    response.config = this.#config as AxiosResponse["config"]
    scrubSentRequest(response.request, sent)
    return response
  }
}
