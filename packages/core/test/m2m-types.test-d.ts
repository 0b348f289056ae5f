import type { Effect, Redacted, Result } from "effect"
import { describe, expectTypeOf, it } from "vitest"
import {
  type AccessToken,
  type AssertionClaims,
  assertionClaims,
  clientAssertion,
  type M2MAlgorithm,
  M2MCredentials,
  type TokenEndpointError,
  type TokenRequest,
  tokenRequest
} from "../src/index.ts"
import { decodeTokenResponse, tokenResponse } from "../src/internal.ts"

declare const creds: M2MCredentials

describe("M2M public types", () => {
  it("clientAssertion is an Effect of string that can only fail with TokenEndpointError and needs nothing", () => {
    expectTypeOf(clientAssertion(creds, { tokenUrl: "https://x" })).toEqualTypeOf<
      Effect.Effect<string, TokenEndpointError, never>
    >()
  })

  it("tokenRequest and tokenResponse", () => {
    expectTypeOf(tokenRequest(creds, "https://x")).toEqualTypeOf<
      Effect.Effect<TokenRequest, TokenEndpointError, never>
    >()
    expectTypeOf(tokenResponse).returns.toEqualTypeOf<Effect.Effect<AccessToken, TokenEndpointError, never>>()
    expectTypeOf(decodeTokenResponse).returns.toEqualTypeOf<Result.Result<AccessToken, TokenEndpointError>>()
  })

  it("AccessToken keeps the token Redacted and the type literal", () => {
    expectTypeOf<AccessToken["accessToken"]>().toEqualTypeOf<Redacted.Redacted<string>>()
    expectTypeOf<AccessToken["tokenType"]>().toEqualTypeOf<"Bearer">()
  })

  it("M2MCredentials.make refuses RS256 at the type level too", () => {
    expectTypeOf<M2MAlgorithm>().toEqualTypeOf<"PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512">()
    M2MCredentials.make({
      accountId: "1",
      clientId: "c",
      certificateId: "k",
      privateKey: "",
      // @ts-expect-error RS256 is not an M2MAlgorithm
      algorithm: "RS256"
    })
    expectTypeOf(assertionClaims).returns.toEqualTypeOf<AssertionClaims>()
  })

  it("the request body is a string and the method literal", () => {
    expectTypeOf<TokenRequest["body"]>().toEqualTypeOf<string>()
    expectTypeOf<TokenRequest["method"]>().toEqualTypeOf<"POST">()
  })
})
