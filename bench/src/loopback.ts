/**
 * A minimal loopback NetSuite for overhead and stampede measurements: it answers every request
 * the same way whatever the auth, so the candidate and the baseline get the same response and
 * the difference is the client side. It counts token requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export const SOAP_RESPONSE =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  '<soapenv:Body><getServerTimeResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com">' +
  '<getServerTimeResult><platformCore:status xmlns:platformCore="urn:core_2023_2.platform.webservices.netsuite.com" isSuccess="true"/>' +
  "<serverTime>2026-01-01T00:00:00.000Z</serverTime></getServerTimeResult></getServerTimeResponse></soapenv:Body></soapenv:Envelope>"

const REST_BODY = JSON.stringify({ id: "1", companyName: "Bench" })

export interface Loopback {
  readonly baseUrl: string
  /** Token requests received so far. */
  tokenRequests: number
  /** Delay of the token endpoint (ms), to widen a stampede window. */
  tokenLatencyMs: number
  readonly close: () => Promise<void>
}

const drain = (req: IncomingMessage): Promise<void> =>
  new Promise((resolve) => {
    req.on("data", () => {})
    req.on("end", resolve)
  })

/** Starts the server on 127.0.0.1, port 0. */
export const startLoopback = async (): Promise<Loopback> => {
  const state = { tokenRequests: 0, tokenLatencyMs: 0 }
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    await drain(req)
    const path = (req.url ?? "/").split("?")[0] ?? "/"
    if (path.endsWith("/auth/oauth2/v1/token")) {
      state.tokenRequests++
      if (state.tokenLatencyMs > 0) await new Promise((r) => setTimeout(r, state.tokenLatencyMs))
      res.writeHead(200, { "content-type": "application/json" })
      res.end(
        JSON.stringify({
          access_token: `bench-token-${state.tokenRequests}`,
          token_type: "Bearer",
          expires_in: 3600
        })
      )
      return
    }
    if (path.startsWith("/services/NetSuitePort_")) {
      res.writeHead(200, { "content-type": "text/xml; charset=utf-8" })
      res.end(SOAP_RESPONSE)
      return
    }
    res.writeHead(200, { "content-type": "application/json" })
    res.end(REST_BODY)
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const loopback: Loopback = {
    baseUrl: `http://127.0.0.1:${port}`,
    get tokenRequests() {
      return state.tokenRequests
    },
    set tokenRequests(n: number) {
      state.tokenRequests = n
    },
    get tokenLatencyMs() {
      return state.tokenLatencyMs
    },
    set tokenLatencyMs(n: number) {
      state.tokenLatencyMs = n
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  return loopback
}
