import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeTokenResponse } from "../src/internal.ts"

// Issue 13.2: one policy for `expires_in`, in decodeTokenResponse: whole seconds rounded down,
// under 1 s a MALFORMED_RESPONSE, over NetSuite's 3600 s capped.
const NOW = 1_700_000_000_000
const decode = (expiresIn: unknown) =>
  decodeTokenResponse(
    {
      status: 200,
      headers: {},
      body: JSON.stringify({ access_token: "tok", token_type: "Bearer", expires_in: expiresIn })
    },
    NOW
  )
const lifetime = (expiresIn: unknown): number => {
  const result = decode(expiresIn)
  if (Result.isFailure(result)) throw result.failure
  expect(result.success.expiresAtMillis).toBe(NOW + result.success.expiresInSeconds * 1000)
  return result.success.expiresInSeconds
}
const refusal = (expiresIn: unknown) => {
  const result = decode(expiresIn)
  if (Result.isSuccess(result)) throw new Error(`expected ${String(expiresIn)} to be refused`)
  return result.failure
}

describe("expires_in policy", () => {
  it("under one second (0.5, 0.999, 0, negative) is a non-retryable MALFORMED_RESPONSE naming the minimum", () => {
    for (const tiny of [0.5, 0.999, 0, -1, "0.5", "0"]) {
      const error = refusal(tiny)
      expect(error.code).toBe("NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE")
      expect(error.retryable).toBe(false)
      expect(error.message).toMatch(/expires_in .*1-second minimum/)
    }
  })

  it("fractions are rounded down, never up (the token is never kept past what the server granted)", () => {
    expect(lifetime(1.9)).toBe(1)
    expect(lifetime("59.99")).toBe(59)
    expect(lifetime(1)).toBe(1)
  })

  it("longer than NetSuite's 3600 s (1e12, 86400, a long numeric string) is capped at 3600", () => {
    expect(lifetime(1e12)).toBe(3600)
    expect(lifetime(86_400)).toBe(3600)
    expect(lifetime("99999999999999999999")).toBe(3600)
    expect(lifetime(3600)).toBe(3600)
  })

  it("missing is NetSuite's 3600; not a number is malformed, and the value is never quoted", () => {
    expect(lifetime(undefined)).toBe(3600)
    for (const bad of ["soon", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", true, {}, [3600]]) {
      const error = refusal(bad)
      expect(error.code).toBe("NETSUITE_AUTH_TOKEN_MALFORMED_RESPONSE")
      expect(error.message).not.toContain("eyJ")
      expect(error.message).toMatch(/expires_in is not a number of seconds/)
    }
  })
})
