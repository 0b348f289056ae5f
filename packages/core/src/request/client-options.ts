import { NetSuiteAccount } from "../account/netsuite-account.ts"
import { ConfigError } from "../errors.ts"
import type { M2MCredentials, M2MCredentialsInput } from "../m2m/m2m-credentials.ts"
import type { RetryOptions } from "../retry/retry-policy.ts"
import type { TbaCredentials, TbaCredentialsInput } from "../tba/tba-credentials.ts"
import type { NetSuiteAuthEventListener } from "../token/events.ts"
import type { TokenEndpoint } from "../token/token-endpoint.ts"
import type { TokenProvider } from "../token/token-provider.ts"
import type { TokenStore } from "../token/token-store.ts"
import { AuthMethod } from "./auth-method.ts"
import { RequestLifecycle } from "./lifecycle.ts"

/** Retry bounds for NetSuite requests (see `withNetSuiteRetry`). */
export interface NetSuiteRetryOptions extends Omit<RetryOptions, "onRetry"> {
  /**
   * Also retry POST and PATCH after a 5xx or a connection failure (default false: NetSuite may
   * have applied them). Concurrency-limit answers are retried for every method regardless.
   */
  readonly retryNonIdempotent?: boolean | undefined
}

/** What every REST client (axios, fetch) is given. */
export interface ClientOptionsBase {
  /** The one object for this NetSuite account: pool, clock skew, URLs. Share it with every client. */
  readonly account: NetSuiteAccount
  /** Retry policy for requests, or `false` for none (default: 4 attempts, 60 s in all). */
  readonly retry?: NetSuiteRetryOptions | false | undefined
  /** Token, retry and pool events, without secrets. */
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

/** OAuth 2.0 client credentials (M2M): `Authorization: Bearer <token>`. */
export interface M2MClientOptions extends ClientOptionsBase {
  readonly scheme: "m2m"
  readonly credentials: M2MCredentials | M2MCredentialsInput
  /** Share one provider (one token cache, one refresh at a time) between several clients. */
  readonly tokenProvider?: TokenProvider | undefined
  /** Refresh when less than this remains (default 300 s). Ignored with `tokenProvider`. */
  readonly refreshAheadSeconds?: number | undefined
  /** Where tokens are kept (default: the account's store). Ignored with `tokenProvider`. */
  readonly tokenStore?: TokenStore | undefined
}

/** Token-based authentication as OAuth 1.0a: a fresh signed `Authorization: OAuth …` per attempt. */
export interface TbaClientOptions extends ClientOptionsBase {
  readonly scheme: "tba"
  readonly credentials: TbaCredentials | TbaCredentialsInput
}

const invalid = (message: string): ConfigError => new ConfigError({ reason: "InvalidOption", message })

/**
 * Validates a client's options and makes its lifecycle: the one place adapters turn
 * `{ scheme, account, credentials, retry, onEvent }` into an auth method and a policy.
 * `endpoint` is the adapter's own token endpoint, made only for M2M.
 *
 * @category request
 */
export const lifecycleFor = (
  options: M2MClientOptions | TbaClientOptions,
  endpoint: () => TokenEndpoint,
  what: string
): RequestLifecycle => {
  if (typeof options !== "object" || options === null) {
    throw invalid(`${what} expects an options object with scheme, account and credentials.`)
  }
  const { account } = options
  if (!(account instanceof NetSuiteAccount)) {
    throw invalid(
      "options.account must be a NetSuiteAccount: NetSuiteAccount.make({ accountId }), one per account, shared by every client."
    )
  }
  const retry = options.retry === false ? { maxAttempts: 1 } : options.retry
  let auth: AuthMethod
  if (options.scheme === "m2m") {
    auth = AuthMethod.m2m({
      account,
      credentials: options.credentials,
      endpoint: options.tokenProvider === undefined ? endpoint() : undefined,
      tokenProvider: options.tokenProvider,
      tokenStore: options.tokenStore,
      refreshAheadSeconds: options.refreshAheadSeconds,
      retry,
      onEvent: options.onEvent
    })
  } else if (options.scheme === "tba") {
    auth = AuthMethod.oauth1({ account, credentials: options.credentials })
  } else {
    throw invalid(
      `Unknown scheme ${JSON.stringify(String((options as { scheme?: unknown }).scheme)).slice(0, 60)}: use "m2m" or "tba".`
    )
  }
  return RequestLifecycle.make({
    account,
    auth,
    retry: options.retry,
    retryNonIdempotent: options.retry === false ? false : options.retry?.retryNonIdempotent,
    onEvent: options.onEvent
  })
}
