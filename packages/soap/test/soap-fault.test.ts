import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { NetSuiteAccount, type NetSuiteError, RequestError, TbaCredentials } from "@netsuite-auth/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createNetSuiteSoapClient, type NetSuiteSoapClient, soapFaultToError } from "../src/index.ts"
import { MINI_WSDL, TEST_SECRETS } from "./netsuite-soap-test-server.ts"

// Fault bodies in the shape NetSuite sends (prefixed detail, Axis hostname element).
const fault = (faultType: string, code: string, message: string) =>
  '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>' +
  `<soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>${message}</faultstring><detail>` +
  `<platformFaults:${faultType} xmlns:platformFaults="urn:faults_2023_2.platform.webservices.netsuite.com">` +
  `<platformFaults:code>${code}</platformFaults:code><platformFaults:message>${message}</platformFaults:message>` +
  `</platformFaults:${faultType}><ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">partners070.prod.svale.netledger.com</ns1:hostname>` +
  "</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"

const OK =
  '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
  '<getServerTimeResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><getServerTimeResult>' +
  '<platformCore:status xmlns:platformCore="urn:core_2023_2.platform.webservices.netsuite.com" isSuccess="true"/>' +
  "<serverTime>2023-10-01T12:00:00.000Z</serverTime></getServerTimeResult></getServerTimeResponse></soapenv:Body></soapenv:Envelope>"

type Reply = { status: number; body: string; headers?: Record<string, string> } | "reset"

// A scripted loopback server: each request takes the next reply (the last one repeats).
let server: Server
let script: Reply[] = []
let seen = 0
let ns: NetSuiteSoapClient

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on("end", () => {
      const reply = script[Math.min(seen, script.length - 1)]!
      seen++
      if (reply === "reset") {
        req.socket.destroy()
        return
      }
      res.writeHead(reply.status, { "Content-Type": "text/xml; charset=utf-8", ...reply.headers })
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  ns = await createNetSuiteSoapClient({
    account: NetSuiteAccount.make({ accountId: TEST_SECRETS.accountId, baseUrl: `http://127.0.0.1:${port}` }),
    credentials: TbaCredentials.make(TEST_SECRETS),
    wsdl: MINI_WSDL,
    retry: { baseDelayMillis: 1, maxDelayMillis: 5, maxAttempts: 3 }
  })
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const run = async (replies: Reply[]) => {
  script = replies
  seen = 0
  const outcome = await ns.call("getServerTime", {}).then(
    (value) => ({ value, error: undefined }),
    // The Promise API rejects with NetSuiteError; its cause is the RequestError soapFaultToError made.
    (error: unknown) => ({ value: undefined, error: (error as NetSuiteError).cause as RequestError })
  )
  return { ...outcome, requests: seen }
}

describe("soapFaultToError on what node-soap reports", () => {
  it("invalidCredentialsFault → NETSUITE_AUTH_INVALID_LOGIN, not retried, with the checklist", async () => {
    const { error, requests } = await run([
      { status: 500, body: fault("invalidCredentialsFault", "USER_ERROR", "Invalid login attempt.") }
    ])
    expect(error).toBeInstanceOf(RequestError)
    expect(error).toMatchObject({
      reason: "InvalidLogin",
      code: "NETSUITE_AUTH_INVALID_LOGIN",
      netsuiteCode: "USER_ERROR"
    })
    expect(error!.retryable).toBe(false)
    expect(error!.message).toMatch(/realm|upper case/)
    expect(error!.message).toMatch(/consumer key/)
    expect(error!.message).toMatch(/permissions/)
    expect(error!.message).toMatch(/clock/)
    expect(error!.message).toMatch(/Login Audit Trail/)
    expect(requests).toBe(1)
  })

  it("WS_REQUEST_BLOCKED → ConcurrencyLimit, retried with a new passport until it succeeds", async () => {
    const blocked = fault(
      "exceededConcurrentRequestLimitFault",
      "WS_REQUEST_BLOCKED",
      "SuiteTalk concurrent request limit exceeded. Request blocked."
    )
    const { value, requests } = await run([
      { status: 500, body: blocked },
      { status: 200, body: OK }
    ])
    expect(value).toBeDefined()
    expect(requests).toBe(2)
    const only = await run([{ status: 500, body: blocked }])
    expect(only.error).toMatchObject({
      code: "NETSUITE_AUTH_CONCURRENCY_LIMIT",
      netsuiteCode: "WS_REQUEST_BLOCKED"
    })
    expect(only.error!.retryable).toBe(true)
    expect(only.requests).toBe(3)
  })

  it("ExceededRequestLimitFault / WS_CONCUR_SESSION_DISALLWD → ConcurrencyLimit", async () => {
    const { error } = await run([
      {
        status: 500,
        body: fault(
          "exceededRequestLimitFault",
          "WS_CONCUR_SESSION_DISALLWD",
          "Only one request may be made against a session at a time"
        )
      }
    ])
    expect(error).toMatchObject({
      code: "NETSUITE_AUTH_CONCURRENCY_LIMIT",
      netsuiteCode: "WS_CONCUR_SESSION_DISALLWD"
    })
  })

  it("another fault → NETSUITE_AUTH_SOAP_FAULT with NetSuite's code, not retried", async () => {
    const { error, requests } = await run([
      {
        status: 500,
        body: fault(
          "insufficientPermissionFault",
          "INSUFFICIENT_PERMISSION",
          "Permission Violation: you need the SOAP Web Services permission."
        )
      }
    ])
    expect(error).toMatchObject({ code: "NETSUITE_AUTH_SOAP_FAULT", netsuiteCode: "INSUFFICIENT_PERMISSION" })
    expect(error!.message).toMatch(/insufficientPermissionFault/)
    expect(requests).toBe(1)
  })

  it("'Ambiguous authentication' from NetSuite → NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION", async () => {
    const { error } = await run([
      { status: 500, body: fault("invalidCredentialsFault", "USER_ERROR", "Ambiguous authentication") }
    ])
    expect(error).toMatchObject({ code: "NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION" })
  })

  it("HTTP 503 without a fault → ServerError, retried", async () => {
    const { value, requests } = await run([
      { status: 503, body: "<html><body>Service Unavailable</body></html>" },
      { status: 200, body: OK }
    ])
    expect(value).toBeDefined()
    expect(requests).toBe(2)
    const only = await run([{ status: 503, body: "<html><body>Service Unavailable</body></html>" }])
    expect(only.error).toMatchObject({ code: "NETSUITE_AUTH_SERVER_ERROR", status: 503 })
  })

  it("a reset connection → Transport, retried (a new passport each time)", async () => {
    const { value, requests } = await run(["reset", { status: 200, body: OK }])
    expect(value).toBeDefined()
    expect(requests).toBe(2)
    const only = await run(["reset"])
    expect(only.error).toMatchObject({ code: "NETSUITE_AUTH_TRANSPORT" })
    expect(only.error!.message).toMatch(/ECONNRESET|socket hang up/)
  })

  it("HTTP 429 with Retry-After → RateLimited with retryAfterSeconds", async () => {
    const { error } = await run([{ status: 429, body: "", headers: { "Retry-After": "0" } }])
    expect(error).toMatchObject({ code: "NETSUITE_AUTH_RATE_LIMITED", retryAfterSeconds: 0 })
  })

  it("passes RequestErrors through and maps plain objects without throwing", () => {
    const original = new RequestError({ reason: "Timeout", message: "x" })
    expect(soapFaultToError(original)).toBe(original)
    expect(soapFaultToError({ code: "ETIMEDOUT" }).code).toBe("NETSUITE_AUTH_TIMEOUT")
    expect(soapFaultToError(undefined).code).toBe("NETSUITE_AUTH_HTTP_ERROR")
  })
})
