import { type Authorization, NetSuiteError } from "@netsuite-auth/core"
import {
  classifyRestResponse,
  MAX_CLASSIFIED_BODY_BYTES,
  type Outcome,
  type RequestPlan,
  type ResponseFacts,
  type TransportFailure
} from "@netsuite-auth/core/internal"
import { readCapped } from "./read-capped.ts"

/** Per-request control: `netsuiteAuth: { idempotent: true }` lets a POST be retried on 5xx. */
export interface NetSuiteRequestInit extends RequestInit {
  readonly netsuiteAuth?: { readonly idempotent?: boolean | undefined } | undefined
}

/** An answer, with the text of an error body already read for classification (capped). */
export interface FetchAnswer {
  readonly response: Response
  readonly errorBody: string | undefined
}

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])

/** One `fetch` call as the lifecycle's plan: each attempt is a new `fetch` with this attempt's header. */
export class FetchRequest implements RequestPlan<FetchAnswer> {
  readonly method: string
  readonly operation: string
  readonly idempotent: boolean
  readonly replayable: boolean
  readonly signal: AbortSignal | undefined
  readonly timeoutMillis: number | undefined
  readonly #url: URL
  readonly #init: NetSuiteRequestInit
  // The caller's headers as a plain record (lower-case names): cheaper to copy per attempt than Headers.
  readonly #headers: Readonly<Record<string, string>>
  readonly #fetch: typeof globalThis.fetch

  constructor(
    fetch: typeof globalThis.fetch,
    url: URL,
    init: NetSuiteRequestInit,
    timeoutMillis: number | undefined
  ) {
    this.#fetch = fetch
    this.#url = url
    this.#init = init
    this.#headers = init.headers === undefined ? {} : Object.fromEntries(new Headers(init.headers))
    this.method = (init.method ?? "GET").toUpperCase()
    this.operation = `${this.method} ${url.pathname}`
    this.idempotent = IDEMPOTENT_METHODS.has(this.method) || init.netsuiteAuth?.idempotent === true
    this.replayable = !(init.body instanceof ReadableStream)
    this.signal = init.signal ?? undefined
    this.timeoutMillis = timeoutMillis
  }

  url(): string {
    return this.#url.href
  }

  contentType(): string | undefined {
    // fetch labels URLSearchParams bodies itself.
    return (
      this.#headers["content-type"] ??
      (this.#init.body instanceof URLSearchParams ? "application/x-www-form-urlencoded" : undefined)
    )
  }

  body(): string | URLSearchParams | undefined {
    const { body } = this.#init
    return typeof body === "string" || body instanceof URLSearchParams ? body : undefined
  }

  async send(authorization: Authorization, signal: AbortSignal | undefined): Promise<FetchAnswer> {
    const headers = { ...this.#headers, authorization: authorization.value }
    const { netsuiteAuth: _, ...init } = this.#init
    const sent = await this.#fetch(this.#url, { ...init, headers, signal: signal ?? null })
    if (sent.status >= 400) {
      // Classify a copy (at most 64 KiB of it); the caller still gets an unread body.
      const errorBody = await readCapped(sent.clone().body, MAX_CLASSIFIED_BODY_BYTES).catch(() => undefined)
      return { response: sent, errorBody }
    }
    // With a deadline, the body is read inside the attempt: the deadline covers it, and a body
    // cut off is a coded, retryable failure rather than an error thrown later by response.text().
    // A copy is read to its end, so the caller keeps fetch's own Response (url, redirected), its
    // body buffered. Without a deadline nothing can time out: the caller streams it as it comes.
    if (this.timeoutMillis !== undefined && sent.body !== null) await sent.clone().arrayBuffer()
    return { response: sent, errorBody: undefined }
  }

  inspect({ response, errorBody }: FetchAnswer): ResponseFacts {
    const date = response.headers.get("date") ?? undefined
    if (response.status < 400) return { date }
    return {
      date,
      failure: classifyRestResponse(
        { status: response.status, headers: response.headers, body: errorBody },
        Date.now()
      )
    }
  }

  transportFailure(error: unknown): TransportFailure | "canceled" {
    const e = error as {
      name?: unknown
      message?: unknown
      cause?: { code?: unknown; message?: unknown }
    } | null
    if (e?.name === "AbortError") return "canceled"
    const code = e?.cause?.code ?? (e?.name === "TimeoutError" ? "TimeoutError" : undefined)
    return {
      code: typeof code === "string" ? code : undefined,
      message:
        typeof e?.cause?.message === "string"
          ? e.cause.message
          : typeof e?.message === "string"
            ? e.message
            : undefined
    }
  }

  discard({ response }: FetchAnswer): void {
    response.body?.cancel().catch(() => {})
  }

  /** What the caller gets: the `Response`, or a `NetSuiteError` (canceled requests included). */
  settle(outcome: Outcome<FetchAnswer>): Response {
    if (outcome._tag === "Answered") return outcome.response.response
    const answer = outcome._tag === "Failed" ? outcome.response : undefined
    answer?.response.body?.cancel().catch(() => {})
    throw new NetSuiteError(outcome.error, {
      sent: outcome.sent,
      method: this.method,
      url: this.#url.href,
      response:
        answer === undefined
          ? undefined
          : {
              status: answer.response.status,
              statusText: answer.response.statusText,
              headers: answer.response.headers,
              data: answer.errorBody
            }
    })
  }
}
