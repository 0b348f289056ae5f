import { fileURLToPath } from "node:url"
import {
  ConfigError,
  isNetSuiteAuthError,
  NetSuiteAccount,
  type NetSuiteAuthError,
  type NetSuiteAuthEventListener,
  NetSuiteError,
  type RetryOptions,
  type TbaCredentials,
  type TbaCredentialsInput
} from "@netsuite-auth/core"
import { toTbaCredentials } from "@netsuite-auth/core/internal"
import * as Effect from "effect/Effect"
import { type Client, createClientAsync, type IOptions } from "soap"
import { installTokenPassport } from "./install-token-passport.ts"
import { soapFaultToError } from "./soap-fault.ts"
import { detectWsdlVersion, resolveWsdlVersion } from "./wsdl-version.ts"

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
  /** WSDL path or URL (default: the account's WSDL URL for `wsdlVersion`, which follows its `baseUrl`). */
  readonly wsdl?: string | URL | undefined
  /** Retry policy for retryable failures (concurrency faults, 5xx, transport); `false` disables retries. */
  readonly retry?: Omit<RetryOptions, "onRetry"> | false | undefined
  /** Passed to node-soap's `createClientAsync` (its `endpoint` is replaced by the account's SOAP URL). */
  readonly soapOptions?: IOptions | undefined
  /** Observability hook: pool waits, retries, failed attempts (never receives a secret). */
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

/** Per-call options of {@link NetSuiteSoapClient.call}. */
export interface NetSuiteSoapCallOptions {
  /** node-soap request options (axios options such as `timeout`). */
  readonly soapOptions?: Record<string, unknown> | undefined
  /** Extra HTTP headers for this call. */
  readonly extraHeaders?: Record<string, string> | undefined
  /** This operation is safe to repeat after a 5xx or a broken connection (reads are, by name). */
  readonly idempotent?: boolean | undefined
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
   * Runs an operation: waits for a permit of the account's pool, then signs and sends; a
   * retryable failure is sent again with a new passport. Rejects with a `NetSuiteError`.
   */
  call<A = unknown>(operation: string, args?: unknown, options?: NetSuiteSoapCallOptions): Promise<A>
  /** {@link NetSuiteSoapClient.call} as an Effect, for Effect users: fails with the tagged core error. */
  callEffect<A = unknown>(
    operation: string,
    args?: unknown,
    options?: NetSuiteSoapCallOptions
  ): Effect.Effect<A, NetSuiteAuthError>
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

const wsdlLocation = (
  wsdl: string | URL | undefined,
  version: string | undefined,
  account: NetSuiteAccount
): string => {
  if (wsdl === undefined) {
    if (version === undefined) {
      throw new ConfigError({
        reason: "InvalidOption",
        message: 'Pass wsdlVersion (such as "2025_2") or a wsdl path/URL: the SOAP client needs one of them.'
      })
    }
    return account.endpoints.wsdlUrl(version)
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

// A call's error as the caller sees it: the one NetSuiteError family.
const asNetSuiteError = (e: unknown): NetSuiteError => {
  if (NetSuiteError.is(e)) return e
  // The lifecycle answered, but node-soap could not use the answer (a garbage body): classified too.
  return new NetSuiteError(isNetSuiteAuthError(e) ? e : soapFaultToError(e))
}

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
  const credentials = toTbaCredentials(options.credentials, options.account)
  const account = accountFor(options, credentials)
  toTbaCredentials(credentials, account)
  const given = options.wsdlVersion
  if (given !== undefined) resolveWsdlVersion(given, undefined, "")
  const location = wsdlLocation(options.wsdl, given, account)

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
    retry: options.retry,
    onEvent: options.onEvent
  })
  const operations = operationsOf(client)
  let disposed = false

  const refuse = (operation: string): ConfigError | undefined => {
    if (disposed) {
      return new ConfigError({
        reason: "InvalidOption",
        message: "This NetSuite SOAP client was disposed: create a new one."
      })
    }
    const method =
      typeof operation === "string" && operations.has(operation)
        ? (client as Record<string, unknown>)[operation]
        : undefined
    if (typeof method === "function") return undefined
    return new ConfigError({
      reason: "InvalidOption",
      message: `Unknown SOAP operation ${JSON.stringify(String(operation).slice(0, 80))}: the ${wsdlVersion} WSDL has no such operation (for example getServerTime, get, search, add).`
    })
  }

  // node-soap's callback API; the lifecycle (admission, signing, retries) runs in its HTTP layer.
  const call = <A>(
    operation: string,
    args: unknown = {},
    callOptions: NetSuiteSoapCallOptions = {}
  ): Promise<A> => {
    const refused = refuse(operation)
    if (refused !== undefined) return Promise.reject(new NetSuiteError(refused))
    // Read back by the lifecycle's SOAP transport, never sent.
    const soapOptions = {
      ...callOptions.soapOptions,
      netsuiteIdempotent: callOptions.idempotent,
      netsuiteRetry: callOptions.retry
    }
    return new Promise<A>((resolve, reject) => {
      try {
        ;((client as Record<string, unknown>)[operation] as (...a: unknown[]) => void)(
          args,
          (err: unknown, result: A) => (err ? reject(err) : resolve(result)),
          soapOptions,
          callOptions.extraHeaders
        )
      } catch (e) {
        reject(e) // the envelope guard: nothing was sent
      }
    }).catch((e: unknown) => {
      throw asNetSuiteError(e)
    })
  }

  return {
    soapClient: client,
    account,
    wsdlVersion,
    endpoint,
    call,
    callEffect: <A>(operation: string, args?: unknown, callOptions?: NetSuiteSoapCallOptions) =>
      Effect.tryPromise({
        try: () => call<A>(operation, args, callOptions),
        catch: (e) => (e as NetSuiteError).cause
      }),
    dispose: () => {
      disposed = true
      uninstall()
    }
  }
}
