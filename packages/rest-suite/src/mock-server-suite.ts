import { NetSuiteAccount } from "@netsuite-auth/core"
import { type MockServer, startMockServer } from "@netsuite-auth/mock-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RestAdapter, verbs } from "./rest-adapter.ts"

/** End to end against @netsuite-auth/mock-server, which verifies assertions and signatures itself. */
export const describeAgainstMockServer = (name: string, adapter: RestAdapter): void => {
  describe(`${name}: against the mock NetSuite`, () => {
    let mock: MockServer
    beforeAll(async () => {
      mock = await startMockServer()
    })
    afterAll(() => mock.close())

    it("M2M: 50 concurrent REST calls, one token, all accepted", async () => {
      const g = mock.config.generated!
      const account = NetSuiteAccount.make({ accountId: g.accountId, baseUrl: mock.url, concurrency: 5 })
      const client = verbs(
        adapter.makeClient({
          scheme: "m2m",
          account,
          credentials: {
            accountId: g.accountId,
            clientId: g.clientId,
            certificateId: g.certificateId,
            privateKey: g.privateKey
          }
        })
      )
      mock.resetStats()
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => client.get(`/record/v1/customer/${i + 1}`))
      )
      expect(responses.every((r) => r.status === 200)).toBe(true)
      const stats = mock.stats()
      expect(stats.tokensIssued).toBe(1)
      expect(stats.surfaces.rest.rejected).toBe(0)
      expect(stats.peakConcurrency[account.id.realm]).toBeLessThanOrEqual(5)
    })

    it("TBA: RESTlet calls with params in params and in the URL verify on the mock", async () => {
      const g = mock.config.generated!
      const account = NetSuiteAccount.make({ accountId: g.accountId, baseUrl: mock.url })
      const client = verbs(adapter.makeClient({ scheme: "tba", account, credentials: { ...g } }))
      mock.resetStats()
      const a = await client.get(`${account.endpoints.restletUrl}?script=1&deploy=1`, {
        params: { q: "a b+c" }
      })
      const b = await client.post(
        account.endpoints.restletUrl,
        { x: 1 },
        { params: { script: 1, deploy: 1 } }
      )
      expect([a.status, b.status]).toEqual([200, 200])
      expect(mock.stats().surfaces.restlet.rejected).toBe(0)
    })
  })
}
