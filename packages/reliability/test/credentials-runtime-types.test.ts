/**
 * Issue 13, item 12, for credentials: `TbaCredentials.make` and `M2MCredentials.make` given a
 * number, null, an object, a bigint, a symbol or nothing for a field fail at construction with a
 * coded error (ConfigError; KeyError for the key and algorithm), never a TypeError, never a
 * credentials object whose realm is `undefined`, and never with the value echoed.
 */
import { generateKeyPairSync } from "node:crypto"
import {
  ConfigError,
  isNetSuiteAuthError,
  type KeyError,
  M2MCredentials,
  TbaCredentials
} from "@netsuite-auth/core"
import { describe, expect, it } from "vitest"
import { ACCOUNT_ID, makeCredentials } from "./support/fixture.ts"
import { errorTexts, leaks, tbaSecrets } from "./support/secrets.ts"

const creds = makeCredentials()
const tba = { ...creds.tba, accountId: ACCOUNT_ID }
const m2m = {
  accountId: ACCOUNT_ID,
  clientId: creds.m2m.clientId,
  certificateId: creds.m2m.certificateId,
  privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
}
const secret = "S3cr3t-value-that-must-not-show-1234567890"

const WRONG: ReadonlyArray<readonly [string, unknown]> = [
  ["a number", 7654321],
  ["null", null],
  ["missing", undefined],
  ["an object holding a secret", { value: secret, realm: "7654321_SB1", host: "evil.example/x?" }],
  ["an object without a prototype", Object.assign(Object.create(null), { secret })],
  ["an array", [secret]],
  ["a bigint", 7654321n],
  ["a symbol", Symbol(secret)],
  ["a boolean", false]
]

/** The error `make` throws: one of ours, coded, with a message that says what to do and no secret. */
const codedRefusal = (
  f: () => unknown,
  secrets: Readonly<Record<string, string>>
): ConfigError | KeyError => {
  let thrown: unknown
  try {
    f()
  } catch (e) {
    thrown = e
  }
  expect(thrown, "expected a refusal, got credentials").toBeDefined()
  expect(thrown).not.toBeInstanceOf(TypeError)
  expect(isNetSuiteAuthError(thrown), `not a coded error: ${String(thrown)}`).toBe(true)
  const error = thrown as ConfigError | KeyError
  expect(error.code).toMatch(/^NETSUITE_AUTH_/)
  expect(error.message.length).toBeGreaterThan(30)
  expect(leaks(errorTexts(error), { ...secrets, "the value given": secret })).toEqual([])
  return error
}

describe("TbaCredentials.make refuses a field of the wrong runtime type with a coded ConfigError", () => {
  for (const field of ["accountId", "consumerKey", "consumerSecret", "tokenId", "tokenSecret"] as const) {
    for (const [what, value] of WRONG) {
      it(`${field}: ${what}`, () => {
        const error = codedRefusal(
          () => TbaCredentials.make({ ...tba, [field]: value } as never),
          tbaSecrets(creds.tba)
        )
        expect(error).toBeInstanceOf(ConfigError)
        expect(error.code).toBe(
          field === "accountId" ? "NETSUITE_AUTH_INVALID_ACCOUNT_ID" : "NETSUITE_AUTH_INVALID_CREDENTIALS"
        )
      })
    }
  }
})

describe("M2MCredentials.make refuses a field of the wrong runtime type with a coded error", () => {
  const cases = {
    accountId: "NETSUITE_AUTH_INVALID_ACCOUNT_ID",
    clientId: "NETSUITE_AUTH_INVALID_CREDENTIALS",
    certificateId: "NETSUITE_AUTH_INVALID_CREDENTIALS",
    privateKey: "NETSUITE_AUTH_KEY_UNPARSEABLE",
    algorithm: "NETSUITE_AUTH_ALG_UNSUPPORTED",
    scopes: "NETSUITE_AUTH_INVALID_OPTION",
    scopeFormat: "NETSUITE_AUTH_INVALID_OPTION",
    assertionLifetimeSeconds: "NETSUITE_AUTH_INVALID_OPTION"
  } as const
  const optional = new Set(["algorithm", "scopes", "scopeFormat", "assertionLifetimeSeconds"])
  for (const [field, code] of Object.entries(cases)) {
    for (const [what, value] of WRONG) {
      // An optional field left out takes its default; a number is a valid lifetime.
      if (value === undefined && optional.has(field)) continue
      if (field === "assertionLifetimeSeconds" && typeof value === "number") continue
      it(`${field}: ${what}`, () => {
        const error = codedRefusal(() => M2MCredentials.make({ ...m2m, [field]: value } as never), {})
        expect(error.code).toBe(code)
      })
    }
  }

  it("a scope list with a non-string in it", () => {
    for (const scope of [Object.create(null), 5n, null, 7]) {
      expect(
        codedRefusal(() => M2MCredentials.make({ ...m2m, scopes: ["restlets", scope] } as never), {}).code
      ).toBe("NETSUITE_AUTH_INVALID_OPTION")
    }
  })
})
