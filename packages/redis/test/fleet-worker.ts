/**
 * One process of a test fleet (run by fleet-harness.ts with child_process.fork). It shares the
 * account through `redisCoordination` and sends REST (M2M, fetch adapter) and SOAP (TBA, node-soap
 * adapter) requests to the mock server, or holds raw permits for the crash tests.
 */
import { performance } from "node:perf_hooks"
import { NetSuiteAccount, type Permit } from "@netsuite-auth/core"
import { createNetSuiteFetch } from "@netsuite-auth/fetch"
import { createNetSuiteSoapClient } from "@netsuite-auth/soap"
import { Effect } from "effect"
import { type RedisCoordination, redisCoordination } from "../src/index.ts"
import type { FleetRequest, FromWorker, RequestResult, ToWorker, WorkerSetup } from "./fleet-messages.ts"

const send = (message: FromWorker): void => {
  process.send?.(message)
}

let coordination: RedisCoordination | undefined
let setup: WorkerSetup | undefined
let rest: ((path: string) => Promise<Response>) | undefined
let soap: { call: (operation: string, args: unknown) => Promise<unknown> } | undefined
const held: Array<Permit> = []

const errorCode = (error: unknown): string =>
  String((error as { code?: unknown }).code ?? (error as { name?: unknown }).name ?? "unknown")

const start = async (s: WorkerSetup): Promise<void> => {
  setup = s
  const began = performance.now()
  try {
    coordination = await redisCoordination({
      url: s.redisUrl,
      keyPrefix: s.keyPrefix,
      leaseMillis: s.leaseMillis,
      unreachableTimeoutMillis: s.unreachableTimeoutMillis
    })
  } catch (error) {
    send({ type: "start-failed", code: errorCode(error), millis: performance.now() - began })
    return
  }
  const account = NetSuiteAccount.make({
    accountId: s.accountId,
    concurrency: s.limit,
    baseUrl: s.mockUrl,
    coordination
  })
  if (s.mode === "adapters") {
    const fetchClient = createNetSuiteFetch({
      scheme: "m2m",
      account,
      credentials: { accountId: s.accountId, ...s.m2m }
    })
    rest = (path) => fetchClient(path)
    soap = await createNetSuiteSoapClient({
      account,
      credentials: { accountId: s.accountId, ...s.tba },
      wsdl: s.wsdlUrl
    })
  }
  send({ type: "ready", processId: coordination.processId })
}

const one = async (request: FleetRequest, started: number): Promise<RequestResult> => {
  const t0 = performance.now()
  try {
    if (request.kind === "rest") {
      const response = await (rest as NonNullable<typeof rest>)("record/v1/customer/1")
      await response.text()
      if (!response.ok)
        throw Object.assign(new Error(`HTTP ${response.status}`), { code: `HTTP_${response.status}` })
    } else {
      await (soap as NonNullable<typeof soap>).call("getServerTime", {})
    }
    return {
      id: request.id,
      ok: true,
      millis: performance.now() - t0,
      finishedAt: performance.now() - started
    }
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      code: errorCode(error),
      millis: performance.now() - t0,
      finishedAt: 0
    }
  }
}

// `concurrency` loops, each sending its next request when the last one is answered.
const run = async (requests: ReadonlyArray<FleetRequest>, concurrency: number): Promise<void> => {
  const started = performance.now()
  const results: Array<RequestResult> = []
  let next = 0
  const loop = async () => {
    while (next < requests.length) results.push(await one(requests[next++] as FleetRequest, started))
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
  send({ type: "done", results })
}

// For the crash tests: take permits and keep them (and queue more) until the process is killed.
const hold = async (count: number, queued: number): Promise<void> => {
  const pool = coordination?.permitPool((setup as WorkerSetup).accountId, {
    limit: (setup as WorkerSetup).limit
  })
  if (pool === undefined) return
  for (let i = 0; i < count; i++) held.push(await Effect.runPromise(pool.acquire()))
  for (let i = 0; i < queued; i++) void Effect.runPromise(pool.acquire()).then((p) => held.push(p))
  send({ type: "holding", held: held.length })
}

process.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "start":
      void start(message.setup)
      break
    case "run":
      void run(message.requests, message.concurrency)
      break
    case "hold":
      void hold(message.count, message.queued)
      break
    case "close":
      void (async () => {
        await coordination?.close()
        send({ type: "closed" })
        process.exit(0)
      })()
      break
  }
})
