/**
 * Public entry points check the runtime type of what they are given (issue 13, item 12): a
 * number, null, an object or a missing field fails with a coded ConfigError (KeyError for the key
 * and algorithm), never a TypeError, and never becomes `realm="undefined"`.
 */
import { generateKeyPairSync } from "node:crypto"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  ConfigError,
  isNetSuiteAuthError,
  KeyError,
  M2MCredentials,
  type M2MCredentialsInput,
  TbaCredentials,
  type TbaCredentialsInput
} from "../src/index.ts"

const tba: TbaCredentialsInput = {
  accountId: "1234567_SB1",
  consumerKey: "ck",
  consumerSecret: "cs",
  tokenId: "tok",
  tokenSecret: "ts"
}
const m2m: M2MCredentialsInput = {
  accountId: "1234567_SB1",
  clientId: "client-id",
  certificateId: "cert-id",
  privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
}

const thrownBy = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  return undefined
}

/** Either success or one of our coded errors, whatever the value. */
const codedOrNothing = (f: () => unknown) => {
  const error = thrownBy(f)
  if (error === undefined) return
  expect(isNetSuiteAuthError(error), `not a coded error: ${String(error)}`).toBe(true)
  expect((error as ConfigError).code).toMatch(/^NETSUITE_AUTH_/)
}

const strange: ReadonlyArray<readonly [string, unknown]> = [
  ["a number", 1234567],
  ["null", null],
  ["undefined", undefined],
  ["an object", { realm: "1234567", host: "evil/x?" }],
  ["an object without a prototype", Object.create(null)],
  ["an array", ["1234567"]],
  ["a bigint", 10n],
  ["a symbol", Symbol("x")],
  ["a function", () => "1234567"],
  ["a boolean", true]
]

describe("TbaCredentials.make: every field of the wrong type is a coded ConfigError", () => {
  for (const field of Object.keys(tba) as Array<keyof TbaCredentialsInput>) {
    for (const [what, value] of strange) {
      it(`${field} as ${what}`, () => {
        const error = thrownBy(() => TbaCredentials.make({ ...tba, [field]: value } as never))
        expect(error).toBeInstanceOf(ConfigError)
        expect((error as ConfigError).code).toBe(
          field === "accountId" ? "NETSUITE_AUTH_INVALID_ACCOUNT_ID" : "NETSUITE_AUTH_INVALID_CREDENTIALS"
        )
      })
    }
  }

  it('a numeric account ID never signs as realm="undefined"', () => {
    expect(() => TbaCredentials.make({ ...tba, accountId: 1234567 as never })).toThrow(ConfigError)
  })

  it("the input itself: null, a string, a number → NETSUITE_AUTH_INVALID_CREDENTIALS naming the type", () => {
    for (const input of [null, "creds", 5]) {
      const error = thrownBy(() => TbaCredentials.make(input as never)) as ConfigError
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_CREDENTIALS")
      expect(error.message).toMatch(/must be an object/)
    }
  })
})

describe("M2MCredentials.make: every field of the wrong type is a coded error", () => {
  const expected: Record<
    string,
    { readonly tag: typeof ConfigError | typeof KeyError; readonly code: string }
  > = {
    accountId: { tag: ConfigError, code: "NETSUITE_AUTH_INVALID_ACCOUNT_ID" },
    clientId: { tag: ConfigError, code: "NETSUITE_AUTH_INVALID_CREDENTIALS" },
    certificateId: { tag: ConfigError, code: "NETSUITE_AUTH_INVALID_CREDENTIALS" },
    privateKey: { tag: KeyError, code: "NETSUITE_AUTH_KEY_UNPARSEABLE" },
    algorithm: { tag: KeyError, code: "NETSUITE_AUTH_ALG_UNSUPPORTED" },
    scopes: { tag: ConfigError, code: "NETSUITE_AUTH_INVALID_OPTION" },
    scopeFormat: { tag: ConfigError, code: "NETSUITE_AUTH_INVALID_OPTION" },
    assertionLifetimeSeconds: { tag: ConfigError, code: "NETSUITE_AUTH_INVALID_OPTION" }
  }
  for (const [field, { tag, code }] of Object.entries(expected)) {
    for (const [what, value] of strange) {
      // An absent optional field takes its default.
      if (value === undefined && !["accountId", "clientId", "certificateId", "privateKey"].includes(field))
        continue
      // A number is a valid assertion lifetime.
      if (field === "assertionLifetimeSeconds" && typeof value === "number") continue
      it(`${field} as ${what}`, () => {
        const error = thrownBy(() => M2MCredentials.make({ ...m2m, [field]: value } as never))
        expect(error).toBeInstanceOf(tag)
        expect((error as ConfigError | KeyError).code).toBe(code)
      })
    }
  }

  it("a scope list holding a non-string → NETSUITE_AUTH_INVALID_OPTION naming its type", () => {
    for (const scope of [Object.create(null), 5n, null, undefined, 7]) {
      const error = thrownBy(() =>
        M2MCredentials.make({ ...m2m, scopes: ["restlets", scope] as never })
      ) as ConfigError
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
      expect(error.message).toMatch(/Unknown scope \(/)
    }
  })

  it("the input itself: null, a string → NETSUITE_AUTH_INVALID_CREDENTIALS", () => {
    for (const input of [null, "creds", undefined]) {
      expect((thrownBy(() => M2MCredentials.make(input as never)) as ConfigError).code).toBe(
        "NETSUITE_AUTH_INVALID_CREDENTIALS"
      )
    }
  })
})

describe("fuzzed field values: success or a coded error, never anything else", () => {
  const anything = fc.anything({
    withBigInt: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true
  })
  it("TbaCredentials.make", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(tba) as Array<keyof TbaCredentialsInput>)),
        anything,
        (field, value) => codedOrNothing(() => TbaCredentials.make({ ...tba, [field]: value } as never))
      ),
      { numRuns: 500 }
    )
  })
  it("M2MCredentials.make", () => {
    const fields = [...Object.keys(m2m), "algorithm", "scopes", "scopeFormat", "assertionLifetimeSeconds"]
    fc.assert(
      fc.property(fc.constantFrom(...fields), anything, (field, value) =>
        codedOrNothing(() => M2MCredentials.make({ ...m2m, [field]: value } as never))
      ),
      { numRuns: 500 }
    )
  })
})
