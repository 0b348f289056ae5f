import { ConfigError, NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
import { describe, expect, it } from "vitest"
import {
  createNetSuiteSoapClient,
  type NetSuiteSoapClientOptions,
  NetSuiteTokenPassportSecurity,
  netSuiteWsdlUrl
} from "../src/index.ts"
import { MINI_WSDL, TEST_SECRETS } from "./netsuite-soap-test-server.ts"

const failure = async (options: NetSuiteSoapClientOptions) => {
  const error = await createNetSuiteSoapClient(options).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ConfigError)
  return error as ConfigError
}

const noSecret = (error: Error) => {
  const shown = `${error.message} ${JSON.stringify(error)}`
  expect(shown).not.toContain(TEST_SECRETS.consumerSecret)
  expect(shown).not.toContain(TEST_SECRETS.tokenSecret)
}

describe("bad input gives clear, coded errors", () => {
  it("missing secrets name the field and show no secret", async () => {
    const { tokenSecret: _, ...withoutTokenSecret } = TEST_SECRETS
    const error = await failure({
      credentials: withoutTokenSecret as unknown as NetSuiteSoapClientOptions["credentials"],
      wsdl: MINI_WSDL
    })
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_CREDENTIALS")
    expect(error.message).toMatch(/tokenSecret/)
    noSecret(error)
    const empty = await failure({ credentials: { ...TEST_SECRETS, consumerSecret: "" }, wsdl: MINI_WSDL })
    expect(empty.code).toBe("NETSUITE_AUTH_INVALID_CREDENTIALS")
    expect(empty.message).toMatch(/consumerSecret/)
    const none = await failure({
      credentials: undefined as unknown as NetSuiteSoapClientOptions["credentials"]
    })
    expect(none.code).toBe("NETSUITE_AUTH_INVALID_CREDENTIALS")
  })

  it("a pasted secret with a newline is refused without echoing it", async () => {
    const error = await failure({
      credentials: { ...TEST_SECRETS, tokenSecret: `${TEST_SECRETS.tokenSecret}\n` },
      wsdl: MINI_WSDL
    })
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_CREDENTIALS")
    noSecret(error)
  })

  it.each(["2025-2", "v25", "2025", "25_2", ""])(
    "malformed wsdlVersion %j is refused before any I/O",
    async (v) => {
      const error = await failure({
        credentials: TEST_SECRETS,
        wsdlVersion: v,
        wsdl: "/nonexistent/never-read.wsdl"
      })
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
      expect(error.message).toMatch(/WSDL version .*NetSuite published 2015_2 to 2025_2/)
    }
  )

  it("accepts the documented spellings of a version", () => {
    expect(netSuiteWsdlUrl("2025_2")).toBe("https://webservices.netsuite.com/wsdl/v2025_2_0/netsuite.wsdl")
    expect(netSuiteWsdlUrl("v2024_1_0")).toBe("https://webservices.netsuite.com/wsdl/v2024_1_0/netsuite.wsdl")
    expect(netSuiteWsdlUrl("2024.2")).toBe("https://webservices.netsuite.com/wsdl/v2024_2_0/netsuite.wsdl")
  })

  it("a WSDL for another version than wsdlVersion is refused, naming both", async () => {
    const error = await failure({ credentials: TEST_SECRETS, wsdlVersion: "2025_2", wsdl: MINI_WSDL })
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
    expect(error.message).toMatch(/mismatch/)
    expect(error.message).toMatch(/2025_2/)
    expect(error.message).toMatch(/2023_2/)
  })

  it("neither wsdl nor wsdlVersion", async () => {
    const error = await failure({ credentials: TEST_SECRETS })
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
    expect(error.message).toMatch(/wsdlVersion/)
  })

  it("an unreadable WSDL path", async () => {
    const error = await failure({ credentials: TEST_SECRETS, wsdl: "/nonexistent/netsuite.wsdl" })
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
    expect(error.message).toMatch(/Could not load the WSDL from \/nonexistent\/netsuite\.wsdl/)
  })

  it("credentials for another account than the client's", async () => {
    const error = await failure({
      account: NetSuiteAccount.make({ accountId: "7654321" }),
      credentials: TEST_SECRETS,
      wsdl: MINI_WSDL
    })
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
    expect(error.message).toMatch(/1234567_SB1.*7654321/)
  })

  it("a bad account ID or baseUrl", async () => {
    expect(
      (await failure({ accountId: "1234567.evil.com", credentials: TEST_SECRETS, wsdl: MINI_WSDL })).code
    ).toBe("NETSUITE_AUTH_INVALID_ACCOUNT_ID")
    expect((await failure({ credentials: TEST_SECRETS, baseUrl: "ftp://x", wsdl: MINI_WSDL })).code).toBe(
      "NETSUITE_AUTH_INVALID_URL"
    )
  })

  it("an unknown operation is refused without sending", async () => {
    const ns = await createNetSuiteSoapClient({
      credentials: TbaCredentials.make(TEST_SECRETS),
      wsdl: MINI_WSDL,
      baseUrl: "http://127.0.0.1:9" // never contacted
    })
    for (const op of ["login", "setSecurity", "describe"]) {
      await expect(ns.call(op, {})).rejects.toMatchObject({ code: "NETSUITE_AUTH_INVALID_OPTION" })
    }
    expect(ns.endpoint).toBe("http://127.0.0.1:9/services/NetSuitePort_2023_2")
  })

  it("the security class validates eagerly", () => {
    expect(
      () => new NetSuiteTokenPassportSecurity({ credentials: TEST_SECRETS, wsdlVersion: "v25" })
    ).toThrow(ConfigError)
    expect(
      () =>
        new NetSuiteTokenPassportSecurity({
          credentials: { ...TEST_SECRETS, consumerKey: "" },
          wsdlVersion: "2025_2"
        })
    ).toThrow(/consumerKey/)
  })

  it("the passport namespaces follow the version", () => {
    const xml = new NetSuiteTokenPassportSecurity({
      credentials: TEST_SECRETS,
      wsdlVersion: "2025_2"
    }).toXML()
    expect(xml).toContain('xmlns:platformMsgs="urn:messages_2025_2.platform.webservices.netsuite.com"')
    expect(xml).toContain('xmlns:platformCore="urn:core_2025_2.platform.webservices.netsuite.com"')
  })
})
