import { ConfigError, RequestError } from "@netsuite-auth/core"
import { describe, expect, it } from "vitest"
import { redisCoordination } from "../src/index.ts"
import { freePort } from "./redis-server.ts"

const rejection = async (options: unknown) => {
  try {
    await redisCoordination(options as never)
  } catch (error) {
    return error
  }
  throw new Error("expected redisCoordination to reject")
}

describe("redisCoordination options", () => {
  it.each([
    [undefined, "NETSUITE_AUTH_INVALID_OPTION"],
    [{}, "NETSUITE_AUTH_MISSING_ENVIRONMENT"],
    [{ url: "" }, "NETSUITE_AUTH_MISSING_ENVIRONMENT"],
    [{ url: "not a url" }, "NETSUITE_AUTH_INVALID_URL"],
    [{ url: "http://localhost:6379" }, "NETSUITE_AUTH_INVALID_URL"],
    [{ url: "redis://localhost", client: {} }, "NETSUITE_AUTH_INVALID_OPTION"],
    [{ client: { sendCommand: 1 } }, "NETSUITE_AUTH_INVALID_OPTION"],
    [{ url: "redis://localhost", keyPrefix: "a{b}" }, "NETSUITE_AUTH_INVALID_OPTION"],
    [{ url: "redis://localhost", keyPrefix: "" }, "NETSUITE_AUTH_INVALID_OPTION"],
    [{ url: "redis://localhost", leaseMillis: 100 }, "NETSUITE_AUTH_INVALID_OPTION"],
    [{ url: "redis://localhost", leaseMillis: 1.5e3 + 0.5 }, "NETSUITE_AUTH_INVALID_OPTION"],
    [{ url: "redis://localhost", leaseMillis: 3000, heartbeatMillis: 2000 }, "NETSUITE_AUTH_INVALID_OPTION"],
    [{ url: "redis://localhost", unreachableTimeoutMillis: -1 }, "NETSUITE_AUTH_INVALID_OPTION"]
  ])("%j is refused with %s before any connection", async (options, code) => {
    const error = await rejection(options)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).code).toBe(code)
  })

  it("never repeats the URL or its password in an error", async () => {
    for (const url of ["http://user:s3cr3t-pass@redis.internal:6379", "redis://:s3cr3t-pass@[bad"]) {
      const error = (await rejection({ url })) as ConfigError
      expect(error.message).not.toContain("s3cr3t-pass")
      expect(JSON.stringify(error)).not.toContain("s3cr3t-pass")
    }
  })

  it("fails with a coded, retryable error in bounded time when Redis is unreachable at start", async () => {
    const port = await freePort() // nothing listens there
    const error = await rejection({
      url: `redis://:s3cr3t-pass@127.0.0.1:${port}`,
      unreachableTimeoutMillis: 300
    })
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).code).toBe("NETSUITE_AUTH_COORDINATION_UNAVAILABLE")
    expect((error as RequestError).retryable).toBe(true)
    expect((error as RequestError).message).toContain(`127.0.0.1:${port}`)
    expect((error as RequestError).message).not.toContain("s3cr3t-pass")
  })
})
