import { generateKeyPairSync } from "node:crypto"
import { inspect } from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, Result } from "effect"
import { TestClock } from "effect/testing"
import { decodeJwt, jwtVerify } from "jose"
import {
  CLIENT_ASSERTION_TYPE,
  endpointsFor,
  M2MCredentials,
  type TokenEndpointError,
  type TokenResponse,
  tokenRequest
} from "../src/index.ts"
import {
  decodeTokenResponse,
  loginAuditTrailHint,
  sanitizeServerText,
  tokenResponse
} from "../src/internal.ts"

const NOW = 1_700_000_000_000
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" })
const creds = M2MCredentials.make({
  accountId: "1234567_SB1",
  clientId: "client-id",
  certificateId: "cert-id",
  privateKey: ec.privateKey
})
const tokenUrl = endpointsFor(creds.account).tokenUrl

const decode = (response: Partial<TokenResponse>) =>
  decodeTokenResponse({ status: 200, headers: {}, body: "", ...response }, NOW)
const failure = (response: Partial<TokenResponse>): TokenEndpointError => {
  const result = decode(response)
  if (Result.isSuccess(result)) throw new Error("expected a failure")
  return result.failure
}
const success = (body: unknown) => {
  const result = decode({ body: JSON.stringify(body) })
  if (Result.isFailure(result)) throw result.failure
  return result.success
}

describe("token request (spec 1.4)", () => {
  it.effect("is a form-encoded POST to the token URL whose body begins exactly as the spec says", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const req = yield* tokenRequest(creds, tokenUrl)
      expect(req.url).toBe(tokenUrl)
      expect(req.method).toBe("POST")
      expect(req.headers).toEqual({
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json"
      })
      expect(
        req.body.startsWith(
          "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion="
        )
      ).toBe(true)
      const form = new URLSearchParams(req.body)
      expect([...form.keys()]).toEqual(["grant_type", "client_assertion_type", "client_assertion"])
      expect(form.get("client_assertion_type")).toBe(CLIENT_ASSERTION_TYPE)
      const assertion = form.get("client_assertion")!
      const { payload } = yield* Effect.promise(() =>
        jwtVerify(assertion, ec.publicKey, { audience: tokenUrl, currentDate: new Date(NOW) })
      )
      expect(payload.iss).toBe("client-id")
    })
  )

  it.effect("every request carries a new assertion (sign again on retry)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const a = yield* tokenRequest(creds, tokenUrl)
      const b = yield* tokenRequest(creds, tokenUrl)
      expect(a.body).not.toBe(b.body)
      expect(decodeJwt(new URLSearchParams(a.body).get("client_assertion")!).iat).toBe(NOW / 1000)
    })
  )

  it.effect("logs without the assertion: JSON, inspect, String and object spread", () =>
    Effect.gen(function* () {
      const req = yield* tokenRequest(creds, tokenUrl)
      const assertion = new URLSearchParams(req.body).get("client_assertion")!
      for (const shown of [
        JSON.stringify(req),
        inspect(req, { depth: Infinity }),
        String(req),
        JSON.stringify({ ...req })
      ]) {
        expect(shown).not.toContain(assertion)
        expect(shown).not.toContain(assertion.split(".")[2]!)
      }
      expect(JSON.stringify(req)).toContain("client_assertion=<redacted>")
    })
  )
})

describe("decodeTokenResponse: success", () => {
  it("expires_in as a number", () => {
    const token = success({ access_token: "tok", token_type: "Bearer", expires_in: 3600 })
    expect(Redacted.value(token.accessToken)).toBe("tok")
    expect(token).toMatchObject({
      tokenType: "Bearer",
      expiresInSeconds: 3600,
      expiresAtMillis: NOW + 3_600_000
    })
  })

  it("expires_in as a numeric string (Q3), token_type in any case", () => {
    const token = success({ access_token: "tok", token_type: "bearer", expires_in: "1800" })
    expect(token.expiresInSeconds).toBe(1800)
    expect(token.expiresAtMillis).toBe(NOW + 1_800_000)
  })

  it("missing expires_in is taken as 3600; scope is kept and split", () => {
    const token = success({ access_token: "tok", token_type: "Bearer", scope: "restlets,rest_webservices" })
    expect(token.expiresInSeconds).toBe(3600)
    expect(token.scope).toBe("restlets,rest_webservices")
    expect(token.scopes).toEqual(["restlets", "rest_webservices"])
  })

  it.effect("the Effect variant takes now from the Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const token = yield* tokenResponse({
        status: 200,
        headers: {},
        body: '{"access_token":"t","token_type":"Bearer","expires_in":60}'
      })
      expect(token.expiresAtMillis).toBe(NOW + 60_000)
      const error = yield* Effect.flip(
        tokenResponse({ status: 400, headers: {}, body: '{"error":"invalid_grant"}' })
      )
      expect(error.reason).toBe("InvalidGrant")
    })
  )
})

describe("decodeTokenResponse: errors", () => {
  const cases: ReadonlyArray<readonly [string, Partial<TokenResponse>, string, boolean, RegExp]> = [
    [
      "invalid_client 401 with WWW-Authenticate",
      {
        status: 401,
        headers: { "WWW-Authenticate": 'Basic realm="1234567_SB1"' },
        body: '{"error":"invalid_client"}'
      },
      "NETSUITE_AUTH_TOKEN_INVALID_CLIENT",
      false,
      /iss is the client ID[\s\S]*kid is the certificate ID[\s\S]*sandbox refresh deletes them/
    ],
    [
      "invalid_grant",
      { status: 400, body: '{"error":"invalid_grant"}' },
      "NETSUITE_AUTH_TOKEN_INVALID_GRANT",
      false,
      /aud is exactly the token URL[\s\S]*sandbox host/
    ],
    [
      "invalid_request",
      { status: 400, body: '{"error":"invalid_request"}' },
      "NETSUITE_AUTH_TOKEN_INVALID_REQUEST",
      false,
      /form-encoded POST/
    ],
    [
      "invalid_scope",
      { status: 400, body: '{"error":"invalid_scope"}' },
      "NETSUITE_AUTH_TOKEN_INVALID_SCOPE",
      false,
      /enabled on the integration record/
    ],
    [
      "unauthorized_client",
      { status: 400, body: '{"error":"unauthorized_client"}' },
      "NETSUITE_AUTH_TOKEN_UNAUTHORIZED_CLIENT",
      false,
      /Client Credentials \(Machine to Machine\) Grant/
    ],
    [
      "unsupported_grant_type",
      { status: 400, body: '{"error":"unsupported_grant_type"}' },
      "NETSUITE_AUTH_TOKEN_UNSUPPORTED_GRANT_TYPE",
      false,
      /oauth2\/v1\/token/
    ],
    [
      "401 without a body but with WWW-Authenticate",
      { status: 401, headers: { "www-authenticate": "Basic" }, body: "" },
      "NETSUITE_AUTH_TOKEN_INVALID_CLIENT",
      false,
      /certificate ID/
    ],
    [
      "429",
      { status: 429, headers: { "Retry-After": "7" }, body: "" },
      "NETSUITE_AUTH_TOKEN_RATE_LIMITED",
      true,
      /Cache the access token[\s\S]*7 s/
    ],
    [
      "500",
      { status: 500, body: "<html>oops</html>" },
      "NETSUITE_AUTH_TOKEN_SERVER_ERROR",
      true,
      /temporary/
    ],
    [
      "503 with error body",
      { status: 503, body: '{"error":"temporarily_unavailable"}' },
      "NETSUITE_AUTH_TOKEN_SERVER_ERROR",
      true,
      /temporary/
    ],
    [
      "404 HTML",
      { status: 404, body: "<html>Not Found</html>" },
      "NETSUITE_AUTH_TOKEN_UNEXPECTED_STATUS",
      false,
      /Not Found[\s\S]*token URL/
    ],
    [
      "200 non-JSON",
      { status: 200, body: "<html>login</html>" },
      "NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE",
      false,
      /not a JSON object/
    ],
    [
      "200 without access_token",
      { status: 200, body: '{"token_type":"Bearer"}' },
      "NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE",
      false,
      /access_token is missing/
    ],
    [
      "200 non-bearer",
      { status: 200, body: '{"access_token":"t","token_type":"mac"}' },
      "NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE",
      false,
      /not Bearer/
    ],
    [
      "200 bad expires_in",
      { status: 200, body: '{"access_token":"t","expires_in":"soon"}' },
      "NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE",
      false,
      /expires_in/
    ],
    [
      "200 JSON array",
      { status: 200, body: "[1]" },
      "NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE",
      false,
      /JSON object/
    ]
  ]
  for (const [name, response, code, retryable, advice] of cases) {
    it(`${name} → ${code}`, () => {
      const error = failure(response)
      expect(error._tag).toBe("TokenEndpointError")
      expect(error.code).toBe(code)
      expect(error.retryable).toBe(retryable)
      expect(error.status).toBe(response.status)
      expect(error.message).toMatch(advice)
      expect(error.message.endsWith(loginAuditTrailHint)).toBe(!code.endsWith("RATE_LIMITED"))
    })
  }

  it("Retry-After as an HTTP date becomes seconds from now", () => {
    const error = failure({ status: 429, headers: { "retry-after": new Date(NOW + 30_000).toUTCString() } })
    expect(error.retryAfterSeconds).toBe(30)
  })

  it("never echoes a JWT or a long opaque value from the body", () => {
    const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJjbGllbnQifQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl"
    const error = failure({
      status: 400,
      body: JSON.stringify({ error: "invalid_grant", error_description: `bad assertion ${jwt} for you` })
    })
    expect(error.message).toContain("bad assertion <jwt> for you")
    expect(error.message).not.toContain("eyJ")
    const html = failure({ status: 418, body: `<p>${jwt}</p>${"A".repeat(60)}${"x".repeat(500)}` })
    expect(html.message).not.toContain("eyJ")
    expect(html.message).not.toContain("A".repeat(60))
    expect(html.message.length).toBeLessThan(800)
  })

  it("a 200 answer's token never reaches an error message", () => {
    const error = failure({ status: 200, body: '{"access_token":"SECRET-TOKEN-123","token_type":"mac"}' })
    expect(error.message).not.toContain("SECRET-TOKEN-123")
  })

  it("sanitizeServerText strips PEM, JWT and control characters and truncates", () => {
    expect(sanitizeServerText("a\nb\u0000c")).toBe("a b c")
    expect(sanitizeServerText("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- tail")).toBe(
      "<pem> tail"
    )
    expect(sanitizeServerText("ab ".repeat(100))).toHaveLength(201)
  })
})
