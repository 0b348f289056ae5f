import type { PermitPool } from "../request/permit-pool.ts"
import type { TokenStore } from "../token/token-store.ts"

/**
 * What a fleet shares for an account: its concurrency pool and its M2M tokens. Give the same
 * `coordination` to `NetSuiteAccount.make` in every process (`@netsuite-auth/redis` makes one
 * from a Redis URL); without it the account keeps an in-memory pool and token store.
 *
 * @example
 * ```ts no-run
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * import { redisCoordination } from "@netsuite-auth/redis"
 * const coordination = await redisCoordination({ url: process.env.REDIS_URL })
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: 15, coordination })
 * ```
 * @category ports
 */
export interface Coordination {
  /** The pool of the account with this realm (`1234567_SB1`), admitting at most `limit` at once across the fleet. */
  readonly permitPool: (realm: string, options: { readonly limit: number }) => PermitPool
  /** The token store shared by the fleet (keys already hold the realm). */
  readonly tokenStore: () => TokenStore
}
