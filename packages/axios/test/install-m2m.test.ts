// What only the axios adapter has, with M2M: validateStatus, interceptors, the per-request opt-out,
// install/uninstall, the caller's config left as it was, config reuse, CancelToken. Everything
// adapter-neutral is in the shared suite (rest-suite.test.ts).
import { M2MCredentials, NetSuiteAccount } from "@netsuite-auth/core"
import { type FakeM2MNetSuite, rejection, sleep, startFakeM2MNetSuite } from "@netsuite-auth/rest-suite"
import axios from "axios"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { installNetSuiteAuth, type M2MAuthOptions } from "../src/index.ts"

let fake: FakeM2MNetSuite
beforeAll(async () => {
  fake = await startFakeM2MNetSuite()
})
afterAll(() => fake.close())
afterEach(() => fake.reset())

const setup = (
  options: Partial<Omit<M2MAuthOptions, "scheme" | "account" | "credentials">> & { concurrency?: number } = {}
) => {
  const { concurrency, ...rest } = options
  const account = NetSuiteAccount.make({
    accountId: "1234567_SB1",
    baseUrl: fake.server.url,
    concurrency: concurrency ?? 5
  })
  const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
  const uninstall = installNetSuiteAuth(client, {
    scheme: "m2m",
    account,
    credentials: M2MCredentials.make(fake.credentials),
    retry: { baseDelayMillis: 5, maxDelayMillis: 50 },
    ...rest
  })
  return { account, client, uninstall }
}

describe("installNetSuiteAuth (M2M bearer): what only axios has", () => {
  it("respects a validateStatus that accepts the failure status", async () => {
    fake.resourceMode = "reject-all"
    const { client } = setup({ retry: false })
    const response = await client.get("/record/v1/customer/1", { validateStatus: () => true })
    expect(response.status).toBe(401)
  })

  it("a throwing request interceptor leaks no permit", async () => {
    const { client } = setup({ concurrency: 1 })
    let throwNext = true
    client.interceptors.request.use((config) => {
      if (throwNext) {
        throwNext = false
        throw new Error("interceptor failed")
      }
      return config
    })
    await expect(client.get("/a")).rejects.toThrow("interceptor failed")
    expect((await client.get("/b")).status).toBe(200)
  })

  it("opt-out sends no Authorization; uninstall removes it", async () => {
    const { client, uninstall } = setup()
    await client.get("/public", { netsuiteAuth: false }).catch(() => undefined)
    await client.get("/public", { netsuiteAuth: { skip: true } }).catch(() => undefined)
    expect(fake.authHeaders).toEqual([undefined, undefined])
    expect(fake.tokenCalls).toBe(0)
    await client.get("/record/v1/customer/1")
    expect(fake.authHeaders[2]).toMatch(/^Bearer tok-/)
    uninstall()
    await client.get("/record/v1/customer/1").catch(() => undefined)
    expect(fake.authHeaders[3]).toBeUndefined()
    // Installing again after uninstalling works; twice at once is refused.
    const account = NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: fake.server.url })
    const options = { scheme: "m2m", account, credentials: fake.credentials } as const
    const again = installNetSuiteAuth(client, options)
    expect(() => installNetSuiteAuth(client, options)).toThrow(/already installed/)
    again()
  })

  it("every outcome leaves the caller's config as it was", async () => {
    const { client, account } = setup({ concurrency: 2, retry: false })
    await client.get("/record/v1/customer/1") // warm: later requests take the no-wait path
    const own = await client.get("/record/v1/customer/2", { headers: { authorization: "mine" } })
    expect(own.config.headers.authorization).toBe("mine") // ours replaced it on the wire only
    expect(fake.authHeaders[1]).toMatch(/^Bearer tok-/)
    fake.resourceMode = "500-once"
    fake.resourceCalls = 0
    const failed = await rejection(client.get("/record/v1/customer/3"))
    expect(failed.status).toBe(503)
    fake.resourceMode = "reset-once"
    fake.resourceCalls = 0
    expect((await rejection(client.get("/record/v1/customer/4"))).code).toBe("NETSUITE_AUTH_TRANSPORT")
    fake.resourceMode = "ok"
    const controller = new AbortController()
    controller.abort()
    await expect(client.get("/record/v1/customer/5", { signal: controller.signal })).rejects.toThrow(
      /cancel/i
    )
    const ok = await client.get("/record/v1/customer/6")
    expect(ok.config.headers.Authorization).toBeUndefined()
    expect(ok.config.validateStatus?.(500)).toBe(false) // axios' default, not the adapter's accept-all
    expect(account.pool.inFlight()).toBe(0)
    expect(account.pool.waiting()).toBe(0)
  })

  it("a reused response config is not authenticated twice", async () => {
    const { client } = setup()
    const first = await client.get("/record/v1/customer/1")
    const second = await client.request(first.config)
    expect(second.status).toBe(200)
    expect(fake.resourceCalls).toBe(2)
    expect(first.config.headers.Authorization).toBeUndefined()
  })

  it("a legacy CancelToken cancels a queued request with axios' CanceledError and leaks no permit", async () => {
    fake.resourceDelayMillis = 50
    const { client, account } = setup({ concurrency: 1 })
    const first = client.get("/record/v1/customer/1")
    const source = axios.CancelToken.source()
    const queued = client.get("/record/v1/customer/2", { cancelToken: source.token })
    await sleep(10)
    source.cancel("user went away")
    const error = await queued.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(axios.CanceledError)
    await first
    fake.resourceDelayMillis = 0
    await Promise.all([client.get("/a"), client.get("/b")]) // the single permit came back
    expect(fake.resourceCalls).toBe(3)
    expect(account.pool.inFlight()).toBe(0)
  })

  it("an AbortSignal cancellation is axios' own CanceledError, so axios.isCancel keeps working", async () => {
    const { client } = setup()
    const controller = new AbortController()
    controller.abort()
    const error = await client
      .get("/record/v1/customer/1", { signal: controller.signal })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(axios.CanceledError)
    expect(fake.resourceCalls).toBe(0)
  })
})
