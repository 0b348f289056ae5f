/**
 * `concurrency: "auto"`: the ceiling read from `governanceLimits` on the first request, through
 * a probe that sends it as a request of a client (core's lifecycle, a real loopback server).
 */
import { afterEach, describe, expect, it } from "vitest"
import {
  AuthMethod,
  type GovernanceProbe,
  NetSuiteAccount,
  type NetSuiteAuthEvent,
  TbaCredentials
} from "../src/index.ts"
import { parseGovernanceLimits, RequestLifecycle } from "../src/internal.ts"
import { fetchPlan, json, type Reply, startServer } from "./support/lifecycle-harness.ts"

const REALM = "1234567_SB1"
const credentials = TbaCredentials.make({
  accountId: REALM,
  consumerKey: "ck-discovery",
  consumerSecret: "cs-discovery",
  tokenId: "ti-discovery",
  tokenSecret: "ts-discovery"
})
const GOVERNANCE = "/services/rest/system/v1/governanceLimits"

const servers: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

/** NetSuite with `governance` answering governanceLimits and 200 for everything else. */
const netsuite = async (governance: Reply) => {
  const server = await startServer((req, res, n) =>
    req.url === GOVERNANCE ? governance(req, res, n) : json(res, 200, { id: "1" })
  )
  servers.push(server)
  return server
}

const client = (
  baseUrl: string,
  concurrency: NonNullable<Parameters<typeof NetSuiteAccount.make>[0]["concurrency"]>
) => {
  const events: Array<NetSuiteAuthEvent> = []
  const account = NetSuiteAccount.make({
    accountId: REALM,
    baseUrl,
    concurrency,
    onEvent: (e) => events.push(e)
  })
  const lifecycle = RequestLifecycle.make({
    account,
    auth: AuthMethod.oauth1({ account, credentials }),
    retry: { baseDelayMillis: 1, maxDelayMillis: 5 }
  })
  // What an adapter offers: the GET sent as one of its own requests.
  const probe: GovernanceProbe = (url) =>
    lifecycle
      .run(fetchPlan(url))
      .then((outcome) =>
        outcome._tag === "Answered" ? JSON.parse(outcome.response.text) : Promise.reject(outcome.error)
      )
  account.governance?.offerProbe(probe)
  const get = (path = "/services/rest/record/v1/customer/1") => lifecycle.run(fetchPlan(`${baseUrl}${path}`))
  const changes = () => events.flatMap((e) => (e.type === "limit-changed" ? [e] : []))
  return { account, get, changes }
}

const governanceAsked = (server: { seen: ReadonlyArray<{ url: string }> }) =>
  server.seen.filter((s) => s.url === GOVERNANCE).length

describe('concurrency: "auto"', () => {
  it("reads the ceiling on the first request, once, and starts the limit at it", async () => {
    const server = await netsuite((_req, res) =>
      json(res, 200, {
        accountConcurrencyLimit: 20,
        accountUnallocatedConcurrencyLimit: 15,
        integrationLimitType: "accountLimit"
      })
    )
    const { account, get, changes } = client(server.url, "auto")
    expect([account.limit, account.ceiling, account.governance?.discovery()]).toEqual([5, 5, "pending"])
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => get()))
    expect(outcomes.every((o) => o._tag === "Answered")).toBe(true)
    expect(await account.governance?.settled()).toBe("discovered")
    expect([account.limit, account.ceiling]).toEqual([15, 15])
    await Promise.all(Array.from({ length: 10 }, () => get()))
    expect(governanceAsked(server)).toBe(1)
    // The probe was signed and admitted like any request of the account.
    expect(server.seen.find((s) => s.url === GOVERNANCE)?.authorization).toMatch(/^OAuth realm="1234567_SB1"/)
    expect(changes()).toEqual([
      { type: "limit-changed", account: REALM, from: 5, to: 15, ceiling: 15, reason: "discovered" }
    ])
    expect(account.toJSON()).toMatchObject({ limit: 15, ceiling: 15, discovery: "discovered" })
  })

  it("the discovery request goes before the burst that started it", async () => {
    // Every other answer takes a while, so the burst queues at the fallback limit of 5.
    const slow = await startServer(async (req, res) => {
      if (req.url === GOVERNANCE)
        return json(res, 200, {
          accountConcurrencyLimit: 15,
          accountUnallocatedConcurrencyLimit: 15,
          integrationLimitType: "accountLimit"
        })
      await new Promise((resolve) => setTimeout(resolve, 20))
      json(res, 200, { id: "1" })
    })
    servers.push(slow)
    const { account, get } = client(slow.url, "auto")
    const burst = Promise.all(Array.from({ length: 50 }, () => get()))
    expect(await account.governance?.settled()).toBe("discovered")
    await burst
    const position = slow.seen.findIndex((s) => s.url === GOVERNANCE)
    // Sent within the first round trips (5 requests took the fallback's permits), not after 45 queued ones.
    expect(position).toBeGreaterThanOrEqual(0)
    expect(position).toBeLessThanOrEqual(10)
  })

  it("falls back to the configured number when the role may not read it (403), and does not ask again", async () => {
    const server = await netsuite((_req, res) =>
      json(res, 403, {
        type: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4",
        title: "Forbidden",
        status: 403,
        "o:errorDetails": [{ detail: "Permission Violation", "o:errorCode": "INSUFFICIENT_PERMISSION" }]
      })
    )
    const { account, get, changes } = client(server.url, { ceiling: "discover", fallback: 7 })
    expect((await get())._tag).toBe("Answered")
    expect(await account.governance?.settled()).toBe("fallback")
    for (let i = 0; i < 3; i++) await get()
    expect(governanceAsked(server)).toBe(1)
    expect([account.limit, account.ceiling]).toEqual([7, 7])
    expect(changes()).toEqual([
      {
        type: "limit-changed",
        account: REALM,
        from: 7,
        to: 7,
        ceiling: 7,
        reason: "discovery-failed",
        code: "NETSUITE_AUTH_HTTP_ERROR",
        status: 403
      }
    ])
  })

  it("asks again on a later request when no answer came (5xx after retries), three times at most", async () => {
    const server = await netsuite((_req, res) => json(res, 503, {}))
    const { account, get, changes } = client(server.url, "auto")
    for (let i = 0; i < 6; i++) {
      await get()
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
    expect(await account.governance?.settled()).toBe("fallback")
    // Three discoveries, each retried by the lifecycle (4 attempts).
    expect(governanceAsked(server)).toBe(12)
    expect([account.limit, account.ceiling]).toEqual([5, 5])
    expect(changes().map((c) => [c.reason, c.status])).toEqual([["discovery-failed", 503]])
  })

  it("an answer that is not governanceLimits' shape falls back", async () => {
    const server = await netsuite((_req, res) => json(res, 200, { items: [] }))
    const { account, get } = client(server.url, "auto")
    await get()
    expect(await account.governance?.settled()).toBe("fallback")
    expect(account.limit).toBe(5)
  })

  it("without a probe the fallback holds and discovery waits for a client that offers one", async () => {
    const account = NetSuiteAccount.make({ accountId: REALM, concurrency: "auto" })
    const permit = account.pool.tryAcquireUnsafe()
    permit?.release()
    expect(account.governance?.discovery()).toBe("pending")
    expect(account.limit).toBe(5)
  })

  it("a given ceiling is not discovered", async () => {
    const account = NetSuiteAccount.make({ accountId: REALM, concurrency: { ceiling: 15 } })
    expect(account.governance?.discovery()).toBe("configured")
    expect(await account.governance?.settled()).toBe("configured")
    expect([account.limit, account.ceiling]).toEqual([15, 15])
  })
})

describe("parseGovernanceLimits", () => {
  it("takes the integration's own allocation, else the account's unallocated pool", () => {
    expect(
      parseGovernanceLimits({
        accountConcurrencyLimit: 5,
        accountUnallocatedConcurrencyLimit: 3,
        integrationConcurrencyLimit: 2,
        integrationLimitType: "integrationSpecific"
      })
    ).toEqual({ ceiling: 2, limitType: "integrationSpecific", accountLimit: 5 })
    expect(
      parseGovernanceLimits({
        accountConcurrencyLimit: 5,
        accountUnallocatedConcurrencyLimit: 3,
        integrationLimitType: "accountLimit"
      })
    ).toEqual({ ceiling: 3, limitType: "accountLimit", accountLimit: 5 })
    expect(parseGovernanceLimits({ accountConcurrencyLimit: 5, integrationLimitType: "internal" })).toEqual({
      ceiling: 5,
      limitType: "internal",
      accountLimit: 5
    })
  })

  it("refuses anything else", () => {
    for (const body of [
      null,
      "15",
      [],
      { accountConcurrencyLimit: 15 },
      { accountUnallocatedConcurrencyLimit: 0, integrationLimitType: "accountLimit" },
      { accountUnallocatedConcurrencyLimit: 2.5, integrationLimitType: "accountLimit" },
      { accountUnallocatedConcurrencyLimit: 1e6, integrationLimitType: "accountLimit" },
      { accountUnallocatedConcurrencyLimit: 3, integrationLimitType: "integrationSpecific" }
    ]) {
      expect(parseGovernanceLimits(body)).toBeUndefined()
    }
  })
})
