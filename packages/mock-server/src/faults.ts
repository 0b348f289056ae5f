import { MockConfigError } from "./config-error.ts"

/**
 * The routes faults can be set on.
 *
 * @example
 * ```ts
 * import { type MockServer, ROUTES } from "@netsuite-auth/mock-server"
 * declare const server: MockServer
 * for (const route of ROUTES) server.clearFaults(route)
 * ```
 */
export const ROUTES = ["token", "rest", "restlet", "soap", "wsdl"] as const
/** A route of the mock: the token endpoint, REST web services, RESTlets, SOAP, the WSDL. */
export type Route = (typeof ROUTES)[number]

/**
 * Faults for one route. Counts say "the next N requests", so a test can write "fail twice, then
 * recover"; a count is used up as requests arrive. Latency and the clock offset stay until cleared.
 *
 * @example
 * ```ts
 * import type { MockServer } from "@netsuite-auth/mock-server"
 * declare const server: MockServer
 * server.setFaults("token", { status5xx: { count: 2 }, latencyMs: 100 })
 * server.setFaults("soap", { clockOffsetSeconds: -600 }) // NetSuite's clock 10 minutes behind
 * ```
 */
export interface RouteFaults {
  /** Delay before answering (the request holds its concurrency slot meanwhile). */
  readonly latencyMs?: number
  /** Answer a 5xx: `count` next requests, and/or each request with probability `rate`. Default status 503. */
  readonly status5xx?: { readonly count?: number; readonly rate?: number; readonly status?: number }
  /** Destroy the socket without answering, for the next N requests. */
  readonly resetConnection?: number
  /** Answer 200 with a body that is neither JSON nor XML, for the next N requests. */
  readonly garbageBody?: number
  /** Answer 429 with `Retry-After`, for the next `count` requests. */
  readonly status429?: { readonly count: number; readonly retryAfterSeconds?: number }
  /** Server clock offset: shifts what the route believes "now" is, and its `Date` header. */
  readonly clockOffsetSeconds?: number
  /** Token route only: `expires_in` of issued access tokens. */
  readonly tokenLifetimeSeconds?: number
}

/** Mutable fault state of one route (counts are consumed). */
export interface FaultState {
  latencyMs: number
  status5xxCount: number
  status5xxRate: number
  status5xxStatus: number
  resetConnection: number
  garbageBody: number
  status429Count: number
  retryAfterSeconds: number
  clockOffsetSeconds: number
  tokenLifetimeSeconds: number | undefined
}

/** What a fault decided for one request. */
export type FaultAction =
  | { readonly kind: "reset" }
  | { readonly kind: "garbage" }
  | { readonly kind: "status5xx"; readonly status: number }
  | { readonly kind: "status429"; readonly retryAfterSeconds: number }

export const emptyFaultState = (): FaultState => ({
  latencyMs: 0,
  status5xxCount: 0,
  status5xxRate: 0,
  status5xxStatus: 503,
  resetConnection: 0,
  garbageBody: 0,
  status429Count: 0,
  retryAfterSeconds: 1,
  clockOffsetSeconds: 0,
  tokenLifetimeSeconds: undefined
})

export const faultStateOf = (faults: RouteFaults): FaultState => ({
  latencyMs: faults.latencyMs ?? 0,
  status5xxCount: faults.status5xx?.count ?? 0,
  status5xxRate: faults.status5xx?.rate ?? 0,
  status5xxStatus: faults.status5xx?.status ?? 503,
  resetConnection: faults.resetConnection ?? 0,
  garbageBody: faults.garbageBody ?? 0,
  status429Count: faults.status429?.count ?? 0,
  retryAfterSeconds: faults.status429?.retryAfterSeconds ?? 1,
  clockOffsetSeconds: faults.clockOffsetSeconds ?? 0,
  tokenLifetimeSeconds: faults.tokenLifetimeSeconds
})

/** Picks (and consumes) the fault for the next request, if any. Order: reset, garbage, 5xx, 429. */
export const nextFault = (state: FaultState, random: () => number = Math.random): FaultAction | undefined => {
  if (state.resetConnection > 0) {
    state.resetConnection--
    return { kind: "reset" }
  }
  if (state.garbageBody > 0) {
    state.garbageBody--
    return { kind: "garbage" }
  }
  if (state.status5xxCount > 0) {
    state.status5xxCount--
    return { kind: "status5xx", status: state.status5xxStatus }
  }
  if (state.status5xxRate > 0 && random() < state.status5xxRate) {
    return { kind: "status5xx", status: state.status5xxStatus }
  }
  if (state.status429Count > 0) {
    state.status429Count--
    return { kind: "status429", retryAfterSeconds: state.retryAfterSeconds }
  }
  return undefined
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const count = (value: unknown, path: string): number | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 1_000_000) {
    throw new MockConfigError(path, "expected a whole number from 0 to 1000000")
  }
  return value
}

const finite = (value: unknown, path: string, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new MockConfigError(path, `expected a number from ${min} to ${max}`)
  }
  return value
}

const defined = <T extends object>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T

/** Validates faults for one route (from JSON or code); throws an error naming the bad field. */
export const parseRouteFaults = (value: unknown, path: string): RouteFaults => {
  if (!isRecord(value)) throw new MockConfigError(path, "expected an object")
  let status5xx: RouteFaults["status5xx"]
  if (value.status5xx !== undefined) {
    const s = value.status5xx
    if (typeof s === "number") status5xx = { count: count(s, `${path}.status5xx`)! }
    else if (isRecord(s)) {
      const status = count(s.status, `${path}.status5xx.status`)
      if (status !== undefined && (status < 500 || status > 599)) {
        throw new MockConfigError(`${path}.status5xx.status`, "expected a status from 500 to 599")
      }
      status5xx = defined({
        count: count(s.count, `${path}.status5xx.count`),
        rate: finite(s.rate, `${path}.status5xx.rate`, 0, 1),
        status
      }) as RouteFaults["status5xx"]
    } else throw new MockConfigError(`${path}.status5xx`, "expected a count or { count, rate, status }")
  }
  let status429: RouteFaults["status429"]
  if (value.status429 !== undefined) {
    const s = value.status429
    if (typeof s === "number") status429 = { count: count(s, `${path}.status429`)! }
    else if (isRecord(s)) {
      status429 = defined({
        count: count(s.count, `${path}.status429.count`) ?? 0,
        retryAfterSeconds: count(s.retryAfterSeconds, `${path}.status429.retryAfterSeconds`)
      }) as RouteFaults["status429"]
    } else throw new MockConfigError(`${path}.status429`, "expected a count or { count, retryAfterSeconds }")
  }
  return defined({
    latencyMs: finite(value.latencyMs, `${path}.latencyMs`, 0, 600_000),
    status5xx,
    resetConnection: count(value.resetConnection, `${path}.resetConnection`),
    garbageBody: count(value.garbageBody, `${path}.garbageBody`),
    status429,
    clockOffsetSeconds: finite(value.clockOffsetSeconds, `${path}.clockOffsetSeconds`, -1e11, 1e11),
    tokenLifetimeSeconds: count(value.tokenLifetimeSeconds, `${path}.tokenLifetimeSeconds`)
  }) as RouteFaults
}
