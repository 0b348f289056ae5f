import { createSecretKey, generateKeyPairSync } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { assertion, ecIdentity, FORM, JSON_TYPE, send, TOKEN_PATH, tokenForm } from "./helpers.ts"

let server: MockServer
let tokenUrl: string
const id = ecIdentity()
const CLIENT = "client-0001"
const KID = "cert-0001"

beforeAll(async () => {
  server = await startMockServer({
    accounts: [
      {
        accountId: "1234567_SB1",
        m2m: [
          {
            clientId: CLIENT,
            certificateId: KID,
            certificate: id.certificate,
            scopes: ["rest_webservices", "restlets"]
          }
        ]
      }
    ]
  })
  tokenUrl = `${server.url}${TOKEN_PATH}`
})
afterAll(() => server.close())

const good = (overrides: Partial<Parameters<typeof assertion>[0]> = {}) =>
  assertion({ key: id.privateKey, kid: KID, iss: CLIENT, aud: tokenUrl, ...overrides })

const post = (body: string, headers: Record<string, string> = FORM) =>
  send(tokenUrl, { method: "POST", headers, body })

const expectError = async (reply: ReturnType<typeof post>, status: number, error: string, reason: string) => {
  const r = await reply
  expect({ status: r.status, body: JSON.parse(r.body), reason: r.headers["x-mock-reason"] }).toEqual({
    status,
    body: { error },
    reason
  })
  if (error === "invalid_client") expect(r.headers["www-authenticate"]).toBe('Basic realm="1234567_SB1"')
  return r
}

describe("token endpoint: accepts", () => {
  it("a valid ES256 assertion and answers access_token, token_type, expires_in", async () => {
    const r = await post(tokenForm(await good()))
    expect(r.status).toBe(200)
    const body = JSON.parse(r.body)
    expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 })
    expect(body.access_token.split(".")).toHaveLength(3)
    expect(r.headers.date).toBeTruthy()
  })

  it("a PS256 assertion from a 3072-bit RSA-PSS key, and a comma-separated scope string", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa-pss", { modulusLength: 3072 })
    server.registerM2m("1234567_SB1", {
      clientId: "client-pss",
      certificateId: "cert-pss",
      certificate: publicKey.export({ type: "spki", format: "pem" }).toString()
    })
    const a = await assertion({
      key: privateKey,
      alg: "PS256",
      kid: "cert-pss",
      iss: "client-pss",
      aud: tokenUrl,
      scope: "restlets,rest_webservices"
    })
    expect((await post(tokenForm(a))).status).toBe(200)
  })

  it("exp - iat of exactly 3600 (Oracle's own sample)", async () => {
    const now = Math.floor(Date.now() / 1000)
    expect((await post(tokenForm(await good({ iat: now, exp: now + 3600 })))).status).toBe(200)
  })
})

describe("token endpoint: rejects, one test per reason", () => {
  it("a JSON body (not form encoded)", async () => {
    const body = JSON.stringify({ grant_type: "client_credentials" })
    await expectError(
      post(body, { "content-type": "application/json" }),
      400,
      "invalid_request",
      "UnsupportedContentType"
    )
  })
  it("a wrong grant_type", async () => {
    await expectError(
      post(tokenForm(await good(), { grant_type: "authorization_code" })),
      400,
      "invalid_request",
      "UnsupportedGrantType"
    )
  })
  it("a wrong client_assertion_type", async () => {
    await expectError(
      post(
        tokenForm(await good(), {
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"
        })
      ),
      400,
      "invalid_request",
      "InvalidClientAssertionType"
    )
  })
  it("client authentication sent twice (assertion plus Basic)", async () => {
    await expectError(
      post(tokenForm(await good()), { ...FORM, authorization: "Basic Y2xpZW50OnNlY3JldA==" }),
      400,
      "invalid_request",
      "MultipleClientAuthentication"
    )
  })
  it("an assertion that is not a JWT", async () => {
    await expectError(post(tokenForm("not.a-jwt")), 400, "invalid_request", "MalformedAssertion")
  })
  it("a bad signature (signed by another key)", async () => {
    const other = ecIdentity()
    await expectError(
      post(tokenForm(await good({ key: other.privateKey }))),
      401,
      "invalid_client",
      "InvalidSignature"
    )
  })
  it("an unknown kid", async () => {
    await expectError(
      post(tokenForm(await good({ kid: "someone-elses-cert" }))),
      401,
      "invalid_client",
      "UnknownCertificateId"
    )
  })
  it("RS256 (RSA PKCS#1 v1.5 ended in 2025)", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 3072 })
    server.registerM2m("1234567_SB1", {
      clientId: "client-rsa",
      certificateId: "cert-rsa",
      certificate: publicKey.export({ type: "spki", format: "pem" }).toString()
    })
    const a = await assertion({
      key: privateKey,
      alg: "RS256",
      kid: "cert-rsa",
      iss: "client-rsa",
      aud: tokenUrl
    })
    await expectError(post(tokenForm(a)), 401, "invalid_client", "UnsupportedAlgorithm")
    // The same key with PS256 is accepted: it is the algorithm that is refused.
    const ps = await assertion({
      key: privateKey,
      alg: "PS256",
      kid: "cert-rsa",
      iss: "client-rsa",
      aud: tokenUrl
    })
    expect((await post(tokenForm(ps))).status).toBe(200)
  })
  it("HS256 (a shared secret is not a certificate)", async () => {
    const a = await assertion({
      key: createSecretKey(Buffer.alloc(32, 7)),
      alg: "HS256",
      kid: KID,
      iss: CLIENT,
      aud: tokenUrl
    })
    await expectError(post(tokenForm(a)), 401, "invalid_client", "UnsupportedAlgorithm")
  })
  it("an unregistered iss", async () => {
    await expectError(
      post(tokenForm(await good({ iss: "nobody" }))),
      401,
      "invalid_client",
      "InvalidIntegration"
    )
  })
  it("a wrong aud: the production host instead of the sandbox one", async () => {
    const aud = "https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
    await expectError(post(tokenForm(await good({ aud }))), 401, "invalid_client", "InvalidAudience")
  })
  it("a missing iat", async () => {
    await expectError(
      post(tokenForm(await good({ omit: ["iat"] }))),
      400,
      "invalid_request",
      "MissingIatOrExp"
    )
  })
  it("a missing exp", async () => {
    await expectError(
      post(tokenForm(await good({ omit: ["exp"] }))),
      400,
      "invalid_request",
      "MissingIatOrExp"
    )
  })
  it("exp - iat over 3600", async () => {
    const now = Math.floor(Date.now() / 1000)
    await expectError(
      post(tokenForm(await good({ iat: now, exp: now + 3601 }))),
      400,
      "invalid_request",
      "InvalidAssertionLifetime"
    )
  })
  it("an expired assertion", async () => {
    const now = Math.floor(Date.now() / 1000)
    await expectError(
      post(tokenForm(await good({ iat: now - 700, exp: now - 400 }))),
      400,
      "invalid_grant",
      "AssertionExpired"
    )
  })
  it("a scope the integration does not allow", async () => {
    await expectError(
      post(tokenForm(await good({ scope: ["rest_webservices", "suite_analytics"] }))),
      400,
      "invalid_scope",
      "ScopeMismatched"
    )
  })
  it("an assertion that was valid until the server clock moved (clock offset fault)", async () => {
    server.setFaults("token", { clockOffsetSeconds: 400 })
    try {
      const r = await expectError(post(tokenForm(await good())), 400, "invalid_grant", "AssertionExpired")
      // The Date header carries the offset, so a client can learn the skew from it.
      expect(Date.parse(String(r.headers.date)) - Date.now()).toBeGreaterThan(390_000)
    } finally {
      server.clearFaults("token")
    }
  })
})

describe("token endpoint: faults and revocation over HTTP", () => {
  it("a 503 then recovery, and POST /_mock/revoke revokes what was issued", async () => {
    server.setFaults("token", { status5xx: { count: 1 } })
    expect((await post(tokenForm(await good()))).status).toBe(503)
    const r = await post(tokenForm(await good()))
    expect(r.status).toBe(200)
    const revoke = await send(`${server.url}/_mock/revoke`, {
      method: "POST",
      headers: JSON_TYPE,
      body: '{"accountId":"1234567-sb1"}'
    })
    expect(JSON.parse(revoke.body).revoked).toBeGreaterThan(0)
    const rest = await send(`${server.url}/services/rest/record/v1/customer/1`, {
      headers: { authorization: `Bearer ${JSON.parse(r.body).access_token}` }
    })
    expect([rest.status, rest.headers["x-mock-reason"]]).toEqual([401, "TokenRevoked"])
    expect(server.stats().faultsInjected["token:status5xx"]).toBe(1)
  })
})
