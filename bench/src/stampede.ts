/**
 * Token stampede: N requests start at once on a cold M2M client; how many token requests reach
 * the token endpoint? Goal 1 (single flight). The baseline is a cache without single flight,
 * which makes one token request per cold caller (N): the ratio is token requests ÷ N.
 */
import { m2mAxios, REST_PATH } from "./axios-clients.ts"
import { startLoopback } from "./loopback.ts"
import type { Row } from "./report.ts"

export const runStampede = async (log: (line: string) => void): Promise<Array<Row>> => {
  const server = await startLoopback()
  // A 50 ms token endpoint keeps the refresh in flight while every caller arrives.
  server.tokenLatencyMs = 50
  const rows: Array<Row> = []
  try {
    for (const n of [1, 100, 1000]) {
      log(`stampede: N=${n}`)
      server.tokenRequests = 0
      const client = m2mAxios(server.baseUrl, { concurrency: n, maxSockets: 64 })
      const started = performance.now()
      const results = await Promise.allSettled(Array.from({ length: n }, () => client.get(REST_PATH)))
      const millis = performance.now() - started
      const ok = results.filter((r) => r.status === "fulfilled").length
      const tokens = server.tokenRequests
      rows.push({
        section: "stampede",
        item: `N=${n} concurrent cold requests`,
        ratio: tokens / n,
        ratioMeaning: "token requests ÷ N (naive cache = 1)",
        candidate: `${tokens} token request${tokens === 1 ? "" : "s"}, ${ok}/${n} requests ok, ${millis.toFixed(0)} ms`,
        baseline: `${n} (one per cold caller)`,
        goal: "1 token request",
        pass: tokens === 1 && ok === n,
        raw: { n, tokens, ok, millis }
      })
    }
  } finally {
    await server.close()
  }
  return rows
}
