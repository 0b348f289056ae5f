import { type Authorization, NetSuiteError } from "@netsuite-auth/core"
import {
  headerValue,
  type Outcome,
  type RequestPlan,
  type ResponseFacts,
  scrubSentRequest,
  type TransportFailure
} from "@netsuite-auth/core/internal"
import { PASSPORT_PLACEHOLDER } from "./passport-placeholder.ts"
import { soapFaultToError } from "./soap-fault.ts"

/** node-soap's HTTP layer: `client.httpClient.request`. */
export type SoapHttpRequest = (
  url: string,
  data: unknown,
  callback: (error: unknown, response?: unknown, body?: unknown) => void,
  headers?: Record<string, unknown>,
  options?: Record<string, unknown>,
  caller?: unknown
) => unknown

/** What node-soap's HTTP layer answered: its axios response and the body text. */
export interface SoapAnswer {
  readonly response: { readonly status?: number; readonly headers?: Record<string, unknown> } | undefined
  readonly body: unknown
}

// NetSuite's read operations: safe to repeat after a 5xx or a broken connection.
const READ_OPERATION = /^(get|search|async(Get|Search))/

/** The operation of a SOAP request, from its `SOAPAction` header (`"getServerTime"`). */
const operationOf = (headers: Record<string, unknown> | undefined): string => {
  const action = headerValue(headers, "soapaction") ?? ""
  const name = action.replace(/^"|"$/g, "")
  return name.slice(name.lastIndexOf("/") + 1) || "SOAP request"
}

/**
 * One SOAP HTTP request as the lifecycle's plan: node-soap built the envelope with a placeholder
 * where the passport goes; each attempt puts in the passport signed for it and sends through
 * node-soap's own HTTP client.
 */
export class SoapRequest implements RequestPlan<SoapAnswer> {
  readonly method = "POST"
  readonly operation: string
  readonly idempotent: boolean
  readonly replayable = true
  readonly signal: AbortSignal | undefined
  readonly timeoutMillis: number | undefined
  readonly retry: RequestPlan<SoapAnswer>["retry"]
  readonly #send: SoapHttpRequest
  readonly #url: string
  readonly #envelope: string
  readonly #headers: Record<string, unknown> | undefined
  readonly #options: Record<string, unknown>
  readonly #parseFault: (body: string) => unknown

  constructor(
    send: SoapHttpRequest,
    request: {
      readonly url: string
      readonly envelope: string
      readonly headers: Record<string, unknown> | undefined
      readonly options: Record<string, unknown> | undefined
      /** node-soap's own parse of a fault envelope (the `root` of its error). */
      readonly parseFault: (body: string) => unknown
    }
  ) {
    const { netsuiteIdempotent, netsuiteRetry, ...options } = request.options ?? {}
    this.#send = send
    this.#url = request.url
    this.#envelope = request.envelope
    this.#headers = request.headers
    this.#options = options
    this.#parseFault = request.parseFault
    this.operation = operationOf(request.headers)
    this.idempotent = netsuiteIdempotent === true || READ_OPERATION.test(this.operation)
    this.retry = netsuiteRetry as RequestPlan<SoapAnswer>["retry"]
    this.signal = options.signal as AbortSignal | undefined
    const timeout = options.timeout
    this.timeoutMillis = typeof timeout === "number" && timeout > 0 ? timeout : undefined
  }

  url(): string {
    return this.#url
  }

  send(authorization: Authorization, signal: AbortSignal | undefined): Promise<SoapAnswer> {
    const envelope = this.#envelope.replace(PASSPORT_PLACEHOLDER, () => authorization.value)
    const options = signal === undefined ? this.#options : { ...this.#options, signal }
    return new Promise((resolve, reject) => {
      this.#send(
        this.#url,
        envelope,
        (error, response, body) =>
          error ? reject(error) : resolve({ response: response as SoapAnswer["response"], body }),
        this.#headers,
        options
      )
    })
  }

  inspect(answer: SoapAnswer): ResponseFacts {
    const date = headerValue(answer.response?.headers, "date")
    const status = answer.response?.status ?? 0
    if (status < 400) return { date }
    const body = typeof answer.body === "string" ? answer.body : ""
    return {
      date,
      failure: soapFaultToError({ response: answer.response, body, root: this.#parseFault(body) })
    }
  }

  transportFailure(error: unknown): TransportFailure | "canceled" {
    const e = error as { code?: unknown; message?: unknown; name?: unknown } | null
    if (e?.code === "ERR_CANCELED" || e?.name === "AbortError" || e?.name === "CanceledError")
      return "canceled"
    return {
      code: typeof e?.code === "string" ? e.code : undefined,
      message: typeof e?.message === "string" ? e.message : undefined
    }
  }

  /** Hands node-soap the outcome: the answer to parse, or the `NetSuiteError` to report. */
  settle(
    outcome: Outcome<SoapAnswer>,
    callback: (error: unknown, response?: unknown, body?: unknown) => void
  ): void {
    if (outcome._tag === "Answered") {
      const { response, body } = outcome.response
      // node-soap keeps what it sent on the response: the envelope goes back to the placeholder.
      const config = (response as { config?: { data?: unknown } } | undefined)?.config
      if (config !== undefined) config.data = this.#envelope
      scrubSentRequest((response as { request?: unknown } | undefined)?.request, outcome.sent)
      callback(null, response, body)
      return
    }
    const { error } = outcome
    const answer = outcome._tag === "Failed" ? outcome.response : undefined
    callback(
      new NetSuiteError(error, {
        sent: outcome.sent,
        method: "POST",
        url: this.#url,
        response:
          answer === undefined
            ? undefined
            : {
                status: answer.response?.status ?? 0,
                headers: answer.response?.headers,
                data: answer.body
              }
      })
    )
  }
}
