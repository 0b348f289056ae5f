import { randomBytes } from "node:crypto"
import { type Passport, passportXml, signPassport, TbaCredentials } from "@netsuite-auth/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { send } from "./helpers.ts"

const V = "2024_2"
const MSG = `urn:messages_${V}.platform.webservices.netsuite.com`
const CORE = `urn:core_${V}.platform.webservices.netsuite.com`
const TBA = {
  consumerKey: "ck".repeat(32),
  consumerSecret: "cs".repeat(32),
  tokenId: "tk".repeat(32),
  tokenSecret: "ts".repeat(32)
}
let server: MockServer

beforeAll(async () => {
  server = await startMockServer({ accounts: [{ accountId: "1234567_SB1", tba: [TBA] }] })
})
afterAll(() => server.close())

const creds = (overrides: Partial<typeof TBA> = {}) =>
  TbaCredentials.make({ accountId: "1234567_SB1", ...TBA, ...overrides })
const fresh = (options: { creds?: TbaCredentials; timestamp?: number } = {}): Passport =>
  signPassport(options.creds ?? creds(), {
    nonce: randomBytes(10).toString("hex"),
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000)
  })

const GET_SERVER_TIME = `<getServerTime xmlns="${MSG}"/>`
const envelope = (header: string, body = GET_SERVER_TIME) =>
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  `<soapenv:Header>${header}</soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`

const soap = (xml: string, headers: Record<string, string> = {}, version = V) =>
  send(`${server.url}/services/NetSuitePort_${version}`, {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: "getServerTime", ...headers },
    body: xml
  })

const INVALID_LOGIN_DETAIL =
  `<detail><platformFaults:invalidCredentialsFault xmlns:platformFaults="urn:faults_${V}.platform.webservices.netsuite.com">` +
  "<platformFaults:code>USER_ERROR</platformFaults:code><platformFaults:message>Invalid login attempt.</platformFaults:message>" +
  "</platformFaults:invalidCredentialsFault>"

const expectInvalidLogin = async (reply: ReturnType<typeof soap>, reason: string) => {
  const r = await reply
  expect([r.status, r.headers["x-mock-reason"]]).toEqual([500, reason])
  expect(r.body).toContain("<faultcode>soapenv:Server.userException</faultcode>")
  return r
}

describe("SOAP: accepts", () => {
  it("getServerTime with a passport made by core", async () => {
    const r = await soap(envelope(passportXml(fresh(), V)))
    expect(r.status).toBe(200)
    expect(r.body).toMatch(/<platformCore:status isSuccess="true"\/><platformCore:serverTime>20\d\d-/)
  })
  it("get of a customer by internalId", async () => {
    const body = `<get xmlns="${MSG}"><baseRef xmlns:c="${CORE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="c:RecordRef" internalId="42" type="customer"/></get>`
    const r = await soap(envelope(passportXml(fresh(), V), body), { soapaction: "get" })
    expect(r.status).toBe(200)
    expect(r.body).toContain('internalId="42"')
    expect(r.body).toContain("<listRel:entityId>CUST42</listRel:entityId>")
  })
  it("any YYYY_N endpoint, with that version's namespaces", async () => {
    const r = await soap(
      envelope(
        passportXml(fresh(), "2019_1"),
        '<getServerTime xmlns="urn:messages_2019_1.platform.webservices.netsuite.com"/>'
      ),
      {},
      "2019_1"
    )
    expect(r.status).toBe(200)
  })
  it("the T1 passport (signature FCghIZq…) at the vector's time", async () => {
    const s = await startMockServer({
      accounts: [
        {
          accountId: "1234567",
          tba: [
            {
              consumerKey: "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
              consumerSecret: "7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd",
              tokenId: "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82",
              tokenSecret: "060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2"
            }
          ]
        }
      ]
    })
    s.setFaults("soap", { clockOffsetSeconds: 1439829974 - Date.now() / 1000 })
    try {
      const passport =
        `<msg:tokenPassport xmlns:msg="${MSG}" xmlns:core="${CORE}">` +
        "<core:account>1234567</core:account>" +
        "<core:consumerKey>71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4</core:consumerKey>" +
        "<core:token>89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82</core:token>" +
        "<core:nonce>6obMKq0tmY8ylVOdEkA1</core:nonce><core:timestamp>1439829974</core:timestamp>" +
        '<core:signature algorithm="HMAC-SHA256">FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs=</core:signature>' +
        "</msg:tokenPassport>"
      const r = await send(`${s.url}/services/NetSuitePort_${V}`, {
        method: "POST",
        headers: { "content-type": "text/xml" },
        body: envelope(passport)
      })
      expect(r.status).toBe(200)
      expect(r.body).toContain("<platformCore:serverTime>2015-08-17T")
    } finally {
      await s.close()
    }
  })
})

describe("SOAP: rejects, one test per reason", () => {
  it("a passport missing a field: exactly NetSuite's fault", async () => {
    const xml = passportXml(fresh(), V).replace(/<platformCore:nonce>[^<]*<\/platformCore:nonce>/, "")
    const r = await expectInvalidLogin(soap(envelope(xml)), "MissingTokenPassportRequiredFields")
    expect(r.body).toContain("<faultstring>Invalid login attempt.</faultstring>")
    expect(r.body).toContain(INVALID_LOGIN_DETAIL)
    expect(r.headers["content-type"]).toContain("text/xml")
  })
  it("a passport in another version's namespace than the endpoint", async () => {
    await expectInvalidLogin(soap(envelope(passportXml(fresh(), "2023_2"))), "InvalidNamespace")
  })
  it("children in the messages namespace (Oracle's PHP sample) instead of core", async () => {
    const xml = passportXml(fresh(), V).replace(`xmlns:platformCore="${CORE}"`, `xmlns:platformCore="${MSG}"`)
    await expectInvalidLogin(soap(envelope(xml)), "MissingTokenPassportRequiredFields")
  })
  it("a bad signature", async () => {
    await expectInvalidLogin(
      soap(envelope(passportXml(fresh({ creds: creds({ tokenSecret: "x" }) }), V))),
      "InvalidSignature"
    )
  })
  it("a reused nonce", async () => {
    const xml = envelope(passportXml(fresh(), V))
    expect((await soap(xml)).status).toBe(200)
    await expectInvalidLogin(soap(xml), "NonceUsed")
  })
  it("a stale timestamp", async () => {
    await expectInvalidLogin(
      soap(envelope(passportXml(fresh({ timestamp: Math.floor(Date.now() / 1000) - 400 }), V))),
      "InvalidTimestamp"
    )
  })
  it("two passports", async () => {
    await expectInvalidLogin(
      soap(envelope(passportXml(fresh(), V) + passportXml(fresh(), V))),
      "MultipleTokenPassports"
    )
  })
  it("applicationInfo next to the passport (ambiguous authentication)", async () => {
    const appInfo = `<msg:applicationInfo xmlns:msg="${MSG}"><msg:applicationId>ABC</msg:applicationId></msg:applicationInfo>`
    const r = await expectInvalidLogin(
      soap(envelope(appInfo + passportXml(fresh(), V))),
      "AmbiguousAuthentication"
    )
    expect(r.body).toContain("<faultstring>Ambiguous authentication</faultstring>")
  })
  it("a JSESSIONID cookie next to the passport (ambiguous authentication)", async () => {
    await expectInvalidLogin(
      soap(envelope(passportXml(fresh(), V)), { cookie: "lang=en; JSESSIONID=abc123" }),
      "AmbiguousAuthentication"
    )
  })
  it('algorithm other than "HMAC-SHA256"', async () => {
    await expectInvalidLogin(
      soap(envelope(passportXml(fresh(), V).replace('"HMAC-SHA256"', '"HMAC-SHA1"'))),
      "UnsupportedSignatureMethod"
    )
  })
  it("a lower-case account", async () => {
    const xml = passportXml(fresh(), V).replace(">1234567_SB1<", ">1234567_sb1<")
    await expectInvalidLogin(soap(envelope(xml)), "InvalidAccount")
  })
  it("no passport at all", async () => {
    await expectInvalidLogin(soap(envelope("")), "MissingTokenPassport")
  })
  it("an envelope that is not XML, and a DTD", async () => {
    expect((await soap("<soapenv:Envelope")).headers["x-mock-reason"]).toBe("MalformedEnvelope")
    const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${envelope(passportXml(fresh(), V))}`
    expect((await soap(dtd)).headers["x-mock-reason"]).toBe("MalformedEnvelope")
  })
})

describe("WSDL", () => {
  it("is served per version at /wsdl/v<ver>_0/netsuite.wsdl and ?wsdl, pointing at the mock", async () => {
    const a = await send(`${server.url}/wsdl/v2025_2_0/netsuite.wsdl`)
    expect(a.status).toBe(200)
    expect(a.body).toContain('targetNamespace="urn:messages_2025_2.platform.webservices.netsuite.com"')
    expect(a.body).toContain(`<soap:address location="${server.url}/services/NetSuitePort_2025_2"/>`)
    const b = await send(`${server.url}/services/NetSuitePort_2025_2?wsdl`)
    expect(b.body).toBe(a.body)
  })
})
