import type { NetSuiteAccount, RequestError, TbaCredentials } from "@netsuite-auth/core"
import type { Client, ISecurity } from "soap"
import { describe, expectTypeOf, it } from "vitest"
import {
  createNetSuiteSoapClient,
  installTokenPassport,
  type NetSuiteSoapClient,
  NetSuiteTokenPassportSecurity,
  soapFaultToError
} from "../src/index.ts"

declare const credentials: TbaCredentials
declare const account: NetSuiteAccount
declare const client: Client

describe("@netsuite-auth/soap public types", () => {
  it("the security class fits node-soap's ISecurity", () => {
    expectTypeOf(
      new NetSuiteTokenPassportSecurity({ credentials, wsdlVersion: "2025_2" })
    ).toMatchTypeOf<ISecurity>()
  })

  it("the client factory resolves to a NetSuiteSoapClient", () => {
    expectTypeOf(createNetSuiteSoapClient({ account, credentials, wsdlVersion: "2025_2" })).toEqualTypeOf<
      Promise<NetSuiteSoapClient>
    >()
    // @ts-expect-error credentials are required
    createNetSuiteSoapClient({ account, wsdlVersion: "2025_2" })
  })

  it("installing on your own client returns the uninstall function", () => {
    expectTypeOf(installTokenPassport(client, { credentials, wsdlVersion: "2025_2" })).toEqualTypeOf<
      () => void
    >()
  })

  it("faults become core's RequestError", () => {
    expectTypeOf(soapFaultToError).returns.toEqualTypeOf<RequestError>()
  })
})
