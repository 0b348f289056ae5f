import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { AccountId, ConfigError, endpointsFor, NetSuiteAccount } from "../src/index.ts"

const rejects = (input: unknown) => {
  let error: unknown
  try {
    AccountId.parseOrThrow(input)
  } catch (e) {
    error = e
  }
  expect(error, `accepted ${JSON.stringify(input)}`).toBeInstanceOf(ConfigError)
  expect((error as ConfigError).code).toBe("NETSUITE_AUTH_INVALID_ACCOUNT_ID")
  expect((error as ConfigError).message).toMatch(/Company Information/)
}

describe("AccountId: accepted forms", () => {
  const cases = [
    ["1234567", "1234567", "1234567", "production"],
    ["1234567_sb1", "1234567_SB1", "1234567-sb1", "sandbox"],
    ["1234567-SB1", "1234567_SB1", "1234567-sb1", "sandbox"],
    ["1234567_SB12", "1234567_SB12", "1234567-sb12", "sandbox"],
    ["tstdrv123", "TSTDRV123", "tstdrv123", "test-drive"],
    ["TSTDRV1234567", "TSTDRV1234567", "tstdrv1234567", "test-drive"],
    ["1234567_RP", "1234567_RP", "1234567-rp", "release-preview"],
    ["1234567-rp", "1234567_RP", "1234567-rp", "release-preview"],
    ["  1234567_sb1  ", "1234567_SB1", "1234567-sb1", "sandbox"],
    ["\t1234567\n", "1234567", "1234567", "production"]
  ] as const
  for (const [input, realm, host, kind] of cases) {
    it(`${JSON.stringify(input)} → realm ${realm}, host ${host}`, () => {
      expect(AccountId.parseOrThrow(input)).toEqual({ realm, host, kind })
    })
  }

  it.effect("the Effect form agrees", () =>
    Effect.gen(function* () {
      expect((yield* AccountId.parse("1234567-sb1")).realm).toBe("1234567_SB1")
      const error = yield* Effect.flip(AccountId.parse("a.b"))
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_ACCOUNT_ID")
    })
  )
})

describe("AccountId: rejected forms", () => {
  const bad = [
    "1234567.evil.com",
    "evil.com",
    "1234567/x",
    "1234567:443",
    "user@1234567",
    "",
    "   ",
    "1234 567",
    "1234567_SB1 x",
    "１２３４５６７",
    "1234567é",
    "1234567_SB",
    "1234567_DEV",
    "1234567__SB1",
    "x".repeat(41),
    "1".repeat(5000),
    "1234567?",
    "1234567#",
    "1234567%2e",
    "1234567\u0000"
  ]
  for (const input of bad) {
    it(`rejects ${JSON.stringify(input.length > 30 ? `${input.slice(0, 10)}…(${input.length})` : input)}`, () =>
      rejects(input))
  }
  it("rejects non-strings", () => {
    for (const input of [undefined, null, 1234567, {}, ["1234567"]]) rejects(input)
  })
  it("keeps the message short for very long input", () => {
    try {
      AccountId.parseOrThrow("9".repeat(5000))
    } catch (e) {
      expect((e as ConfigError).message.length).toBeLessThan(400)
    }
  })
})

describe("AccountId: a suffix without its separator", () => {
  for (const [input, meant] of [
    ["1234567sb1", "1234567_SB1"],
    ["1234567SB12", "1234567_SB12"],
    ["1234567rp", "1234567_RP"],
    ["tstdrv123sb1", "TSTDRV123_SB1"]
  ] as const) {
    it(`refuses ${input} and suggests ${meant}`, () => {
      rejects(input)
      expect(() => AccountId.parseOrThrow(input)).toThrow(`write ${meant}`)
    })
  }
})

describe("AccountId: runtime types (what JavaScript callers can pass)", () => {
  const message = (input: unknown) => {
    try {
      AccountId.parseOrThrow(input)
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      expect((e as ConfigError).code).toBe("NETSUITE_AUTH_INVALID_ACCOUNT_ID")
      return (e as ConfigError).message
    }
    throw new Error(`accepted ${String(input)}`)
  }
  it("names the type of a number, null, undefined, an array, a function, without String(value)", () => {
    expect(message(1234567)).toMatch(/^Invalid NetSuite account ID \(a number\): expected a string/)
    expect(message(null)).toMatch(/\(null\)/)
    expect(message(undefined)).toMatch(/\(undefined\)/)
    expect(message(["1234567"])).toMatch(/\(an array\)/)
    expect(message(() => "1234567")).toMatch(/\(a function\)/)
    expect(message(Symbol("x"))).toMatch(/\(a symbol\)/)
    expect(message(1234567n)).toMatch(/\(a bigint\)/)
  })
  it("accepts an AccountId it made, and gives back the same realm, host and kind", () => {
    const id = AccountId.parseOrThrow("1234567_sb1")
    expect(AccountId.parseOrThrow(id)).toEqual(id)
  })
  it("refuses an object whose host does not follow from its realm (a host smuggled into URLs)", () => {
    expect(message({ realm: "1234567", host: "evil/x?", kind: "production" })).toMatch(
      /realm and host do not belong together/
    )
    expect(message({ host: "evil/x?" })).toMatch(/\(an object\)/)
    expect(message({ realm: "1234567.evil.com", host: "1234567.evil.com" })).toMatch(/no dots/)
    expect(message({ realm: 1234567, host: "1234567" })).toMatch(/\(an object\)/)
  })
  it("never builds an endpoint from a refused value", () => {
    for (const input of [1234567, null, { realm: "1234567", host: "evil/x?" }]) {
      expect(() => endpointsFor(AccountId.parseOrThrow(input))).toThrow(ConfigError)
    }
  })
})

describe("AccountId: properties", () => {
  it("any accepted input gives a host that is a single DNS label of [0-9a-z-] (no redirect possible)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (input) => {
        let id: AccountId.AccountId
        try {
          id = AccountId.parseOrThrow(input)
        } catch (e) {
          return e instanceof ConfigError
        }
        return (
          /^[0-9a-z]+(?:-(?:sb[0-9]+|rp))?$/.test(id.host) &&
          id.realm === id.host.toUpperCase().replace("-", "_")
        )
      }),
      { numRuns: 500 }
    )
  })

  it("any input with a character outside [A-Za-z0-9_-] (after trimming) is rejected", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 10, unit: "grapheme-ascii" }),
        fc.constantFrom(".", "/", ":", "@", "?", "#", "%", " ", "\\", "é", "１"),
        fc.string({ minLength: 1, maxLength: 10, unit: "grapheme-ascii" }),
        (a, bad, b) => {
          const input = `1${a.replace(/\s/g, "")}${bad}${b.replace(/\s/g, "")}1`
          try {
            AccountId.parseOrThrow(input)
            return false
          } catch (e) {
            return e instanceof ConfigError
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("endpoints", () => {
  it("sandbox endpoints use the lower-case hyphen host", () => {
    const e = endpointsFor(AccountId.parseOrThrow("1234567_SB1"))
    expect(e.tokenUrl).toBe(
      "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
    )
    expect(e.restBaseUrl).toBe("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest")
    expect(e.restletUrl).toBe("https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl")
    expect(e.soapUrl("2025_2")).toBe(
      "https://1234567-sb1.suitetalk.api.netsuite.com/services/NetSuitePort_2025_2"
    )
  })

  it("a baseUrl serves every surface", () => {
    const e = endpointsFor(AccountId.parseOrThrow("tstdrv123"), { baseUrl: "http://127.0.0.1:8080/" })
    expect(e.tokenUrl).toBe("http://127.0.0.1:8080/services/rest/auth/oauth2/v1/token")
    expect(e.restletUrl).toBe("http://127.0.0.1:8080/app/site/hosting/restlet.nl")
  })

  it("NetSuiteAccount builds the same endpoints", () => {
    const account = NetSuiteAccount.make({ accountId: "1234567-sb1" })
    expect(account.endpoints.tokenUrl).toBe(endpointsFor(AccountId.parseOrThrow("1234567_SB1")).tokenUrl)
  })
})
