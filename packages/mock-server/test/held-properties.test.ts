import { randomBytes } from "node:crypto"
import { connect, type Socket } from "node:net"
import { networkInterfaces } from "node:os"
import { passportXml, signOAuth1, signPassport } from "@netsuite-auth/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { ACCOUNT, creds, JSON_TYPE, send, TBA } from "./helpers.ts"

// Issue 13.18: what held when the mock was attacked, pinned so it keeps holding.
const LIMIT = 4096
let server: MockServer
beforeAll(async () => {
  server = await startMockServer({
    accounts: [{ accountId: ACCOUNT, concurrencyLimit: 1, tba: [TBA] }],
    bodyLimitBytes: LIMIT
  })
})
afterAll(() => server.close())

const V = "2025_2"
const SOAP_PATH = `/services/NetSuitePort_${V}`
const CUSTOMER = "/services/rest/record/v1/customer/1"
const at = () => ({ nonce: randomBytes(10).toString("hex"), timestamp: Math.floor(Date.now() / 1000) })
const envelope = (header: string, doctype = "") =>
  `<?xml version="1.0"?>${doctype}<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
  `<soapenv:Header>${header}</soapenv:Header><soapenv:Body><getServerTime xmlns="urn:messages_${V}.platform.webservices.netsuite.com"/></soapenv:Body></soapenv:Envelope>`
const soap = (xml: string) =>
  send(`${server.url}${SOAP_PATH}`, { method: "POST", headers: { "content-type": "text/xml" }, body: xml })
const tbaGet = () =>
  send(`${server.url}${CUSTOMER}`, {
    headers: {
      authorization: signOAuth1(creds, { method: "GET", url: `${server.url}${CUSTOMER}` }, at()).authorization
    }
  })

/** A raw connection, for what node:http clients will not send (a lying Content-Length, a trickle). */
const raw = (): Promise<{ socket: Socket; received: () => string }> =>
  new Promise((resolve, reject) => {
    const { port } = new URL(server.url)
    const socket = connect(Number(port), "127.0.0.1", () => resolve({ socket, received: () => data }))
    let data = ""
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString("utf8")
    })
    socket.on("error", reject)
  })
const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!condition()) throw new Error(`never happened: ${what}`)
}

describe("binds 127.0.0.1 by default", () => {
  it("its URL is loopback and it cannot be reached on the machine's other addresses", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const port = Number(new URL(server.url).port)
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && !i.internal && i.family === "IPv4")
    if (external === undefined) return // no other interface to try on this machine
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(port, external.address)
      socket.setTimeout(2000, () => {
        socket.destroy()
        resolve("timeout")
      })
      socket.once("connect", () => {
        socket.destroy()
        resolve("connected")
      })
      socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"))
    })
    expect(outcome).not.toBe("connected")
  })
})

describe("413 over the body limit, on every route", () => {
  const big = "x".repeat(LIMIT + 1)
  it.each([
    ["SOAP", SOAP_PATH, { "content-type": "text/xml" }],
    ["REST", CUSTOMER, { "content-type": "application/json" }],
    ["token", "/services/rest/auth/oauth2/v1/token", { "content-type": "application/x-www-form-urlencoded" }],
    ["admin", "/_mock/faults", JSON_TYPE]
  ])("%s: 413 and the connection closed", async (_name, path, headers) => {
    const r = await send(`${server.url}${path}`, { method: "POST", headers, body: big })
    expect(r.status).toBe(413)
    expect(r.headers.connection).toBe("close")
  })

  it("a declared Content-Length over the limit is answered before the body is sent", async () => {
    const { socket, received } = await raw()
    socket.write(
      `POST ${SOAP_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: 50000000\r\n\r\n`
    )
    await until(() => received().includes("\r\n\r\n"), "a response to the headers alone")
    expect(received()).toMatch(/^HTTP\/1\.1 413 /)
    socket.destroy()
  })

  it("a chunked body that grows past the limit gets 413", async () => {
    const { socket, received } = await raw()
    socket.write(`POST ${SOAP_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n`)
    for (let i = 0; i < 3; i++) socket.write(`800\r\n${"y".repeat(0x800)}\r\n`)
    await until(() => received().includes("\r\n\r\n"), "a response to the oversized chunks")
    expect(received()).toMatch(/^HTTP\/1\.1 413 /)
    socket.destroy()
  })
})

describe("XML attacks are SOAP faults, never expanded or resolved", () => {
  const passport = () => passportXml(signPassport(creds, at()), V)

  it("billion laughs: a SOAP fault (MalformedEnvelope), and a small answer", async () => {
    const lol = [
      '<!ENTITY lol0 "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)
    ].join("")
    const r = await soap(envelope(`${passport()}<x>&lol9;</x>`, `<!DOCTYPE soapenv:Envelope [${lol}]>`))
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([500, "MalformedEnvelope"])
    expect(r.body).toContain("<soapenv:Fault>")
    expect(r.body.length).toBeLessThan(4000)
    expect(r.body).not.toContain("lollol")
  })

  it("XXE (an external entity naming a local file, or a URL): a SOAP fault that quotes nothing of it", async () => {
    for (const system of ["file:///etc/hostname", "file:///etc/passwd", "http://127.0.0.1:1/x"]) {
      const doctype = `<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM "${system}">]>`
      const r = await soap(envelope(`${passport()}<x>&xxe;</x>`, doctype))
      expect([r.status, r.headers["x-mock-reason"]]).toEqual([500, "MalformedEnvelope"])
      expect(r.body).toContain("<soapenv:Fault>")
      expect(r.body).not.toMatch(/root:|127\.0\.0\.1:1/)
    }
  })

  it("a lower-case doctype and a parameter entity are refused the same way", async () => {
    for (const doctype of [
      '<!doctype x [<!ENTITY a "b">]>',
      '<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
    ]) {
      expect((await soap(envelope(passport(), doctype))).headers["x-mock-reason"]).toBe("MalformedEnvelope")
    }
  })
})

describe("a slow client does not delay others", () => {
  it("a client trickling its body holds no concurrency slot: a request beside it is answered (limit 1)", async () => {
    const { socket, received } = await raw()
    const url = `${server.url}${CUSTOMER}`
    const auth = signOAuth1(creds, { method: "POST", url }, at()).authorization
    socket.write(
      `POST ${CUSTOMER} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`
    )
    const trickle = setInterval(() => socket.write(" "), 20)
    try {
      const others = await Promise.all([tbaGet(), tbaGet().catch(() => undefined)])
      // The concurrency limit is 1: the slow client must not hold it, so at least one of two
      // concurrent requests is served.
      expect(others.some((r) => r?.status === 200)).toBe(true)
      expect((await tbaGet()).status).toBe(200)
      expect(received()).toBe("") // the slow request is still waiting for its body
    } finally {
      clearInterval(trickle)
      socket.destroy()
    }
  })

  it("a client that stops after half its headers does not block the next request", async () => {
    const { socket, received } = await raw()
    socket.write(`GET ${CUSTOMER} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: `)
    try {
      expect((await tbaGet()).status).toBe(200)
      expect(received()).toBe("")
    } finally {
      socket.destroy()
    }
  })
})
