import { ConfigError } from "../errors.ts"
import type { ClockSkew } from "../time/clock-skew.ts"
import * as ClockSkewModule from "../time/clock-skew.ts"
import type { AccountId } from "./account-id.ts"
import * as AccountIdModule from "./account-id.ts"
import { ConcurrencyLimiter } from "./concurrency-limiter.ts"
import { type Endpoints, endpointsFor } from "./endpoints.ts"

/** How to reach one NetSuite account. */
export interface NetSuiteAccountOptions {
  /** `1234567`, `1234567_SB1`, `tstdrv123`, ... in any case. */
  readonly accountId: string | AccountId
  /** Serve every surface from this URL instead of NetSuite's domains (the mock server, a proxy). */
  readonly baseUrl?: string | undefined
  /**
   * Requests in flight at once across SOAP, REST and RESTlets, for every adapter given this
   * account. Set it to the limit in Setup > Integration > Integration Governance (NetSuite's
   * smallest tier allows 5, which is the default).
   */
  readonly concurrency?: number | undefined
}

/** NetSuite's smallest concurrency limit (shared tier, developer accounts). */
export const DEFAULT_CONCURRENCY = 5

/**
 * One NetSuite account: its IDs and URLs, the account-wide concurrency limiter and the clock
 * skew learned from NetSuite's `Date` header. NetSuite's concurrency limit is one pool per
 * account across SOAP, REST and RESTlets, so pass the same object to every adapter.
 *
 * @example
 * ```ts
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: 15 })
 * account.endpoints.tokenUrl // "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
 * ```
 * @category models
 */
export class NetSuiteAccount {
  readonly _tag = "NetSuiteAccount"
  readonly id: AccountId
  readonly endpoints: Endpoints
  readonly baseUrl: string | undefined
  readonly concurrency: number
  /** Admits at most `concurrency` requests at once. Sign a request only after it is admitted. */
  readonly limiter: ConcurrencyLimiter
  readonly clockSkew: ClockSkew

  private constructor(options: NetSuiteAccountOptions) {
    this.id =
      typeof options.accountId === "string"
        ? AccountIdModule.parseOrThrow(options.accountId)
        : options.accountId
    this.endpoints = endpointsFor(this.id, { baseUrl: options.baseUrl })
    this.baseUrl = options.baseUrl
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
      throw new ConfigError({
        reason: "InvalidOption",
        message: `Invalid concurrency ${String(concurrency)}: use a whole number from 1 to 1000, the account's limit from Setup > Integration > Integration Governance.`
      })
    }
    this.concurrency = concurrency
    this.limiter = new ConcurrencyLimiter(concurrency)
    this.clockSkew = ClockSkewModule.make()
  }

  /** Validates the options and builds the account; throws a `ConfigError`. */
  static make(options: NetSuiteAccountOptions): NetSuiteAccount {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError({
        reason: "InvalidOption",
        message: "NetSuiteAccount.make expects an options object."
      })
    }
    return new NetSuiteAccount(options)
  }

  /**
   * Throws a `ConfigError` unless `credentials` were made for this account: NetSuite answers
   * "Invalid login attempt" to a token of another account (a production token against a sandbox).
   * `what` names them in the message, such as "TBA credentials".
   */
  checkCredentials(credentials: { readonly account: AccountId }, what: string): void {
    if (credentials.account.realm === this.id.realm) return
    throw new ConfigError({
      reason: "InvalidOption",
      message:
        `The ${what} are for account ${credentials.account.realm} but the account object is ${this.id.realm}: ` +
        "NetSuite would answer Invalid login attempt. Pass the NetSuiteAccount made for the same account ID, or the credentials made in the account you call."
    })
  }

  toJSON(): Record<string, unknown> {
    return {
      _tag: this._tag,
      realm: this.id.realm,
      host: this.id.host,
      baseUrl: this.baseUrl,
      concurrency: this.concurrency
    }
  }
}
