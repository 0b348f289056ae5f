import { existsSync } from "node:fs"
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
import { DOMParser, type Element } from "@xmldom/xmldom"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createNetSuiteSoapClient, type NetSuiteSoapClient } from "../src/index.ts"
import { expectedSignature, TEST_SECRETS } from "./netsuite-soap-test-server.ts"

// NetSuite's published 2023_2 WSDL and XSDs, read in place (never copied into the repository).
const WSDL = fileURLToPath(
  new URL("../../../../shared/fixtures/netsuite-wsdl-2023_2/netsuite.wsdl", import.meta.url)
)
const present = existsSync(WSDL)

const SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
const MESSAGES = "urn:messages_2023_2.platform.webservices.netsuite.com"
const CORE = "urn:core_2023_2.platform.webservices.netsuite.com"

const RESPONSES: Record<string, string> = {
  getServerTime:
    `<getServerTimeResponse xmlns="${MESSAGES}"><getServerTimeResult>` +
    `<platformCore:status xmlns:platformCore="${CORE}" isSuccess="true"/>` +
    `<serverTime>2023-10-01T12:00:00.000Z</serverTime></getServerTimeResult></getServerTimeResponse>`,
  get:
    `<getResponse xmlns="${MESSAGES}"><platformCore:readResponse xmlns:platformCore="${CORE}">` +
    `<platformCore:status isSuccess="true"/></platformCore:readResponse></getResponse>`
}

interface Captured {
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

const elementChildren = (el: Element): Element[] => {
  const out: Element[] = []
  for (let n = el.firstChild; n !== null; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element)
  return out
}

// The default reporter prints no skip reasons: say it where everyone sees it.
if (!present)
  console.warn("real NetSuite WSDL tests skipped: ../shared/fixtures/netsuite-wsdl-2023_2 is not present")

describe.skipIf(!present)(
  present
    ? "real NetSuite WSDL 2023_2"
    : "real NetSuite WSDL (skipped: ../shared/fixtures/netsuite-wsdl-2023_2 not present)",
  () => {
    let server: Server
    let ns: NetSuiteSoapClient
    const captured: Captured[] = []

    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", () => {
          const action = String(req.headers.soapaction ?? "").replace(/"/g, "")
          captured.push({
            url: req.url ?? "",
            headers: req.headers,
            body: Buffer.concat(chunks).toString("utf8")
          })
          res.writeHead(200, { "Content-Type": "text/xml; charset=utf-8" })
          res.end(
            `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body>` +
              `${RESPONSES[action] ?? ""}</soapenv:Body></soapenv:Envelope>`
          )
        })
      })
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
      const { port } = server.address() as AddressInfo
      ns = await createNetSuiteSoapClient({
        account: NetSuiteAccount.make({ accountId: "1234567_sb1", baseUrl: `http://127.0.0.1:${port}` }),
        credentials: TbaCredentials.make(TEST_SECRETS),
        wsdl: WSDL // no wsdlVersion: detected from the WSDL
      })
    }, 30_000)

    afterAll(async () => {
      ns?.dispose()
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    })

    it("detects 2023_2 and points the endpoint at the account's NetSuitePort_2023_2", () => {
      expect(ns.wsdlVersion).toBe("2023_2")
      expect(ns.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\/NetSuitePort_2023_2$/)
    })

    const checkEnvelope = (c: Captured, operation: string): void => {
      expect(c.url).toBe("/services/NetSuitePort_2023_2")
      expect(c.headers.soapaction).toBe(`"${operation}"`)
      expect(c.headers.cookie).toBeUndefined()
      const doc = new DOMParser().parseFromString(c.body, "text/xml")
      const envelope = doc.documentElement!
      expect(envelope.namespaceURI).toBe(SOAP_ENV)
      const headers = elementChildren(envelope).filter(
        (e) => e.namespaceURI === SOAP_ENV && e.localName === "Header"
      )
      expect(headers).toHaveLength(1)
      const passports = elementChildren(headers[0]!).filter((e) => e.localName === "tokenPassport")
      expect(passports).toHaveLength(1)
      // and nowhere else in the document
      expect(doc.getElementsByTagNameNS(MESSAGES, "tokenPassport").length).toBe(1)
      const tp = passports[0]!
      expect(tp.namespaceURI).toBe(MESSAGES)
      const children = elementChildren(tp)
      expect(children.map((e) => e.localName)).toEqual([
        "account",
        "consumerKey",
        "token",
        "nonce",
        "timestamp",
        "signature"
      ])
      for (const child of children) expect(child.namespaceURI).toBe(CORE)
      const value = (i: number) => children[i]!.textContent ?? ""
      const signature = children[5]!
      expect(signature.getAttribute("algorithm")).toBe("HMAC-SHA256")
      expect(signature.attributes.length).toBe(1)
      expect(value(0)).toBe("1234567_SB1")
      expect(value(1)).toBe(TEST_SECRETS.consumerKey)
      expect(value(2)).toBe(TEST_SECRETS.tokenId)
      expect(value(3)).toMatch(/^[A-Za-z0-9]{20,64}$/)
      expect(Math.abs(Number(value(4)) - Date.now() / 1000)).toBeLessThan(10)
      expect(value(5)).toBe(
        expectedSignature({
          account: value(0),
          consumerKey: value(1),
          token: value(2),
          nonce: value(3),
          timestamp: value(4)
        })
      )
      // the operation is in the body, in the messages namespace
      const body = elementChildren(envelope).find((e) => e.localName === "Body")!
      expect(elementChildren(body)[0]!.namespaceURI).toBe(MESSAGES)
      expect(elementChildren(body)[0]!.localName).toBe(operation)
    }

    it("getServerTime: one schema-shaped tokenPassport whose signature verifies", async () => {
      const result = await ns.call<{ getServerTimeResult: { serverTime: Date } }>("getServerTime", {})
      expect(new Date(result.getServerTimeResult.serverTime).toISOString()).toBe("2023-10-01T12:00:00.000Z")
      checkEnvelope(captured.at(-1)!, "getServerTime")
    })

    it("get: one schema-shaped tokenPassport whose signature verifies, a new nonce", async () => {
      await ns.call("get", { baseRef: { attributes: { internalId: "42", type: "customer" } } })
      const c = captured.at(-1)!
      checkEnvelope(c, "get")
      expect(c.body).toContain('internalId="42"')
      const nonces = captured.map((x) => /<platformCore:nonce>(\w+)</.exec(x.body)?.[1])
      expect(new Set(nonces).size).toBe(captured.length)
    })
  }
)
