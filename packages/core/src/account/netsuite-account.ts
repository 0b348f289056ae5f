import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ConfigError } from "../errors.ts"
import * as PermitPool from "../request/permit-pool.ts"
import type { SigningContext } from "../request/signing-context.ts"
import * as Signing from "../request/signing-context.ts"
import type { ClockSkew } from "../time/clock-skew.ts"
import * as ClockSkewModule from "../time/clock-skew.ts"
import type { NetSuiteAuthEventListener } from "../token/events.ts"
import { TokenStore } from "../token/token-store.ts"
import type { AccountId } from "./account-id.ts"
import * as AccountIdModule from "./account-id.ts"
import type { Coordination } from "./coordination.ts"
import { type Endpoints, endpointsFor } from "./endpoints.ts"
import type { AdaptiveConcurrency, Governance } from "./governance.ts"
import * as GovernanceModule from "./governance.ts"
import { governanceLimitsUrl } from "./governance-limits.ts"

/** How to reach one NetSuite account. */
export interface NetSuiteAccountOptions {
  /** `1234567`, `1234567_SB1`, `tstdrv123`, ... in any case. */
  readonly accountId: string | AccountId
  /**
   * Serve every surface from this URL instead of NetSuite's domains (the mock server, a proxy).
   * Default: the `NETSUITE_BASE_URL` environment variable, when it is set.
   */
  readonly baseUrl?: string | undefined
  /**
   * Requests in flight at once across SOAP, REST and RESTlets, for every adapter given this
   * account. Set it to the limit in Setup > Integration > Integration Governance (NetSuite's
   * smallest tier allows 5, which is the default).
   *
   * Or adaptive (see docs/governance.md): `"auto"` reads the limit from `governanceLimits` on the
   * first request (5 until then, and for good when the role may not read it) and adapts under
   * it to what other integrations leave free; `{ ceiling: 15 }` adapts under a known limit;
   * `{ ceiling: "discover", fallback: 10 }` discovers with another fallback.
   */
  readonly concurrency?: number | "auto" | AdaptiveConcurrency | undefined
  /** Share the pool and the M2M tokens with other processes (`@netsuite-auth/redis`). */
  readonly coordination?: Coordination | undefined
  /** The account's own events: `limit-changed` with adaptive concurrency. */
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

/** NetSuite's smallest concurrency limit (shared tier, developer accounts). */
export const DEFAULT_CONCURRENCY = PermitPool.DEFAULT_LIMIT

const environmentBaseUrl = (): string | undefined => {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.NETSUITE_BASE_URL
  return value === undefined || value.trim() === "" ? undefined : value.trim()
}

const checkCoordination = (coordination: unknown): Coordination | undefined => {
  if (coordination === undefined) return undefined
  const c = coordination as Partial<Coordination> | null
  if (
    typeof c !== "object" ||
    c === null ||
    typeof c.permitPool !== "function" ||
    typeof c.tokenStore !== "function"
  ) {
    throw new ConfigError({
      reason: "InvalidOption",
      message:
        "coordination must come from a coordination package, such as await redisCoordination({ url }) from @netsuite-auth/redis."
    })
  }
  return c as Coordination
}

/**
 * One NetSuite account: its IDs and URLs, its concurrency pool, its M2M token store and the
 * clock skew learned from NetSuite's `Date` header. NetSuite's concurrency limit is one pool per
 * account across SOAP, REST and RESTlets, so pass the same object to every adapter.
 *
 * @example
 * ```ts
 * import { NetSuiteAccount } from "@netsuite-auth/core"
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1", concurrency: 15, baseUrl: undefined })
 * account.id.realm // "1234567_SB1"
 * ```
 * @category models
 */
export class NetSuiteAccount {
  readonly _tag = "NetSuiteAccount"
  readonly id: AccountId
  readonly endpoints: Endpoints
  readonly baseUrl: string | undefined
  /** The fixed limit; with adaptive concurrency, the limit it starts at (the ceiling or the fallback). */
  readonly concurrency: number
  /** Adaptive concurrency (its pool is {@link NetSuiteAccount.pool}); `undefined` for a fixed limit. */
  readonly governance: Governance | undefined
  /** The account's concurrency pool: every adapter's request holds one permit while it is sent. */
  readonly pool: PermitPool.PermitPool
  /** Where M2M tokens are kept: in memory, or the fleet's store with `coordination`. */
  readonly tokenStore: TokenStore
  readonly clockSkew: ClockSkew
  /** The clock, nonce source and skew fresh TBA signatures are made from on the synchronous path. */
  readonly signing: SigningContext
  readonly coordination: Coordination | undefined

  private constructor(options: NetSuiteAccountOptions) {
    // An AccountId object is checked again: a look-alike with a forged host never reaches a URL.
    this.id = AccountIdModule.parseOrThrow(options.accountId)
    const baseUrl = options.baseUrl ?? environmentBaseUrl()
    this.endpoints = endpointsFor(this.id, { baseUrl })
    this.baseUrl = baseUrl
    const plan = GovernanceModule.planConcurrency(options.concurrency, DEFAULT_CONCURRENCY)
    this.concurrency = plan._tag === "Fixed" ? plan.limit : (plan.ceiling ?? plan.fallback)
    this.coordination = checkCoordination(options.coordination)
    this.governance =
      plan._tag === "Adaptive"
        ? GovernanceModule.make({
            realm: this.id.realm,
            plan,
            url: governanceLimitsUrl(this.endpoints),
            coordination: this.coordination,
            onEvent: options.onEvent
          })
        : undefined
    this.pool =
      this.governance?.pool ??
      this.coordination?.permitPool(this.id.realm, { limit: this.concurrency }) ??
      PermitPool.memory({ limit: this.concurrency })
    this.tokenStore = this.coordination?.tokenStore() ?? TokenStore.memory()
    this.clockSkew = ClockSkewModule.make()
    this.signing = Signing.live(this.clockSkew)
  }

  /** The concurrency limit in force now (it moves with adaptive concurrency). */
  get limit(): number {
    return this.pool.limit()
  }

  /** The most the limit may reach: the fixed limit, or the given or discovered ceiling. */
  get ceiling(): number {
    return this.pool.ceiling()
  }

  /** Validates the options and builds the account; throws a `ConfigError`. */
  static make(options: NetSuiteAccountOptions): NetSuiteAccount {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError({
        reason: "InvalidOption",
        message: 'NetSuiteAccount.make expects an options object such as { accountId: "1234567_SB1" }.'
      })
    }
    return new NetSuiteAccount(options)
  }

  /** The account's services (its pool and clock skew) for an Effect program; yours win where you provided them. */
  readonly provide = <A, E, R>(
    effect: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E, Exclude<R, PermitPool.PermitPool>> =>
    effect.pipe(
      Effect.provideService(PermitPool.Service, this.pool),
      Effect.provideService(ClockSkewModule.ClockSkew, this.clockSkew)
    ) as Effect.Effect<A, E, Exclude<R, PermitPool.PermitPool>>

  /**
   * The account's services as a layer: its `PermitPool`, its `TokenStore` and its clock skew,
   * for Effect programs that compose their own layers (`Effect.provide(program, account.layer)`).
   */
  get layer(): Layer.Layer<PermitPool.PermitPool | TokenStore> {
    return Layer.mergeAll(
      Layer.succeed(PermitPool.Service, this.pool),
      Layer.succeed(TokenStore.Service, this.tokenStore),
      ClockSkewModule.layer(this.clockSkew)
    )
  }

  /**
   * Throws a `ConfigError` unless `credentials` were made for this account: NetSuite answers
   * "Invalid login attempt" to a token of another account (a production token against a sandbox).
   * `what` names them in the message, such as "TBA credentials".
   */
  checkCredentials(credentials: { readonly account: { readonly realm: string } }, what: string): void {
    if (credentials.account.realm === this.id.realm) return
    throw new ConfigError({
      reason: "InvalidOption",
      message:
        `The ${what} are for account ${credentials.account.realm} but the account object is ${this.id.realm}: ` +
        "NetSuite would answer Invalid login attempt. Pass the NetSuiteAccount made for the same account ID."
    })
  }

  toJSON(): Record<string, unknown> {
    return {
      _tag: this._tag,
      realm: this.id.realm,
      host: this.id.host,
      baseUrl: this.baseUrl,
      concurrency: this.concurrency,
      limit: this.pool.limit(),
      ceiling: this.pool.ceiling(),
      discovery: this.governance?.discovery()
    }
  }
}
