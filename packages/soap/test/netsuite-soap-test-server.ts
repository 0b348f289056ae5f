/**
 * A node-soap SERVER on loopback that plays NetSuite for the tests: it serves the small
 * NetSuite-shaped WSDL in ./fixtures, checks every tokenPassport it receives with an HMAC
 * computed here with node:crypto, and can answer faults on demand.
 */
import { createHmac } from "node:crypto"
import { readFileSync } from "node:fs"
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { listen } from "soap"

export const MINI_WSDL = fileURLToPath(new URL("./fixtures/netsuite-mini-2023_2.wsdl", import.meta.url))

/** Test credentials (not real). Values are plain so percent-encoding changes nothing. */
export const TEST_SECRETS = {
  accountId: "1234567_SB1",
  consumerKey: "ck0123456789abcdef",
  consumerSecret: "cs-secret-0123456789",
  tokenId: "tok0123456789abcdef",
  tokenSecret: "ts-secret-9876543210"
} as const

/** A passport as the server saw it, and whether its signature verified. */
export interface SeenPassport {
  readonly account: string
  readonly consumerKey: string
  readonly token: string
  readonly nonce: string
  readonly timestamp: string
  readonly signature: string
  readonly algorithm: string
  readonly valid: boolean
}

/** The independent check: base64(HMAC-SHA256(cs&ts, account&ck&token&nonce&timestamp)). */
export const expectedSignature = (
  p: { account: string; consumerKey: string; token: string; nonce: string; timestamp: string },
  secrets: { consumerSecret: string; tokenSecret: string } = TEST_SECRETS
): string =>
  createHmac("sha256", `${secrets.consumerSecret}&${secrets.tokenSecret}`)
    .update([p.account, p.consumerKey, p.token, p.nonce, p.timestamp].join("&"))
    .digest("base64")

const str = (v: unknown): string =>
  typeof v === "string"
    ? v
    : typeof v === "object" && v !== null && "$value" in v
      ? String(v.$value)
      : String(v)

const seen = (header: unknown): SeenPassport => {
  const h = (header ?? {}) as Record<string, unknown>
  const sig = h.signature as { $value?: unknown; attributes?: { algorithm?: unknown } } | string | undefined
  const p = {
    account: str(h.account),
    consumerKey: str(h.consumerKey),
    token: str(h.token),
    nonce: str(h.nonce),
    timestamp: str(h.timestamp),
    signature: typeof sig === "object" ? str(sig.$value) : String(sig),
    algorithm: typeof sig === "object" ? String(sig.attributes?.algorithm) : ""
  }
  return { ...p, valid: p.algorithm === "HMAC-SHA256" && p.signature === expectedSignature(p) }
}

/** A SOAP 1.1 fault in NetSuite's shape (faultcode, faultstring, detail with a *Fault element). */
export const netSuiteFault = (faultType: string, code: string, message: string, statusCode = 500) => ({
  Fault: {
    faultcode: "soapenv:Server.userException",
    faultstring: message,
    detail: {
      [faultType]: {
        attributes: { xmlns: "urn:faults_2023_2.platform.webservices.netsuite.com" },
        code,
        message
      }
    },
    statusCode
  }
})

export const CONCURRENCY_FAULT = () =>
  netSuiteFault(
    "exceededConcurrentRequestLimitFault",
    "WS_REQUEST_BLOCKED",
    "SuiteTalk concurrent request limit exceeded. Request blocked."
  )
export const INVALID_LOGIN_FAULT = () =>
  netSuiteFault("invalidCredentialsFault", "USER_ERROR", "Invalid login attempt.")

export interface TestServerOptions {
  /** Called per request (from 1): return a fault object to throw, or undefined to answer normally. */
  readonly fault?: ((n: number) => unknown) | undefined
  /** Milliseconds before answering (to build concurrency). */
  readonly delayMillis?: number | undefined
}

export interface TestServer {
  readonly baseUrl: string
  readonly passports: SeenPassport[]
  /** Raw envelopes and HTTP headers as received. */
  readonly raw: { body: string; headers: IncomingHttpHeaders }[]
  readonly stats: { inFlight: number; maxInFlight: number; requests: number }
  readonly close: () => Promise<void>
}

export const startTestServer = async (options: TestServerOptions = {}): Promise<TestServer> => {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const passports: SeenPassport[] = []
  const raw: { body: string; headers: IncomingHttpHeaders }[] = []
  const stats = { inFlight: 0, maxInFlight: 0, requests: 0 }
  const services = {
    NetSuiteService: {
      NetSuitePort: {
        getServerTime: async (
          _args: unknown,
          _cb: unknown,
          headers: { tokenPassport?: unknown } | undefined
        ) => {
          stats.requests++
          stats.inFlight++
          stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
          passports.push(seen(headers?.tokenPassport))
          try {
            if (options.delayMillis) await new Promise((r) => setTimeout(r, options.delayMillis))
            const fault = options.fault?.(stats.requests)
            if (fault !== undefined) throw fault
            return {
              getServerTimeResult: {
                status: { attributes: { isSuccess: true } },
                serverTime: "2023-10-01T12:00:00.000Z"
              }
            }
          } finally {
            stats.inFlight--
          }
        }
      }
    }
  }
  await new Promise<void>((resolve, reject) =>
    listen(server, {
      path: "/services/NetSuitePort_2023_2",
      services,
      xml: readFileSync(MINI_WSDL, "utf8"),
      callback: (err: unknown) => (err ? reject(err) : resolve())
    })
  )
  // Registered after node-soap took over the server, so it sees every request too.
  server.on("request", (req) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => raw.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers }))
  })
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    passports,
    raw,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
