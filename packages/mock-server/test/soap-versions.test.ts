import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"

// The mock serves the SOAP versions NetSuite published (core's one list), and nothing else.
let server: MockServer
beforeAll(async () => {
  server = await startMockServer()
})
afterAll(() => server.close())

const status = async (path: string) => (await fetch(`${server.url}${path}`)).status

describe("SOAP endpoints and WSDLs: NetSuite's published versions only", () => {
  it("serves the WSDL of 2015_2 (the first with tokenPassport) and 2025_2 (the last)", async () => {
    for (const version of ["2015_2", "2023_1", "2025_2"]) {
      expect(await status(`/wsdl/v${version}_0/netsuite.wsdl`), version).toBe(200)
      expect(await status(`/services/NetSuitePort_${version}?wsdl`), version).toBe(200)
    }
  })

  it("answers 404 for versions NetSuite never published (2026_1, 2025_3, 2015_1)", async () => {
    for (const version of ["2026_1", "2025_3", "2015_1", "2099_2"]) {
      expect(await status(`/wsdl/v${version}_0/netsuite.wsdl`), version).toBe(404)
      expect(await status(`/services/NetSuitePort_${version}?wsdl`), version).toBe(404)
    }
  })
})
