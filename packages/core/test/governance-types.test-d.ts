import { describe, expectTypeOf, it } from "vitest"
import {
  AdaptivePool,
  type DiscoveryState,
  type GovernanceProbe,
  type LimitChange,
  NetSuiteAccount,
  type NetSuiteAccountOptions,
  type NetSuiteAuthEvent,
  PermitPool
} from "../src/index.ts"

describe("adaptive concurrency public types", () => {
  it('concurrency takes a number, "auto" or { ceiling, fallback? }, nothing else', () => {
    expectTypeOf<{ accountId: string; concurrency: 15 }>().toExtend<NetSuiteAccountOptions>()
    expectTypeOf<{ accountId: string; concurrency: "auto" }>().toExtend<NetSuiteAccountOptions>()
    expectTypeOf<{ accountId: string; concurrency: { ceiling: 15 } }>().toExtend<NetSuiteAccountOptions>()
    expectTypeOf<{
      accountId: string
      concurrency: { ceiling: "discover"; fallback: 10 }
    }>().toExtend<NetSuiteAccountOptions>()
    expectTypeOf<{ accountId: string; concurrency: "fast" }>().not.toExtend<NetSuiteAccountOptions>()
    expectTypeOf<{
      accountId: string
      concurrency: { ceiling: "15" }
    }>().not.toExtend<NetSuiteAccountOptions>()
  })

  it("the account shows its limit, ceiling and governance", () => {
    const account = NetSuiteAccount.make({ accountId: "1234567", concurrency: "auto" })
    expectTypeOf(account.limit).toEqualTypeOf<number>()
    expectTypeOf(account.ceiling).toEqualTypeOf<number>()
    expectTypeOf(account.governance?.discovery()).toEqualTypeOf<DiscoveryState | undefined>()
    expectTypeOf(account.governance?.offerProbe).parameter(0).toEqualTypeOf<GovernanceProbe>()
  })

  it("limit-changed is a member of the one event union", () => {
    type LimitChanged = Extract<NetSuiteAuthEvent, { type: "limit-changed" }>
    expectTypeOf<LimitChanged["reason"]>().toEqualTypeOf<LimitChange["reason"]>()
    expectTypeOf<LimitChanged["from"]>().toEqualTypeOf<number>()
  })

  it("an adaptive pool is a PermitPool", () => {
    expectTypeOf(AdaptivePool.make(PermitPool.memory({ limit: 5 }))).toExtend<PermitPool.PermitPool>()
  })
})
