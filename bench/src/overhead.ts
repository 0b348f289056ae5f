/**
 * Per-request overhead: the same loopback server, keep-alive agents on both sides, requests one
 * at a time, candidate and baseline alternating; the figure is the median latency ratio.
 * Goal: less than 5 % added latency.
 */
import { Agent } from "node:http"
import { fileURLToPath } from "node:url"
import { NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
import { createNetSuiteSoapClient, installTokenPassport, tokenPassportSecurity } from "@netsuite-auth/soap"
import axios from "axios"
import { type Client, createClientAsync, type IOptions } from "soap"
import { type Loopback, startLoopback } from "./loopback.ts"
import { compareLatency, type LatencyResult } from "./measure.ts"
import { overheadAxiosRows } from "./overhead-axios.ts"
import { overheadFetchRows } from "./overhead-fetch.ts"
import { msLabel, type Row } from "./report.ts"
import { T1 } from "./signing.ts"

export const OVERHEAD_GOAL = 1.05

/**
 * A 5% difference on a ~0.3 ms round trip is ~15 µs, the size of the machine's noise from round
 * to round: 15 rounds of 300 request pairs keep the median steady from run to run (about 15 s).
 */
export const OVERHEAD_SAMPLES = { rounds: 15, perRound: 300 } as const

/**
 * A latency comparison as a table row. `goal: false` for rows the issues set no goal for: they
 * print the ratio without PASS/FAIL.
 */
export const latencyRow = (
  item: string,
  result: LatencyResult,
  baselineName: string,
  note?: string,
  options: { readonly goal?: boolean } = {}
): Row => ({
  section: "overhead",
  item,
  ratio: result.ratio,
  ratioMeaning: "x of baseline latency",
  candidate: msLabel(result.candidateMillis),
  baseline: `${msLabel(result.baselineMillis)} (${baselineName})`,
  ...(options.goal === false ? {} : { goal: "< 1.05x", pass: result.ratio < OVERHEAD_GOAL }),
  // The loopback server answers in well under a millisecond, so the ratio is the worst case; the
  // absolute difference is what a real NetSuite round trip would carry.
  note: `adds ${((result.candidateMillis - result.baselineMillis) * 1000).toFixed(0)} µs per request (median)${note === undefined ? "" : `; ${note}`}`,
  raw: { ...result }
})

const WSDL = fileURLToPath(new URL("./fixtures/bench-2023_2.wsdl", import.meta.url))

// soap's bundled axios types resolve to the CommonJS declaration file, ours to the ESM one: same runtime object.
const keepAliveAxios = () =>
  axios.create({ httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) }) as unknown as NonNullable<
    IOptions["request"]
  >

const soapClient = async (endpoint: string): Promise<Client> => {
  const client = await createClientAsync(WSDL, { request: keepAliveAxios() })
  client.setEndpoint(endpoint)
  return client
}

const soapRows = async (server: Loopback, log: (line: string) => void): Promise<Array<Row>> => {
  const endpoint = `${server.baseUrl}/services/NetSuitePort_2023_2`
  const bare = await soapClient(endpoint)
  const secured = await soapClient(endpoint)
  const pooled = await soapClient(endpoint)
  const credentials = TbaCredentials.make(T1)
  secured.setSecurity(tokenPassportSecurity({ credentials, wsdlVersion: "2023_2" }))
  const account = NetSuiteAccount.make({ accountId: T1.accountId, baseUrl: server.baseUrl })
  installTokenPassport(pooled, { credentials, wsdlVersion: "2023_2", account })
  const ns = await createNetSuiteSoapClient({
    credentials,
    wsdl: WSDL,
    baseUrl: server.baseUrl,
    soapOptions: { request: keepAliveAxios() }
  })
  const bareCall = () => bare.getServerTimeAsync({})
  // Sanity: the secured envelope carries a passport, the bare one does not.
  await secured.getServerTimeAsync({})
  if (!secured.lastRequest?.includes("tokenPassport"))
    throw new Error("the security plugin sent no tokenPassport")
  await bareCall()
  if (bare.lastRequest?.includes("tokenPassport")) throw new Error("the bare client sent a tokenPassport")
  log("overhead: soap plugin")
  const plugin = await compareLatency(() => secured.getServerTimeAsync({}), bareCall, OVERHEAD_SAMPLES)
  log("overhead: soap plugin through the lifecycle")
  await pooled.getServerTimeAsync({})
  if (!pooled.lastResponse) throw new Error("installTokenPassport sent nothing")
  const lifecycle = await compareLatency(() => pooled.getServerTimeAsync({}), bareCall, OVERHEAD_SAMPLES)
  log("overhead: soap client")
  const client = await compareLatency(() => ns.call("getServerTime", {}), bareCall, OVERHEAD_SAMPLES)
  ns.dispose()
  return [
    latencyRow(
      "node-soap + tokenPassportSecurity (signs in node-soap's hooks, no pool)",
      plugin,
      "bare node-soap",
      "the security object alone",
      { goal: false }
    ),
    latencyRow(
      "node-soap + installTokenPassport (the account's pool, passport signed after admission)",
      lifecycle,
      "bare node-soap"
    ),
    latencyRow(
      "createNetSuiteSoapClient.call (limiter, retry, passport)",
      client,
      "bare node-soap",
      "adds the account limiter, the envelope guard and the retry wrapper on top of the plugin (no goal set)",
      { goal: false }
    )
  ]
}

/** Overhead rows: axios (when @netsuite-auth/axios exists) and node-soap. */
export const runOverhead = async (log: (line: string) => void): Promise<Array<Row>> => {
  const server = await startLoopback()
  try {
    return [
      ...(await overheadAxiosRows(server, log)),
      ...(await overheadFetchRows(server, log)),
      ...(await soapRows(server, log))
    ]
  } finally {
    await server.close()
  }
}
