/**
 * Real loopback HTTP servers for the adapter tests, and an OAuth 1.0a verifier written here from
 * RFC 5849 (it does not use core's signer, so a shared bug cannot hide).
 */
import { createHmac, type KeyObject, verify as verifySignature } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export interface LoopbackServer {
  readonly url: string
  readonly server: Server
  readonly close: () => Promise<void>
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => unknown

export const startServer = async (handler: Handler): Promise<LoopbackServer> => {
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks).toString("utf8"))).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500)
        res.end(String(e))
      })
    })
  })
  server.keepAliveTimeout = 100
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
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
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify(body))
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// RFC 3986 unreserved characters stay; everything else is %XX, upper-case hex.
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "))

/** Parses `OAuth k="v", ...` into decoded parameters. */
export const parseOAuthHeader = (header: string | undefined): Record<string, string> | undefined => {
  if (header === undefined || !header.startsWith("OAuth ")) return undefined
  const out: Record<string, string> = {}
  for (const part of header.slice(6).split(",")) {
    const m = /^\s*([\w]+)="([^"]*)"\s*$/.exec(part)
    if (m === null) return undefined
    out[m[1]!] = decodeURIComponent(m[2]!)
  }
  return out
}

/**
 * Verifies an OAuth 1.0a HMAC-SHA256 request as NetSuite does: base string from the method, the
 * URL the server received (scheme/host given) and every query and oauth_* parameter except
 * realm and oauth_signature, plus the parameters of an `application/x-www-form-urlencoded`
 * body when it is given (RFC 5849 3.4.1.3.1).
 */
export const verifyOAuth1 = (
  req: IncomingMessage,
  origin: string,
  secrets: {
    consumerKey: string
    consumerSecret: string
    tokenId: string
    tokenSecret: string
    realm: string
  },
  body?: string
): { ok: boolean; why?: string; nonce?: string; timestamp?: number } => {
  const params = parseOAuthHeader(req.headers.authorization)
  if (params === undefined) return { ok: false, why: "no OAuth header" }
  if (params.realm !== secrets.realm) return { ok: false, why: `realm ${params.realm}` }
  if (params.oauth_consumer_key !== secrets.consumerKey || params.oauth_token !== secrets.tokenId) {
    return { ok: false, why: "unknown consumer or token" }
  }
  if (params.oauth_signature_method !== "HMAC-SHA256") return { ok: false, why: "method" }
  const raw = req.url ?? "/"
  const q = raw.indexOf("?")
  const path = q === -1 ? raw : raw.slice(0, q)
  const query = q === -1 ? "" : raw.slice(q + 1)
  const form = /^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "")
  const decodePairs = (text: string): Array<[string, string]> =>
    text
      .split("&")
      .filter(Boolean)
      .map((p) => {
        const eq = p.indexOf("=")
        return eq === -1 ? [formDecode(p), ""] : [formDecode(p.slice(0, eq)), formDecode(p.slice(eq + 1))]
      })
  const pairs = [...decodePairs(query), ...(form && body !== undefined ? decodePairs(body) : [])]
  for (const [k, v] of Object.entries(params))
    if (k !== "realm" && k !== "oauth_signature") pairs.push([k, v])
  const normalized = pairs
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&")
  const base = [req.method ?? "GET", rfc3986(`${origin}${path}`), rfc3986(normalized)].join("&")
  const key = `${rfc3986(secrets.consumerSecret)}&${rfc3986(secrets.tokenSecret)}`
  const expected = createHmac("sha256", key).update(base).digest("base64")
  return expected === params.oauth_signature
    ? { ok: true, nonce: params.oauth_nonce!, timestamp: Number(params.oauth_timestamp) }
    : { ok: false, why: `signature mismatch for ${base}` }
}

/** Verifies an ES256 client assertion with the public key; returns its claims or undefined. */
export const verifyAssertion = (jwt: string, publicKey: KeyObject): Record<string, unknown> | undefined => {
  const [h, p, s] = jwt.split(".")
  if (h === undefined || p === undefined || s === undefined) return undefined
  const ok = verifySignature(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key: publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.from(s, "base64url")
  )
  return ok
    ? (JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Record<string, unknown>)
    : undefined
}
