/** The surfaces the mock counts separately. */
export type Surface = "token" | "rest" | "restlet" | "soap" | "wsdl"

/** Counters of one surface. */
export interface SurfaceStats {
  accepted: number
  rejected: number
  /** Rejections by Login-Audit-Trail-style reason (`InvalidSignature`, `NonceUsed`, …). */
  rejectedByReason: Record<string, number>
}

/** What the mock saw since it started (or since `resetStats()`). */
export interface Stats {
  /** Access tokens issued by the token endpoint. */
  tokensIssued: number
  surfaces: Record<Surface, SurfaceStats>
  /** Rejections by reason over all surfaces. */
  rejectedByReason: Record<string, number>
  /** Highest number of requests in flight at once, per account realm. */
  peakConcurrency: Record<string, number>
  /** Requests refused by concurrency governance, per account realm. */
  concurrencyRejected: Record<string, number>
  /** Distinct (consumer key, nonce, timestamp) triples recorded. */
  noncesSeen: number
  /** Faults injected, by `route:kind` (`rest:status5xx`). */
  faultsInjected: Record<string, number>
}

const surfaceStats = (): SurfaceStats => ({ accepted: 0, rejected: 0, rejectedByReason: {} })

export const emptyStats = (): Stats => ({
  tokensIssued: 0,
  surfaces: {
    token: surfaceStats(),
    rest: surfaceStats(),
    restlet: surfaceStats(),
    soap: surfaceStats(),
    wsdl: surfaceStats()
  },
  rejectedByReason: {},
  peakConcurrency: {},
  concurrencyRejected: {},
  noncesSeen: 0,
  faultsInjected: {}
})

const bump = (record: Record<string, number>, key: string) => {
  record[key] = (record[key] ?? 0) + 1
}

export const recordAccepted = (stats: Stats, surface: Surface) => {
  stats.surfaces[surface].accepted++
}

export const recordRejected = (stats: Stats, surface: Surface, reason: string) => {
  stats.surfaces[surface].rejected++
  bump(stats.surfaces[surface].rejectedByReason, reason)
  bump(stats.rejectedByReason, reason)
}

export const recordFault = (stats: Stats, route: string, kind: string) =>
  bump(stats.faultsInjected, `${route}:${kind}`)

export const recordConcurrencyRejected = (stats: Stats, realm: string) =>
  bump(stats.concurrencyRejected, realm)
