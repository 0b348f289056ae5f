import { bareAxios, m2mAxios, REST_PATH, tbaAxios } from "./axios-clients.ts"
import type { Loopback } from "./loopback.ts"
import { compareLatency } from "./measure.ts"
import { latencyRow, OVERHEAD_SAMPLES } from "./overhead.ts"
import type { Row } from "./report.ts"

/** axios with the M2M interceptor (cached token) and with OAuth 1.0a, each against bare axios. */
export const overheadAxiosRows = async (
  server: Loopback,
  log: (line: string) => void
): Promise<Array<Row>> => {
  const bare = bareAxios(server.baseUrl)
  const m2m = m2mAxios(server.baseUrl)
  const tba = tbaAxios(server.baseUrl)
  // Warm the token cache: the M2M row measures requests with a cached token.
  await m2m.get(REST_PATH)
  const tokensBefore = server.tokenRequests
  const bareCall = () => bare.get(REST_PATH)
  log("overhead: axios M2M")
  const m2mResult = await compareLatency(() => m2m.get(REST_PATH), bareCall, OVERHEAD_SAMPLES)
  const tokensDuring = server.tokenRequests - tokensBefore
  log("overhead: axios TBA")
  const tbaResult = await compareLatency(() => tba.get(REST_PATH), bareCall, OVERHEAD_SAMPLES)
  return [
    latencyRow(
      "axios + M2M interceptor (cached token)",
      m2mResult,
      "bare axios",
      `token requests while measuring: ${tokensDuring}`
    ),
    latencyRow(
      "axios + TBA OAuth 1.0a (signed per request)",
      tbaResult,
      "bare axios",
      "an HMAC-SHA256 over the whole request per request (no goal set: issue #3's goal is the cached-token path)",
      { goal: false }
    )
  ]
}
