// Where a request goes: relative paths resolve under the base URL (the account's REST base by
// default), absolute URLs are taken as they are, and anything else is refused before sending.
import { ConfigError, NetSuiteAccount } from "@netsuite-auth/core"
import { type FakeTbaNetSuite, rejection, startFakeTbaNetSuite } from "@netsuite-auth/rest-suite"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { createNetSuiteFetch, type TbaFetchOptions } from "../src/index.ts"

let fake: FakeTbaNetSuite
beforeAll(async () => {
  fake = await startFakeTbaNetSuite()
})
afterAll(() => fake.close())
afterEach(() => fake.reset())

const options = (extra: Partial<TbaFetchOptions> = {}): TbaFetchOptions => ({
  scheme: "tba",
  account: NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: fake.server.url }),
  credentials: { accountId: "1234567_SB1", ...fake.secrets },
  retry: false,
  ...extra
})

describe("createNetSuiteFetch: URL resolution", () => {
  it("relative paths, with or without a leading slash, resolve under the account's REST base URL", async () => {
    const netsuite = createNetSuiteFetch(options())
    await netsuite("record/v1/customer/1")
    await netsuite("/record/v1/customer/2?expand=addressbook")
    await netsuite("//evil.example/record") // a protocol-relative path stays under the base
    expect(fake.seen.map((s) => s.url)).toEqual([
      "/services/rest/record/v1/customer/1",
      "/services/rest/record/v1/customer/2?expand=addressbook",
      "/services/rest/evil.example/record"
    ])
    expect(fake.seen.every((s) => s.ok)).toBe(true)
  })

  it("a baseUrl with a path takes relative paths under it, with or without its trailing slash, as a string or a URL", async () => {
    for (const baseUrl of [
      `${fake.server.url}/app/site/hosting`,
      `${fake.server.url}/app/site/hosting/`,
      new URL(`${fake.server.url}/app/site/hosting`)
    ]) {
      await createNetSuiteFetch(options({ baseUrl }))("restlet.nl?script=7&deploy=1")
    }
    expect(fake.seen.map((s) => s.url)).toEqual(
      Array(3).fill("/app/site/hosting/restlet.nl?script=7&deploy=1")
    )
    expect(fake.seen.every((s) => s.ok)).toBe(true)
  })

  it("absolute URLs, as strings or URL objects, are sent as they are and signed as sent", async () => {
    const netsuite = createNetSuiteFetch(options({ baseUrl: "http://127.0.0.1:1/nowhere" }))
    await netsuite(`${fake.server.url}/app/site/hosting/restlet.nl?script=9&deploy=2&q=a%20b`)
    await netsuite(new URL(`${fake.server.url}/services/rest/record/v1/customer?limit=5`))
    expect(fake.seen.map((s) => s.url)).toEqual([
      "/app/site/hosting/restlet.nl?script=9&deploy=2&q=a%20b",
      "/services/rest/record/v1/customer?limit=5"
    ])
    expect(fake.seen.every((s) => s.ok)).toBe(true)
  })

  it("refuses what is not an http(s) URL or a path, before anything is sent", async () => {
    const netsuite = createNetSuiteFetch(options())
    const refused = [
      new Request(`${fake.server.url}/services/rest/record/v1/customer/1`),
      42,
      "http://[::1",
      "file:///etc/passwd"
    ]
    for (const input of refused) {
      const error = await rejection(netsuite(input as string))
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_URL")
      expect(error.cause).toBeInstanceOf(ConfigError)
    }
    expect(fake.seen).toHaveLength(0)
  })

  it("refuses a baseUrl that is not an absolute http(s) URL when the client is made", () => {
    for (const baseUrl of ["services/rest", "ftp://host/x", "http://host/x?query=1"]) {
      let thrown: unknown
      try {
        createNetSuiteFetch(options({ baseUrl }))
      } catch (e) {
        thrown = e
      }
      expect(thrown).toBeInstanceOf(ConfigError)
      expect((thrown as ConfigError).code).toBe("NETSUITE_AUTH_INVALID_URL")
    }
  })

  it("a malformed percent escape is refused as NETSUITE_AUTH_INVALID_URL, nothing sent", async () => {
    const error = await rejection(createNetSuiteFetch(options())("record/v1/customer?q=100%"))
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_URL")
    expect(fake.seen).toHaveLength(0)
  })
})
