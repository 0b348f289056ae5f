import type { Coordination } from "@netsuite-auth/core"
import { createClient } from "redis"
import { describe, expectTypeOf, it } from "vitest"
import { type RedisCoordination, type RedisCoordinationOptions, redisCoordination } from "../src/index.ts"

describe("@netsuite-auth/redis public types", () => {
  it("redisCoordination resolves to a core Coordination that can be closed", () => {
    expectTypeOf(redisCoordination({ url: "redis://localhost:6379" })).toEqualTypeOf<
      Promise<RedisCoordination>
    >()
    expectTypeOf<RedisCoordination>().toExtend<Coordination>()
    expectTypeOf<RedisCoordination["close"]>().toEqualTypeOf<() => Promise<void>>()
  })

  it("takes a node-redis client as it comes from createClient", () => {
    const client = createClient({ url: "redis://localhost:6379" })
    expectTypeOf({ client }).toExtend<RedisCoordinationOptions>()
    expectTypeOf({ client: createClient({ RESP: 2 }) }).toExtend<RedisCoordinationOptions>()
  })

  it("accepts only the documented options", () => {
    // @ts-expect-error leaseMillis is a number of milliseconds
    redisCoordination({ url: "redis://localhost:6379", leaseMillis: "30s" })
    // @ts-expect-error unknown option
    redisCoordination({ url: "redis://localhost:6379", lease: 30_000 })
  })
})
