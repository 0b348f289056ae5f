import { M2MCredentials, tokenRequest } from "@netsuite-auth/core"
import { decodeTokenResponse } from "@netsuite-auth/core/internal"
import { generateKeyPair, type KeyType, selfSignedCertificate } from "@netsuite-auth/keys"
import { Effect, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../src/index.ts"
import { send } from "./helpers.ts"

// Our own client (core) against the mock: every key type core can generate, each registered with
// a certificate made by core's builder (RSA-PSS keys as in Oracle's openssl example).
let server: MockServer
beforeAll(async () => {
  server = await startMockServer({ accounts: [{ accountId: "1234567_SB1" }] })
})
afterAll(() => server.close())

const KEY_TYPES: ReadonlyArray<KeyType> = ["ec-p256", "ec-p384", "ec-p521", "rsa-pss-3072"]

describe("core's M2M token request is accepted", () => {
  it.each(KEY_TYPES)("%s", async (type) => {
    const { privateKey, publicKey } = generateKeyPair(type)
    const certificate = selfSignedCertificate({
      privateKey,
      publicKey,
      subject: `CN=${type}`,
      days: 30,
      now: new Date()
    })
    server.registerM2m("1234567_SB1", {
      clientId: `client-${type}`,
      certificateId: `cert-${type}`,
      certificate
    })
    const creds = M2MCredentials.make({
      accountId: "1234567_SB1",
      clientId: `client-${type}`,
      certificateId: `cert-${type}`,
      privateKey
    })
    const req = await Effect.runPromise(tokenRequest(creds, server.endpoints.tokenUrl))
    const r = await send(req.url, { method: req.method, headers: { ...req.headers }, body: req.body })
    expect([r.status, r.headers["x-mock-reason"]]).toEqual([200, undefined])
    const decoded = decodeTokenResponse({ status: r.status, headers: {}, body: r.body }, Date.now())
    expect(Result.isSuccess(decoded)).toBe(true)
  })
})
