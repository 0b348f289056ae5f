import { randomBytes } from "node:crypto"
import { signOAuth1, TbaCredentials } from "@netsuite-auth/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { ACCOUNT, assertion, ecIdentity, FORM, send, TBA, TOKEN_PATH, tokenForm } from "./helpers.ts"

const id = ecIdentity()
let server: MockServer

beforeAll(async () => {
  server = await startMockServer({
    accounts: [
      {
        accountId: ACCOUNT,
        tba: [TBA],
        m2m: [
          { clientId: "both", certificateId: "k1", certificate: id.certificate },
          {
            clientId: "restlets-only",
            certificateId: "k2",
            certificate: id.certificate,
            scopes: ["restlets"]
          }
        ]
      }
    ]
  })
})
afterAll(() => server.close())

const creds = (overrides: Partial<typeof TBA> = {}) =>
  TbaCredentials.make({ accountId: ACCOUNT, ...TBA, ...overrides })
const nonce = () => randomBytes(10).toString("hex")
const now = () => Math.floor(Date.now() / 1000)

const signed = (
  method: string,
  path: string,
  options: { creds?: TbaCredentials; timestamp?: number; nonce?: string } = {}
) =>
  signOAuth1(
    options.creds ?? creds(),
    { method, url: `${server.url}${path}` },
    {
      nonce: options.nonce ?? nonce(),
      timestamp: options.timestamp ?? now()
    }
  ).authorization

const CUSTOMER = "/services/rest/record/v1/customer/42?expandSubResources=true&fields=email%2CcompanyName"
const RESTLET = "/app/site/hosting/restlet.nl?script=123&deploy=1&note=a%20b"
const INVALID_LOGIN = {
  type: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2",
  title: "Unauthorized",
  status: 401,
  "o:errorDetails": [
    {
      detail:
        "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.",
      "o:errorCode": "INVALID_LOGIN"
    }
  ]
}
const RESTLET_INVALID_LOGIN = { error: { code: "INVALID_LOGIN_ATTEMPT", message: "Invalid login attempt." } }

const rest = (authorization: string | undefined, path = CUSTOMER) =>
  send(`${server.url}${path}`, { headers: authorization === undefined ? {} : { authorization } })
const restlet = (authorization: string, body = '{"hello":"world"}') =>
  send(`${server.url}${RESTLET}`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body
  })

const bearer = async (clientId = "both") => {
  const a = await assertion({
    key: id.privateKey,
    kid: clientId === "both" ? "k1" : "k2",
    iss: clientId,
    aud: `${server.url}${TOKEN_PATH}`,
    scope: clientId === "both" ? undefined : ["restlets"]
  })
  const r = await send(`${server.url}${TOKEN_PATH}`, { method: "POST", headers: FORM, body: tokenForm(a) })
  expect(r.status).toBe(200)
  return `Bearer ${JSON.parse(r.body).access_token}`
}

describe("REST and RESTlet: accepts", () => {
  it("a TBA header signed by core on a REST GET with query parameters", async () => {
    const r = await rest(signed("GET", CUSTOMER))
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toMatchObject({ id: "42", companyName: "Mock Customer 42 (1234567_SB1)" })
  })
  it("a TBA header on a RESTlet POST and echoes the JSON body (the body is not signed)", async () => {
    const r = await restlet(signed("POST", RESTLET), '{"hello":"world","n":[1,2]}')
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ hello: "world", n: [1, 2] })
  })
  it("a bearer token on REST and on a RESTlet GET", async () => {
    const auth = await bearer()
    expect((await rest(auth)).status).toBe(200)
    const r = await send(`${server.url}${RESTLET}`, { headers: { authorization: auth } })
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, script: "123", deploy: "1", account: ACCOUNT })
  })
  it("SuiteQL with a bearer token", async () => {
    const r = await send(`${server.url}/services/rest/query/v1/suiteql`, {
      method: "POST",
      headers: { authorization: await bearer(), "content-type": "application/json", prefer: "transient" },
      body: JSON.stringify({ q: "SELECT id FROM customer" })
    })
    expect(JSON.parse(r.body)).toMatchObject({ count: 1, items: [{ query: "SELECT id FROM customer" }] })
  })
})

describe("REST and RESTlet: rejects, one test per reason", () => {
  it("no Authorization header: 401 INVALID_LOGIN, exactly NetSuite's body", async () => {
    const r = await rest(undefined)
    expect(r.status).toBe(401)
    expect(JSON.parse(r.body)).toEqual(INVALID_LOGIN)
    expect(r.headers["x-mock-reason"]).toBe("MissingAuthorization")
  })
  it("a bad signature (wrong token secret)", async () => {
    const r = await rest(signed("GET", CUSTOMER, { creds: creds({ tokenSecret: "wrong-secret" }) }))
    expect([r.status, JSON.parse(r.body), r.headers["x-mock-reason"]]).toEqual([
      401,
      INVALID_LOGIN,
      "InvalidSignature"
    ])
  })
  it("a signature over another URL (query parameter changed after signing)", async () => {
    const auth = signed("GET", CUSTOMER)
    const r = await rest(auth, CUSTOMER.replace("42", "43"))
    expect(r.headers["x-mock-reason"]).toBe("InvalidSignature")
  })
  it("a lower-case realm on a RESTlet", async () => {
    const auth = signed("POST", RESTLET).replace('realm="1234567_SB1"', 'realm="1234567_sb1"')
    const r = await restlet(auth)
    expect([r.status, JSON.parse(r.body), r.headers["x-mock-reason"]]).toEqual([
      401,
      RESTLET_INVALID_LOGIN,
      "InvalidAccount"
    ])
  })
  it("HMAC-SHA1: 400 INVALID_REQUEST malformed syntax, as NetSuite answers since 2023.1", async () => {
    const auth = signed("POST", RESTLET).replace("HMAC-SHA256", "HMAC-SHA1")
    const r = await restlet(auth)
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body)).toEqual({
      error: {
        code: "INVALID_REQUEST",
        message: "The request could not be understood by the server due to malformed syntax."
      }
    })
  })
  it("a reused nonce (the same header twice)", async () => {
    const auth = signed("GET", CUSTOMER)
    expect((await rest(auth)).status).toBe(200)
    const r = await rest(auth)
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([401, "NonceUsed"])
  })
  it("a stale timestamp (301 s old)", async () => {
    const r = await rest(signed("GET", CUSTOMER, { timestamp: now() - 301 }))
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([401, "InvalidTimestamp"])
  })
  it("a nonce shorter than 6 characters", async () => {
    const auth = signed("GET", CUSTOMER).replace(/oauth_nonce="[^"]*"/, 'oauth_nonce="abc12"')
    expect((await rest(auth)).headers["x-mock-reason"]).toBe("nonce_rejected")
  })
  it("an unknown consumer key", async () => {
    const r = await rest(signed("GET", CUSTOMER, { creds: creds({ consumerKey: "unknown" }) }))
    expect(r.headers["x-mock-reason"]).toBe("consumer_key_unknown")
  })
  it("an expired bearer token, with WWW-Authenticate invalid_token", async () => {
    server.setFaults("token", { tokenLifetimeSeconds: 1 })
    const auth = await bearer()
    server.clearFaults("token")
    await new Promise((r) => setTimeout(r, 1100))
    const r = await rest(auth)
    expect([r.status, JSON.parse(r.body), r.headers["x-mock-reason"]]).toEqual([
      401,
      INVALID_LOGIN,
      "AccessTokenExpired"
    ])
    expect(r.headers["www-authenticate"]).toBe(
      'Bearer realm="1234567_SB1", error="invalid_token", error_description="Invalid login attempt."'
    )
  })
  it("a revoked bearer token on a RESTlet", async () => {
    const auth = await bearer()
    expect((await restlet(auth)).status).toBe(200)
    expect(server.revokeTokens(ACCOUNT)).toBeGreaterThan(0)
    const r = await restlet(auth)
    expect([r.status, JSON.parse(r.body), r.headers["x-mock-reason"]]).toEqual([
      401,
      RESTLET_INVALID_LOGIN,
      "TokenRevoked"
    ])
    expect(r.headers["www-authenticate"]).toContain('error="invalid_token"')
  })
  it("a bearer token without the rest_webservices scope on REST", async () => {
    const auth = await bearer("restlets-only")
    expect((await restlet(auth)).status).toBe(200)
    const r = await rest(auth)
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([401, "ScopeMismatched"])
  })
  it("an unknown bearer token", async () => {
    const r = await rest("Bearer eyJhbGciOiJub25lIn0.e30.")
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([401, "InvalidToken"])
  })
})

// Spec §5 vectors: the signatures were made for NetSuite's hosts, so the request says which host it
// was signed for (Host) and that TLS ended at a proxy (X-Forwarded-Proto), and the route's clock is
// moved back to the vector's timestamp.
describe("spec vectors are accepted byte for byte", () => {
  const T1 = {
    consumerKey: "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
    tokenId: "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82",
    consumerSecret: "7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd",
    tokenSecret: "060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2"
  }
  const header = (
    realm: string,
    nonce: string,
    ts: number,
    sig: string,
    ck = T1.consumerKey,
    tk = T1.tokenId
  ) =>
    `OAuth realm="${realm}", oauth_nonce="${nonce}", oauth_timestamp="${ts}", oauth_version="1.0", oauth_signature_method="HMAC-SHA256", oauth_consumer_key="${ck}", oauth_token="${tk}", oauth_signature="${sig}"`
  const atVectorTime = async (accountId: string, tba: typeof T1, route: "rest" | "restlet", ts: number) => {
    const s = await startMockServer({ accounts: [{ accountId, tba: [tba] }] })
    s.setFaults(route, { clockOffsetSeconds: ts - Date.now() / 1000 })
    return s
  }

  it("T3-A: REST GET with an encoded query, exact oauthlib header", async () => {
    const s = await atVectorTime("1234567_SB1", T1, "rest", 1439829974)
    try {
      const r = await send(
        `${s.url}/services/rest/record/v1/customer?limit=10&offset=0&q=email%20START_WITH%20%22a%2Bb%40x.com%22`,
        {
          headers: {
            host: "1234567-sb1.suitetalk.api.netsuite.com",
            "x-forwarded-proto": "https",
            authorization: header(
              "1234567_SB1",
              "6obMKq0tmY8ylVOdEkA1",
              1439829974,
              "gXN2aFUPnSJrh2d3zXY%2FfoaYTOoVHFUjcDlZETuEMGo%3D"
            )
          }
        }
      )
      expect([r.status, r.headers["x-mock-reason"]]).toEqual([200, undefined])
      expect(Date.parse(String(r.headers.date)) / 1000).toBeCloseTo(1439829974, -1)
    } finally {
      await s.close()
    }
  })
  it("T3-B: RESTlet POST with a JSON body that is not signed", async () => {
    const s = await atVectorTime("1234567_SB1", T1, "restlet", 1439829974)
    try {
      const r = await send(`${s.url}/app/site/hosting/restlet.nl?script=123&deploy=1`, {
        method: "POST",
        headers: {
          host: "1234567-sb1.restlets.api.netsuite.com",
          "x-forwarded-proto": "https",
          "content-type": "application/json",
          authorization: header(
            "1234567_SB1",
            "6obMKq0tmY8ylVOdEkA1",
            1439829974,
            "fsuXqlkEJD014Fr6m%2F%2Fe8Kv4mFaL%2BcFOT9x%2BJEh%2Bi3U%3D"
          )
        },
        body: '{"any":"body"}'
      })
      expect([r.status, r.body]).toEqual([200, '{"any":"body"}'])
    } finally {
      await s.close()
    }
  })
  it("T3-C: RESTlet GET where Zeta sorts before alpha", async () => {
    const s = await atVectorTime("1234567_SB1", T1, "restlet", 1439829974)
    try {
      const r = await send(
        `${s.url}/app/site/hosting/restlet.nl?script=123&deploy=1&id=42&Zeta=z&alpha=a%20b`,
        {
          headers: {
            host: "1234567-sb1.restlets.api.netsuite.com",
            "x-forwarded-proto": "https",
            authorization: header(
              "1234567_SB1",
              "6obMKq0tmY8ylVOdEkA1",
              1439829974,
              "70ilgYwmN3d4m%2F6m9S%2B11ewZZoQo%2FHjwyYpvYvYLsQQ%3D"
            )
          }
        }
      )
      expect(r.status).toBe(200)
    } finally {
      await s.close()
    }
  })
  it("T2: Oracle's published REST header (realm 123456)", async () => {
    const ORACLE = {
      consumerKey: "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
      tokenId: "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
      consumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
      tokenSecret: "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"
    }
    const s = await atVectorTime("123456", ORACLE, "rest", 1508242306)
    try {
      const auth = header(
        "123456",
        "fjaLirsIcCGVZWzBX0pg",
        1508242306,
        "B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D",
        ORACLE.consumerKey,
        ORACLE.tokenId
      )
      const r = await send(`${s.url}/services/rest/record/v1/employee/40`, {
        headers: {
          host: "123456.suitetalk.api.netsuite.com",
          "x-forwarded-proto": "https",
          authorization: auth
        }
      })
      expect(r.status).toBe(200)
      // The same header without the proxy's word that the client used https does not verify.
      const plain = await send(`${s.url}/services/rest/record/v1/employee/40`, {
        headers: {
          host: "123456.suitetalk.api.netsuite.com",
          authorization: auth.replace("fjaLirsIcCGVZWzBX0pg", "fjaLirsIcCGVZWzBX0pX")
        }
      })
      expect(plain.headers["x-mock-reason"]).toBe("InvalidSignature")
    } finally {
      await s.close()
    }
  })
})
