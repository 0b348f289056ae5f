/** What the test process and its fleet workers (fleet-worker.ts) tell each other over IPC. */

export interface WorkerSetup {
  readonly redisUrl: string
  readonly keyPrefix: string
  readonly leaseMillis: number
  readonly unreachableTimeoutMillis: number
  readonly accountId: string
  readonly limit: number
  readonly mockUrl: string
  readonly wsdlUrl: string
  readonly m2m: { readonly clientId: string; readonly certificateId: string; readonly privateKey: string }
  readonly tba: {
    readonly consumerKey: string
    readonly consumerSecret: string
    readonly tokenId: string
    readonly tokenSecret: string
  }
  /** `adapters`: REST and SOAP clients; `pool`: raw permits only. */
  readonly mode: "adapters" | "pool"
}

export interface FleetRequest {
  readonly id: number
  readonly kind: "rest" | "soap"
}

export interface RequestResult {
  readonly id: number
  readonly ok: boolean
  readonly code?: string | undefined
  /** From issuing the request to its answer (wait for a permit included). */
  readonly millis: number
  readonly finishedAt: number
}

export type ToWorker =
  | { readonly type: "start"; readonly setup: WorkerSetup }
  | { readonly type: "run"; readonly requests: ReadonlyArray<FleetRequest>; readonly concurrency: number }
  | { readonly type: "hold"; readonly count: number; readonly queued: number }
  | { readonly type: "close" }

export type FromWorker =
  | { readonly type: "ready"; readonly processId: string }
  | { readonly type: "start-failed"; readonly code: string; readonly millis: number }
  | { readonly type: "done"; readonly results: ReadonlyArray<RequestResult> }
  | { readonly type: "holding"; readonly held: number }
  | { readonly type: "closed" }
