// timeoutMillis is a deadline for the whole exchange, not an idle timeout: a server that keeps
// sending a byte every few milliseconds never goes idle, and must still be cut off at the deadline.
import { createServer, type Server, type Socket } from "node:net"
import { NetSuiteAccount } from "@netsuite-auth/core"
import { rejection, sleep } from "@netsuite-auth/rest-suite"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { createNetSuiteFetch } from "../src/index.ts"

type Drip = "headers" | "body" | "error-body"

// A raw HTTP/1.1 server that writes its answer one byte every 10 ms (about 3 s in all). It counts
// requests, not connections: undici may open a spare connection it never uses.
const dripper = {
  server: undefined as unknown as Server,
  url: "",
  mode: "headers" as Drip,
  requests: 0,
  // Sockets the client closed before the whole answer was written.
  cutOff: 0,
  sockets: new Set<Socket>()
}

const answerFor = (mode: Drip): string => {
  const body = JSON.stringify({ padding: "x".repeat(250) })
  const status = mode === "error-body" ? "503 Service Unavailable" : "200 OK"
  return `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`
}

beforeAll(async () => {
  dripper.server = createServer((socket) => {
    dripper.sockets.add(socket)
    let written = 0
    const answer = answerFor(dripper.mode)
    // The head arrives at once unless the head itself is what drips.
    const head = dripper.mode === "headers" ? 0 : answer.indexOf("\r\n\r\n") + 4
    socket.once("data", () => {
      dripper.requests++
      if (head > 0) socket.write(answer.slice(0, head))
      written = head
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer)
        socket.write(answer.charAt(written++))
        if (written === answer.length) {
          clearInterval(timer)
          socket.end()
        }
      }, 10)
      socket.on("close", () => {
        clearInterval(timer)
        if (written < answer.length) dripper.cutOff++
      })
    })
    socket.on("error", () => {})
  })
  await new Promise<void>((resolve) => dripper.server.listen(0, "127.0.0.1", resolve))
  dripper.url = `http://127.0.0.1:${(dripper.server.address() as { port: number }).port}`
})
afterAll(async () => {
  for (const socket of dripper.sockets) socket.destroy()
  await new Promise<void>((resolve) => dripper.server.close(() => resolve()))
})
afterEach(() => {
  dripper.requests = 0
  dripper.cutOff = 0
})

const netsuite = () =>
  createNetSuiteFetch({
    scheme: "tba",
    account: NetSuiteAccount.make({ accountId: "1234567_SB1", baseUrl: dripper.url }),
    credentials: {
      accountId: "1234567_SB1",
      consumerKey: "ck-drip",
      consumerSecret: "cs-drip-secret",
      tokenId: "ti-drip",
      tokenSecret: "ts-drip-secret"
    },
    timeoutMillis: 200,
    retry: { maxAttempts: 2, baseDelayMillis: 5, maxDelayMillis: 20 }
  })

describe("createNetSuiteFetch: timeoutMillis on a server that drips bytes", () => {
  it("a head that drips past the deadline is NETSUITE_AUTH_TIMEOUT, each attempt cut off", async () => {
    dripper.mode = "headers"
    const error = await rejection(netsuite()("record/v1/customer/1"))
    expect(error.code).toBe("NETSUITE_AUTH_TIMEOUT")
    expect(error.message).toMatch(/200 ms/)
    expect(dripper.requests).toBe(2)
    await sleep(50)
    expect(dripper.cutOff).toBe(2)
  })

  it("an error body that drips past the deadline is NETSUITE_AUTH_TIMEOUT, not a hang", async () => {
    dripper.mode = "error-body"
    const error = await rejection(netsuite()("record/v1/customer/1"))
    expect(error.code).toBe("NETSUITE_AUTH_TIMEOUT")
    expect(dripper.requests).toBe(2)
    await sleep(50)
    expect(dripper.cutOff).toBe(2)
  })

  it("a 200 whose body drips past the deadline is NETSUITE_AUTH_TIMEOUT too: the body is read inside the attempt", async () => {
    dripper.mode = "body"
    const error = await rejection(netsuite()("record/v1/customer/1"))
    expect(error.code).toBe("NETSUITE_AUTH_TIMEOUT")
    expect(dripper.requests).toBe(2)
    await sleep(50)
    expect(dripper.cutOff).toBe(2)
  })
})
