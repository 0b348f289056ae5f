import { NetSuiteAccount } from "@netsuite-auth/core"
import { createNetSuiteFetch } from "@netsuite-auth/fetch"
import { benchM2MKey, REST_PATH } from "./axios-clients.ts"
import type { Loopback } from "./loopback.ts"
import { compareLatency } from "./measure.ts"
import { latencyRow, OVERHEAD_SAMPLES } from "./overhead.ts"
import type { Row } from "./report.ts"
import { T1 } from "./signing.ts"

/** @netsuite-auth/fetch with a cached M2M token against the global fetch, both reading the body. */
export const overheadFetchRows = async (
  server: Loopback,
  log: (line: string) => void
): Promise<Array<Row>> => {
  const account = NetSuiteAccount.make({ accountId: "1234567", baseUrl: server.baseUrl })
  const netsuite = createNetSuiteFetch({
    scheme: "m2m",
    account,
    baseUrl: server.baseUrl,
    credentials: {
      accountId: "1234567",
      clientId: T1.consumerKey,
      certificateId: "bench-cert",
      privateKey: benchM2MKey()
    }
  })
  const url = `${server.baseUrl}${REST_PATH}`
  const path = REST_PATH.slice(1)
  await (await netsuite(path)).text() // warm the token cache
  const tokensBefore = server.tokenRequests
  log("overhead: fetch M2M")
  const result = await compareLatency(
    async () => (await netsuite(path)).text(),
    async () => (await fetch(url)).text(),
    OVERHEAD_SAMPLES
  )
  return [
    latencyRow(
      "@netsuite-auth/fetch + M2M (cached token)",
      result,
      "bare fetch",
      `token requests while measuring: ${server.tokenRequests - tokensBefore}`
    )
  ]
}
