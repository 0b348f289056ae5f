import { describe, expect, it } from "vitest"
import { ConfigError, signatureBaseString } from "../src/index.ts"
import { percentDecode, queryParameters } from "../src/internal.ts"

// RFC 5849 §3.4.1.1's own example: a POST with a query and a form-encoded body `c2&a3=2+q`.
const RFC_URL = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"
const RFC_OAUTH = {
  realm: "Example",
  oauth_consumer_key: "9djdj82h48djs9d2",
  oauth_token: "kkk9d7dh3k39sjv7",
  oauth_signature_method: "HMAC-SHA1",
  oauth_timestamp: "137131201",
  oauth_nonce: "7d8f3e4a"
}
const RFC_BASE_STRING =
  "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
const FORM = "application/x-www-form-urlencoded"

const codeOf = (f: () => unknown): string => {
  try {
    f()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).code
  }
  return "(no error)"
}

describe("form-encoded bodies are signed (RFC 5849 §3.4.1.3.1, issue 13.15)", () => {
  it("the RFC's example base string, byte for byte, with the body as a string", () => {
    expect(
      signatureBaseString({ method: "POST", url: RFC_URL, contentType: FORM, body: "c2&a3=2+q" }, RFC_OAUTH)
    ).toBe(RFC_BASE_STRING)
  })

  it("the same base string for the body as URLSearchParams and as a record of strings", () => {
    for (const body of [new URLSearchParams("c2&a3=2+q"), { c2: "", a3: "2 q" }]) {
      expect(signatureBaseString({ method: "POST", url: RFC_URL, contentType: FORM, body }, RFC_OAUTH)).toBe(
        RFC_BASE_STRING
      )
    }
  })

  it("the content type is matched on its media type: any case, with a charset", () => {
    const contentType = "Application/X-WWW-Form-URLEncoded; charset=UTF-8"
    expect(
      signatureBaseString({ method: "POST", url: RFC_URL, contentType, body: "c2&a3=2+q" }, RFC_OAUTH)
    ).toBe(RFC_BASE_STRING)
  })

  it("any other content type, or none, leaves the body out (JSON RESTlet bodies are never signed)", () => {
    const unsigned = signatureBaseString({ method: "POST", url: RFC_URL }, RFC_OAUTH)
    expect(unsigned).not.toContain("c2%3D")
    for (const contentType of [undefined, "application/json", "text/plain", "multipart/form-data"]) {
      expect(
        signatureBaseString({ method: "POST", url: RFC_URL, contentType, body: "c2&a3=2+q" }, RFC_OAUTH)
      ).toBe(unsigned)
    }
  })

  it("a form body that cannot be signed as sent is a ConfigError, never a silent unsigned body", () => {
    const sign = (body: unknown) => () =>
      signatureBaseString(
        { method: "POST", url: RFC_URL, contentType: FORM, body: body as string },
        RFC_OAUTH
      )
    expect(codeOf(sign("a=%ZZ"))).toBe("NETSUITE_AUTH_INVALID_OPTION")
    expect(codeOf(sign(new Uint8Array([97, 61, 49])))).toBe("NETSUITE_AUTH_INVALID_OPTION")
    expect(codeOf(sign({ n: 1 }))).toBe("NETSUITE_AUTH_INVALID_OPTION")
    expect(codeOf(sign({ list: ["a", "b"] }))).toBe("NETSUITE_AUTH_INVALID_OPTION")
    expect(
      codeOf(() => signatureBaseString({ method: "POST", url: RFC_URL, contentType: 5 as never }, {}))
    ).toBe("NETSUITE_AUTH_INVALID_OPTION")
  })

  it("a query or body parameter named realm is signed; oauth_signature is left out wherever it is", () => {
    const base = signatureBaseString(
      {
        method: "POST",
        url: "https://x.example/p?realm=q&oauth_signature=fromquery",
        contentType: FORM,
        body: "realm=b&oauth_signature=frombody"
      },
      { realm: "HEADER", oauth_nonce: "abcdef" }
    )
    expect(base).toBe("POST&https%3A%2F%2Fx.example%2Fp&oauth_nonce%3Dabcdef%26realm%3Db%26realm%3Dq")
  })
})

describe("malformed percent sequences are refused before signing (issue 13.14)", () => {
  const url = (query: string) =>
    `https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer?${query}`
  it.each(["q=caf%C3%A9%", "q=%41%ZZ", "q=%", "q=%4", "q=%FF", "q=%C3", "q=%ED%A0%80", "%ZZ=1"])(
    "%s: NETSUITE_AUTH_INVALID_URL naming the sequence and the fix",
    (query) => {
      let message = ""
      try {
        queryParameters(url(query))
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError)
        expect((error as ConfigError).code).toBe("NETSUITE_AUTH_INVALID_URL")
        message = (error as ConfigError).message
      }
      expect(message).toMatch(/%25/)
      expect(codeOf(() => signatureBaseString({ method: "GET", url: url(query) }, {}))).toBe(
        "NETSUITE_AUTH_INVALID_URL"
      )
    }
  )

  it("well-formed escapes still decode: UTF-8, an encoded %, + as space", () => {
    expect(queryParameters(url("q=caf%C3%A9%25&p=a+b&r=%2B"))).toEqual([
      ["q", "café%"],
      ["p", "a b"],
      ["r", "+"]
    ])
  })

  it("percentDecode is strict too", () => {
    expect(percentDecode("caf%C3%A9+au+lait")).toBe("café au lait")
    expect(codeOf(() => percentDecode("100%"))).toBe("NETSUITE_AUTH_INVALID_URL")
  })
})
