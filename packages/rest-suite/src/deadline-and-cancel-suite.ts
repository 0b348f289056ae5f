import { createServer } from "node:net"
import { NetSuiteAccount, type NetSuiteAuthEvent } from "@netsuite-auth/core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { testOrKnownBug } from "./known-bug.ts"
import { json, type LoopbackServer, sleep, startServer } from "./loopback.ts"
import { rejection } from "./rejection.ts"
import { type RestAdapter, type RestClientOptions, verbs } from "./rest-adapter.ts"

const CREDENTIALS = {
  accountId: "1234567_SB1",
  consumerKey: "ck-deadline",
  consumerSecret: "cs-deadline-secret",
  tokenId: "ti-deadline",
  tokenSecret: "ts-deadline-secret"
}

/** A port nothing listens on: bound once, then closed. */
const closedPort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * The lifecycle's deadline, cancellation and transport rules as each adapter's caller sees them:
 * a slow NetSuite, a caller that gives up, a connection nobody accepts.
 */
export const describeDeadlineAndCancel = (name: string, adapter: RestAdapter): void => {
  const fake = {
    server: undefined as unknown as LoopbackServer,
    calls: 0,
    delayMillis: 0,
    status: 200,
    retryAfter: undefined as string | undefined,
    reset() {
      this.calls = 0
      this.delayMillis = 0
      this.status = 200
      this.retryAfter = undefined
    }
  }

  const setup = (options: Partial<Omit<RestClientOptions, "scheme" | "account" | "credentials">> = {}) => {
    const account = NetSuiteAccount.make({
      accountId: "1234567_SB1",
      baseUrl: fake.server.url,
      concurrency: 2
    })
    const events: Array<NetSuiteAuthEvent> = []
    const client = adapter.makeClient({
      scheme: "tba",
      account,
      credentials: CREDENTIALS,
      retry: { maxAttempts: 2, baseDelayMillis: 5, maxDelayMillis: 20 },
      onEvent: (e) => events.push(e),
      ...options
    } as RestClientOptions)
    return { account, client: verbs(client), events }
  }

  const test = testOrKnownBug(adapter)

  describe(`${name}: deadlines, cancellation, transport failures`, () => {
    beforeAll(async () => {
      fake.server = await startServer(async (_req, res) => {
        fake.calls++
        if (fake.delayMillis > 0) await sleep(fake.delayMillis)
        const headers: Record<string, string> =
          fake.retryAfter === undefined ? {} : { "retry-after": fake.retryAfter }
        return json(res, fake.status, { ok: fake.status < 400 }, headers)
      })
    })
    afterAll(() => fake.server.close())
    afterEach(() => fake.reset())

    it("timeoutMillis is a deadline: NETSUITE_AUTH_TIMEOUT, retried for GET, not for POST, permits returned", async () => {
      fake.delayMillis = 400
      const { client, account } = setup({ timeoutMillis: 50 })
      const get = await rejection(client.get("/record/v1/customer/1"))
      expect(get.code).toBe("NETSUITE_AUTH_TIMEOUT")
      expect(get.retryable).toBe(true)
      expect(fake.calls).toBe(2)
      fake.calls = 0
      const post = await rejection(client.post("/record/v1/customer", { companyName: "x" }))
      expect(post.code).toBe("NETSUITE_AUTH_TIMEOUT")
      expect(fake.calls).toBe(1)
      expect(account.pool.inFlight()).toBe(0)
      fake.delayMillis = 0
      expect((await client.get("/record/v1/customer/2")).status).toBe(200)
    })

    test("one attempt-failed event per attempt that ran past its deadline", async () => {
      fake.delayMillis = 400
      const { client, events } = setup({ timeoutMillis: 50 })
      await rejection(client.get("/record/v1/customer/1"))
      expect(events.filter((e) => e.type === "attempt-failed")).toEqual([
        expect.objectContaining({ attempt: 1, code: "NETSUITE_AUTH_TIMEOUT", retryable: true }),
        expect.objectContaining({ attempt: 2, code: "NETSUITE_AUTH_TIMEOUT", retryable: true })
      ])
    })

    it("cancelling in flight rejects with the adapter's cancellation, sends nothing more, returns the permit", async () => {
      fake.delayMillis = 300
      const { client, account } = setup()
      const controller = new AbortController()
      const pending = client.get("/record/v1/customer/1", { signal: controller.signal })
      await sleep(50)
      controller.abort()
      const error = await pending.catch((e: unknown) => e)
      expect(adapter.isCancel(error)).toBe(true)
      expect(account.pool.inFlight()).toBe(0)
      await sleep(350)
      expect(fake.calls).toBe(1)
    })

    it("cancelling while waiting to retry sends nothing more", async () => {
      fake.status = 429
      fake.retryAfter = "1"
      const { client, account } = setup()
      const controller = new AbortController()
      const pending = client.get("/record/v1/customer/1", { signal: controller.signal })
      await sleep(150)
      expect(fake.calls).toBe(1)
      controller.abort()
      const error = await pending.catch((e: unknown) => e)
      expect(adapter.isCancel(error)).toBe(true)
      await sleep(1100)
      expect(fake.calls).toBe(1)
      expect(account.pool.inFlight()).toBe(0)
      expect(account.pool.waiting()).toBe(0)
    })

    it("a malformed percent escape is refused before anything is sent (NETSUITE_AUTH_INVALID_URL)", async () => {
      const { client } = setup()
      const error = await rejection(client.get("/record/v1/customer?q=%zz"))
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_URL")
      expect(fake.calls).toBe(0)
    })

    it("a refused connection is NETSUITE_AUTH_TRANSPORT, retried for GET, with one event per attempt", async () => {
      const port = await closedPort()
      const { client, events } = setup({ baseUrl: `http://127.0.0.1:${port}/services/rest` })
      const error = await rejection(client.get("/record/v1/customer/1"))
      expect(error.code).toBe("NETSUITE_AUTH_TRANSPORT")
      expect(error.retryable).toBe(true)
      expect(error.status).toBeUndefined()
      expect(events.filter((e) => e.type === "attempt-failed")).toEqual([
        expect.objectContaining({ attempt: 1, code: "NETSUITE_AUTH_TRANSPORT", retryable: true }),
        expect.objectContaining({ attempt: 2, code: "NETSUITE_AUTH_TRANSPORT", retryable: true })
      ])
    })

    test("events name the request by its method and path under the base URL", async () => {
      fake.status = 503
      const { client, events } = setup()
      await rejection(client.get("/record/v1/customer/7?expand=addressbook"))
      const operations = new Set(
        events.flatMap((e) =>
          e.type === "attempt-failed" || e.type === "retry-scheduled" ? [e.operation] : []
        )
      )
      expect([...operations]).toEqual(["GET /services/rest/record/v1/customer/7"])
    })
  })
}
