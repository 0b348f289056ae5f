import { generateKeyPairSync, type KeyObject } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose"
import {
  AccountId,
  assertionClaims,
  ClockSkew,
  clientAssertion,
  endpointsFor,
  M2MCredentials,
  type M2MCredentialsInput,
  Nonce,
  signAssertion,
  TokenEndpointError
} from "../src/index.ts"

// Spec section 5, T4.
const T4 = {
  clientId: "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
  certificateId: "example-cert-id",
  account: "1234567_SB1",
  now: 1439829974,
  header: '{"typ":"JWT","alg":"ES256","kid":"example-cert-id"}',
  payload:
    '{"iss":"71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4","scope":["rest_webservices","restlets"],"aud":"https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token","iat":1439829974,"exp":1439830274}',
  signingInput:
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiIsImtpZCI6ImV4YW1wbGUtY2VydC1pZCJ9.eyJpc3MiOiI3MWNjMDJiNzMxZjA1ODk1NTYxZWYwODYyZDcxNTUzYTNhYzk5NDk4YTk0N2MzYjdiZWFmNGExZTRhMjlmN2M0Iiwic2NvcGUiOlsicmVzdF93ZWJzZXJ2aWNlcyIsInJlc3RsZXRzIl0sImF1ZCI6Imh0dHBzOi8vMTIzNDU2Ny1zYjEuc3VpdGV0YWxrLmFwaS5uZXRzdWl0ZS5jb20vc2VydmljZXMvcmVzdC9hdXRoL29hdXRoMi92MS90b2tlbiIsImlhdCI6MTQzOTgyOTk3NCwiZXhwIjoxNDM5ODMwMjc0fQ"
} as const

const tokenUrl = endpointsFor(AccountId.parseOrThrow(T4.account)).tokenUrl
const ec256 = generateKeyPairSync("ec", { namedCurve: "P-256" })
const rsa3072 = generateKeyPairSync("rsa", { modulusLength: 3072 })

const creds = (privateKey: KeyObject, extra: Partial<M2MCredentialsInput> = {}) =>
  M2MCredentials.make({
    accountId: T4.account,
    clientId: T4.clientId,
    certificateId: T4.certificateId,
    privateKey,
    ...extra
  })

const segments = (jwt: string) => {
  const [h, p, s] = jwt.split(".")
  return { h: h!, p: p!, s: s!, signingInput: `${h}.${p}` }
}

describe("T4: client assertion", () => {
  it("uses the token URL of the sandbox host as aud", () => {
    expect(tokenUrl).toBe("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token")
  })

  it.effect(
    "ES256 signing input is byte-exact and the 64-byte r||s signature verifies with the public key",
    () =>
      Effect.gen(function* () {
        const c = creds(ec256.privateKey)
        const jwt = yield* signAssertion(c, assertionClaims(c, { tokenUrl, nowSeconds: T4.now }))
        const { s, signingInput, h, p } = segments(jwt)
        expect(signingInput).toBe(T4.signingInput)
        expect(Buffer.from(h, "base64url").toString()).toBe(T4.header)
        expect(Buffer.from(p, "base64url").toString()).toBe(T4.payload)
        expect(Buffer.from(s, "base64url")).toHaveLength(64)
        const verified = yield* Effect.promise(() =>
          jwtVerify(jwt, ec256.publicKey, { currentDate: new Date(T4.now * 1000), audience: tokenUrl })
        )
        expect(verified.protectedHeader).toEqual({ typ: "JWT", alg: "ES256", kid: T4.certificateId })
      })
  )

  it.effect("clientAssertion under a fixed clock gives the T4 header and payload plus a jti from Nonce", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T4.now * 1000)
      const c = creds(ec256.privateKey)
      const jwt = yield* clientAssertion(c, { tokenUrl }).pipe(
        Effect.provideService(Nonce.Nonce, Nonce.seeded(7))
      )
      const { h, p } = segments(jwt)
      expect(h).toBe(T4.signingInput.split(".")[0])
      const expectedJti = Nonce.seeded(7).next()
      expect(Buffer.from(p, "base64url").toString()).toBe(
        `${T4.payload.slice(0, -1)},"jti":${JSON.stringify(expectedJti)}}`
      )
      yield* Effect.promise(() => jwtVerify(jwt, ec256.publicKey, { currentDate: new Date(T4.now * 1000) }))
    })
  )

  it.effect("PS256 with a 3072-bit RSA key: same signing input shape, 384-byte signature verifies", () =>
    Effect.gen(function* () {
      const c = creds(rsa3072.privateKey)
      expect(c.algorithm).toBe("PS256")
      const jwt = yield* signAssertion(c, assertionClaims(c, { tokenUrl, nowSeconds: T4.now }))
      const { h, p, s } = segments(jwt)
      expect(Buffer.from(h, "base64url").toString()).toBe(
        '{"typ":"JWT","alg":"PS256","kid":"example-cert-id"}'
      )
      expect(p).toBe(T4.signingInput.split(".")[1])
      expect(Buffer.from(s, "base64url")).toHaveLength(384)
      const verified = yield* Effect.promise(() =>
        jwtVerify(jwt, rsa3072.publicKey, { currentDate: new Date(T4.now * 1000), algorithms: ["PS256"] })
      )
      expect(verified.payload.iss).toBe(T4.clientId)
    })
  )

  it.effect("a tampered payload does not verify (the verification above can fail)", () =>
    Effect.gen(function* () {
      const c = creds(ec256.privateKey)
      const jwt = yield* signAssertion(c, assertionClaims(c, { tokenUrl, nowSeconds: T4.now }))
      const { h, s } = segments(jwt)
      const forged = `${h}.${Buffer.from(T4.payload.replace("restlets", "restletz")).toString("base64url")}.${s}`
      const outcome = yield* Effect.promise(() =>
        jwtVerify(forged, ec256.publicKey, { currentDate: new Date(T4.now * 1000) }).then(
          () => "verified",
          (e: Error) => e.name
        )
      )
      expect(outcome).toBe("JWSSignatureVerificationFailed")
    })
  )

  it.effect("iat follows the clock skew learned from NetSuite's Date header", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T4.now * 1000)
      const skew = ClockSkew.make(180_000)
      const jwt = yield* clientAssertion(creds(ec256.privateKey), { tokenUrl }).pipe(
        Effect.provideService(ClockSkew.ClockSkew, skew)
      )
      const claims = decodeJwt(jwt)
      expect(claims.iat).toBe(T4.now + 180)
      expect(claims.exp).toBe(T4.now + 180 + 300)
    })
  )

  it.effect("every assertion gets a fresh jti", () =>
    Effect.gen(function* () {
      const c = creds(ec256.privateKey)
      const a = decodeJwt(yield* clientAssertion(c, { tokenUrl }))
      const b = decodeJwt(yield* clientAssertion(c, { tokenUrl }))
      expect(typeof a.jti).toBe("string")
      expect(a.jti).not.toBe(b.jti)
    })
  )
})

describe("claims options", () => {
  it("scope is a JSON array by default and a comma-separated string on request", () => {
    const array = assertionClaims(creds(ec256.privateKey), { tokenUrl, nowSeconds: 1 })
    expect(array.scope).toEqual(["rest_webservices", "restlets"])
    const string = assertionClaims(
      creds(ec256.privateKey, {
        scopeFormat: "string",
        scopes: ["restlets", "rest_webservices", "suite_analytics"]
      }),
      { tokenUrl, nowSeconds: 1 }
    )
    expect(string.scope).toBe("restlets,rest_webservices,suite_analytics")
  })

  it.effect("the string scope form reaches the signed payload", () =>
    Effect.gen(function* () {
      const c = creds(ec256.privateKey, { scopeFormat: "string" })
      const jwt = yield* signAssertion(c, assertionClaims(c, { tokenUrl, nowSeconds: T4.now }))
      expect(Buffer.from(segments(jwt).p, "base64url").toString()).toContain(
        '"scope":"rest_webservices,restlets"'
      )
    })
  )

  it("exp is iat plus the configured lifetime; 3600 is the maximum accepted", () => {
    const c = creds(ec256.privateKey, { assertionLifetimeSeconds: 3600 })
    const claims = assertionClaims(c, { tokenUrl, nowSeconds: 1000, jti: "j" })
    expect(claims).toEqual({
      iss: T4.clientId,
      scope: ["rest_webservices", "restlets"],
      aud: tokenUrl,
      iat: 1000,
      exp: 4600,
      jti: "j"
    })
    expect(Object.keys(claims)).toEqual(["iss", "scope", "aud", "iat", "exp", "jti"])
  })

  it.effect("the mcp scope alone is signed as given", () =>
    Effect.gen(function* () {
      const c = creds(ec256.privateKey, { scopes: ["mcp"] })
      const jwt = yield* clientAssertion(c, { tokenUrl })
      expect(decodeJwt(jwt).scope).toEqual(["mcp"])
      expect(decodeProtectedHeader(jwt).kid).toBe(T4.certificateId)
    })
  )

  it("signing errors are TokenEndpointError SigningFailed (type check of the error channel)", () => {
    const program: Effect.Effect<string, TokenEndpointError> = clientAssertion(creds(ec256.privateKey), {
      tokenUrl
    })
    expect(Effect.isEffect(program)).toBe(true)
    expect(new TokenEndpointError({ reason: "SigningFailed", message: "x" }).code).toBe(
      "NETSUITE_AUTH_TOKEN_SIGNING_FAILED"
    )
  })
})
