/**
 * One process of the demo's fleet step (forked by fleet.ts): it shares the account's pool and
 * its M2M token through Redis and sends its REST calls (axios) all at once.
 */
import { installNetSuiteAuth } from "@netsuite-auth/axios"
import { NetSuiteAccount } from "@netsuite-auth/core"
import { redisCoordination } from "@netsuite-auth/redis"
import axios from "axios"

export interface FleetWorkerJob {
  readonly redisUrl: string
  readonly keyPrefix: string
  readonly accountId: string
  readonly baseUrl: string
  readonly concurrency: number
  readonly calls: number
  readonly m2m: { readonly clientId: string; readonly certificateId: string; readonly privateKey: string }
}

export interface FleetWorkerResult {
  readonly ok: number
  readonly errors: ReadonlyArray<string>
}

process.once("message", async (job: FleetWorkerJob) => {
  const coordination = await redisCoordination({ url: job.redisUrl, keyPrefix: job.keyPrefix })
  try {
    const account = NetSuiteAccount.make({
      accountId: job.accountId,
      baseUrl: job.baseUrl,
      concurrency: job.concurrency,
      coordination
    })
    const client = axios.create({ baseURL: account.endpoints.restBaseUrl })
    installNetSuiteAuth(client, {
      scheme: "m2m",
      account,
      credentials: { accountId: job.accountId, ...job.m2m }
    })
    const results = await Promise.allSettled(
      Array.from({ length: job.calls }, () => client.get("/record/v1/customer/1"))
    )
    const errors = results.flatMap((r) =>
      r.status === "rejected" ? [String((r.reason as { code?: unknown }).code ?? r.reason)] : []
    )
    const result: FleetWorkerResult = { ok: results.length - errors.length, errors }
    process.send?.(result)
  } finally {
    await coordination.close()
  }
})
