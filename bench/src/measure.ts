/**
 * Measurement primitives. Every figure the bench prints is a ratio against a baseline measured
 * in the same run, interleaved round by round so machine noise hits both sides alike, and the
 * median of several rounds.
 */
import { performance } from "node:perf_hooks"

/** Rounds per comparison (odd, so the median is a measured value). */
export const ROUNDS = 7

export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

// A sink the optimiser cannot see through, so signing calls are never dropped as dead code.
let sink = 0
const consume = (value: unknown): void => {
  sink += typeof value === "string" ? value.length : value === undefined ? 0 : 1
}
export const sinkValue = (): number => sink

/** Calls `fn` for about `millis` and returns calls per second. */
export const opsPerSecond = (fn: () => unknown, millis: number): number => {
  let calls = 0
  const start = performance.now()
  const end = start + millis
  let now = start
  while (now < end) {
    for (let i = 0; i < 32; i++) consume(fn())
    calls += 32
    now = performance.now()
  }
  return calls / ((now - start) / 1000)
}

/** The async version: awaits each call in turn. */
export const opsPerSecondAsync = async (fn: () => Promise<unknown>, millis: number): Promise<number> => {
  let calls = 0
  const start = performance.now()
  const end = start + millis
  let now = start
  while (now < end) {
    for (let i = 0; i < 8; i++) consume(await fn())
    calls += 8
    now = performance.now()
  }
  return calls / ((now - start) / 1000)
}

/** One throughput comparison: candidate ops/s, baseline ops/s, candidate/baseline. */
export interface ThroughputResult {
  readonly candidateOpsPerSecond: number
  readonly baselineOpsPerSecond: number
  /** Median over rounds of (candidate ops/s ÷ baseline ops/s). */
  readonly ratio: number
  readonly roundRatios: ReadonlyArray<number>
}

const summarize = (candidate: Array<number>, baseline: Array<number>): ThroughputResult => {
  const ratios = candidate.map((c, i) => c / (baseline[i] as number))
  return {
    candidateOpsPerSecond: median(candidate),
    baselineOpsPerSecond: median(baseline),
    ratio: median(ratios),
    roundRatios: ratios
  }
}

/** Compares two synchronous operations; the order alternates each round. */
export const compareThroughput = (
  candidate: () => unknown,
  baseline: () => unknown,
  options: { readonly rounds?: number; readonly millis?: number } = {}
): ThroughputResult => {
  const rounds = options.rounds ?? ROUNDS
  const millis = options.millis ?? 120
  opsPerSecond(candidate, 60)
  opsPerSecond(baseline, 60)
  const c: Array<number> = []
  const b: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      c.push(opsPerSecond(candidate, millis))
      b.push(opsPerSecond(baseline, millis))
    } else {
      b.push(opsPerSecond(baseline, millis))
      c.push(opsPerSecond(candidate, millis))
    }
  }
  return summarize(c, b)
}

/** Compares two asynchronous operations (or an async one against a sync floor). */
export const compareThroughputAsync = async (
  candidate: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  options: { readonly rounds?: number; readonly millis?: number } = {}
): Promise<ThroughputResult> => {
  const rounds = options.rounds ?? ROUNDS
  const millis = options.millis ?? 150
  await opsPerSecondAsync(candidate, 60)
  await opsPerSecondAsync(baseline, 60)
  const c: Array<number> = []
  const b: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      c.push(await opsPerSecondAsync(candidate, millis))
      b.push(await opsPerSecondAsync(baseline, millis))
    } else {
      b.push(await opsPerSecondAsync(baseline, millis))
      c.push(await opsPerSecondAsync(candidate, millis))
    }
  }
  return summarize(c, b)
}

/** One latency comparison: median per-request milliseconds of each side and their ratio. */
export interface LatencyResult {
  readonly candidateMillis: number
  readonly baselineMillis: number
  /** Median over rounds of (candidate median latency ÷ baseline median latency). */
  readonly ratio: number
  readonly roundRatios: ReadonlyArray<number>
}

/**
 * Sequential requests, candidate and baseline alternating request by request, `perRound` of
 * each per round; per round the median latencies are compared.
 */
export const compareLatency = async (
  candidate: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  options: { readonly rounds?: number; readonly perRound?: number; readonly warmup?: number } = {}
): Promise<LatencyResult> => {
  const rounds = options.rounds ?? ROUNDS
  const perRound = options.perRound ?? 200
  for (let i = 0; i < (options.warmup ?? 100); i++) {
    await candidate()
    await baseline()
  }
  const cMedians: Array<number> = []
  const bMedians: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    const c: Array<number> = []
    const b: Array<number> = []
    for (let i = 0; i < perRound; i++) {
      const first = (i + round) % 2 === 0
      for (const side of first ? [0, 1] : [1, 0]) {
        const t0 = performance.now()
        await (side === 0 ? candidate() : baseline())
        ;(side === 0 ? c : b).push(performance.now() - t0)
      }
    }
    cMedians.push(median(c))
    bMedians.push(median(b))
  }
  const ratios = cMedians.map((c, i) => c / (bMedians[i] as number))
  return {
    candidateMillis: median(cMedians),
    baselineMillis: median(bMedians),
    ratio: median(ratios),
    roundRatios: ratios
  }
}

/** Heap used after a full collection (needs `node --expose-gc`). */
export const heapAfterGc = (): number => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error("run node with --expose-gc (pnpm bench does)")
  gc()
  gc()
  return process.memoryUsage().heapUsed
}
