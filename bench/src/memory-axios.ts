import { REST_PATH, tbaAxios } from "./axios-clients.ts"
import type { Loopback } from "./loopback.ts"
import { heapAfterGc } from "./measure.ts"
import { memoryRow, REQUESTS, runConcurrently } from "./memory.ts"
import type { Row } from "./report.ts"

/** Heap after 100,000 axios TBA requests (a signature per request) vs after 1,000. */
export const memoryAxiosRows = async (server: Loopback, log: (line: string) => void): Promise<Array<Row>> => {
  log("memory: axios requests")
  const client = tbaAxios(server.baseUrl, undefined, { concurrency: 16, maxSockets: 16 })
  const call = () => client.get(REST_PATH)
  await runConcurrently(1000, 16, call)
  const warm = heapAfterGc()
  const started = performance.now()
  await runConcurrently(REQUESTS - 1000, 16, call)
  const seconds = (performance.now() - started) / 1000
  return [
    memoryRow(
      "axios TBA requests (16 at a time)",
      warm,
      heapAfterGc(),
      REQUESTS,
      `${Math.round((REQUESTS - 1000) / seconds)} req/s`
    )
  ]
}
