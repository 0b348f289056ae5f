import { execFileSync } from "node:child_process"
import { createSecretKey, generateKeyPairSync, type KeyObject } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import {
  AccountId,
  ConfigError,
  fromEnvironment,
  KeyError,
  M2MCredentials,
  type M2MCredentialsInput,
  type NetSuiteAuthErrorCode,
  Nonce,
  parseBaseUrl,
  parseWsdlVersion,
  signatureBaseString,
  TbaCredentials
} from "../src/index.ts"
import { opensslAvailable } from "./openssl.ts"

const base = { accountId: "1234567", clientId: "client-id", certificateId: "cert-id" } as const
const m2m = (input: Partial<M2MCredentialsInput> & Pick<M2MCredentialsInput, "privateKey">) => () =>
  M2MCredentials.make({ ...base, ...input } as M2MCredentialsInput)

const ec256 = generateKeyPairSync("ec", { namedCurve: "P-256" })
const rsa3072 = generateKeyPairSync("rsa", { modulusLength: 3072 })
const rsa2048 = generateKeyPairSync("rsa", { modulusLength: 2048 })
const pem = (k: KeyObject, type: "pkcs8" | "pkcs1" | "sec1" | "spki" = "pkcs8") =>
  k.export({ format: "pem", type } as never) as unknown as string

const caught = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("expected a refusal, but the call succeeded")
}

/** Asserts the refusal: its class, its stable code, and a message that tells how to fix it. */
const refuses = (
  f: () => unknown,
  kind: typeof KeyError | typeof ConfigError,
  code: NetSuiteAuthErrorCode,
  fix: RegExp
) => {
  const error = caught(f)
  expect(error).toBeInstanceOf(kind)
  const e = error as KeyError | ConfigError
  expect(e.code).toBe(code)
  expect(e.retryable).toBe(false)
  expect(e.message).toMatch(fix)
}

describe("M2M key refusals (KeyError)", () => {
  for (const alg of ["RS256", "RS384", "RS512"]) {
    it(`${alg} → NETSUITE_AUTH_ALG_UNSUPPORTED naming the 1 March 2025 cut-off and PS256`, () =>
      refuses(
        m2m({ privateKey: rsa3072.privateKey, algorithm: alg as never }),
        KeyError,
        "NETSUITE_AUTH_ALG_UNSUPPORTED",
        /1 March 2025[\s\S]*PS256/
      ))
  }
  for (const alg of ["HS256", "HS512", "none", "EdDSA"]) {
    it(`${alg} → NETSUITE_AUTH_ALG_UNSUPPORTED listing the accepted algorithms`, () =>
      refuses(
        m2m({ privateKey: ec256.privateKey, algorithm: alg as never }),
        KeyError,
        "NETSUITE_AUTH_ALG_UNSUPPORTED",
        /PS256[\s\S]*ES256/
      ))
  }

  it("RSA 2048 → NETSUITE_AUTH_KEY_TOO_SMALL with the openssl command for a new key", () =>
    refuses(
      m2m({ privateKey: pem(rsa2048.privateKey) }),
      KeyError,
      "NETSUITE_AUTH_KEY_TOO_SMALL",
      /3072[\s\S]*openssl req/
    ))

  it("RSA 3584 (neither 3072 nor 4096) → NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED", () =>
    refuses(
      m2m({ privateKey: generateKeyPairSync("rsa", { modulusLength: 3584 }).privateKey }),
      KeyError,
      "NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED",
      /3072 or 4096/
    ))

  it("encrypted PKCS#8 PEM → NETSUITE_AUTH_KEY_ENCRYPTED telling how to decrypt with openssl pkcs8", () => {
    const encrypted = ec256.privateKey.export({
      format: "pem",
      type: "pkcs8",
      cipher: "aes-256-cbc",
      passphrase: "pass"
    }) as string
    expect(encrypted).toContain("ENCRYPTED PRIVATE KEY")
    refuses(m2m({ privateKey: encrypted }), KeyError, "NETSUITE_AUTH_KEY_ENCRYPTED", /openssl pkcs8 -in/)
  })

  it("legacy Proc-Type: 4,ENCRYPTED PEM → NETSUITE_AUTH_KEY_ENCRYPTED", () => {
    const encrypted = rsa3072.privateKey.export({
      format: "pem",
      type: "pkcs1",
      cipher: "aes-128-cbc",
      passphrase: "pass"
    }) as string
    expect(encrypted).toContain("Proc-Type: 4,ENCRYPTED")
    refuses(m2m({ privateKey: encrypted }), KeyError, "NETSUITE_AUTH_KEY_ENCRYPTED", /openssl pkey -in/)
  })

  it("public key PEM (SPKI and PKCS#1) → NETSUITE_AUTH_KEY_NOT_PRIVATE", () => {
    refuses(
      m2m({ privateKey: pem(ec256.publicKey, "spki") }),
      KeyError,
      "NETSUITE_AUTH_KEY_NOT_PRIVATE",
      /private key it was made from/
    )
    const rsaPublic = pem(rsa3072.publicKey, "pkcs1")
    expect(rsaPublic).toContain("RSA PUBLIC KEY")
    refuses(m2m({ privateKey: rsaPublic }), KeyError, "NETSUITE_AUTH_KEY_NOT_PRIVATE", /BEGIN PRIVATE KEY/)
  })

  it("public or secret KeyObject → NETSUITE_AUTH_KEY_NOT_PRIVATE", () => {
    refuses(
      m2m({ privateKey: ec256.publicKey }),
      KeyError,
      "NETSUITE_AUTH_KEY_NOT_PRIVATE",
      /createPrivateKey/
    )
    refuses(
      m2m({ privateKey: createSecretKey(Buffer.from("0123456789abcdef")) }),
      KeyError,
      "NETSUITE_AUTH_KEY_NOT_PRIVATE",
      /createPrivateKey/
    )
  })

  it.skipIf(!opensslAvailable)(
    "certificate passed as the private key → NETSUITE_AUTH_KEY_NOT_PRIVATE (needs openssl)",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "nsa-bad-"))
      try {
        writeFileSync(join(dir, "key.pem"), pem(ec256.privateKey))
        const cert = execFileSync(
          "openssl",
          ["req", "-x509", "-key", join(dir, "key.pem"), "-subj", "/CN=bad-input", "-days", "30"],
          { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }
        )
        expect(cert).toContain("BEGIN CERTIFICATE")
        refuses(
          m2m({ privateKey: cert }),
          KeyError,
          "NETSUITE_AUTH_KEY_NOT_PRIVATE",
          /certificate[\s\S]*upload/
        )
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  )

  it("garbage, a truncated PEM, an empty string and a missing key → NETSUITE_AUTH_KEY_UNPARSEABLE", () => {
    refuses(m2m({ privateKey: "not a key" }), KeyError, "NETSUITE_AUTH_KEY_UNPARSEABLE", /BEGIN PRIVATE KEY/)
    const lines = pem(ec256.privateKey).split("\n")
    const truncated = [lines[0], lines[1], lines.at(-2)].join("\n")
    refuses(m2m({ privateKey: truncated }), KeyError, "NETSUITE_AUTH_KEY_UNPARSEABLE", /truncated or damaged/)
    refuses(m2m({ privateKey: "" }), KeyError, "NETSUITE_AUTH_KEY_UNPARSEABLE", /NETSUITE_PRIVATE_KEY/)
    refuses(
      m2m({ privateKey: undefined as never }),
      KeyError,
      "NETSUITE_AUTH_KEY_UNPARSEABLE",
      /NETSUITE_PRIVATE_KEY/
    )
    refuses(
      m2m({ privateKey: Buffer.from(pem(ec256.privateKey)) as never }),
      KeyError,
      "NETSUITE_AUTH_KEY_UNPARSEABLE",
      /"utf8"/
    )
  })

  it("Ed25519, secp256k1 and X25519 keys → NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED", () => {
    for (const key of [
      generateKeyPairSync("ed25519").privateKey,
      generateKeyPairSync("ec", { namedCurve: "secp256k1" }).privateKey,
      generateKeyPairSync("x25519").privateKey
    ]) {
      refuses(m2m({ privateKey: pem(key) }), KeyError, "NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED", /P-256/)
    }
  })

  it("an algorithm that does not fit the key → NETSUITE_AUTH_ALG_MISMATCH", () => {
    refuses(
      m2m({ privateKey: ec256.privateKey, algorithm: "ES384" }),
      KeyError,
      "NETSUITE_AUTH_ALG_MISMATCH",
      /ES256[\s\S]*unset/
    )
    refuses(
      m2m({ privateKey: ec256.privateKey, algorithm: "PS256" }),
      KeyError,
      "NETSUITE_AUTH_ALG_MISMATCH",
      /unset/
    )
    refuses(
      m2m({ privateKey: rsa3072.privateKey, algorithm: "ES256" }),
      KeyError,
      "NETSUITE_AUTH_ALG_MISMATCH",
      /PS256/
    )
    const pss384 = generateKeyPairSync("rsa-pss", { modulusLength: 3072, hashAlgorithm: "sha384" })
    refuses(
      m2m({ privateKey: pss384.privateKey, algorithm: "PS256" }),
      KeyError,
      "NETSUITE_AUTH_ALG_MISMATCH",
      /PS384/
    )
  })

  it("an RSASSA-PSS key restricted to a salt longer than the hash → NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED", () => {
    const key = generateKeyPairSync("rsa-pss", {
      modulusLength: 3072,
      hashAlgorithm: "sha256",
      // @types/node types saltLength as a string; Node takes (and needs) a number.
      saltLength: 64 as unknown as string
    })
    refuses(
      m2m({ privateKey: key.privateKey }),
      KeyError,
      "NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED",
      /openssl req/
    )
  })

  // The certificate refusals moved with inspectCertificate to @netsuite-auth/keys (test/certificate.test.ts).
})

describe("M2M option refusals (ConfigError)", () => {
  const key = ec256.privateKey
  it("empty or whitespace client/certificate IDs → NETSUITE_AUTH_INVALID_CREDENTIALS", () => {
    refuses(
      m2m({ privateKey: key, clientId: "" }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_CREDENTIALS",
      /integration record/
    )
    refuses(
      m2m({ privateKey: key, clientId: "abc def" }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_CREDENTIALS",
      /remove it/
    )
    refuses(
      m2m({ privateKey: key, certificateId: "" }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_CREDENTIALS",
      /M2M\) Setup/
    )
    refuses(
      m2m({ privateKey: key, certificateId: "cert\n" }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_CREDENTIALS",
      /line break/
    )
  })

  it("a bad account ID → NETSUITE_AUTH_INVALID_ACCOUNT_ID", () =>
    refuses(
      m2m({ privateKey: key, accountId: "1234567.evil.com" }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_ACCOUNT_ID",
      /Company Information/
    ))

  it("lifetime over 3600, zero, negative, fractional or not a number → NETSUITE_AUTH_INVALID_OPTION", () => {
    refuses(
      m2m({ privateKey: key, assertionLifetimeSeconds: 3601 }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_OPTION",
      /60 minutes[\s\S]*300/
    )
    for (const bad of [0, -5, 1.5, Number.NaN, "300" as never]) {
      refuses(
        m2m({ privateKey: key, assertionLifetimeSeconds: bad }),
        ConfigError,
        "NETSUITE_AUTH_INVALID_OPTION",
        /default is 300/
      )
    }
  })

  it("unknown scope, empty scopes, mcp combined, bad scopeFormat → NETSUITE_AUTH_INVALID_OPTION", () => {
    refuses(
      m2m({ privateKey: key, scopes: ["rest"] as never }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_OPTION",
      /restlets, rest_webservices/
    )
    refuses(m2m({ privateKey: key, scopes: [] }), ConfigError, "NETSUITE_AUTH_INVALID_OPTION", /non-empty/)
    refuses(
      m2m({ privateKey: key, scopes: ["mcp", "restlets"] }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_OPTION",
      /separate M2MCredentials/
    )
    refuses(
      m2m({ privateKey: key, scopeFormat: "csv" as never }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_OPTION",
      /"string"/
    )
  })

  it("a non-object input → NETSUITE_AUTH_INVALID_CREDENTIALS", () =>
    refuses(
      () => M2MCredentials.make(null as never),
      ConfigError,
      "NETSUITE_AUTH_INVALID_CREDENTIALS",
      /object/
    ))
})

describe("the rest of core", () => {
  it("TBA credentials: missing or pasted-with-space values", () => {
    const tba = {
      accountId: "1234567",
      consumerKey: "ck",
      consumerSecret: "cs",
      tokenId: "t",
      tokenSecret: "ts"
    }
    refuses(
      () => TbaCredentials.make({ ...tba, consumerKey: "" }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_CREDENTIALS",
      /copy it/
    )
    refuses(
      () => TbaCredentials.make({ ...tba, tokenSecret: "ts " }),
      ConfigError,
      "NETSUITE_AUTH_INVALID_CREDENTIALS",
      /remove it/
    )
  })

  it("account IDs that could redirect a request", () => {
    for (const bad of ["1234567.evil.com", "a/b", "a:1", "", "a@b"]) {
      refuses(
        () => AccountId.parseOrThrow(bad),
        ConfigError,
        "NETSUITE_AUTH_INVALID_ACCOUNT_ID",
        /1234567_SB1/
      )
    }
  })

  it("nonce length outside 6..64", () => {
    for (const length of [5, 65]) {
      refuses(
        () => Nonce.make(Nonce.secureRandomBytes, { length }),
        ConfigError,
        "NETSUITE_AUTH_INVALID_OPTION",
        /6 to 64/
      )
    }
  })

  it("base URL, WSDL version and HTTP method", () => {
    refuses(() => parseBaseUrl("not a url"), ConfigError, "NETSUITE_AUTH_INVALID_URL", /absolute http/)
    refuses(() => parseBaseUrl("ftp://x"), ConfigError, "NETSUITE_AUTH_INVALID_URL", /use http/)
    refuses(() => parseWsdlVersion("latest"), ConfigError, "NETSUITE_AUTH_INVALID_OPTION", /2025_2/)
    refuses(
      () => signatureBaseString({ method: "GET X", url: "https://a.example/" }, {}),
      ConfigError,
      "NETSUITE_AUTH_INVALID_OPTION",
      /GET or POST/
    )
  })

  it("environment: one error naming every missing variable", () => {
    const error = caught(() =>
      fromEnvironment({ NETSUITE_ACCOUNT_ID: "1234567" }, { require: "m2m" })
    ) as ConfigError
    expect(error.code).toBe("NETSUITE_AUTH_MISSING_ENVIRONMENT")
    for (const name of ["NETSUITE_CLIENT_ID", "NETSUITE_CERTIFICATE_ID", "NETSUITE_PRIVATE_KEY"]) {
      expect(error.message).toContain(name)
    }
  })
})
