/**
 * Secret scan: run success and failure scenarios through every adapter with events on and a
 * logging listener (console), capture all output, every event payload and every error (message,
 * stack, inspect, JSON), and fail if any configured secret, private-key PEM line, signing key,
 * client assertion or access token appears.
 */

import { generateKeyPairSync } from "node:crypto"
import { inspect } from "node:util"
import { axiosTokenEndpoint, installNetSuiteAuth } from "@netsuite-auth/axios"
import {
  M2MCredentials as M2M,
  type M2MCredentials,
  NetSuiteAccount,
  type NetSuiteAuthEvent,
  TbaCredentials,
  TokenEndpoint,
  TokenProvider
} from "@netsuite-auth/core"
import type { MockServer } from "@netsuite-auth/mock-server"
import { createNetSuiteSoapClient, type NetSuiteSoapEvent } from "@netsuite-auth/soap"
import axios from "axios"
import { Effect } from "effect"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import {
  ACCOUNT_ID,
  FAST_RETRY,
  makeCredentials,
  soapRequest,
  startMock,
  WSDL_VERSION
} from "./support/fixture.ts"
import { captureOutput, errorTexts, leaks, pemSecrets, tbaSecrets } from "./support/secrets.ts"

const creds = makeCredentials()
let mock: MockServer

/** Everything a user could see, gathered per test. */
const seen: Array<string> = []
const errors: Array<unknown> = []
const events: Array<unknown> = []
/** Secrets only known at run time: client assertions and access tokens the token endpoint returned. */
const runtimeSecrets: Record<string, string> = {}

const log = (event: NetSuiteAuthEvent | NetSuiteSoapEvent) => {
  events.push(event)
  // A user's logging listener: what it prints is captured with the rest of the output.
  console.info("[netsuite-auth]", event)
}
const attempt = async (fn: () => Promise<unknown>) => {
  try {
    await fn()
  } catch (error) {
    errors.push(error)
  }
}

const configuredSecrets = (): Record<string, string> => ({
  ...tbaSecrets(creds.tba),
  ...pemSecrets("M2M private key", creds.m2m.privateKey),
  ...runtimeSecrets
})

const scan = (output: ReadonlyArray<string>) => {
  const texts = [
    ...output,
    ...seen,
    ...errors.flatMap(errorTexts),
    ...events.map((e) => JSON.stringify(e)),
    ...events.map((e) => inspect(e, { depth: 8 }))
  ]
  return leaks(texts, configuredSecrets())
}

/** A token endpoint that records the assertions it sends and the tokens it receives (to scan for them). */
const recordingEndpoint = (): TokenEndpoint => {
  const inner = axiosTokenEndpoint({ timeoutMillis: 2_000 })
  let n = 0
  return TokenEndpoint.make((request) => {
    const assertion = new URLSearchParams(request.body).get("client_assertion")
    if (assertion) runtimeSecrets[`client assertion ${++n}`] = assertion
    return inner.request(request).pipe(
      Effect.tap((response) =>
        Effect.sync(() => {
          try {
            const token = (JSON.parse(response.body) as { access_token?: unknown }).access_token
            if (typeof token === "string") runtimeSecrets[`access token ${n}`] = token
          } catch {
            // garbage bodies carry no token
          }
        })
      )
    )
  })
}

beforeAll(async () => {
  mock = await startMock(creds)
})
afterAll(() => mock.close())
beforeEach(() => {
  mock.clearFaults()
  seen.length = 0
  errors.length = 0
  events.length = 0
})

describe("secret scan", () => {
  it("the scanner itself finds a planted secret (so a clean result means something)", () => {
    expect(leaks([`…${creds.tba.tokenSecret}…`], tbaSecrets(creds.tba))).toEqual(["tokenSecret"])
    expect(leaks([creds.m2m.privateKey], pemSecrets("key", creds.m2m.privateKey)).length).toBeGreaterThan(0)
  })

  it("axios M2M: success, token faults, revoked token, wrong key, REST faults", async () => {
    const { output } = await captureOutput(async () => {
      const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url })
      const credentials: M2MCredentials = M2M.make({ accountId: ACCOUNT_ID, ...creds.m2m })
      seen.push(
        inspect(credentials, { depth: 8 }),
        JSON.stringify(credentials),
        String(credentials),
        inspect(account, { depth: 8 })
      )
      const provider = TokenProvider.make({
        credentials,
        account,
        endpoint: recordingEndpoint(),
        retry: FAST_RETRY,
        onEvent: log
      })
      const http = axios.create({ baseURL: mock.url })
      installNetSuiteAuth(http, {
        scheme: "m2m",
        account,
        credentials,
        tokenProvider: provider,
        retry: FAST_RETRY,
        onEvent: log
      })
      const record = "/services/rest/record/v1/customer/1"
      await attempt(() => http.get(record))
      mock.revokeTokens()
      await attempt(() => http.get(record))
      await Effect.runPromise(provider.invalidate())
      mock.setFaults("token", { status5xx: { count: 100 } })
      await attempt(() => http.get(record))
      mock.setFaults("token", { garbageBody: 1 })
      await attempt(() => http.get(record))
      mock.clearFaults()
      mock.setFaults("rest", { status5xx: { count: 100 } })
      await attempt(() => http.get(record))
      mock.setFaults("rest", { latencyMs: 2_000 })
      await attempt(() => http.get(record, { timeout: 100 }))
      mock.clearFaults()
      await attempt(() => http.get("/services/rest/record/v1/nosuchrecord/1"))
      // A key whose certificate is not registered: the token endpoint refuses the assertion.
      const strangerKey = generateKeyPairSync("ec", { namedCurve: "P-256" })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString()
      runtimeSecrets["stranger key"] = strangerKey.split("\n")[1] ?? ""
      const stranger = axios.create({ baseURL: mock.url })
      installNetSuiteAuth(stranger, {
        scheme: "m2m",
        account: NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url }),
        credentials: { accountId: ACCOUNT_ID, ...creds.m2m, privateKey: strangerKey },
        retry: false,
        onEvent: log
      })
      await attempt(() => stranger.get(record))
    })
    expect(
      Object.keys(runtimeSecrets).filter((k) => k.startsWith("access token")).length
    ).toBeGreaterThanOrEqual(2)
    expect(errors.length).toBeGreaterThanOrEqual(5)
    expect(events.length).toBeGreaterThan(5)
    expect(output.length).toBeGreaterThan(5)
    expect(scan(output)).toEqual([])
  })

  it("axios TBA: success, wrong token secret, 5xx, concurrency limit", async () => {
    const { output } = await captureOutput(async () => {
      const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url, concurrency: 20 })
      const credentials = TbaCredentials.make({ accountId: ACCOUNT_ID, ...creds.tba })
      seen.push(inspect(credentials, { depth: 8 }), JSON.stringify(credentials), String(credentials))
      const http = axios.create({ baseURL: mock.url })
      installNetSuiteAuth(http, { scheme: "tba", account, credentials, retry: FAST_RETRY, onEvent: log })
      const record = "/services/rest/record/v1/customer/1?q=secret-looking%20query"
      await attempt(() => http.get(record))
      mock.setFaults("rest", { status5xx: { count: 100 } })
      await attempt(() => http.get(record))
      mock.setFaults("rest", { latencyMs: 50 })
      await Promise.all(Array.from({ length: 20 }, () => attempt(() => http.get(record))))
      mock.clearFaults()
      const wrong = axios.create({ baseURL: mock.url })
      installNetSuiteAuth(wrong, {
        scheme: "tba",
        account: NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url }),
        credentials: {
          accountId: ACCOUNT_ID,
          ...creds.tba,
          tokenSecret: `${creds.tba.tokenSecret.slice(0, -4)}beef`
        },
        onEvent: log
      })
      await attempt(() => wrong.get(record))
      await attempt(() => wrong.post("/app/site/hosting/restlet.nl?script=1&deploy=1", { secret: "body" }))
    })
    expect(errors.length).toBeGreaterThanOrEqual(3)
    expect(events.length).toBeGreaterThan(3)
    expect(scan(output)).toEqual([])
  })

  it("SOAP: success, wrong token secret, 5xx, garbage, reset, concurrency faults", async () => {
    const { output } = await captureOutput(async () => {
      const account = NetSuiteAccount.make({ accountId: ACCOUNT_ID, baseUrl: mock.url, concurrency: 20 })
      const make = (tokenSecret: string) =>
        createNetSuiteSoapClient({
          credentials: { accountId: ACCOUNT_ID, ...creds.tba, tokenSecret },
          wsdl: mock.endpoints.wsdlUrl(WSDL_VERSION),
          account,
          retry: FAST_RETRY,
          soapOptions: { request: soapRequest() },
          onEvent: log
        })
      const ns = await make(creds.tba.tokenSecret)
      seen.push(inspect(ns.account, { depth: 8 }), inspect(ns.soapClient.getSoapHeaders(), { depth: 8 }))
      await attempt(() => ns.call("getServerTime", {}))
      for (const fault of [
        { status5xx: { count: 100 } },
        { garbageBody: 1 },
        { resetConnection: 5 }
      ] as const) {
        mock.setFaults("soap", fault)
        await attempt(() => ns.call("getServerTime", {}))
        mock.clearFaults()
      }
      mock.setFaults("soap", { latencyMs: 50 })
      await Promise.all(Array.from({ length: 20 }, () => attempt(() => ns.call("getServerTime", {}))))
      mock.clearFaults()
      await attempt(() => ns.call("noSuchOperation", {}))
      const wrong = await make(`${creds.tba.tokenSecret.slice(0, -4)}beef`)
      await attempt(() => wrong.call("getServerTime", {}))
      wrong.dispose()
      ns.dispose()
    })
    expect(errors.length).toBeGreaterThanOrEqual(4)
    expect(events.length).toBeGreaterThan(4)
    expect(scan(output)).toEqual([])
  })

  it("construction errors that hold a secret in their input never echo it", async () => {
    const { output } = await captureOutput(async () => {
      const tries: Array<() => unknown> = [
        () => TbaCredentials.make({ accountId: "1234567.evil.com", ...creds.tba }),
        () =>
          TbaCredentials.make({
            accountId: ACCOUNT_ID,
            ...creds.tba,
            consumerSecret: `${creds.tba.consumerSecret} `
          }),
        () =>
          M2M.make({ accountId: ACCOUNT_ID, ...creds.m2m, privateKey: creds.m2m.privateKey.slice(0, 120) }),
        () =>
          M2M.make({
            accountId: ACCOUNT_ID,
            ...creds.m2m,
            privateKey: creds.m2m.privateKey,
            algorithm: "PS256"
          }),
        () =>
          M2M.make({
            accountId: ACCOUNT_ID,
            ...creds.m2m,
            privateKey: creds.m2m.privateKey.replace("PRIVATE KEY", "RSA PRIVATE KEY")
          })
      ]
      for (const t of tries) await attempt(async () => t())
      await attempt(() =>
        createNetSuiteSoapClient({
          credentials: { accountId: ACCOUNT_ID, ...creds.tba },
          wsdl: "/nonexistent/netsuite.wsdl"
        })
      )
    })
    expect(errors.length).toBe(6)
    expect(scan(output)).toEqual([])
  })
})
