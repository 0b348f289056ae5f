import type { M2MClientOptions, TbaClientOptions, TokenEndpoint } from "@netsuite-auth/core"

/** The options every REST adapter takes, plus the two things each client is told: where, and how long. */
export type RestClientOptions = (
  | (M2MClientOptions & { readonly tokenEndpoint?: { readonly timeoutMillis?: number } | undefined })
  | TbaClientOptions
) & {
  /** Relative URLs resolve against it (default: the account's REST base URL). */
  readonly baseUrl?: string | undefined
  /** The deadline of each attempt's whole exchange, in ms (default none). */
  readonly timeoutMillis?: number | undefined
}

/** One request, in the suite's words: each adapter translates it into its client's call. */
export interface RestCall {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  /** Relative to the client's base URL, or absolute. */
  readonly url: string
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Query parameters added to `url` (its own query string is kept). */
  readonly params?: Readonly<Record<string, string | number>> | URLSearchParams | undefined
  /** Text, `URLSearchParams` (sent form-encoded), or any other JSON value (sent as `application/json`). */
  readonly body?: unknown
  readonly signal?: AbortSignal | undefined
  /** This POST/PATCH is safe to repeat (`netsuiteAuth: { idempotent: true }`). */
  readonly idempotent?: boolean | undefined
}

/** An accepted answer, with its body read (parsed JSON when it is JSON). */
export interface RestAnswer {
  readonly status: number
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  readonly data: unknown
}

/**
 * An authenticated client. `request` resolves with an answer NetSuite accepted, and rejects with
 * core's `NetSuiteError` or with the adapter's cancellation (see {@link RestAdapter.isCancel}).
 */
export interface RestClient {
  readonly request: (call: RestCall) => Promise<RestAnswer>
}

/** What an adapter gives the suite: how to build a client, its token endpoint, its cancellation. */
export interface RestAdapter {
  /** Builds a client for these options; throws what the adapter throws for bad ones. */
  readonly makeClient: (options: RestClientOptions) => RestClient
  /** The adapter's own token endpoint (for a `TokenProvider` shared by several clients). */
  readonly tokenEndpoint: () => TokenEndpoint
  /** True for what the adapter rejects a canceled request with. */
  readonly isCancel: (error: unknown) => boolean
  /**
   * Tests of the suite this adapter is known to fail, by title, with the bug report: each still
   * runs, as `it.fails`, so the suite turns red (and the entry must go) the day the bug is fixed.
   */
  readonly knownBugs?: Readonly<Record<string, string>> | undefined
}

type Init = Omit<RestCall, "method" | "url" | "body">

/** `get`/`post`/`put`/`delete` over a {@link RestClient}, so the tests read like client code. */
export const verbs = (client: RestClient) => ({
  request: client.request,
  get: (url: string, init: Init = {}) => client.request({ ...init, method: "GET", url }),
  post: (url: string, body?: unknown, init: Init = {}) =>
    client.request({ ...init, method: "POST", url, body }),
  put: (url: string, body?: unknown, init: Init = {}) =>
    client.request({ ...init, method: "PUT", url, body }),
  delete: (url: string, init: Init = {}) => client.request({ ...init, method: "DELETE", url })
})

/** A client of the suite: {@link verbs} over an adapter's client. */
export type SuiteClient = ReturnType<typeof verbs>
