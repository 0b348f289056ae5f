import { generateKeyPairSync } from "node:crypto"
import { inspect } from "node:util"
import { Effect, Redacted, Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  type AccessToken,
  endpointsFor,
  fromEnvironment,
  M2MCredentials,
  type M2MCredentialsInput,
  oauth1Header,
  passport,
  percentEncode,
  TbaCredentials,
  tokenRequest
} from "../src/index.ts"
import { decodeTokenResponse } from "../src/internal.ts"

const CONSUMER_SECRET = "cs-SECRET-7278da58caf07f5c336301a601203d10"
const TOKEN_SECRET = "ts-SECRET-060cd9ab3ffbbe1e3d3918e90165ffd3"
const ACCESS_TOKEN = "eyJraWQiOiJzZWNyZXQifQ.eyJzdWIiOiJBQ0NFU1MtVE9LRU4tU0VDUkVUIn0.c2lnbmF0dXJlLXNlY3JldA"

const ec = generateKeyPairSync("ec", { namedCurve: "P-256" })
const rsa = generateKeyPairSync("rsa", { modulusLength: 3072 })
const ecPem = ec.privateKey.export({ format: "pem", type: "pkcs8" }) as string
const rsaPem = rsa.privateKey.export({ format: "pem", type: "pkcs1" }) as string

/** Every base64 line of a PEM body is secret: none may appear anywhere. */
const pemSecrets = (pem: string) =>
  pem
    .split("\n")
    .filter((line) => line.length > 0 && !line.startsWith("-----"))
    .map((line) => line.slice(0, 32))
    .filter((chunk) => chunk.length >= 16)

const secrets: Array<string> = [
  CONSUMER_SECRET,
  TOKEN_SECRET,
  `${percentEncode(CONSUMER_SECRET)}&${percentEncode(TOKEN_SECRET)}`,
  ACCESS_TOKEN,
  "ACCESS-TOKEN-SECRET",
  ...pemSecrets(ecPem),
  ...pemSecrets(rsaPem)
]

/** Every way a value reaches a log: String(), JSON, util.inspect (with and without custom inspectors). */
const renderings = (value: unknown): Array<string> => {
  const out = [
    inspect(value, { depth: Number.POSITIVE_INFINITY }),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    inspect(value, { depth: Number.POSITIVE_INFINITY, customInspect: false }),
    `${String(value)}`
  ]
  try {
    out.push(JSON.stringify(value) ?? "")
  } catch (e) {
    out.push(String(e))
  }
  if (value instanceof Error) out.push(value.message, value.stack ?? "")
  return out
}

const expectNoSecret = (value: unknown, extra: ReadonlyArray<string> = []) => {
  for (const shown of renderings(value)) {
    for (const secret of [...secrets, ...extra]) {
      expect(shown, `leaked ${secret.slice(0, 12)}… in ${shown.slice(0, 80)}`).not.toContain(secret)
    }
  }
}

const caught = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("expected a throw")
}

const tba = () =>
  TbaCredentials.make({
    accountId: "1234567_SB1",
    consumerKey: "ck",
    consumerSecret: CONSUMER_SECRET,
    tokenId: "tok",
    tokenSecret: Redacted.make(TOKEN_SECRET)
  })
const m2mInput: M2MCredentialsInput = {
  accountId: "1234567_SB1",
  clientId: "client-id",
  certificateId: "cert-id",
  privateKey: ecPem
}

describe("no secret in credentials", () => {
  it("TbaCredentials", () => expectNoSecret(tba()))

  it("M2MCredentials from a PEM string, a Redacted PEM, a PKCS#1 PEM and a KeyObject", () => {
    expectNoSecret(M2MCredentials.make(m2mInput))
    expectNoSecret(M2MCredentials.make({ ...m2mInput, privateKey: Redacted.make(ecPem) }))
    expectNoSecret(M2MCredentials.make({ ...m2mInput, privateKey: rsaPem }))
    expectNoSecret(M2MCredentials.make({ ...m2mInput, privateKey: ec.privateKey }))
  })

  it("fromEnvironment's result", () => {
    const env = fromEnvironment({
      NETSUITE_ACCOUNT_ID: "1234567",
      NETSUITE_CONSUMER_KEY: "ck",
      NETSUITE_CONSUMER_SECRET: CONSUMER_SECRET,
      NETSUITE_TOKEN_ID: "tok",
      NETSUITE_TOKEN_SECRET: TOKEN_SECRET,
      NETSUITE_CLIENT_ID: "client-id",
      NETSUITE_CERTIFICATE_ID: "cert-id",
      NETSUITE_PRIVATE_KEY: ecPem.replace(/\n/g, "\\n")
    })
    expectNoSecret(env)
  })

  it("the TBA header and passport hold no secret (only the signature)", () => {
    const creds = tba()
    expectNoSecret(Effect.runSync(oauth1Header(creds, { method: "GET", url: "https://a.example/x?y=1" })))
    expectNoSecret(Effect.runSync(passport(creds)))
  })
})

describe("no secret in the token exchange", () => {
  it("TokenRequest shows neither the assertion nor its signature", async () => {
    const creds = M2MCredentials.make(m2mInput)
    const req = await Effect.runPromise(tokenRequest(creds, endpointsFor(creds.account).tokenUrl))
    const assertion = new URLSearchParams(req.body).get("client_assertion")!
    expect(assertion.split(".")).toHaveLength(3)
    expectNoSecret(req, [assertion, assertion.split(".")[2]!])
    expectNoSecret({ nested: { deeper: [req] } }, [assertion])
  })

  it("AccessToken", () => {
    const result = decodeTokenResponse(
      {
        status: 200,
        headers: {},
        body: JSON.stringify({ access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 })
      },
      0
    )
    const token: AccessToken = Result.getOrThrow(result)
    expect(Redacted.value(token.accessToken)).toBe(ACCESS_TOKEN) // the value is there, only hidden
    expectNoSecret(token)
  })
})

describe("no secret in any error", () => {
  const keyFailures: Array<[string, () => unknown]> = [
    ["RS256", () => M2MCredentials.make({ ...m2mInput, privateKey: rsaPem, algorithm: "RS256" as never })],
    ["HS256", () => M2MCredentials.make({ ...m2mInput, algorithm: "HS256" as never })],
    [
      "TooSmall",
      () =>
        M2MCredentials.make({
          ...m2mInput,
          privateKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
            format: "pem",
            type: "pkcs8"
          }) as string
        })
    ],
    [
      "Encrypted",
      () =>
        M2MCredentials.make({
          ...m2mInput,
          privateKey: ec.privateKey.export({
            format: "pem",
            type: "pkcs8",
            cipher: "aes-256-cbc",
            passphrase: "pw"
          }) as string
        })
    ],
    [
      "NotPrivateKey",
      () =>
        M2MCredentials.make({
          ...m2mInput,
          privateKey: ec.publicKey.export({ format: "pem", type: "spki" }) as string
        })
    ],
    // A damaged PEM: the key lines are still in the input and must not reach the message.
    [
      "Unparseable (damaged)",
      () =>
        M2MCredentials.make({ ...m2mInput, privateKey: ecPem.replace(/\n[^\n]+\n-----END/, "\n-----END") })
    ],
    [
      "Unparseable (no markers)",
      () => M2MCredentials.make({ ...m2mInput, privateKey: pemSecrets(ecPem).join("") })
    ],
    [
      "UnsupportedKeyType",
      () =>
        M2MCredentials.make({
          ...m2mInput,
          privateKey: generateKeyPairSync("ed25519").privateKey.export({
            format: "pem",
            type: "pkcs8"
          }) as string
        })
    ],
    ["AlgorithmMismatch", () => M2MCredentials.make({ ...m2mInput, algorithm: "ES512" })],
    ["ConfigError lifetime", () => M2MCredentials.make({ ...m2mInput, assertionLifetimeSeconds: 9999 })],
    ["ConfigError clientId", () => M2MCredentials.make({ ...m2mInput, clientId: " x" })],
    [
      "TBA secret with a space",
      () =>
        TbaCredentials.make({
          accountId: "1",
          consumerKey: "ck",
          consumerSecret: `${CONSUMER_SECRET} `,
          tokenId: "t",
          tokenSecret: TOKEN_SECRET
        })
    ]
  ]
  for (const [name, f] of keyFailures) {
    it(`construction error: ${name}`, () => {
      const error = caught(f)
      expect(error).toBeInstanceOf(Error)
      expectNoSecret(error)
    })
  }

  const responses: Array<[string, number, string]> = [
    [
      "invalid_client echoing the assertion",
      401,
      JSON.stringify({ error: "invalid_client", error_description: `bad ${ACCESS_TOKEN}` })
    ],
    ["invalid_grant", 400, JSON.stringify({ error: "invalid_grant", error_description: ACCESS_TOKEN })],
    ["429", 429, ACCESS_TOKEN],
    ["500", 500, JSON.stringify({ error: "server_error", error_description: ACCESS_TOKEN })],
    ["unexpected status echoing the body", 302, `<a href="/login?assertion=${ACCESS_TOKEN}">`],
    [
      "malformed 200 carrying the token",
      200,
      JSON.stringify({ access_token: ACCESS_TOKEN, token_type: "mac" })
    ],
    [
      "malformed 200 with a bad expires_in",
      200,
      JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: -1 })
    ]
  ]
  for (const [name, status, body] of responses) {
    it(`token endpoint error: ${name}`, () => {
      const result = decodeTokenResponse({ status, headers: { "retry-after": "1" }, body }, 0)
      expect(Result.isFailure(result)).toBe(true)
      if (Result.isFailure(result)) expectNoSecret(result.failure)
    })
  }

  it("the leak check itself finds a leak (it can fail)", () => {
    expect(() => expectNoSecret({ oops: CONSUMER_SECRET })).toThrow()
    expect(() => expectNoSecret(new Error(`x ${pemSecrets(ecPem)[1]}`))).toThrow()
  })
})
