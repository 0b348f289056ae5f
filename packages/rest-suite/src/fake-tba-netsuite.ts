import { json, type LoopbackServer, sleep, startServer, verifyOAuth1 } from "./loopback.ts"

/** What the fake TBA NetSuite saw of one request, as its own RFC 5849 verifier judged it. */
export interface Seen {
  method: string
  url: string
  body: string
  ok: boolean
  why?: string | undefined
  nonce?: string | undefined
  timestamp?: number | undefined
  authorization?: string | undefined
}

/**
 * A small NetSuite for TBA on loopback: every request is verified by {@link verifyOAuth1} (written
 * from RFC 5849, not core's signer), a bad signature is NetSuite's 401 `INVALID_LOGIN_ATTEMPT`,
 * and `limitFirst` answers that many requests with RESTlet's `SSS_REQUEST_LIMIT_EXCEEDED`.
 */
export interface FakeTbaNetSuite {
  readonly server: LoopbackServer
  /** The TBA credentials it accepts (throwaway values), with the realm of account `1234567_SB1`. */
  readonly secrets: {
    readonly realm: string
    readonly consumerKey: string
    readonly consumerSecret: string
    readonly tokenId: string
    readonly tokenSecret: string
  }
  seen: Array<Seen>
  limitFirst: number
  delayMillis: number
  inFlight: number
  maxInFlight: number
  clockOffsetMillis: number
  readonly reset: () => void
  readonly close: () => Promise<void>
}

export const startFakeTbaNetSuite = async (): Promise<FakeTbaNetSuite> => {
  const fake: Omit<FakeTbaNetSuite, "server" | "close"> & { server: LoopbackServer } = {
    server: undefined as unknown as LoopbackServer,
    secrets: {
      realm: "1234567_SB1",
      consumerKey: "ck-71cc02b731f0",
      consumerSecret: "cs-secret-7278da58caf07f5c",
      tokenId: "tok-89e08d9767c5",
      tokenSecret: "ts-secret-060cd9ab3ffbbe1e"
    },
    seen: [],
    limitFirst: 0,
    delayMillis: 0,
    inFlight: 0,
    maxInFlight: 0,
    clockOffsetMillis: 0,
    reset() {
      this.seen = []
      this.limitFirst = 0
      this.delayMillis = 0
      this.inFlight = 0
      this.maxInFlight = 0
      this.clockOffsetMillis = 0
    }
  }
  fake.server = await startServer(async (req, res, body) => {
    fake.inFlight++
    fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight)
    try {
      res.setHeader("date", new Date(Date.now() + fake.clockOffsetMillis).toUTCString())
      if (fake.delayMillis > 0) await sleep(fake.delayMillis)
      const result = verifyOAuth1(req, fake.server.url, fake.secrets, body)
      fake.seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        body,
        ok: result.ok,
        why: result.why,
        nonce: result.nonce,
        timestamp: result.timestamp,
        authorization: req.headers.authorization
      })
      if (fake.limitFirst > 0) {
        fake.limitFirst--
        return json(res, 400, {
          error: { code: "SSS_REQUEST_LIMIT_EXCEEDED", message: "Request limit exceeded" }
        })
      }
      if (!result.ok) {
        return json(res, 401, { error: { code: "INVALID_LOGIN_ATTEMPT", message: "Invalid login attempt." } })
      }
      return json(res, 200, { ok: true })
    } finally {
      fake.inFlight--
    }
  })
  return Object.assign(fake, { close: () => fake.server.close() })
}
