import { describe, expect, it } from "@effect/vitest"
import {
  isWsdlVersion,
  LATEST_WSDL_VERSION,
  parseWsdlVersion,
  WSDL_VERSIONS
} from "../src/account/wsdl-versions.ts"
import { ConfigError } from "../src/errors.ts"

const refusal = (input: unknown): ConfigError => {
  try {
    parseWsdlVersion(input)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return e as ConfigError
  }
  throw new Error(`accepted ${String(input)}`)
}

describe("WSDL_VERSIONS: NetSuite's published SOAP endpoints", () => {
  it("runs from 2015_2 (the first tokenPassport) to 2025_2 (the last), two a year, in order", () => {
    expect(WSDL_VERSIONS[0]).toBe("2015_2")
    expect(WSDL_VERSIONS.at(-1)).toBe(LATEST_WSDL_VERSION)
    expect(LATEST_WSDL_VERSION).toBe("2025_2")
    expect(WSDL_VERSIONS).toHaveLength(21)
    expect([...WSDL_VERSIONS].sort()).toEqual([...WSDL_VERSIONS])
    for (const v of WSDL_VERSIONS) expect(v).toMatch(/^20[12][0-9]_[12]$/)
  })
})

describe("parseWsdlVersion", () => {
  it("accepts every published version, and the v…_0 and YYYY.N spellings", () => {
    for (const v of WSDL_VERSIONS) expect(parseWsdlVersion(v)).toBe(v)
    expect(parseWsdlVersion("v2024_2_0")).toBe("2024_2")
    expect(parseWsdlVersion(" 2025.2 ")).toBe("2025_2")
    expect(parseWsdlVersion("V2023_1")).toBe("2023_1")
  })

  it("refuses well-formed versions NetSuite never published, with the one message naming the range", () => {
    for (const input of ["2025_3", "2026_1", "2015_1", "2014_2", "2099_2"]) {
      const error = refusal(input)
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
      expect(error.message).toBe(
        `Unknown SOAP WSDL version ${JSON.stringify(input)}: NetSuite published 2015_2 to 2025_2 (YYYY_1 and YYYY_2). Use "2025_2", the last one.`
      )
    }
  })

  it("refuses malformed text with the same message (no 'expected YYYY_N' for a YYYY_N)", () => {
    for (const input of ["", "latest", "2025_2; DROP", "2025-2", "20252"]) {
      expect(refusal(input).message).toMatch(
        /^Unknown SOAP WSDL version ".*": NetSuite published 2015_2 to 2025_2/
      )
    }
    expect(refusal("x".repeat(500)).message.length).toBeLessThan(200)
  })

  it("refuses non-strings with a ConfigError, never a TypeError", () => {
    expect(refusal(2025.2).message).toMatch(/\(number, not a string\)/)
    expect(refusal(null).message).toMatch(/\(null, not a string\)/)
    expect(refusal(undefined).message).toMatch(/\(undefined, not a string\)/)
    expect(refusal({ toString: () => "2025_2" }).message).toMatch(/\(object, not a string\)/)
  })

  it("isWsdlVersion checks the exact form only", () => {
    expect(isWsdlVersion("2025_2")).toBe(true)
    expect(isWsdlVersion("v2025_2_0")).toBe(false)
    expect(isWsdlVersion(20252)).toBe(false)
  })

  it("messages have no double period", () => {
    expect(refusal("2026_1").message).not.toMatch(/\.\./)
  })
})
