// A ReadableStream body can be sent once: it is never retried, even for answers every other
// request is retried on; the same request with a text body is (the control).
import { NetSuiteAccount } from "@netsuite-auth/core"
import { type FakeTbaNetSuite, rejection, startFakeTbaNetSuite } from "@netsuite-auth/rest-suite"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { createNetSuiteFetch } from "../src/index.ts"

let fake: FakeTbaNetSuite
beforeAll(async () => {
  fake = await startFakeTbaNetSuite()
})
afterAll(() => fake.close())
afterEach(() => fake.reset())

const netsuite = () =>
  createNetSuiteFetch({
    scheme: "tba",
    account: NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: fake.server.url }),
    credentials: { accountId: "1234567_SB1", ...fake.secrets },
    retry: { baseDelayMillis: 5, maxDelayMillis: 20 }
  })

const stream = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text))
      controller.close()
    }
  })

describe("createNetSuiteFetch: streamed bodies", () => {
  it("a streamed POST refused with SSS_REQUEST_LIMIT_EXCEEDED is not retried; a text POST is", async () => {
    fake.limitFirst = 1
    const error = await rejection(
      netsuite()("/app/site/hosting/restlet.nl?script=1&deploy=1", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: stream('{"a":1}'),
        duplex: "half"
      } as RequestInit)
    )
    expect(error.code).toBe("NETSUITE_AUTH_CONCURRENCY_LIMIT")
    expect(error.retryable).toBe(true) // trying later may help; this request could not be repeated
    expect(fake.seen).toHaveLength(1)
    fake.reset()
    fake.limitFirst = 1
    const control = await netsuite()("/app/site/hosting/restlet.nl?script=1&deploy=1", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}'
    })
    expect(control.status).toBe(200)
    expect(fake.seen).toHaveLength(2)
  })

  it("a streamed PUT (idempotent) is not retried after a limit answer either", async () => {
    fake.limitFirst = 1
    const error = await rejection(
      netsuite()("record/v1/customer/1", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: stream('{"companyName":"x"}'),
        duplex: "half"
      } as RequestInit)
    )
    expect(error.code).toBe("NETSUITE_AUTH_CONCURRENCY_LIMIT")
    expect(fake.seen).toHaveLength(1)
    expect(fake.seen[0]?.ok).toBe(true)
  })
})
