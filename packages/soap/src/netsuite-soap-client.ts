import { fileURLToPath } from "node:url"
import {
  afterFailedAttempt,
  ConfigError,
  isNetSuiteAuthError,
  NetSuiteAccount,
  type RequestError,
  type RetryOptions,
  type TbaCredentials,
  type TbaCredentialsInput,
  withNetSuiteRetry
} from "@netsuite-auth/core"
import { Cause, Effect, Exit } from "effect"
import { type Client, createClientAsync, type IOptions } from "soap"
import { installTokenPassport } from "./install-token-passport.ts"
import { emitTo, type NetSuiteSoapEventListener } from "./soap-events.ts"
import { soapFaultToError } from "./soap-fault.ts"
import { toCredentials } from "./token-passport-security.ts"
import { detectWsdlVersion, netSuiteWsdlUrl, resolveWsdlVersion } from "./wsdl-version.ts"

/** Options of {@link createNetSuiteSoapClient}. */
export interface NetSuiteSoapClientOptions {
  /** The account object shared with the other adapters (one limiter and clock skew per account). */
  readonly account?: NetSuiteAccount | undefined
  /** Account ID, when no `account` is given (default: the credentials' account). */
  readonly accountId?: string | undefined
  /** Serve SOAP from this URL instead of `https://<host>.suitetalk.api.netsuite.com` (mock server, proxy). */
  readonly baseUrl?: string | undefined
  /** Account-wide concurrency when no `account` is given (default 5). */
  readonly concurrency?: number | undefined
  /** TBA credentials: `TbaCredentials.make(...)` or the plain input. */
  readonly credentials: TbaCredentials | TbaCredentialsInput
  /** `2025_2`. Optional when the WSDL says it; must agree with the WSDL when both are known. */
  readonly wsdlVersion?: string | undefined
  /** WSDL path or URL (default: NetSuite's public WSDL for `wsdlVersion`). */
  readonly wsdl?: string | URL | undefined
  /** Retry policy for retryable failures (concurrency faults, 5xx, transport); `false` disables retries. */
  readonly retry?: Omit<RetryOptions, "onRetry"> | false | undefined
  /** Passed to node-soap's `createClientAsync` (its `endpoint` is replaced by the account's SOAP URL). */
  readonly soapOptions?: IOptions | undefined
  /** Observability hook: limiter waits, retries, faults (never receives a secret). */
  readonly onEvent?: NetSuiteSoapEventListener | undefined
}

/** Per-call options of {@link NetSuiteSoapClient.call}. */
export interface NetSuiteSoapCallOptions {
  /** node-soap request options (axios options such as `timeout`). */
  readonly soapOptions?: Record<string, unknown> | undefined
  /** Extra HTTP headers for this call. */
  readonly extraHeaders?: Record<string, string> | undefined
  /** Overrides the client's retry policy for this call. */
  readonly retry?: Omit<RetryOptions, "onRetry"> | false | undefined
}

/** An authenticated NetSuite SOAP client. */
export interface NetSuiteSoapClient {
  /** The node-soap client (the token passport is installed on it). */
  readonly soapClient: Client
  readonly account: NetSuiteAccount
  /** The WSDL version signed for, such as `2023_2`. */
  readonly wsdlVersion: string
  /** The SOAP endpoint, `https://<host>.suitetalk.api.netsuite.com/services/NetSuitePort_<ver>`. */
  readonly endpoint: string
  /**
   * Runs an operation: waits for a permit of the account limiter, then signs and sends; a
   * retryable failure re-runs the operation (a new passport each attempt). Rejects with a
   * coded `RequestError` or `ConfigError`.
   */
  call<A = unknown>(operation: string, args?: unknown, options?: NetSuiteSoapCallOptions): Promise<A>
  /** {@link NetSuiteSoapClient.call} as an Effect, for Effect users. */
  callEffect<A = unknown>(
    operation: string,
    args?: unknown,
    options?: NetSuiteSoapCallOptions
  ): Effect.Effect<A, RequestError | ConfigError>
  /** Removes the passport and listeners from the node-soap client; later calls fail. */
  dispose(): void
}

const accountFor = (options: NetSuiteSoapClientOptions, credentials: TbaCredentials): NetSuiteAccount => {
  if (options.account !== undefined) {
    if (options.baseUrl !== undefined && options.baseUrl !== options.account.baseUrl) {
      throw new ConfigError({
        reason: "InvalidOption",
        message:
          "baseUrl was given next to an account with another baseUrl: set it once, in NetSuiteAccount.make({ accountId, baseUrl })."
      })
    }
    return options.account
  }
  return NetSuiteAccount.make({
    accountId: options.accountId ?? credentials.account,
    baseUrl: options.baseUrl,
    concurrency: options.concurrency
  })
}

const wsdlLocation = (wsdl: string | URL | undefined, version: string | undefined): string => {
  if (wsdl === undefined) {
    if (version === undefined) {
      throw new ConfigError({
        reason: "InvalidOption",
        message: 'Pass wsdlVersion (such as "2025_2") or a wsdl path/URL: the SOAP client needs one of them.'
      })
    }
    return netSuiteWsdlUrl(version)
  }
  if (wsdl instanceof URL) return wsdl.protocol === "file:" ? fileURLToPath(wsdl) : wsdl.href
  if (typeof wsdl !== "string" || wsdl.trim() === "") {
    throw new ConfigError({ reason: "InvalidOption", message: "wsdl must be a file path or an http(s) URL." })
  }
  return wsdl
}

// Only the part of a WSDL location that is safe to print (no credentials or query).
const printable = (location: string): string => {
  try {
    const url = new URL(location)
    if (url.protocol === "http:" || url.protocol === "https:") return `${url.origin}${url.pathname}`
  } catch {
    // a file path
  }
  return location.slice(0, 300)
}

const operationsOf = (client: Client): ReadonlySet<string> => {
  const names = new Set<string>()
  const services = (client.wsdl as unknown as { definitions?: { services?: Record<string, unknown> } })
    .definitions?.services
  for (const service of Object.values(services ?? {})) {
    const ports = (service as { ports?: Record<string, { binding?: { methods?: Record<string, unknown> } }> })
      .ports
    for (const port of Object.values(ports ?? {})) {
      for (const name of Object.keys(port.binding?.methods ?? {})) names.add(name)
    }
  }
  return names
}

const toAuthError = (e: unknown): RequestError | ConfigError =>
  isNetSuiteAuthError(e) && (e._tag === "ConfigError" || e._tag === "RequestError") ? e : soapFaultToError(e)

/**
 * Creates a node-soap client for one NetSuite account with the token passport installed:
 * the endpoint is the account's `NetSuitePort_<ver>` URL, every request carries a new passport,
 * calls share the account-wide limiter and are retried (re-signed) on concurrency faults and
 * transient failures.
 *
 * @example
 * ```ts
 * import { createNetSuiteSoapClient } from "@netsuite-auth/soap"
 * const ns = await createNetSuiteSoapClient({
 *   credentials: {
 *     accountId: "1234567_SB1",
 *     consumerKey: process.env.NETSUITE_CONSUMER_KEY!, consumerSecret: process.env.NETSUITE_CONSUMER_SECRET!,
 *     tokenId: process.env.NETSUITE_TOKEN_ID!, tokenSecret: process.env.NETSUITE_TOKEN_SECRET!
 *   },
 *   wsdlVersion: "2025_2"
 * })
 * const time = await ns.call("getServerTime", {})
 * ```
 * @category client
 */
export const createNetSuiteSoapClient = async (
  options: NetSuiteSoapClientOptions
): Promise<NetSuiteSoapClient> => {
  if (typeof options !== "object" || options === null) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: "createNetSuiteSoapClient expects { credentials, wsdlVersion or wsdl, account? }."
    })
  }
  // Validate everything that needs no I/O before fetching the WSDL.
  const credentials = toCredentials(options.credentials, options.account)
  const account = accountFor(options, credentials)
  toCredentials(credentials, account)
  const given = options.wsdlVersion
  if (given !== undefined) resolveWsdlVersion(given, undefined, "")
  const location = wsdlLocation(options.wsdl, given)

  let client: Client
  try {
    client = await createClientAsync(location, { ...options.soapOptions })
  } catch (e) {
    const why = e instanceof Error ? ((e as { code?: unknown }).code ?? e.message.split("\n")[0]) : String(e)
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Could not load the WSDL from ${printable(location)} (${String(why).slice(0, 200)}): check the wsdl path or URL.`
    })
  }
  const wsdlVersion = resolveWsdlVersion(given, detectWsdlVersion(client), printable(location))
  const endpoint = account.endpoints.soapUrl(wsdlVersion)
  client.setEndpoint(endpoint)
  const uninstall = installTokenPassport(client, {
    credentials,
    wsdlVersion,
    account,
    onEvent: options.onEvent
  })
  const operations = operationsOf(client)
  const emit = emitTo(options.onEvent)
  let disposed = false

  const refuse = (operation: string): ConfigError | undefined => {
    if (disposed) {
      return new ConfigError({
        reason: "InvalidOption",
        message: "This NetSuite SOAP client was disposed: create a new one."
      })
    }
    const method = operations.has(operation) ? (client as Record<string, unknown>)[operation] : undefined
    if (typeof method === "function") return undefined
    return new ConfigError({
      reason: "InvalidOption",
      message: `Unknown SOAP operation ${JSON.stringify(operation.slice(0, 80))}: the ${wsdlVersion} WSDL has no such operation (for example getServerTime, get, search, add).`
    })
  }

  // One attempt = sign + send, run after the limiter admitted it (a passport never waits in a
  // queue). Settles with the result or the coded error; never rejects.
  const send = <A>(
    operation: string,
    args: unknown,
    callOptions: NetSuiteSoapCallOptions,
    attempt: number,
    signal: AbortSignal | undefined
  ): Promise<Exit.Exit<A, RequestError | ConfigError>> =>
    new Promise((settle) => {
      const fail = (e: unknown) => {
        const error = toAuthError(e)
        if (error._tag === "RequestError") {
          emit({
            type: "fault",
            operation,
            attempt,
            code: error.code,
            netsuiteCode: error.netsuiteCode,
            status: error.status,
            retryable: error.retryable
          })
        }
        settle(Exit.fail(error))
      }
      const soapOptions =
        signal === undefined ? callOptions.soapOptions : { ...callOptions.soapOptions, signal }
      try {
        ;((client as Record<string, unknown>)[operation] as (...a: unknown[]) => void)(
          args,
          (err: unknown, result: A) => (err ? fail(err) : settle(Exit.succeed(result))),
          soapOptions,
          callOptions.extraHeaders
        )
      } catch (e) {
        fail(e) // the envelope guard or a signing failure: nothing was sent
      }
    })

  const callEffect = <A>(
    operation: string,
    args: unknown = {},
    callOptions: NetSuiteSoapCallOptions = {},
    firstFailure?: RequestError | ConfigError
  ): Effect.Effect<A, RequestError | ConfigError> => {
    const refused = refuse(operation)
    if (refused !== undefined) return Effect.fail(refused)
    let attempt = firstFailure === undefined ? 0 : 1
    const admitted = Effect.suspend(() => {
      const queuedAt = performance.now()
      return account.limiter.withPermit(
        Effect.suspend(() => {
          const waitedMillis = performance.now() - queuedAt
          if (waitedMillis >= 1)
            emit({ type: "limiter-wait", operation, waitedMillis: Math.round(waitedMillis) })
          const thisAttempt = ++attempt
          return Effect.callback<A, RequestError | ConfigError>((resume, signal) => {
            send<A>(operation, args, callOptions, thisAttempt, signal).then(resume)
          })
        })
      )
    })
    const retry = callOptions.retry ?? options.retry
    // A failed first attempt made without waiting (see `call`) counts as the policy's first.
    return withNetSuiteRetry(afterFailedAttempt(admitted, firstFailure), {
      ...(retry === false ? { maxAttempts: 1 } : retry),
      onRetry: (r) =>
        emit({
          type: "retry-scheduled",
          operation,
          attempt: r.attempt,
          delayMillis: r.delayMillis,
          code: r.code
        })
    })
  }

  const call = async <A>(
    operation: string,
    args: unknown = {},
    callOptions: NetSuiteSoapCallOptions = {}
  ) => {
    let firstFailure: RequestError | ConfigError | undefined
    // The common case runs without a fiber: a free permit and a first attempt that succeeds.
    if (refuse(operation) === undefined && account.limiter.tryAcquire()) {
      let first: Exit.Exit<A, RequestError | ConfigError>
      try {
        first = await send<A>(operation, args, callOptions, 1, undefined)
      } finally {
        account.limiter.release()
      }
      if (Exit.isSuccess(first)) return first.value
      firstFailure = Cause.squash(first.cause) as RequestError | ConfigError
    }
    const exit = await Effect.runPromiseExit(callEffect<A>(operation, args, callOptions, firstFailure))
    if (Exit.isSuccess(exit)) return exit.value
    throw Cause.squash(exit.cause)
  }

  return {
    soapClient: client,
    account,
    wsdlVersion,
    endpoint,
    callEffect: (operation, args, callOptions) => callEffect(operation, args, callOptions),
    call,
    dispose: () => {
      disposed = true
      uninstall()
    }
  }
}
