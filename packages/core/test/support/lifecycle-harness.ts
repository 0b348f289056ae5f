/**
 * A real loopback HTTP server and the smallest transport a lifecycle test needs: one `fetch`
 * per attempt. The lifecycle under test is core's own; only the wire is the test's.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { Authorization } from "../../src/index.ts"
import {
  classifyRestResponse,
  type RequestPlan,
  type ResponseFacts,
  type TransportFailure
} from "../../src/internal.ts"

export interface Seen {
  readonly method: string
  readonly url: string
  readonly authorization: string
  readonly at: number
}

export type Reply = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>

export const startServer = async (reply: Reply) => {
  const seen: Array<Seen> = []
  let inFlight = 0
  let maxInFlight = 0
  const server = createServer((req, res) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    res.on("close", () => inFlight--)
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization ?? "",
      at: Date.now()
    })
    req.resume()
    req.on("end", () => void reply(req, res, seen.length))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get maxInFlight() {
      return maxInFlight
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
) => {
  if (res.destroyed) return
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify(body))
}

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

/** One request through `fetch`, as a lifecycle plan. */
export const fetchPlan = (
  url: string,
  options: {
    readonly method?: string
    readonly idempotent?: boolean
    readonly signal?: AbortSignal
    readonly timeoutMillis?: number
  } = {}
): RequestPlan<Answer> => {
  const method = options.method ?? "GET"
  return {
    operation: `${method} test`,
    method,
    url: () => url,
    idempotent: options.idempotent ?? method === "GET",
    replayable: true,
    signal: options.signal,
    timeoutMillis: options.timeoutMillis,
    send: async (authorization: Authorization, signal) => {
      const response = await fetch(url, {
        method,
        headers: { authorization: authorization.value },
        signal: signal ?? null
      })
      return { status: response.status, headers: response.headers, text: await response.text() }
    },
    inspect: (answer): ResponseFacts => ({
      date: answer.headers.get("date") ?? undefined,
      failure: classifyRestResponse(
        { status: answer.status, headers: answer.headers, body: answer.text },
        Date.now()
      )
    }),
    transportFailure: (error): TransportFailure | "canceled" => {
      const e = error as { name?: string; cause?: { code?: string } }
      return e.name === "AbortError" ? "canceled" : { code: e.cause?.code }
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
