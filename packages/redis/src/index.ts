/**
 * @netsuite-auth/redis: one NetSuite account shared by a fleet of processes through Redis.
 *
 * NetSuite's concurrency limit is one pool per account across SOAP, REST and RESTlets. Give
 * `redisCoordination(...)` to `NetSuiteAccount.make` in every process and they share that pool
 * (first come, first served across processes, leases on Redis's clock, safe across crashes and
 * Redis restarts) and their M2M access tokens (one token request per lifetime for the fleet).
 *
 * @module
 */
export type { NodeRedisClient } from "./node-redis-service.ts"
export { DEFAULTS, type RedisCoordinationOptions } from "./options.ts"
export { type RedisCoordination, redisCoordination } from "./redis-coordination.ts"
