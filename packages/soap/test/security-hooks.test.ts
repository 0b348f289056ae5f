import { NetSuiteAccount, NetSuiteError, RequestError, TbaCredentials } from "@netsuite-auth/core"
import { type Client, createClientAsync, type IHeaders } from "soap"
import { afterEach, describe, expect, it } from "vitest"
import {
  createNetSuiteSoapClient,
  installTokenPassport,
  type NetSuiteSoapEvent,
  NetSuiteTokenPassportSecurity
} from "../src/index.ts"
import {
  expectedSignature,
  MINI_WSDL,
  startTestServer,
  TEST_SECRETS,
  type TestServer
} from "./netsuite-soap-test-server.ts"

const credentials = TbaCredentials.make(TEST_SECRETS)

const unexpected = (): never => {
  throw new Error("expected the call to fail")
}

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const rawClient = async (s: TestServer): Promise<Client> => {
  const client = await createClientAsync(MINI_WSDL)
  client.setEndpoint(`${s.baseUrl}/services/NetSuitePort_2023_2`)
  return client
}

const passportIn = (xml: string): string => {
  const m = /<platformMsgs:tokenPassport[\s\S]*?<\/platformMsgs:tokenPassport>/.exec(xml)
  if (!m) throw new Error("no tokenPassport in the envelope")
  return m[0]
}

const fields = (passportXml: string) => {
  const get = (name: string) => new RegExp(`<platformCore:${name}[^>]*>([^<]*)<`).exec(passportXml)?.[1] ?? ""
  return {
    account: get("account"),
    consumerKey: get("consumerKey"),
    token: get("token"),
    nonce: get("nonce"),
    timestamp: get("timestamp"),
    signature: get("signature")
  }
}

describe("node-soap hook contract", () => {
  it("toXML runs twice per request, returns the same passport both times, and that passport is what is sent and verifies", async () => {
    server = await startTestServer()
    const client = await rawClient(server)
    const security = new NetSuiteTokenPassportSecurity({ credentials, wsdlVersion: "2023_2" })
    const log: { request: number; hook: string; xml?: string }[] = []
    let request = 0
    // A recording wrapper around our security object (node-soap calls the hooks on it).
    client.setSecurity({
      addHeaders: (headers: IHeaders) => {
        request++
        log.push({ request, hook: "addHeaders" })
        security.addHeaders(headers)
      },
      addOptions: (options: Record<string, unknown>) => security.addOptions(options),
      toXML: () => {
        const xml = security.toXML()
        log.push({ request, hook: "toXML", xml })
        return xml
      }
    })
    await client.getServerTimeAsync({})
    await client.getServerTimeAsync({})

    for (const n of [1, 2]) {
      const hooks = log.filter((l) => l.request === n)
      // the premise the design rests on, checked against the installed node-soap
      expect(hooks.map((h) => h.hook)).toEqual(["addHeaders", "toXML", "toXML"])
      expect(hooks[1]!.xml).toBe(hooks[2]!.xml)
      const sent = passportIn(server.raw[n - 1]!.body)
      expect(sent).toBe(hooks[2]!.xml)
      const f = fields(sent)
      expect(f.signature).toBe(expectedSignature(f))
    }
    expect(server.passports.map((p) => p.valid)).toEqual([true, true])
    expect(fields(log[1]!.xml!).nonce).not.toBe(fields(log[4]!.xml!).nonce)
  })

  it("with another SOAP header present (toXML called once) there is still exactly one valid passport", async () => {
    server = await startTestServer()
    const client = await rawClient(server)
    client.addSoapHeader(
      '<platformMsgs:preferences xmlns:platformMsgs="urn:messages_2023_2.platform.webservices.netsuite.com"><platformMsgs:warningAsError>false</platformMsgs:warningAsError></platformMsgs:preferences>'
    )
    installTokenPassport(client, { credentials, wsdlVersion: "2023_2" })
    await client.getServerTimeAsync({})
    const body = server.raw[0]!.body
    expect(body.match(/<\w+:tokenPassport[\s>]/g)).toHaveLength(1)
    expect(body).toContain("warningAsError")
    expect(server.passports[0]!.valid).toBe(true)
  })

  it("two requests started in the same synchronous turn get two different passports", async () => {
    server = await startTestServer()
    const client = await rawClient(server)
    installTokenPassport(client, { credentials, wsdlVersion: "2023_2" })
    await Promise.all([client.getServerTimeAsync({}), client.getServerTimeAsync({})])
    expect(server.passports.every((p) => p.valid)).toBe(true)
    expect(new Set(server.passports.map((p) => p.nonce)).size).toBe(2)
  })

  it("toXML outside a request signs a passport that is not handed out again after the turn", async () => {
    const security = new NetSuiteTokenPassportSecurity({ credentials, wsdlVersion: "2023_2" })
    const first = security.toXML()
    expect(security.toXML()).toBe(first) // same synchronous turn: same request
    await Promise.resolve()
    expect(security.toXML()).not.toBe(first)
  })

  it("never shows a secret through JSON or inspect", async () => {
    const security = new NetSuiteTokenPassportSecurity({ credentials, wsdlVersion: "2023_2" })
    const { inspect } = await import("node:util")
    for (const shown of [JSON.stringify(security), inspect(security, { depth: 5 }), String(security)]) {
      expect(shown).not.toContain(TEST_SECRETS.consumerSecret)
      expect(shown).not.toContain(TEST_SECRETS.tokenSecret)
    }
  })
})

describe("ambiguous authentication guards", () => {
  it("removes JSESSIONID from every Cookie source and keeps other cookies", async () => {
    server = await startTestServer()
    const events: NetSuiteSoapEvent[] = []
    const ns = await createNetSuiteSoapClient({
      account: NetSuiteAccount.make({ accountId: TEST_SECRETS.accountId, baseUrl: server.baseUrl }),
      credentials,
      wsdl: MINI_WSDL,
      onEvent: (e) => events.push(e)
    })
    ns.soapClient.addHttpHeader("Cookie", "JSESSIONID=abc123; NS_ROUTING_VERSION=LAGGING")
    await ns.call("getServerTime", {})
    await ns.call("getServerTime", {}, { extraHeaders: { Cookie: "JSESSIONID=zzz" } })
    expect(server.raw[0]!.headers.cookie).toBe("NS_ROUTING_VERSION=LAGGING")
    expect(server.raw[1]!.headers.cookie).toBeUndefined()
    expect(events.filter((e) => e.type === "session-cookie-removed")).toHaveLength(2)
    expect(server.passports.every((p) => p.valid)).toBe(true)
  })

  it("refuses to install next to an applicationInfo header already on the client", async () => {
    server = await startTestServer()
    const client = await rawClient(server)
    client.addSoapHeader({ applicationInfo: { applicationId: "0A1B2C3D-0000" } })
    const error = (() => {
      try {
        installTokenPassport(client, { credentials, wsdlVersion: "2023_2" })
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).code).toBe("NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION")
    expect((error as RequestError).message).toMatch(/applicationInfo/)
  })

  it("refuses, before sending, an applicationInfo header added after the client was made", async () => {
    server = await startTestServer()
    const ns = await createNetSuiteSoapClient({
      account: NetSuiteAccount.make({ accountId: TEST_SECRETS.accountId, baseUrl: server.baseUrl }),
      credentials,
      wsdl: MINI_WSDL
    })
    ns.soapClient.addSoapHeader({ applicationInfo: { applicationId: "0A1B2C3D-0000" } })
    const error = await ns.call("getServerTime", {}).then(unexpected, (e: unknown) => e as NetSuiteError)
    expect(error).toBeInstanceOf(NetSuiteError)
    expect((error as NetSuiteError).cause).toBeInstanceOf(RequestError)
    expect(error.code).toBe("NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION")
    expect(error.retryable).toBe(false)
    expect(server.stats.requests).toBe(0)
    expect(server.raw).toHaveLength(0)
  })

  it("refuses a passport header produced by a header function, and a second tokenPassport", async () => {
    server = await startTestServer()
    const client = await rawClient(server)
    installTokenPassport(client, { credentials, wsdlVersion: "2023_2" })
    client.addSoapHeader(() => '<ns:passport xmlns:ns="urn:x"><ns:email>a@b.c</ns:email></ns:passport>')
    await expect(client.getServerTimeAsync({})).rejects.toMatchObject({
      code: "NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION"
    })
    client.clearSoapHeaders()
    client.addSoapHeader(() =>
      new NetSuiteTokenPassportSecurity({ credentials, wsdlVersion: "2023_2" }).toXML()
    )
    await expect(client.getServerTimeAsync({})).rejects.toMatchObject({
      code: "NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION"
    })
    expect(server.raw).toHaveLength(0)
    client.clearSoapHeaders()
    await client.getServerTimeAsync({})
    expect(server.passports).toHaveLength(1)
  })

  it("uninstall restores the previous security and removes the guard", async () => {
    server = await startTestServer()
    const client = await rawClient(server)
    const uninstall = installTokenPassport(client, { credentials, wsdlVersion: "2023_2" })
    await client.getServerTimeAsync({})
    uninstall()
    uninstall() // idempotent
    await client.getServerTimeAsync({})
    expect(server.raw[0]!.body).toContain("tokenPassport")
    expect(server.raw[1]!.body).not.toContain("tokenPassport")
  })

  it("a call after dispose fails with a clear error", async () => {
    server = await startTestServer()
    const ns = await createNetSuiteSoapClient({
      account: NetSuiteAccount.make({ accountId: TEST_SECRETS.accountId, baseUrl: server.baseUrl }),
      credentials,
      wsdl: MINI_WSDL
    })
    ns.dispose()
    await expect(ns.call("getServerTime", {})).rejects.toMatchObject({ code: "NETSUITE_AUTH_INVALID_OPTION" })
    expect(server.raw).toHaveLength(0)
  })
})
