// What only the axios adapter has, with TBA: the URL axios builds (instance params, interceptors,
// paramsSerializer) is the URL signed, and the per-request opt-out. Everything adapter-neutral is
// in the shared suite (rest-suite.test.ts).
import { NetSuiteAccount } from "@netsuite-auth/core"
import { type FakeTbaNetSuite, startFakeTbaNetSuite } from "@netsuite-auth/rest-suite"
import axios from "axios"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { installNetSuiteAuth } from "../src/index.ts"

let fake: FakeTbaNetSuite
beforeAll(async () => {
  fake = await startFakeTbaNetSuite()
})
afterAll(() => fake.close())
afterEach(() => fake.reset())

const setup = () => {
  const account = NetSuiteAccount.make({ accountId: "1234567_sb1", baseUrl: fake.server.url })
  const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
  const uninstall = installNetSuiteAuth(client, {
    scheme: "tba",
    account,
    credentials: { accountId: "1234567_SB1", ...fake.secrets },
    retry: { baseDelayMillis: 5, maxDelayMillis: 20 }
  })
  return { account, client, uninstall }
}

describe("installNetSuiteAuth (TBA OAuth 1.0a): what only axios has", () => {
  it("signs the final URL: baseURL + relative url, instance params, and params added by a later interceptor", async () => {
    const { client } = setup()
    client.defaults.params = { deploy: 1 }
    client.interceptors.request.use((config) => {
      config.params = { ...config.params, added: "by interceptor" }
      return config
    })
    const response = await client.get("restlet.nl", {
      baseURL: `${fake.server.url}/app/site/hosting/`,
      params: { script: 7 }
    })
    expect(response.status).toBe(200)
    expect(fake.seen[0]?.url).toMatch(/^\/app\/site\/hosting\/restlet\.nl\?/)
    expect(fake.seen[0]?.url).toContain("added=by+interceptor")
    expect(fake.seen[0]?.ok).toBe(true)
  })

  it("signs what axios sends with a custom paramsSerializer, URLSearchParams params, and an absolute url", async () => {
    const { client } = setup()
    const serialized = await client.get("/record/v1/customer", {
      params: { b: "2", a: "1 2" },
      paramsSerializer: { serialize: (params) => `custom=${Object.keys(params).sort().join("~")}` }
    })
    const searchParams = await client.get("/record/v1/customer", {
      params: new URLSearchParams([
        ["x", "1"],
        ["x", "0"]
      ])
    })
    const absolute = await client.get(`${fake.server.url}/app/site/hosting/restlet.nl?script=9&deploy=2`)
    expect([serialized.status, searchParams.status, absolute.status]).toEqual([200, 200, 200])
    expect(fake.seen.map((s) => s.url)).toEqual([
      "/services/rest/record/v1/customer?custom=a~b",
      "/services/rest/record/v1/customer?x=1&x=0",
      "/app/site/hosting/restlet.nl?script=9&deploy=2"
    ])
    expect(fake.seen.every((s) => s.ok)).toBe(true)
  })

  it("opt-out sends no Authorization; uninstall removes it", async () => {
    const { client, uninstall } = setup()
    await client.get("/public", { netsuiteAuth: false }).catch(() => undefined)
    uninstall()
    await client.get("/public").catch(() => undefined)
    expect(fake.seen.map((s) => s.authorization)).toEqual([undefined, undefined])
  })
})
