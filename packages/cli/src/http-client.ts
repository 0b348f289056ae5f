/** A plain HTTP answer: status, lower-case headers, body text. */
export interface HttpAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Why a request got no answer. */
export class NoAnswer extends Error {
  override readonly name = "NoAnswer"
  readonly timedOut: boolean
  constructor(message: string, timedOut: boolean) {
    super(message)
    this.timedOut = timedOut
  }
}

/** The largest body we read: NetSuite's answers are small, and a proxy's HTML page is not worth more. */
const MAX_BODY_BYTES = 1_000_000

/**
 * One HTTP request with node's `fetch`: bounded in time, no redirects followed (a redirect from a
 * token URL means a wrong base URL, and must not carry credentials elsewhere).
 */
export const httpRequest = async (request: {
  readonly url: string
  readonly method: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  readonly timeoutMillis?: number
}): Promise<HttpAnswer> => {
  const timeoutMillis = request.timeoutMillis ?? 30_000
  let response: Response
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMillis)
    })
  } catch (e) {
    const timedOut = e instanceof DOMException && e.name === "TimeoutError"
    const cause = (e as { cause?: { code?: string; message?: string } }).cause
    const why = timedOut
      ? `no answer within ${timeoutMillis / 1000} s`
      : (cause?.code ?? cause?.message ?? String(e))
    throw new NoAnswer(why, timedOut)
  }
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value
  })
  const buffer = new Uint8Array(await response.arrayBuffer())
  const body = new TextDecoder().decode(buffer.subarray(0, MAX_BODY_BYTES))
  return { status: response.status, headers, body }
}
