/**
 * Bad input: each case is a clear coded error at construction, or a correct signature that the
 * mock server verifies. Never a crash (a non-coded exception), never a secret in the error.
 */
import { constants, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto"
import {
  AccountId,
  M2MCredentials,
  NetSuiteAccount,
  oauth1Header,
  passport,
  passportXml,
  TbaCredentials,
  tokenRequest
} from "@netsuite-auth/core"
import { generateKeyPair } from "@netsuite-auth/keys"
import type { MockServer } from "@netsuite-auth/mock-server"
import { createNetSuiteSoapClient } from "@netsuite-auth/soap"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ACCOUNT_ID, makeCredentials, startMock, WSDL_VERSION } from "./support/fixture.ts"
import { errorTexts, leaks, pemSecrets, tbaSecrets } from "./support/secrets.ts"

const creds = makeCredentials()
let mock: MockServer
beforeAll(async () => {
  mock = await startMock(creds, { concurrencyLimit: 50 })
})
afterAll(() => mock.close())

/** Runs `fn`, expects a coded error of ours, and that none of `secrets` shows in any rendering of it. */
const expectCodedError = (
  fn: () => unknown,
  code: RegExp,
  secrets: Readonly<Record<string, string>> = {}
) => {
  let thrown: unknown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  expect(thrown, "expected a coded error, got success").toBeDefined()
  const error = thrown as { code?: unknown; message?: unknown; _tag?: unknown }
  expect(typeof error._tag === "string" ? error._tag : `untagged ${String(thrown)}`).toMatch(
    /^(ConfigError|KeyError|TokenEndpointError|RequestError)$/
  )
  expect(String(error.code)).toMatch(code)
  // A message that says what to do is more than a word.
  expect(String(error.message).length).toBeGreaterThan(30)
  expect(leaks(errorTexts(thrown), secrets)).toEqual([])
  return thrown
}

const pem = (key: KeyObject) => key.export({ type: "pkcs8", format: "pem" }).toString()
const m2mInput = (privateKey: unknown, extra: Record<string, unknown> = {}) =>
  ({
    accountId: ACCOUNT_ID,
    clientId: creds.m2m.clientId,
    certificateId: creds.m2m.certificateId,
    privateKey,
    ...extra
  }) as Parameters<typeof M2MCredentials.make>[0]

/** Posts a token request built by core to the mock; true when the mock issued a token. */
const mockAcceptsAssertion = async (m2m: M2MCredentials): Promise<{ status: number; body: string }> => {
  const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url })
  const request = await Effect.runPromise(tokenRequest(m2m, account.endpoints.tokenUrl))
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body
  })
  return { status: response.status, body: await response.text() }
}

describe("bad M2M keys: a coded KeyError at construction, the key never echoed", () => {
  const good = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
  const goodPem = pem(good)
  const secrets = pemSecrets("P-256 key", goodPem)
  const rsa2048 = pem(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey)
  const rsa3072 = generateKeyPairSync("rsa", { modulusLength: 3072 }).privateKey
  const k1 = pem(generateKeyPairSync("ec", { namedCurve: "secp256k1" }).privateKey)
  const p384 = pem(generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey)
  const ed25519 = pem(generateKeyPairSync("ed25519").privateKey)
  const encrypted = good
    .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "correct horse" })
    .toString()
  const lines = goodPem.trim().split("\n")

  const cases: ReadonlyArray<readonly [string, () => unknown, RegExp, Record<string, string>]> = [
    [
      "empty string",
      () => M2MCredentials.make(m2mInput("")),
      /^NETSUITE_AUTH_(KEY_UNPARSEABLE|INVALID_CREDENTIALS)$/,
      {}
    ],
    [
      "malformed PEM (not base64)",
      () =>
        M2MCredentials.make(
          m2mInput("-----BEGIN PRIVATE KEY-----\nnot*base64*at*all\n-----END PRIVATE KEY-----\n")
        ),
      /^NETSUITE_AUTH_KEY_UNPARSEABLE$/,
      {}
    ],
    [
      "truncated PEM (body cut in half, END line kept)",
      () => M2MCredentials.make(m2mInput([...lines.slice(0, 2), lines.at(-1)].join("\n"))),
      /^NETSUITE_AUTH_KEY_UNPARSEABLE$/,
      secrets
    ],
    [
      "truncated PEM (no END line)",
      () => M2MCredentials.make(m2mInput(lines.slice(0, 2).join("\n"))),
      /^NETSUITE_AUTH_KEY_UNPARSEABLE$/,
      secrets
    ],
    [
      "wrong curve secp256k1",
      () => M2MCredentials.make(m2mInput(k1)),
      /^NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED$/,
      pemSecrets("k1", k1)
    ],
    [
      "Ed25519",
      () => M2MCredentials.make(m2mInput(ed25519)),
      /^NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED$/,
      pemSecrets("ed", ed25519)
    ],
    [
      "RSA-2048 (NetSuite wants 3072/4096)",
      () => M2MCredentials.make(m2mInput(rsa2048)),
      /^NETSUITE_AUTH_KEY_TOO_SMALL$/,
      pemSecrets("rsa", rsa2048)
    ],
    [
      "RS256 with an RSA-3072 key",
      () => M2MCredentials.make(m2mInput(pem(rsa3072), { algorithm: "RS256" })),
      /^NETSUITE_AUTH_ALG_UNSUPPORTED$/,
      pemSecrets("rsa3072", pem(rsa3072))
    ],
    [
      "ES256 with a P-384 key",
      () => M2MCredentials.make(m2mInput(p384, { algorithm: "ES256" })),
      /^NETSUITE_AUTH_ALG_MISMATCH$/,
      pemSecrets("p384", p384)
    ],
    [
      "certificate instead of a key",
      () => M2MCredentials.make(m2mInput(creds.m2m.certificate)),
      /^NETSUITE_AUTH_KEY_NOT_PRIVATE$/,
      {}
    ],
    [
      "public key instead of a private key",
      () =>
        M2MCredentials.make(
          m2mInput(createPublicKey(good).export({ type: "spki", format: "pem" }).toString())
        ),
      /^NETSUITE_AUTH_KEY_NOT_PRIVATE$/,
      {}
    ],
    [
      "encrypted PEM",
      () => M2MCredentials.make(m2mInput(encrypted)),
      /^NETSUITE_AUTH_KEY_ENCRYPTED$/,
      pemSecrets("enc", encrypted)
    ],
    [
      "a number instead of a key",
      () => M2MCredentials.make(m2mInput(42)),
      /^NETSUITE_AUTH_(KEY_UNPARSEABLE|INVALID_CREDENTIALS)$/,
      {}
    ]
  ]
  for (const [name, fn, code, secretsOf] of cases) {
    it(name, () => {
      expectCodedError(fn, code, secretsOf)
    })
  }

  it("valid keys sign assertions the mock verifies: P-256/ES256, RSA-3072/PS256, RSA-PSS-3072/PS256, PEM with literal \\n", async () => {
    const rsaPss = generateKeyPair("rsa-pss-3072")
    const keys: ReadonlyArray<readonly [string, string, string]> = [
      ["P-256", goodPem, createPublicKey(good).export({ type: "spki", format: "pem" }).toString()],
      ["RSA-3072", pem(rsa3072), createPublicKey(rsa3072).export({ type: "spki", format: "pem" }).toString()],
      [
        "RSA-PSS-3072",
        pem(rsaPss.privateKey),
        rsaPss.publicKey.export({ type: "spki", format: "pem" }).toString()
      ],
      [
        "P-256 one-line \\n",
        goodPem.replace(/\n/g, "\\n"),
        createPublicKey(good).export({ type: "spki", format: "pem" }).toString()
      ]
    ]
    for (const [i, [name, privateKey, publicKey]] of keys.entries()) {
      const clientId = `client-${i}-${name.replace(/\W/g, "")}`
      mock.registerM2m(ACCOUNT_ID, { clientId, certificateId: `cert-${i}`, certificate: publicKey })
      const m2m = M2MCredentials.make(m2mInput(privateKey, { clientId, certificateId: `cert-${i}` }))
      const answer = await mockAcceptsAssertion(m2m)
      expect({ name, status: answer.status }).toEqual({ name, status: 200 })
    }
  })

  it("an RSA key under PSS padding is still PS256 (never PKCS#1 v1.5)", () => {
    const m2m = M2MCredentials.make(m2mInput(pem(rsa3072)))
    expect(m2m.algorithm).toBe("PS256")
    expect(constants.RSA_PKCS1_PSS_PADDING).toBeDefined()
  })
})

describe("hostile account IDs: ConfigError NETSUITE_AUTH_INVALID_ACCOUNT_ID everywhere", () => {
  const hostile = [
    "1234567.evil.com",
    "evil.com/1234567",
    "../1234567",
    "..",
    "%2e%2e",
    "1234567%2Fevil",
    "1234567@evil.com",
    "1234567:443",
    "1234\n567",
    "1234567\r\nHost: evil.com",
    "１２３４５６７",
    "1234567_ＳＢ1",
    "12345\u200b67",
    "",
    "   ",
    "1234567_SB1_SB2",
    "a".repeat(200)
  ]
  for (const id of hostile) {
    it(`rejects ${JSON.stringify(id).slice(0, 40)} in AccountId, TbaCredentials, M2MCredentials, NetSuiteAccount and the SOAP client`, async () => {
      expectCodedError(() => AccountId.parseOrThrow(id), /^NETSUITE_AUTH_INVALID_ACCOUNT_ID$/)
      expectCodedError(
        () => TbaCredentials.make({ ...creds.tba, accountId: id }),
        /^NETSUITE_AUTH_INVALID_ACCOUNT_ID$/,
        tbaSecrets(creds.tba)
      )
      expectCodedError(
        () => M2MCredentials.make({ ...m2mInput(creds.m2m.privateKey), accountId: id }),
        /^NETSUITE_AUTH_INVALID_ACCOUNT_ID$/,
        pemSecrets("key", creds.m2m.privateKey)
      )
      expectCodedError(() => NetSuiteAccount.make({ accountId: id }), /^NETSUITE_AUTH_INVALID_ACCOUNT_ID$/)
      const outcome = await createNetSuiteSoapClient({
        credentials: { ...creds.tba, accountId: id },
        wsdlVersion: WSDL_VERSION,
        wsdl: mock.endpoints.wsdlUrl(WSDL_VERSION)
      }).then(
        () => "created",
        (e: unknown) => String((e as { code?: unknown }).code)
      )
      expect(outcome).toBe("NETSUITE_AUTH_INVALID_ACCOUNT_ID")
    })
  }
})

describe("surrounding whitespace (a pasted newline) is trimmed to a safe, normalized ID", () => {
  for (const id of ["1234567\n", " 1234567_sb1\r\n", "\t1234567-SB1 "]) {
    it(`${JSON.stringify(id)} becomes a clean realm and host, never carrying the whitespace into a URL`, () => {
      const parsed = AccountId.parseOrThrow(id)
      expect(parsed.realm).toMatch(/^1234567(_SB1)?$/)
      expect(parsed.host).toMatch(/^1234567(-sb1)?$/)
      expect(NetSuiteAccount.make({ accountId: id }).endpoints.tokenUrl).toMatch(
        /^https:\/\/1234567(-sb1)?\.suitetalk\.api\.netsuite\.com\/services\/rest\/auth\/oauth2\/v1\/token$/
      )
    })
  }
})

describe("URLs with reserved characters, unicode and empty values: OAuth 1.0a signatures the mock verifies", () => {
  const tba = TbaCredentials.make({ accountId: ACCOUNT_ID, ...creds.tba })
  const queries = [
    `q=${encodeURIComponent(":/?#[]@!$&'()*+,;=")}`,
    "raw=!$'()*,;:@",
    "plus=a+b&space=a%20b",
    "empty=&bare&also=",
    "dup=2&dup=1&dup=1",
    `uni=${encodeURIComponent("é日本🙂")}`,
    "rawuni=é日本",
    "pct=%25%2525",
    "tilde=~-._",
    "Zeta=z&alpha=a&_=u",
    ""
  ]
  const paths = [
    "/services/rest/record/v1/customer",
    "/services/rest/record/v1/customer/!transform/vendor",
    "/services/rest/query/v1/suiteql"
  ]
  for (const path of paths) {
    for (const query of queries) {
      it(`GET ${path}?${query}`.slice(0, 110), async () => {
        // Sign the URL exactly as it goes on the wire (fetch serializes with WHATWG URL rules).
        const url = new URL(`${mock.url}${path}${query === "" ? "" : `?${query}`}`).href
        const signed = Effect.runSync(oauth1Header(tba, { method: "GET", url }))
        const before = mock.stats()
        const response = await fetch(url, { headers: { authorization: signed.authorization } })
        await response.text()
        const after = mock.stats()
        expect(response.headers.get("x-mock-reason")).toBeNull()
        expect(after.surfaces.rest.rejected - before.surfaces.rest.rejected).toBe(0)
      })
    }
  }
})

describe("secrets with &, %, quotes and non-ASCII: signatures the mock verifies, secrets never shown", () => {
  const odd = [
    { consumerSecret: "a&b=c%20d", tokenSecret: "e&f%g" },
    { consumerSecret: `quote"double'single\`back`, tokenSecret: "<xml>&amp;</xml>" },
    { consumerSecret: "ünïcödé-秘密-🔑", tokenSecret: "ß&%€" },
    { consumerSecret: "x".repeat(500), tokenSecret: "%%%%%%%%" }
  ]
  for (const [i, secret] of odd.entries()) {
    it(`secret set ${i + 1}: REST OAuth1 and SOAP passport accepted; inspect/JSON show no secret`, async () => {
      const tbaInput = {
        consumerKey: `ck-odd-${i}-0123456789`,
        tokenId: `tok-odd-${i}-0123456789`,
        ...secret
      }
      mock.registerTba(ACCOUNT_ID, tbaInput)
      const tba = TbaCredentials.make({ accountId: ACCOUNT_ID, ...tbaInput })
      expect(
        leaks(errorTexts(tba), { consumerSecret: secret.consumerSecret, tokenSecret: secret.tokenSecret })
      ).toEqual([])
      const url = `${mock.url}/services/rest/record/v1/customer/1?x=${encodeURIComponent("&%\"'")}`
      const signed = Effect.runSync(oauth1Header(tba, { method: "GET", url }))
      const rest = await fetch(url, { headers: { authorization: signed.authorization } })
      await rest.text()
      expect(rest.headers.get("x-mock-reason")).toBeNull()
      // SOAP: the passport as the soap package would send it.
      const xml = passportXml(Effect.runSync(passport(tba)), WSDL_VERSION)
      const envelope =
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header>${xml}</soapenv:Header>` +
        `<soapenv:Body><getServerTime xmlns="urn:messages_${WSDL_VERSION}.platform.webservices.netsuite.com"/></soapenv:Body></soapenv:Envelope>`
      const soap = await fetch(mock.endpoints.soapUrl(WSDL_VERSION), {
        method: "POST",
        headers: { "content-type": "text/xml; charset=utf-8", soapaction: "getServerTime" },
        body: envelope
      })
      const soapBody = await soap.text()
      expect({ status: soap.status, reason: soap.headers.get("x-mock-reason") }).toEqual({
        status: 200,
        reason: null
      })
      expect(soapBody).toContain('isSuccess="true"')
    })
  }

  it("secrets with whitespace or control characters are refused with a coded error that does not echo them", () => {
    for (const bad of ["sec ret-value-1", "secret\nvalue-22", "secret\u0000value-3", "\tsecretvalue4"]) {
      expectCodedError(
        () => TbaCredentials.make({ accountId: ACCOUNT_ID, ...creds.tba, consumerSecret: bad }),
        /^NETSUITE_AUTH_INVALID_CREDENTIALS$/,
        { bad }
      )
    }
  })

  it("an empty secret, key or token is refused with a coded error", () => {
    for (const field of ["consumerKey", "consumerSecret", "tokenId", "tokenSecret"] as const) {
      expectCodedError(
        () => TbaCredentials.make({ accountId: ACCOUNT_ID, ...creds.tba, [field]: "" }),
        /^NETSUITE_AUTH_INVALID_CREDENTIALS$/,
        tbaSecrets(creds.tba)
      )
    }
  })
})
