import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { assertion, ecIdentity, FORM, send, TOKEN_PATH, tokenForm } from "./helpers.ts"

// NetSuite serves one token endpoint per account host, knows only that account's integrations,
// and wants the assertion's aud to be that URL: a client of 1234567_SB1 asking for 1234567 fails.
let server: MockServer
let sharedTokenUrl: string
const id = ecIdentity()
const SB1_CLIENT = "client-of-sb1"
const KID = "cert-sb1"
const netsuiteTokenUrl = (host: string, scheme = "https") =>
  `${scheme}://${host}.suitetalk.api.netsuite.com${TOKEN_PATH}`

beforeAll(async () => {
  server = await startMockServer({
    accounts: [
      { accountId: "1234567" },
      {
        accountId: "1234567_SB1",
        m2m: [{ clientId: SB1_CLIENT, certificateId: KID, certificate: id.certificate }]
      }
    ]
  })
  sharedTokenUrl = `${server.url}${TOKEN_PATH}`
})
afterAll(() => server.close())

const request = async (aud: string, headers: Record<string, string> = {}) => {
  const body = tokenForm(await assertion({ key: id.privateKey, kid: KID, iss: SB1_CLIENT, aud }))
  const reply = await send(sharedTokenUrl, { method: "POST", headers: { ...FORM, ...headers }, body })
  return {
    status: reply.status,
    error: reply.status === 200 ? undefined : (JSON.parse(reply.body) as { error: string }).error,
    realm: reply.headers["www-authenticate"],
    reason: reply.headers["x-mock-reason"]
  }
}

describe("token endpoint: the account of an M2M request", () => {
  it("the mock's shared URL serves every account (no account to check)", async () => {
    expect(await request(sharedTokenUrl)).toMatchObject({ status: 200 })
  })

  it("an assertion for 1234567's NetSuite token URL from a client of 1234567_SB1 is refused (invalid_client)", async () => {
    expect(await request(netsuiteTokenUrl("1234567"))).toEqual({
      status: 401,
      error: "invalid_client",
      realm: 'Basic realm="1234567_SB1"',
      reason: "InvalidAudience"
    })
    expect(await request(netsuiteTokenUrl("7654321"))).toMatchObject({
      status: 401,
      reason: "InvalidAudience"
    })
  })

  it("an assertion for the client's own account's NetSuite token URL is accepted", async () => {
    expect(await request(netsuiteTokenUrl("1234567-sb1"))).toMatchObject({ status: 200 })
  })

  it("a plain-http NetSuite URL is not NetSuite's audience", async () => {
    expect(await request(netsuiteTokenUrl("1234567-sb1", "http"))).toMatchObject({
      status: 401,
      reason: "InvalidAudience"
    })
  })

  it("a request whose Host is an account's NetSuite host is for that account (a proxy in front of the mock)", async () => {
    const host = "1234567.suitetalk.api.netsuite.com"
    expect(await request(netsuiteTokenUrl("1234567", "http"), { host })).toMatchObject({
      status: 401,
      realm: 'Basic realm="1234567"',
      reason: "ClientOfAnotherAccount"
    })
    const own = "1234567-sb1.suitetalk.api.netsuite.com"
    expect(await request(netsuiteTokenUrl("1234567-sb1", "http"), { host: own })).toMatchObject({
      status: 200
    })
  })
})
