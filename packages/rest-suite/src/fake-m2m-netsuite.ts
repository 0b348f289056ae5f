import { generateKeyPairSync, type KeyObject } from "node:crypto"
import type { ServerResponse } from "node:http"
import { json, type LoopbackServer, sleep, startServer, verifyAssertion } from "./loopback.ts"

export const TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"

export type TokenMode = "ok" | "500" | "hang" | "429" | "garbage" | "invalid_client"
export type ResourceMode = "ok" | "reject-all" | "429-once" | "500-once" | "reset-once" | "sss-once"

/**
 * A small NetSuite for M2M on loopback: a token endpoint that verifies the ES256 client assertion
 * with the public key, and resources that check the bearer token. Its modes inject the failures
 * the tests need; its counters say what it saw. `reset()` between tests.
 */
export interface FakeM2MNetSuite {
  readonly server: LoopbackServer
  /** The client the token endpoint knows (account `1234567_SB1`, an EC P-256 key). */
  readonly credentials: {
    readonly accountId: string
    readonly clientId: string
    readonly certificateId: string
    readonly privateKey: KeyObject
  }
  tokenMode: TokenMode
  resourceMode: ResourceMode
  expiresIn: number
  resourceDelayMillis: number
  serverClockOffsetMillis: number
  /** token -> server expiry */
  readonly tokens: Map<string, number>
  tokenCalls: number
  resourceCalls: number
  expiredSeen: number
  inFlight: number
  maxInFlight: number
  /** The Authorization header of every resource request, in order. */
  authHeaders: Array<string | undefined>
  readonly reset: () => void
  readonly close: () => Promise<void>
}

export const startFakeM2MNetSuite = async (): Promise<FakeM2MNetSuite> => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
  const fake: Omit<FakeM2MNetSuite, "server" | "close"> & { server: LoopbackServer } = {
    server: undefined as unknown as LoopbackServer,
    credentials: { accountId: "1234567_SB1", clientId: "client-1", certificateId: "cert-1", privateKey },
    tokenMode: "ok",
    resourceMode: "ok",
    expiresIn: 3600,
    resourceDelayMillis: 0,
    serverClockOffsetMillis: 0,
    tokens: new Map<string, number>(),
    tokenCalls: 0,
    resourceCalls: 0,
    expiredSeen: 0,
    inFlight: 0,
    maxInFlight: 0,
    authHeaders: [],
    reset() {
      this.tokenMode = "ok"
      this.resourceMode = "ok"
      this.expiresIn = 3600
      this.resourceDelayMillis = 0
      this.serverClockOffsetMillis = 0
      this.tokens.clear()
      this.tokenCalls = 0
      this.resourceCalls = 0
      this.expiredSeen = 0
      this.inFlight = 0
      this.maxInFlight = 0
      this.authHeaders = []
    }
  }

  const issueToken = (res: ServerResponse) => {
    const token = `tok-${fake.tokenCalls}-${Math.random().toString(36).slice(2)}`
    fake.tokens.set(token, Date.now() + fake.expiresIn * 1000)
    json(res, 200, { access_token: token, token_type: "Bearer", expires_in: String(fake.expiresIn) })
  }

  fake.server = await startServer(async (req, res, body) => {
    const date = new Date(Date.now() + fake.serverClockOffsetMillis).toUTCString()
    res.setHeader("date", date)
    if (req.url === TOKEN_PATH && req.method === "POST") {
      fake.tokenCalls++
      const form = new URLSearchParams(body)
      const claims = verifyAssertion(form.get("client_assertion") ?? "", publicKey)
      if (
        form.get("grant_type") !== "client_credentials" ||
        claims === undefined ||
        claims.aud !== `${fake.server.url}${TOKEN_PATH}` ||
        claims.iss !== "client-1"
      ) {
        return json(
          res,
          401,
          { error: "invalid_client" },
          { "www-authenticate": 'Basic realm="1234567_SB1"' }
        )
      }
      switch (fake.tokenMode) {
        case "ok":
          return issueToken(res)
        case "500":
          return json(res, 500, { error: "server_error" })
        case "hang":
          return // never answers; the client's timeout must fire
        case "429":
          return json(res, 429, {}, { "retry-after": "1" })
        case "garbage":
          res.writeHead(200, { "content-type": "text/html" })
          return res.end("<html>login</html>")
        case "invalid_client":
          return json(
            res,
            401,
            { error: "invalid_client" },
            { "www-authenticate": 'Basic realm="1234567_SB1"' }
          )
      }
    }
    fake.resourceCalls++
    fake.authHeaders.push(req.headers.authorization)
    fake.inFlight++
    fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight)
    try {
      if (fake.resourceDelayMillis > 0) await sleep(fake.resourceDelayMillis)
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1]
      const expiry = bearer === undefined ? undefined : fake.tokens.get(bearer)
      if (expiry !== undefined && expiry <= Date.now()) fake.expiredSeen++
      const first = fake.resourceCalls === 1
      if (fake.resourceMode === "reset-once" && first) return req.socket.destroy()
      if (fake.resourceMode === "429-once" && first) return json(res, 429, {}, { "retry-after": "0" })
      if (fake.resourceMode === "sss-once" && first) {
        return json(res, 400, {
          error: { code: "SSS_REQUEST_LIMIT_EXCEEDED", message: "Request limit exceeded" }
        })
      }
      if (fake.resourceMode === "500-once" && first) return json(res, 503, { error: "busy" })
      if (fake.resourceMode === "reject-all" || expiry === undefined || expiry <= Date.now()) {
        return json(
          res,
          401,
          { "o:errorDetails": [{ detail: "Invalid login attempt.", "o:errorCode": "INVALID_LOGIN" }] },
          {
            "www-authenticate":
              'Bearer realm="1234567_SB1", error="invalid_token", error_description="Invalid login attempt."'
          }
        )
      }
      return json(res, 200, { ok: true, path: req.url, method: req.method })
    } finally {
      fake.inFlight--
    }
  })
  return Object.assign(fake, { close: () => fake.server.close() })
}
