import { inspect } from "node:util"
import { NetSuiteAccount, type NetSuiteAuthEvent, NetSuiteError } from "@netsuite-auth/core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { type FakeTbaNetSuite, startFakeTbaNetSuite } from "./fake-tba-netsuite.ts"
import { parseOAuthHeader } from "./loopback.ts"
import { type RestAdapter, type RestCall, verbs } from "./rest-adapter.ts"

/** TBA (OAuth 1.0a) through one adapter, every request verified by this suite's own RFC 5849 verifier. */
export const describeTba = (name: string, adapter: RestAdapter): void => {
  let fake: FakeTbaNetSuite

  const setup = (concurrency = 5) => {
    const account = NetSuiteAccount.make({ accountId: "1234567_sb1", baseUrl: fake.server.url, concurrency })
    const events: Array<NetSuiteAuthEvent> = []
    const client = adapter.makeClient({
      scheme: "tba",
      account,
      credentials: { accountId: "1234567_SB1", ...fake.secrets },
      retry: { baseDelayMillis: 5, maxDelayMillis: 20 },
      onEvent: (e) => events.push(e)
    })
    return { account, client: verbs(client), events }
  }

  describe(`${name}: TBA OAuth 1.0a`, () => {
    beforeAll(async () => {
      fake = await startFakeTbaNetSuite()
    })
    afterAll(() => fake.close())
    afterEach(() => fake.reset())

    const methods = ["GET", "POST", "PUT", "DELETE"] as const
    const shapes: Record<string, Pick<RestCall, "url" | "params">> = {
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
    }

    for (const method of methods) {
      for (const [shape, { url, params }] of Object.entries(shapes)) {
        it(`${method} with ${shape} verifies on the server`, async () => {
          const { client } = setup()
          const response = await client.request({
            method,
            url,
            params,
            body: method === "GET" ? undefined : { x: 1 }
          })
          expect(response.status).toBe(200)
          expect(fake.seen).toHaveLength(1)
          expect(fake.seen[0]?.why).toBeUndefined()
          expect(fake.seen[0]?.ok).toBe(true)
        })
      }
    }

    it("signs what is sent for URLSearchParams params with a repeated key and for an absolute URL", async () => {
      const { client } = setup()
      const searchParams = await client.get("/record/v1/customer", {
        params: new URLSearchParams([
          ["x", "1"],
          ["x", "0"]
        ])
      })
      const absolute = await client.get(`${fake.server.url}/app/site/hosting/restlet.nl?script=9&deploy=2`)
      expect([searchParams.status, absolute.status]).toEqual([200, 200])
      expect(fake.seen.map((s) => s.url)).toEqual([
        "/services/rest/record/v1/customer?x=1&x=0",
        "/app/site/hosting/restlet.nl?script=9&deploy=2"
      ])
      expect(fake.seen.every((s) => s.ok)).toBe(true)
    })

    it("signs the parameters of a form-encoded body with the query's (RFC 5849 3.4.1.3.1)", async () => {
      const { client } = setup()
      const response = await client.post(
        "/app/site/hosting/restlet.nl",
        new URLSearchParams([
          ["name", "a b+c"],
          ["name", "é"],
          ["empty", ""]
        ]),
        { params: { script: 1, deploy: 1 } }
      )
      expect(response.status).toBe(200)
      expect(fake.seen).toHaveLength(1)
      expect(fake.seen[0]?.body).toBe("name=a+b%2Bc&name=%C3%A9&empty=")
      expect(fake.seen[0]?.why).toBeUndefined()
      expect(fake.seen[0]?.ok).toBe(true)
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
      expect(error).toBeInstanceOf(NetSuiteError)
      expect((error as NetSuiteError).code).toBe("NETSUITE_AUTH_CONCURRENCY_LIMIT")
      expect((error as NetSuiteError).netsuiteCode).toBe("SSS_REQUEST_LIMIT_EXCEEDED")
      expect((error as NetSuiteError).retryable).toBe(true)
      expect(fake.seen).toHaveLength(4)
    })

    it("a wrong secret is INVALID_LOGIN, not retried, with no secret in the error", async () => {
      const account = NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: fake.server.url })
      const client = verbs(
        adapter.makeClient({
          scheme: "tba",
          account,
          credentials: { accountId: "1234567_SB1", ...fake.secrets, tokenSecret: "wrong-secret" }
        })
      )
      const error = (await client.get("/record/v1/customer/1").catch((e: unknown) => e)) as NetSuiteError
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_LOGIN")
      expect(error.netsuiteCode).toBe("INVALID_LOGIN_ATTEMPT")
      expect(error.status).toBe(401)
      expect(error.hint).toMatch(/realm/)
      expect(fake.seen).toHaveLength(1)
      const signature = parseOAuthHeader(fake.seen[0]?.authorization)?.oauth_signature ?? "none"
      for (const dump of [inspect(error, { depth: 20, showHidden: true }), JSON.stringify(error)]) {
        for (const secret of [
          "wrong-secret",
          fake.secrets.consumerSecret,
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

    it("refuses credentials for another account", () => {
      const account = NetSuiteAccount.make({ accountId: "7654321" })
      expect(() =>
        adapter.makeClient({
          scheme: "tba",
          account,
          credentials: { accountId: "1234567", ...fake.secrets }
        })
      ).toThrow(/7654321/)
    })
  })
}
