/**
 * Adaptive governance: the account's pool shared with "another integration" whose share moves.
 *
 * 1. Moving share. Mock accounts of limit 15, every REST call takes 50 ms, and the slots
 *    another integration holds move 0 -> 10 -> 5 (free 15 -> 5 -> 10), PHASE_MILLIS each. Twenty
 *    callers per client keep requesting through axios + TBA. Four clients run side by side, each
 *    on its own account, so the machine's noise hits them alike: `concurrency: "auto"` (the
 *    ceiling discovered from governanceLimits, the limit adapting under it); an oracle, the same
 *    client whose limit the bench sets to the free share at each move (the capacity actually
 *    free, as this machine delivers it); a static pool of 15; a static pool of 5. Goal:
 *    adaptive goodput >= 0.90x of the oracle's, over-limit answers <= 1% of its answers; the
 *    theoretical rate (free slots / latency) is printed beside it.
 * 2. Pool to itself. Limit 5, nobody else: `concurrency: "auto"` (it discovers 5), the same
 *    client with a fixed 5, and `p-limit(5)` around bare axios with a bearer token, in rotating
 *    rounds. Goal >= 0.98x of p-limit.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto"
import { Agent } from "node:http"
import { performance } from "node:perf_hooks"
import { axiosTokenEndpoint, installNetSuiteAuth } from "@netsuite-auth/axios"
import { M2MCredentials, NetSuiteAccount, type NetSuiteAuthEvent, TokenProvider } from "@netsuite-auth/core"
import {
  type MockServer,
  selfSignedCertificate,
  startMockServer,
  type TbaConfig
} from "@netsuite-auth/mock-server"
import axios, { type AxiosInstance } from "axios"
import { Effect, Redacted } from "effect"
import pLimit from "p-limit"
import { median } from "./measure.ts"
import type { Row } from "./report.ts"

const CEILING = 15
const LATENCY_MS = 50
/** Slots another integration holds in each phase. */
const OCCUPIED: ReadonlyArray<number> = [0, 10, 5]
const PHASE_MILLIS = 8000
const CALLERS = 20
const PATH = "/services/rest/record/v1/customer/1"

// Limit 15, their share moved: adaptive, oracle, static 15, static 5.
const MOVING = ["7654322_SB1", "7654324_SB1", "7654325_SB1", "7654326_SB1"] as const
// Limit 5, nobody else: ours with "auto", p-limit, ours with a fixed 5.
const ALONE = ["7654323_SB1", "7654327_SB1", "7654328_SB1"] as const

const hex = (bytes: number) => randomBytes(bytes).toString("hex")

interface Credentials {
  readonly tba: TbaConfig
  readonly m2m: { readonly clientId: string; readonly certificateId: string; readonly privateKey: string }
}

const agent = () => new Agent({ keepAlive: true, maxSockets: 64 })

/** What the adapters will offer by themselves: the governanceLimits GET sent through the client. */
const offerProbe = (account: NetSuiteAccount, client: AxiosInstance) =>
  account.governance?.offerProbe((url) => client.get(url).then((response) => response.data))

const tbaClient = (
  server: MockServer,
  realm: string,
  creds: Credentials,
  concurrency: "auto" | number,
  events?: Array<NetSuiteAuthEvent>
) => {
  const account = NetSuiteAccount.make({
    accountId: realm,
    baseUrl: server.url,
    concurrency,
    onEvent: (e) => events?.push(e)
  })
  const client = axios.create({ baseURL: server.url, httpAgent: agent() })
  installNetSuiteAuth(client, {
    scheme: "tba",
    account,
    credentials: { accountId: realm, ...creds.tba }
  })
  offerProbe(account, client)
  return { account, client }
}

interface Lane {
  readonly realm: string
  readonly make: () => { account: NetSuiteAccount; client: AxiosInstance }
  /** Told the free share at the start and at every move (the oracle sets its limit to it). */
  readonly onMove?: ((free: number, account: NetSuiteAccount) => void) | undefined
  readonly events?: Array<NetSuiteAuthEvent> | undefined
}

interface MovingResult {
  readonly ok: number
  readonly failed: number
  readonly overLimitAnswers: number
  readonly answers: number
  readonly seconds: number
  readonly goodput: number
  readonly perPhase: ReadonlyArray<number>
  readonly limitChanges: number
}

/**
 * Runs the lanes at the same time (each its own account of the mock, so they share the
 * machine's noise but not a pool): CALLERS callers each, three phases; every account's share
 * moves at each phase boundary.
 */
const runMoving = async (server: MockServer, lanes: ReadonlyArray<Lane>): Promise<Array<MovingResult>> => {
  for (const lane of lanes) server.setGovernance({ accountId: lane.realm, occupiedSlots: OCCUPIED[0] ?? 0 })
  const made = lanes.map((lane) => ({ lane, ...lane.make() }))
  // Discovery (and warm connections) before the clock starts.
  await Promise.all(made.map(({ client }) => Promise.all(Array.from({ length: 5 }, () => client.get(PATH)))))
  await Promise.all(made.map(({ account }) => account.governance?.settled()))
  server.resetStats()
  let phase = 0
  let running = true
  const counts = made.map(() => ({ phaseOk: OCCUPIED.map(() => 0), failed: 0 }))
  const started = performance.now()
  const callers = made.flatMap(({ client }, i) => {
    const count = counts[i] as (typeof counts)[number]
    return Array.from({ length: CALLERS }, async () => {
      while (running) {
        try {
          await client.get(PATH)
          if (running) count.phaseOk[phase] = (count.phaseOk[phase] ?? 0) + 1
        } catch {
          if (running) count.failed++
        }
      }
    })
  })
  for (const { lane, account } of made) lane.onMove?.(CEILING - (OCCUPIED[0] ?? 0), account)
  for (let next = 1; next <= OCCUPIED.length; next++) {
    await new Promise((resolve) => setTimeout(resolve, started + next * PHASE_MILLIS - performance.now()))
    if (next === OCCUPIED.length) break
    phase = next
    const occupied = OCCUPIED[next] ?? 0
    for (const { lane, account } of made) {
      server.setGovernance({ accountId: lane.realm, occupiedSlots: occupied })
      lane.onMove?.(CEILING - occupied, account)
    }
  }
  running = false
  const seconds = (performance.now() - started) / 1000
  const stats = server.stats()
  await Promise.all(callers)
  return made.map(({ lane }, i) => {
    const count = counts[i] as (typeof counts)[number]
    const ok = count.phaseOk.reduce((a, b) => a + b, 0)
    const overLimitAnswers = stats.concurrencyRejected[lane.realm] ?? 0
    return {
      ok,
      failed: count.failed,
      overLimitAnswers,
      answers: ok + overLimitAnswers,
      seconds,
      goodput: ok / seconds,
      perPhase: count.phaseOk.map((n) => n / (PHASE_MILLIS / 1000)),
      limitChanges: (lane.events ?? []).filter((e) => e.type === "limit-changed").length
    }
  })
}

// What the free share allows: free slots / latency, summed over the phases.
const FREE_CAPACITY =
  OCCUPIED.reduce((sum, occupied) => sum + (CEILING - occupied) * (PHASE_MILLIS / LATENCY_MS), 0) /
  ((OCCUPIED.length * PHASE_MILLIS) / 1000)

const describeMoving = (r: MovingResult) =>
  `${r.goodput.toFixed(1)} req/s (phases ${r.perPhase.map((n) => n.toFixed(0)).join("/")}), ${r.ok} ok, ${r.failed} failed, ${r.overLimitAnswers} over-limit answers (${((100 * r.overLimitAnswers) / Math.max(1, r.answers)).toFixed(2)}% of ${r.answers})`

const ROUNDS_ALONE = 5

/**
 * Pool to itself (limit 5, nobody else), three clients on three accounts of the mock: ours with
 * `concurrency: "auto"`, ours with a fixed 5 (what adaptation itself costs), and p-limit(5)
 * around bare axios with a bearer token of the same integration. Rounds rotate who goes first;
 * the ratios are medians of the per-round ratios.
 */
const runAlone = async (server: MockServer, creds: Credentials, log: (line: string) => void) => {
  const ourClient = (realm: string, concurrency: "auto" | number) => {
    const account = NetSuiteAccount.make({ accountId: realm, baseUrl: server.url, concurrency })
    const client = axios.create({ baseURL: server.url, httpAgent: agent() })
    installNetSuiteAuth(client, { scheme: "m2m", account, credentials: { accountId: realm, ...creds.m2m } })
    offerProbe(account, client)
    return { account, client }
  }
  const auto = ourClient(ALONE[0], "auto")
  const fixed = ourClient(ALONE[2], 5)
  await Promise.all([auto.client.get(PATH), fixed.client.get(PATH)])
  await auto.account.governance?.settled()
  // The simplest correct client: p-limit with the same N around bare axios and a bearer token.
  const provider = TokenProvider.make({
    credentials: M2MCredentials.make({ accountId: ALONE[1], ...creds.m2m }),
    account: NetSuiteAccount.make({ accountId: ALONE[1], baseUrl: server.url }),
    endpoint: axiosTokenEndpoint()
  })
  const token = Redacted.value((await Effect.runPromise(provider.get)).accessToken)
  const bare = axios.create({
    baseURL: server.url,
    httpAgent: agent(),
    headers: { authorization: `Bearer ${token}` }
  })
  const limit = pLimit(auto.account.ceiling)
  await Promise.all(Array.from({ length: 5 }, () => limit(() => bare.get(PATH))))
  const requests = 200
  const run = async (call: () => Promise<unknown>) => {
    const started = performance.now()
    let ok = 0
    await Promise.all(
      Array.from({ length: requests }, () =>
        call().then(
          () => {
            ok++
          },
          () => {}
        )
      )
    )
    return ok / ((performance.now() - started) / 1000)
  }
  const lanes = [
    ["auto", () => auto.client.get(PATH)],
    ["fixed", () => fixed.client.get(PATH)],
    ["pLimit", () => limit(() => bare.get(PATH))]
  ] as const
  const rates = { auto: [] as Array<number>, fixed: [] as Array<number>, pLimit: [] as Array<number> }
  const vsPLimit: Array<number> = []
  const vsFixed: Array<number> = []
  for (let round = 0; round < ROUNDS_ALONE; round++) {
    log(`governance: pool to itself, round ${round + 1}/${ROUNDS_ALONE}`)
    const measured: Record<string, number> = {}
    for (let i = 0; i < lanes.length; i++) {
      const [name, call] = lanes[(round + i) % lanes.length] as (typeof lanes)[number]
      measured[name] = await run(call)
      rates[name].push(measured[name] as number)
    }
    vsPLimit.push((measured.auto as number) / (measured.pLimit as number))
    vsFixed.push((measured.auto as number) / (measured.fixed as number))
  }
  return {
    limit: auto.account.limit,
    ceiling: auto.account.ceiling,
    ours: median(rates.auto),
    fixed: median(rates.fixed),
    bare: median(rates.pLimit),
    ratio: median(vsPLimit),
    vsFixed: median(vsFixed),
    requests
  }
}

export const runAdaptiveGovernance = async (log: (line: string) => void): Promise<Array<Row>> => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
  const creds: Credentials = {
    tba: { consumerKey: hex(32), consumerSecret: hex(32), tokenId: hex(32), tokenSecret: hex(32) },
    m2m: {
      clientId: hex(32),
      certificateId: `cert-${hex(8)}`,
      privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString()
    }
  }
  const m2m = [
    {
      clientId: creds.m2m.clientId,
      certificateId: creds.m2m.certificateId,
      certificate: selfSignedCertificate(privateKey)
    }
  ]
  const server = await startMockServer({
    accounts: [
      ...MOVING.map((accountId) => ({ accountId, concurrencyLimit: CEILING, tba: [creds.tba] })),
      ...ALONE.map((accountId) => ({ accountId, concurrencyLimit: 5, m2m }))
    ],
    faults: { rest: { latencyMs: LATENCY_MS } }
  })
  const rows: Array<Row> = []
  try {
    log("governance: adaptive, oracle, static 15 and static 5 side by side, share 0 -> 10 -> 5")
    const events: Array<NetSuiteAuthEvent> = []
    const [adaptive, oracle, static15, static5] = (await runMoving(server, [
      { realm: MOVING[0], make: () => tbaClient(server, MOVING[0], creds, "auto", events), events },
      {
        realm: MOVING[1],
        make: () => tbaClient(server, MOVING[1], creds, CEILING),
        onMove: (free, account) => account.pool.setLimit(free)
      },
      { realm: MOVING[2], make: () => tbaClient(server, MOVING[2], creds, 15) },
      { realm: MOVING[3], make: () => tbaClient(server, MOVING[3], creds, 5) }
    ])) as [MovingResult, MovingResult, MovingResult, MovingResult]
    const overLimitShare = adaptive.overLimitAnswers / Math.max(1, adaptive.answers)
    const ofFree = adaptive.goodput / FREE_CAPACITY
    const ofOracle = adaptive.goodput / oracle.goodput
    rows.push({
      section: "governance",
      item: `adaptive (concurrency: "auto"), ceiling ${CEILING}, ${LATENCY_MS} ms, share ${OCCUPIED.join(" -> ")}`,
      ratio: ofOracle,
      ratioMeaning: "x of the capacity actually free (oracle)",
      candidate: `${describeMoving(adaptive)}, ${adaptive.limitChanges} limit changes; ${ofFree.toFixed(3)}x of the theoretical ${FREE_CAPACITY.toFixed(0)} req/s`,
      baseline: `oracle, the same client with its limit set to the free share at each move, beside it: ${describeMoving(oracle)}; ${(oracle.goodput / FREE_CAPACITY).toFixed(3)}x of the theoretical`,
      goal: ">= 0.90x free, over-limit <= 1%",
      pass: ofOracle >= 0.9 && overLimitShare <= 0.01,
      note: `over-limit answers ${(overLimitShare * 100).toFixed(2)}% of ${adaptive.answers}; ${PHASE_MILLIS / 1000} s per phase, ${CALLERS} callers; limit moves: ${events
        .filter((e) => e.type === "limit-changed")
        .map((e) =>
          e.type === "limit-changed"
            ? `${e.to}${e.reason === "over-limit" ? "-" : e.reason === "increase" ? "+" : "*"}`
            : ""
        )
        .join(" ")}`,
      raw: { adaptive, oracle, freeCapacity: FREE_CAPACITY }
    })
    for (const [name, result] of [
      ["static pool of 15", static15],
      ["static pool of 5", static5]
    ] as const) {
      rows.push({
        section: "governance",
        item: `${name}, same run`,
        ratio: result.goodput / oracle.goodput,
        ratioMeaning: "x of the capacity actually free (oracle)",
        candidate: describeMoving(result),
        baseline: `oracle ${oracle.goodput.toFixed(1)} req/s; adaptive ${adaptive.goodput.toFixed(1)} req/s, ${adaptive.overLimitAnswers} over-limit answers`,
        raw: { ...result }
      })
    }
    const alone = await runAlone(server, creds, log)
    rows.push({
      section: "governance",
      item: `pool to itself: "auto" (discovered ${alone.ceiling}, limit ${alone.limit}) vs p-limit(${alone.ceiling}) + bare axios, ${LATENCY_MS} ms`,
      ratio: alone.ratio,
      ratioMeaning: "x of p-limit's goodput",
      candidate: `${alone.ours.toFixed(1)} req/s (axios M2M, ${alone.requests} requests a round, median of ${ROUNDS_ALONE}); a fixed limit 5: ${alone.fixed.toFixed(1)} req/s (auto = ${alone.vsFixed.toFixed(3)}x of it)`,
      baseline: `p-limit ${alone.bare.toFixed(1)} req/s (bare axios, a bearer token); theoretical ${((alone.ceiling * 1000) / LATENCY_MS).toFixed(0)} req/s`,
      goal: ">= 0.98x",
      pass: alone.ratio >= 0.98,
      raw: { ...alone }
    })
  } finally {
    await server.close()
  }
  return rows
}
