import { NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
import { type MockServer, startMockServer } from "@netsuite-auth/mock-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createNetSuiteSoapClient, type NetSuiteSoapClient } from "../src/index.ts"

// The repository's own fake NetSuite: it verifies every passport as NetSuite does
// (signature, timestamp window, nonce reuse) and enforces the account's concurrency limit.
describe("against @netsuite-auth/mock-server", () => {
  let mock: MockServer
  let ns: NetSuiteSoapClient

  beforeAll(async () => {
    mock = await startMockServer()
    const generated = mock.config.generated!
    ns = await createNetSuiteSoapClient({
      account: NetSuiteAccount.make({ accountId: generated.accountId, baseUrl: mock.url, concurrency: 3 }),
      credentials: TbaCredentials.make(generated),
      wsdl: mock.endpoints.wsdlUrl("2023_2")
    })
  })
  afterAll(async () => {
    ns?.dispose()
    await mock?.close()
  })

  it("accepts every passport of 20 concurrent getServerTime calls (the WSDL is fetched from the mock)", async () => {
    mock.resetStats()
    const results = await Promise.all(Array.from({ length: 20 }, () => ns.call("getServerTime", {})))
    expect(results).toHaveLength(20)
    const stats = mock.stats()
    expect(stats.surfaces.soap.accepted).toBe(20)
    expect(stats.surfaces.soap.rejected).toBe(0)
    expect(stats.noncesSeen).toBe(20)
    expect(Math.max(...Object.values(stats.peakConcurrency))).toBeLessThanOrEqual(3)
    expect(ns.wsdlVersion).toBe("2023_2")
  })
})
