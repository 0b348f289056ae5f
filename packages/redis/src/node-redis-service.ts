import * as Effect from "effect/Effect"
import * as Redis from "effect/persistence/Redis"
import type * as Scope from "effect/Scope"

/**
 * What this package uses of a node-redis (`redis` 5 or 6) client. A client from `createClient()`
 * fits; so does a client you already use elsewhere in your application.
 *
 * @example
 * ```ts
 * import { createClient } from "redis"
 * import { redisCoordination } from "@netsuite-auth/redis"
 * const client = createClient({ url: process.env.REDIS_URL ?? "redis://localhost:6379" })
 * client.on("error", (error) => console.error(error.message))
 * await client.connect()
 * const coordination = await redisCoordination({ client, keyPrefix: "netsuite-auth-prod" })
 * await coordination.close() // your client stays open
 * ```
 * @category models
 */
export interface NodeRedisClient {
  readonly isOpen: boolean
  readonly isReady: boolean
  connect(): Promise<unknown>
  sendCommand(args: ReadonlyArray<string>): Promise<unknown>
  duplicate(): NodeRedisClient
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  on(event: string, listener: (...args: Array<unknown>) => void): unknown
  off(event: string, listener: (...args: Array<unknown>) => void): unknown
  close(): Promise<unknown>
  destroy(): unknown
}

const sendWith =
  (client: NodeRedisClient) =>
  <A = unknown>(command: string, ...args: ReadonlyArray<string>): Effect.Effect<A, Redis.RedisError> =>
    Effect.tryPromise({
      try: () => client.sendCommand([command, ...args]) as Promise<A>,
      catch: (cause) => new Redis.RedisError({ cause })
    })

/**
 * Effect's client-agnostic `Redis` service (`effect/persistence/Redis`: commands, `Redis.script`
 * run by hash and loaded again on `NOSCRIPT`, pub/sub) over a node-redis client and a duplicate
 * of it kept for subscriptions. `@effect/platform-node`'s `NodeRedis` does the same but only over
 * a client it creates itself and requires Node 22.19 (see docs/adr/0003-redis-client-binding.md).
 */
export const nodeRedisService = (
  client: NodeRedisClient,
  subscriber: NodeRedisClient
): Effect.Effect<Redis.Redis["Service"], never, Scope.Scope> =>
  Redis.make({
    send: sendWith(client),
    subscribe: (channel, onMessage) =>
      Effect.acquireRelease(
        Effect.tryPromise({
          try: () => subscriber.subscribe(channel, (message, from) => onMessage({ channel: from, message })),
          catch: (cause) => new Redis.RedisError({ cause })
        }),
        // Disconnected, node-redis would queue the unsubscribe until it reconnects: skip it then.
        () =>
          subscriber.isReady
            ? Effect.ignore(
                Effect.timeout(
                  Effect.tryPromise(() => subscriber.unsubscribe(channel)),
                  1_000
                )
              )
            : Effect.void
      ).pipe(
        // node-redis subscribes again by itself after a reconnect: the subscription ends with the scope.
        Effect.as(Effect.never)
      ),
    connect: Effect.tryPromise({
      try: async () => {
        const connection = client.duplicate()
        connection.on("error", () => {})
        await connection.connect()
        return connection
      },
      catch: (cause) => new Redis.RedisError({ cause })
    }).pipe(
      Effect.map((connection) => ({
        send: sendWith(connection),
        close: Effect.sync(() => {
          if (connection.isOpen) connection.destroy()
        })
      }))
    )
  })
