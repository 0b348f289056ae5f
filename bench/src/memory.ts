/**
 * Memory: heap after a full GC once 1,000 operations have run (warm) against the heap after
 * 1,000,000 signatures / 100,000 requests. A ratio near 1.0 means no growth per operation.
 */

import { Agent } from "node:http"
import { fileURLToPath } from "node:url"
import { passport, TbaCredentials } from "@netsuite-auth/core"
import { createNetSuiteSoapClient } from "@netsuite-auth/soap"
import axios from "axios"
import { Effect } from "effect"
import type { IOptions } from "soap"
import { startLoopback } from "./loopback.ts"
import { heapAfterGc } from "./measure.ts"
import { memoryAxiosRows } from "./memory-axios.ts"
import { mbLabel, type Row } from "./report.ts"
import { T1 } from "./signing.ts"

/** Heap growth above this ratio is reported as FAIL (a leak of ~bytes per operation shows far above it). */
export const MEMORY_GOAL = 1.1

export const memoryRow = (item: string, warm: number, after: number, count: number, note?: string): Row => ({
  section: "memory",
  item,
  ratio: after / warm,
  ratioMeaning: "x of heap after 1,000",
  candidate: `${mbLabel(after)} after ${count.toLocaleString("en-US")}`,
  baseline: `${mbLabel(warm)} after 1,000`,
  goal: `< ${MEMORY_GOAL}x`,
  pass: after / warm < MEMORY_GOAL,
  note: `${(((after - warm) / (count - 1000)) * 1).toFixed(3)} bytes per operation${note === undefined ? "" : `; ${note}`}`,
  raw: { warmHeapBytes: warm, afterHeapBytes: after, operations: count }
})

/** Runs `count` async operations with `concurrency` workers. */
export const runConcurrently = async (
  count: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>
): Promise<void> => {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      await op(i)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

const SIGNATURES = 1_000_000
export const REQUESTS = 100_000

export const runMemory = async (log: (line: string) => void): Promise<Array<Row>> => {
  const rows: Array<Row> = []
  const credentials = TbaCredentials.make(T1)
  const sign = passport(credentials)
  log("memory: signatures")
  for (let i = 0; i < 1000; i++) Effect.runSync(sign)
  const warm = heapAfterGc()
  for (let i = 1000; i < SIGNATURES; i++) Effect.runSync(sign)
  rows.push(memoryRow("passport signatures (Effect.runSync(passport))", warm, heapAfterGc(), SIGNATURES))

  const server = await startLoopback()
  try {
    rows.push(...(await memoryAxiosRows(server, log)))
    log("memory: soap requests")
    const ns = await createNetSuiteSoapClient({
      credentials,
      wsdl: fileURLToPath(new URL("./fixtures/bench-2023_2.wsdl", import.meta.url)),
      baseUrl: server.baseUrl,
      concurrency: 16,
      soapOptions: {
        request: axios.create({
          httpAgent: new Agent({ keepAlive: true, maxSockets: 16 })
        }) as unknown as NonNullable<IOptions["request"]>
      }
    })
    const call = () => ns.call("getServerTime", {})
    await runConcurrently(1000, 16, call)
    const warmSoap = heapAfterGc()
    const started = performance.now()
    await runConcurrently(REQUESTS - 1000, 16, call)
    const seconds = (performance.now() - started) / 1000
    rows.push(
      memoryRow(
        "SOAP requests (createNetSuiteSoapClient.call, 16 at a time)",
        warmSoap,
        heapAfterGc(),
        REQUESTS,
        `${Math.round((REQUESTS - 1000) / seconds)} req/s`
      )
    )
    ns.dispose()
  } finally {
    await server.close()
  }
  return rows
}
