import { inspect } from "node:util"
import { NetSuiteAccount, type NetSuiteAuthEvent } from "@netsuite-auth/core"
import axios from "axios"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { installNetSuiteAuth, NetSuiteAxiosError } from "../src/index.ts"
import { json, type LoopbackServer, parseOAuthHeader, sleep, startServer, verifyOAuth1 } from "./loopback.ts"

const SECRETS = {
  realm: "1234567_SB1",
  consumerKey: "ck-71cc02b731f0",
  consumerSecret: "cs-secret-7278da58caf07f5c",
  tokenId: "tok-89e08d9767c5",
  tokenSecret: "ts-secret-060cd9ab3ffbbe1e"
}

interface Seen {
  method: string
  url: string
  ok: boolean
  why?: string | undefined
  nonce?: string | undefined
  timestamp?: number | undefined
  authorization?: string | undefined
}

const fake = {
  server: undefined as unknown as LoopbackServer,
  seen: [] as Array<Seen>,
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

beforeAll(async () => {
  fake.server = await startServer(async (req, res) => {
    fake.inFlight++
    fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight)
    try {
      res.setHeader("date", new Date(Date.now() + fake.clockOffsetMillis).toUTCString())
      if (fake.delayMillis > 0) await sleep(fake.delayMillis)
      const result = verifyOAuth1(req, fake.server.url, SECRETS)
      fake.seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
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
})
afterAll(() => fake.server.close())
afterEach(() => fake.reset())

const setup = (concurrency = 5) => {
  const account = NetSuiteAccount.make({ accountId: "1234567_sb1", baseUrl: fake.server.url, concurrency })
  const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
  const events: Array<NetSuiteAuthEvent> = []
  const uninstall = installNetSuiteAuth(client, {
    scheme: "tba",
    account,
    credentials: { accountId: "1234567_SB1", ...SECRETS },
    retry: { baseDelayMillis: 5, maxDelayMillis: 20 },
    onEvent: (e) => events.push(e)
  })
  return { account, client, events, uninstall }
}

describe("installNetSuiteAuth (TBA OAuth 1.0a)", () => {
  const methods = ["get", "post", "put", "delete"] as const
  const shapes = {
    "params in params": {
      url: "/record/v1/customer",
      params: { q: 'email START_WITH "a+b@x.com"', limit: 10, Zeta: "z" }
    },
    "params in the URL": {
      url: "/record/v1/customer?limit=10&offset=0&q=a%20b%2Bc&alpha=%C3%A9",
      params: undefined
    },
    "params in both": {
      url: "/record/v1/customer?script=123&deploy=1",
      params: { id: 42, "a b": "c d", empty: "" }
    }
  } as const

  for (const method of methods) {
    for (const [shape, { url, params }] of Object.entries(shapes)) {
      it(`${method.toUpperCase()} with ${shape} verifies on the server`, async () => {
        const { client } = setup()
        const response = await client.request({
          method,
          url,
          params,
          data: method === "get" ? undefined : { x: 1 }
        })
        expect(response.status).toBe(200)
        expect(fake.seen).toHaveLength(1)
        expect(fake.seen[0]?.why).toBeUndefined()
        expect(fake.seen[0]?.ok).toBe(true)
      })
    }
  }

  it("signs the final URL: baseURL + relative url, instance params, and params added by a later interceptor", async () => {
    const { client } = setup()
    client.defaults.params = { deploy: 1 }
    client.interceptors.request.use((config) => {
      config.params = { ...config.params, added: "by interceptor" }
      return config
    })
    const response = await client.get("restlet.nl", {
      baseURL: `${fake.server.url}/app/site/hosting/`,
      params: { script: 7 }
    })
    expect(response.status).toBe(200)
    expect(fake.seen[0]?.url).toMatch(/^\/app\/site\/hosting\/restlet\.nl\?/)
    expect(fake.seen[0]?.url).toContain("added=by+interceptor")
    expect(fake.seen[0]?.ok).toBe(true)
  })

  it("signs what axios sends with a custom paramsSerializer, URLSearchParams params, and an absolute url", async () => {
    const { client } = setup()
    const serialized = await client.get("/record/v1/customer", {
      params: { b: "2", a: "1 2" },
      paramsSerializer: { serialize: (params) => `custom=${Object.keys(params).sort().join("~")}` }
    })
    const searchParams = await client.get("/record/v1/customer", {
      params: new URLSearchParams([
        ["x", "1"],
        ["x", "0"]
      ])
    })
    const absolute = await client.get(`${fake.server.url}/app/site/hosting/restlet.nl?script=9&deploy=2`)
    expect([serialized.status, searchParams.status, absolute.status]).toEqual([200, 200, 200])
    expect(fake.seen.map((s) => s.url)).toEqual([
      "/services/rest/record/v1/customer?custom=a~b",
      "/services/rest/record/v1/customer?x=1&x=0",
      "/app/site/hosting/restlet.nl?script=9&deploy=2"
    ])
    expect(fake.seen.every((s) => s.ok)).toBe(true)
  })

  it("puts the realm in the header and never in the signature", async () => {
    const { client } = setup()
    await client.get("/record/v1/customer/1")
    expect(parseOAuthHeader(fake.seen[0]?.authorization)?.realm).toBe("1234567_SB1")
  })

  it("each retry is re-signed with a new nonce and re-admitted (RESTlet SSS_REQUEST_LIMIT_EXCEEDED)", async () => {
    fake.limitFirst = 2
    const { client, events } = setup()
    const response = await client.post(
      "/app/site/hosting/restlet.nl",
      { a: 1 },
      { params: { script: 1, deploy: 1 } }
    )
    expect(response.status).toBe(200)
    expect(fake.seen).toHaveLength(3)
    expect(fake.seen.every((s) => s.ok)).toBe(true)
    expect(new Set(fake.seen.map((s) => s.nonce)).size).toBe(3)
    expect(events.filter((e) => e.type === "retry-scheduled")).toHaveLength(2)
  })

  it("gives up after the bounded attempts with a coded error", async () => {
    fake.limitFirst = 100
    const { client } = setup()
    const error = await client.get("/record/v1/customer/1").catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetSuiteAxiosError)
    expect((error as NetSuiteAxiosError).code).toBe("NETSUITE_AUTH_CONCURRENCY_LIMIT")
    expect((error as NetSuiteAxiosError).netsuiteCode).toBe("SSS_REQUEST_LIMIT_EXCEEDED")
    expect((error as NetSuiteAxiosError).retryable).toBe(true)
    expect(fake.seen).toHaveLength(4)
  })

  it("a wrong secret is INVALID_LOGIN, not retried, with no secret in the error", async () => {
    const account = NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: fake.server.url })
    const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
    installNetSuiteAuth(client, {
      scheme: "tba",
      account,
      credentials: { accountId: "1234567_SB1", ...SECRETS, tokenSecret: "wrong-secret" }
    })
    const error = (await client.get("/record/v1/customer/1").catch((e: unknown) => e)) as NetSuiteAxiosError
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_LOGIN")
    expect(error.netsuiteCode).toBe("INVALID_LOGIN_ATTEMPT")
    expect(error.status).toBe(401)
    expect(error.hint).toMatch(/realm/)
    expect(fake.seen).toHaveLength(1)
    const signature = parseOAuthHeader(fake.seen[0]?.authorization)?.oauth_signature ?? "none"
    for (const dump of [inspect(error, { depth: 20, showHidden: true }), JSON.stringify(error)]) {
      for (const secret of [
        "wrong-secret",
        SECRETS.consumerSecret,
        signature,
        "oauth_signature",
        "OAuth realm"
      ]) {
        expect(dump).not.toContain(secret)
      }
    }
  })

  it("with a limiter of size N the server never sees more than N in flight", async () => {
    fake.delayMillis = 15
    const { client } = setup(2)
    await Promise.all(Array.from({ length: 16 }, (_, i) => client.get(`/record/v1/customer/${i}`)))
    expect(fake.maxInFlight).toBe(2)
    expect(fake.seen.every((s) => s.ok)).toBe(true)
  })

  it("learns the clock skew and signs the next timestamps in NetSuite's time", async () => {
    fake.clockOffsetMillis = 20 * 60_000
    const { client, account } = setup()
    await client.get("/a")
    await client.get("/b")
    expect(Math.abs(account.clockSkew.offsetMillis() - 1_200_000)).toBeLessThan(3000)
    const second = fake.seen[1]?.timestamp ?? 0
    expect(Math.abs(second - (Date.now() + 1_200_000) / 1000)).toBeLessThan(5)
  })

  it("opt-out sends no Authorization; uninstall removes it", async () => {
    const { client, uninstall } = setup()
    await client.get("/public", { netsuiteAuth: false }).catch(() => undefined)
    uninstall()
    await client.get("/public").catch(() => undefined)
    expect(fake.seen.map((s) => s.authorization)).toEqual([undefined, undefined])
  })

  it("refuses credentials for another account", () => {
    const account = NetSuiteAccount.make({ accountId: "7654321" })
    expect(() =>
      installNetSuiteAuth(axios.create(), {
        scheme: "tba",
        account,
        credentials: { accountId: "1234567", ...SECRETS }
      })
    ).toThrow(/7654321/)
  })
})
