import { describe, expect, it } from "vitest"
import {
  passportBaseString,
  signatureBaseString,
  signOAuth1,
  signPassport,
  TbaCredentials
} from "../src/index.ts"
import { ORACLE, T1 } from "./vectors.ts"

const t1 = (account: string = T1.account) =>
  TbaCredentials.make({
    accountId: account,
    consumerKey: T1.consumerKey,
    consumerSecret: T1.consumerSecret,
    tokenId: T1.tokenId,
    tokenSecret: T1.tokenSecret
  })
const oracle = (account: string = ORACLE.account) =>
  TbaCredentials.make({
    accountId: account,
    consumerKey: ORACLE.consumerKey,
    consumerSecret: ORACLE.consumerSecret,
    tokenId: ORACLE.tokenId,
    tokenSecret: ORACLE.tokenSecret
  })

describe("T1: SOAP tokenPassport", () => {
  it("builds the base string of the spec", () => {
    expect(passportBaseString(t1(), T1.nonce, T1.timestamp)).toBe(
      `1234567&${T1.consumerKey}&${T1.tokenId}&${T1.nonce}&${T1.timestamp}`
    )
  })
  it("signs byte for byte", () => {
    const p = signPassport(t1(), { nonce: T1.nonce, timestamp: T1.timestamp })
    expect(p).toEqual({
      account: "1234567",
      consumerKey: T1.consumerKey,
      token: T1.tokenId,
      nonce: T1.nonce,
      timestamp: T1.timestamp,
      signature: T1.signature,
      algorithm: "HMAC-SHA256"
    })
  })
  it("signs the sandbox variant with the realm form whatever the input case", () => {
    for (const input of ["1234567_SB1", "1234567_sb1", "1234567-sb1", " 1234567-SB1 "]) {
      expect(signPassport(t1(input), { nonce: T1.nonce, timestamp: T1.timestamp }).signature).toBe(
        T1.sandboxSignature
      )
    }
  })
  it("is not the legacy SHA1 signature", () => {
    expect(signPassport(t1(), { nonce: T1.nonce, timestamp: T1.timestamp }).signature).not.toBe(
      T1.sha1Signature
    )
  })
  it("signs the passport made from Oracle's REST example inputs", () => {
    expect(signPassport(oracle(), { nonce: ORACLE.nonce, timestamp: ORACLE.timestamp }).signature).toBe(
      ORACLE.passportSignature
    )
  })
})

describe("T2: Oracle's OAuth 1.0a examples", () => {
  const at = { nonce: ORACLE.nonce, timestamp: ORACLE.timestamp }
  it("REST GET: base string and signature", () => {
    const request = {
      method: "GET",
      url: "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40"
    }
    const signed = signOAuth1(oracle(), request, at)
    expect(signed.baseString).toBe(
      "GET&https%3A%2F%2F123456.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2Femployee%2F40&oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1508242306%26oauth_token%3D2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0"
    )
    expect(signed.signature).toBe("B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY=")
    expect(signed.authorization).toContain(
      'oauth_signature="B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"'
    )
    expect(signed.authorization.startsWith('OAuth realm="123456", ')).toBe(true)
  })
  it("RESTlet POST with script, deploy and custom params", () => {
    const url =
      "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue"
    expect(signOAuth1(oracle(), { method: "POST", url }, at).signature).toBe(
      "+KK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ="
    )
  })
  it("the same RESTlet POST on host 1234567", () => {
    const url =
      "https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue"
    expect(signOAuth1(oracle(), { method: "post", url }, at).signature).toBe(
      "i7MEtGwhCTIZbTsTrNGw9LdcERn4wsjt5C7TxmKWIfU="
    )
  })
})

describe("T3: sandbox realm OAuth 1.0a vectors", () => {
  const at = { nonce: T1.nonce, timestamp: T1.timestamp }
  const creds = t1("1234567_sb1")
  it("A: REST GET with a query value that needs encoding", () => {
    const url =
      "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer?limit=10&offset=0&q=email%20START_WITH%20%22a%2Bb%40x.com%22"
    const signed = signOAuth1(creds, { method: "GET", url }, at)
    expect(signed.baseString).toBe(
      "GET&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2Fcustomer&limit%3D10%26oauth_consumer_key%3D71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4%26oauth_nonce%3D6obMKq0tmY8ylVOdEkA1%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1439829974%26oauth_token%3D89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82%26oauth_version%3D1.0%26offset%3D0%26q%3Demail%2520START_WITH%2520%2522a%252Bb%2540x.com%2522"
    )
    expect(signed.signature).toBe("gXN2aFUPnSJrh2d3zXY/foaYTOoVHFUjcDlZETuEMGo=")
    expect(signed.authorization).toContain('realm="1234567_SB1"')
    expect(signed.authorization).toContain(
      'oauth_signature="gXN2aFUPnSJrh2d3zXY%2FfoaYTOoVHFUjcDlZETuEMGo%3D"'
    )
  })
  it("B: RESTlet POST, body not signed", () => {
    const url =
      "https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1"
    const signed = signOAuth1(creds, { method: "POST", url }, at)
    expect(signed.baseString).toBe(
      "POST&https%3A%2F%2F1234567-sb1.restlets.api.netsuite.com%2Fapp%2Fsite%2Fhosting%2Frestlet.nl&deploy%3D1%26oauth_consumer_key%3D71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4%26oauth_nonce%3D6obMKq0tmY8ylVOdEkA1%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1439829974%26oauth_token%3D89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82%26oauth_version%3D1.0%26script%3D123"
    )
    expect(signed.signature).toBe("fsuXqlkEJD014Fr6m//e8Kv4mFaL+cFOT9x+JEh+i3U=")
    expect(signed.authorization).toContain(
      'oauth_signature="fsuXqlkEJD014Fr6m%2F%2Fe8Kv4mFaL%2BcFOT9x%2BJEh%2Bi3U%3D"'
    )
  })
  it("C: RESTlet GET, byte-order sort and encoding", () => {
    const url =
      "https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1&id=42&Zeta=z&alpha=a%20b"
    const signed = signOAuth1(creds, { method: "GET", url }, at)
    expect(signed.baseString).toBe(
      "GET&https%3A%2F%2F1234567-sb1.restlets.api.netsuite.com%2Fapp%2Fsite%2Fhosting%2Frestlet.nl&Zeta%3Dz%26alpha%3Da%2520b%26deploy%3D1%26id%3D42%26oauth_consumer_key%3D71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4%26oauth_nonce%3D6obMKq0tmY8ylVOdEkA1%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1439829974%26oauth_token%3D89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82%26oauth_version%3D1.0%26script%3D123"
    )
    expect(signed.signature).toBe("70ilgYwmN3d4m/6m9S+11ewZZoQo/HjwyYpvYvYLsQQ=")
  })
  it("uppercase host and default port give the same signature", () => {
    const url =
      "HTTPS://1234567-SB1.RESTLETS.api.netsuite.com:443/app/site/hosting/restlet.nl?script=123&deploy=1"
    expect(signOAuth1(creds, { method: "POST", url }, at).signature).toBe(
      "fsuXqlkEJD014Fr6m//e8Kv4mFaL+cFOT9x+JEh+i3U="
    )
  })
  it("the base-string builder is exported for debugging", () => {
    const base = signatureBaseString(
      { method: "get", url: "https://a.example/x?b=2&a=1" },
      { oauth_nonce: "n" }
    )
    expect(base).toBe("GET&https%3A%2F%2Fa.example%2Fx&a%3D1%26b%3D2%26oauth_nonce%3Dn")
  })
})
