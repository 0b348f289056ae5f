import { constants, createPrivateKey, generateKeyPairSync, type KeyObject, verify } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { jwtVerify } from "jose"
import {
  AccountId,
  assertionClaims,
  ConfigError,
  M2MCredentials,
  type M2MCredentialsInput,
  m2mCredentialsFromEnvironment,
  signAssertion
} from "../src/index.ts"

const base = { accountId: "1234567", clientId: "client-id", certificateId: "cert-id" } as const
const make = (privateKey: M2MCredentialsInput["privateKey"], extra: Partial<M2MCredentialsInput> = {}) =>
  M2MCredentials.make({ ...base, privateKey, ...extra })

const keys = {
  "EC P-256": generateKeyPairSync("ec", { namedCurve: "P-256" }),
  "EC P-384": generateKeyPairSync("ec", { namedCurve: "P-384" }),
  "EC P-521": generateKeyPairSync("ec", { namedCurve: "P-521" }),
  "RSA 3072": generateKeyPairSync("rsa", { modulusLength: 3072 }),
  "RSA-PSS 4096": generateKeyPairSync("rsa-pss", { modulusLength: 4096 })
} as const

// An independent check of a JWS with node:crypto: raw r||s for ES*, PSS with salt = hash length for PS*.
const nodeVerify = (jwt: string, publicKey: KeyObject, alg: string): boolean => {
  const [h, p, s] = jwt.split(".")
  const hash = `sha${alg.slice(2)}`
  const signature = Buffer.from(s!, "base64url")
  const data = Buffer.from(`${h}.${p}`)
  return alg.startsWith("ES")
    ? verify(hash, data, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature)
    : verify(
        hash,
        data,
        { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 },
        signature
      )
}

const pkcs8 = (key: KeyObject) => key.export({ format: "pem", type: "pkcs8" }) as string

describe("algorithm chosen from the key", () => {
  const cases = [
    ["EC P-256", "ES256", "P-256", "ec", 64],
    ["EC P-384", "ES384", "P-384", "ec", 96],
    ["EC P-521", "ES512", "P-521", "ec", 132],
    ["RSA 3072", "PS256", 3072, "rsa", 384],
    ["RSA-PSS 4096", "PS256", 4096, "rsa-pss", 512]
  ] as const
  for (const [name, alg, curveOrBits, keyType, sigBytes] of cases) {
    it.effect(`${name} → ${alg}, and the signature verifies with the public key`, () =>
      Effect.gen(function* () {
        const pair = keys[name]
        const c = make(pkcs8(pair.privateKey))
        expect(c.algorithm).toBe(alg)
        expect(c.curveOrBits).toBe(curveOrBits)
        expect(c.keyType).toBe(keyType)
        const tokenUrl = "https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
        const jwt = yield* signAssertion(c, assertionClaims(c, { tokenUrl, nowSeconds: 1_700_000_000 }))
        expect(Buffer.from(jwt.split(".")[2]!, "base64url")).toHaveLength(sigBytes)
        // jose (WebCrypto) cannot import an rsa-pss public key; node:crypto verifies against it directly,
        // which is what NetSuite does with a certificate made by `openssl req -newkey rsa-pss`.
        expect(nodeVerify(jwt, pair.publicKey, alg)).toBe(true)
        if (keyType !== "rsa-pss") {
          const { protectedHeader } = yield* Effect.promise(() =>
            jwtVerify(jwt, pair.publicKey, { currentDate: new Date(1_700_000_000_000), algorithms: [alg] })
          )
          expect(protectedHeader.alg).toBe(alg)
        }
        const [h, p, sig] = jwt.split(".")
        const tampered = `${h}.${p}x.${sig}`
        expect(nodeVerify(tampered, pair.publicKey, alg)).toBe(false)
      })
    )
  }

  it.effect("an explicit PS384/PS512 on an RSA key is honoured and verifies", () =>
    Effect.gen(function* () {
      for (const alg of ["PS384", "PS512"] as const) {
        const c = make(keys["RSA 3072"].privateKey, { algorithm: alg })
        expect(c.algorithm).toBe(alg)
        const jwt = yield* signAssertion(c, assertionClaims(c, { tokenUrl: "https://x/t", nowSeconds: 1 }))
        yield* Effect.promise(() =>
          jwtVerify(jwt, keys["RSA 3072"].publicKey, { currentDate: new Date(1000), algorithms: [alg] })
        )
      }
    })
  )

  it.effect("an RSA-PSS key restricted to SHA-384 gets PS384 and verifies against its own public key", () =>
    Effect.gen(function* () {
      const pair = generateKeyPairSync("rsa-pss", {
        modulusLength: 3072,
        hashAlgorithm: "sha384",
        mgf1HashAlgorithm: "sha384",
        // @types/node types saltLength as a string; Node takes (and needs) a number.
        saltLength: 48 as unknown as string
      })
      const c = make(pair.privateKey)
      expect(c.algorithm).toBe("PS384")
      const jwt = yield* signAssertion(c, assertionClaims(c, { tokenUrl: "https://x/t", nowSeconds: 1 }))
      // Verify with node:crypto against the restricted rsa-pss public key itself.
      const [h, p, s] = jwt.split(".")
      expect(
        verify(
          "sha384",
          Buffer.from(`${h}.${p}`),
          { key: pair.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 },
          Buffer.from(s!, "base64url")
        )
      ).toBe(true)
    })
  )
})

describe("accepted key encodings", () => {
  it("PKCS#8, SEC1 EC PRIVATE KEY, PKCS#1 RSA PRIVATE KEY, KeyObject and Redacted all work", () => {
    const ec = keys["EC P-256"].privateKey
    const rsa = keys["RSA 3072"].privateKey
    expect(make(ec.export({ format: "pem", type: "sec1" }) as string).algorithm).toBe("ES256")
    expect(make(rsa.export({ format: "pem", type: "pkcs1" }) as string).algorithm).toBe("PS256")
    expect(make(Redacted.make(pkcs8(ec))).algorithm).toBe("ES256")
    expect(make(ec).algorithm).toBe("ES256")
  })

  it("a PEM kept on one line with literal \\n (a .env file) is accepted", () => {
    const oneLine = pkcs8(keys["EC P-384"].privateKey).replace(/\n/g, "\\n")
    expect(make(oneLine).algorithm).toBe("ES384")
  })

  it("a file holding the certificate and then the key uses the key", () => {
    const pem = `-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n${pkcs8(keys["EC P-256"].privateKey)}`
    expect(make(pem).algorithm).toBe("ES256")
  })

  it("the RSA-PSS key converted for signing still has the same public key", () => {
    const c = make(keys["RSA-PSS 4096"].privateKey)
    const der = (k: KeyObject) => k.export({ format: "jwk" } as never)
    expect(c.publicKey.asymmetricKeyType).toBe("rsa-pss")
    expect(() => der(c.publicKey)).toThrow() // Node cannot export rsa-pss as JWK: nothing to compare there
    expect(
      c.publicKey
        .export({ format: "der", type: "spki" })
        .equals(keys["RSA-PSS 4096"].publicKey.export({ format: "der", type: "spki" }))
    ).toBe(true)
  })
})

describe("the non-secret facts", () => {
  it("keeps account, IDs, scopes and lifetime", () => {
    const c = make(keys["EC P-256"].privateKey, {
      accountId: AccountId.parseOrThrow("1234567-sb1"),
      scopes: ["restlets", "restlets", "suite_analytics"],
      assertionLifetimeSeconds: 120
    })
    expect(c.account.realm).toBe("1234567_SB1")
    expect(c.scopes).toEqual(["restlets", "suite_analytics"])
    expect(c.assertionLifetimeSeconds).toBe(120)
    expect(c.scopeFormat).toBe("array")
    expect(String(c)).toBe("M2MCredentials(1234567_SB1, ES256)")
    expect(c.toJSON()).toMatchObject({
      clientId: "client-id",
      certificateId: "cert-id",
      privateKey: "<redacted>"
    })
  })

  it("accepts a certificate ID that starts with a dash (suitecloud-sdk#881)", () => {
    const c = make(keys["EC P-256"].privateKey, { certificateId: "-Xa9_bC" })
    expect(assertionClaims(c, { tokenUrl: "https://x/t", nowSeconds: 1 }).iss).toBe("client-id")
    expect(c.certificateId).toBe("-Xa9_bC")
  })

  it("defaults: scopes rest_webservices+restlets, array form, 300 s", () => {
    const c = make(createPrivateKey(pkcs8(keys["EC P-256"].privateKey)))
    expect(c.scopes).toEqual(["rest_webservices", "restlets"])
    expect(c.assertionLifetimeSeconds).toBe(300)
  })
})

describe("m2mCredentialsFromEnvironment", () => {
  const env = {
    NETSUITE_ACCOUNT_ID: "1234567_sb1",
    NETSUITE_CLIENT_ID: "client-id",
    NETSUITE_CERTIFICATE_ID: "cert-id"
  }
  it("reads an inline one-line PEM and NETSUITE_SCOPES", () => {
    const c = m2mCredentialsFromEnvironment(
      {
        ...env,
        NETSUITE_PRIVATE_KEY: pkcs8(keys["EC P-384"].privateKey).replace(/\n/g, "\\n"),
        NETSUITE_SCOPES: "restlets, suite_analytics"
      },
      { scopeFormat: "string" }
    )
    expect(c.algorithm).toBe("ES384")
    expect(c.account.realm).toBe("1234567_SB1")
    expect(c.scopes).toEqual(["restlets", "suite_analytics"])
    expect(c.scopeFormat).toBe("string")
  })

  it("reads NETSUITE_PRIVATE_KEY_PATH through the given readFile", () => {
    const files: Record<string, string> = { "/keys/m2m.pem": pkcs8(keys["RSA 3072"].privateKey) }
    const c = m2mCredentialsFromEnvironment(
      { ...env, NETSUITE_PRIVATE_KEY_PATH: "/keys/m2m.pem" },
      { readFile: (path) => files[path]! }
    )
    expect(c.algorithm).toBe("PS256")
  })

  it("names every missing variable in one error", () => {
    let error: unknown
    try {
      m2mCredentialsFromEnvironment({ NETSUITE_ACCOUNT_ID: "1234567" })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).code).toBe("NETSUITE_AUTH_MISSING_ENVIRONMENT")
    expect((error as ConfigError).message).toMatch(
      /NETSUITE_CLIENT_ID[\s\S]*NETSUITE_CERTIFICATE_ID[\s\S]*NETSUITE_PRIVATE_KEY_PATH/
    )
  })

  it("refuses an unknown scope from NETSUITE_SCOPES", () => {
    expect(() =>
      m2mCredentialsFromEnvironment({
        ...env,
        NETSUITE_PRIVATE_KEY: pkcs8(keys["EC P-256"].privateKey),
        NETSUITE_SCOPES: "restlets,rest"
      })
    ).toThrow(/Unknown scope "rest"/)
  })
})
