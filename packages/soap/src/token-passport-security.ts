import {
  AuthMethod,
  ConfigError,
  NetSuiteAccount,
  type NetSuiteAuthEvent,
  type NetSuiteAuthEventListener,
  parseWsdlVersion,
  type TbaCredentials,
  type TbaCredentialsInput
} from "@netsuite-auth/core"
import { emitEvent, toTbaCredentials } from "@netsuite-auth/core/internal"
import type { IHeaders, ISecurity } from "soap"
import { hasSessionCookie, stripSessionCookie, withoutSessionCookie } from "./ambiguous-authentication.ts"
import { PASSPORT_PLACEHOLDER } from "./passport-placeholder.ts"

/** How to build a {@link NetSuiteTokenPassportSecurity}. */
export interface TokenPassportSecurityOptions {
  /** TBA credentials, validated (`TbaCredentials.make`) or as plain input. */
  readonly credentials: TbaCredentials | TbaCredentialsInput
  /** The WSDL version the client was built from (`2025_2`): it decides the passport namespaces. */
  readonly wsdlVersion: string
  /** The account object shared with the other adapters: its pool, and its clock skew for timestamps. */
  readonly account?: NetSuiteAccount | undefined
  /** Observability hook (never receives a secret). */
  readonly onEvent?: NetSuiteAuthEventListener | undefined
}

type Emit = (event: NetSuiteAuthEvent) => void

const STRIP_MARK = Symbol.for("@netsuite-auth/soap/strip-session-cookie")

interface HeaderAccess {
  get?: (name: string) => unknown
  set?: (name: string, value: string) => unknown
  delete?: (name: string) => unknown
}

// An axios `transformRequest` step that removes a `JSESSIONID` cookie at send time, wherever it came from.
const sessionCookieStripper = (emit: Emit) =>
  Object.assign(
    (data: unknown, headers: unknown): unknown => {
      if (typeof headers !== "object" || headers === null) return data
      const access = headers as HeaderAccess
      if (typeof access.get === "function") {
        const cookie = access.get.call(headers, "Cookie")
        if (hasSessionCookie(cookie)) {
          const kept = withoutSessionCookie(cookie as string)
          if (kept === undefined) access.delete?.call(headers, "Cookie")
          else access.set?.call(headers, "Cookie", kept)
          emit({ type: "session-cookie-removed" })
        }
      } else if (stripSessionCookie(headers as Record<string, unknown>)) {
        emit({ type: "session-cookie-removed" })
      }
      // node-soap sends a string or a Buffer, which axios's default transform leaves as is.
      return data
    },
    { [STRIP_MARK]: true }
  )

/**
 * node-soap security that puts a freshly signed `tokenPassport` into the SOAP header of every
 * request. Sign-once-per-request contract, checked against node-soap 1.13's `Client._invoke`:
 * `addHeaders()` runs once per request, before the envelope is built, so it signs; `toXML()`
 * runs once or twice while the envelope is built (the last value is sent) and returns the
 * passport signed for this request. `postProcess` is deliberately not defined: node-soap only
 * inserts `toXML()` when it is absent. It also keeps `JSESSIONID` out of the request.
 *
 * Prefer {@link installTokenPassport} (it adds the envelope guard and clock-skew learning) or
 * {@link createNetSuiteSoapClient}; use the class directly with `client.setSecurity(...)`.
 *
 * @example
 * ```ts
 * import { createClientAsync } from "soap"
 * import { NetSuiteTokenPassportSecurity } from "@netsuite-auth/soap"
 * const client = await createClientAsync("./netsuite.wsdl")
 * client.setSecurity(new NetSuiteTokenPassportSecurity({
 *   credentials: { accountId: "1234567_SB1", consumerKey: "…", consumerSecret: "…", tokenId: "…", tokenSecret: "…" },
 *   wsdlVersion: "2025_2"
 * }))
 * ```
 * @category security
 */
export class NetSuiteTokenPassportSecurity implements ISecurity {
  readonly wsdlVersion: string
  readonly realm: string
  /** The account whose pool and clock skew the passports are signed with. */
  readonly account: NetSuiteAccount
  /** The passport as an auth method value: what the request lifecycle signs each attempt with. */
  readonly auth: AuthMethod
  readonly #emit: Emit
  readonly #stripSessionCookie: (data: unknown, headers: unknown) => unknown
  #current: string | undefined = undefined
  #deferred = false

  constructor(options: TokenPassportSecurityOptions) {
    if (typeof options !== "object" || options === null) {
      throw new ConfigError({
        reason: "InvalidOption",
        message: "NetSuiteTokenPassportSecurity expects { credentials, wsdlVersion, account? }."
      })
    }
    const credentials = toTbaCredentials(options.credentials, options.account)
    if (typeof options.wsdlVersion !== "string") {
      throw new ConfigError({
        reason: "InvalidOption",
        message: 'wsdlVersion is missing: pass the version of your WSDL, such as "2025_2".'
      })
    }
    this.wsdlVersion = parseWsdlVersion(options.wsdlVersion)
    this.realm = credentials.account.realm
    this.account = options.account ?? NetSuiteAccount.make({ accountId: credentials.account })
    this.auth = AuthMethod.passport({ account: this.account, credentials, wsdlVersion: this.wsdlVersion })
    const listener = options.onEvent
    this.#emit = (event) => emitEvent(listener, event)
    this.#stripSessionCookie = sessionCookieStripper(this.#emit)
  }

  /**
   * From now on the envelope carries a placeholder that the request lifecycle replaces with a
   * passport signed after the request was admitted (see `installTokenPassport`).
   */
  deferSigning(): void {
    this.#deferred = true
  }

  /** A newly signed `tokenPassport` element (single use: one per request): a fresh nonce, NetSuite's time. */
  signPassportXml(): string {
    const authorization = this.auth.authorizeUnsafe({ method: "POST", url: () => "" }, this.account.signing)
    return authorization?.value ?? ""
  }

  // What goes into this request's envelope: a passport now, or the lifecycle's placeholder.
  #passportForEnvelope(): string {
    return this.#deferred ? PASSPORT_PLACEHOLDER : this.signPassportXml()
  }

  /** Hook run once per request before the envelope is built: signs this request's passport. */
  addHeaders(headers: IHeaders): void {
    if (stripSessionCookie(headers)) this.#emit({ type: "session-cookie-removed" })
    this.#remember(this.#passportForEnvelope())
  }

  /**
   * Hook run (once or twice) while the envelope is built: the passport signed for this request.
   * Called without a preceding `addHeaders` (another caller), it signs one and keeps it for the
   * rest of the current synchronous turn only.
   */
  toXML(): string {
    return this.#current ?? this.#remember(this.#passportForEnvelope())
  }

  /**
   * Hook run once per request with the HTTP options: adds a `transformRequest` step that removes
   * a `JSESSIONID` cookie at send time, wherever it came from (addHttpHeader, extra headers, options).
   */
  addOptions(options: Record<string, unknown>): void {
    const existing = options.transformRequest
    const list: unknown[] = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]
    if (list.some((fn) => typeof fn === "function" && STRIP_MARK in fn)) return
    options.transformRequest = [this.#stripSessionCookie, ...list]
  }

  #remember(xml: string): string {
    this.#current = xml
    // node-soap builds the envelope synchronously after addHeaders; once this turn ends, the
    // passport has been used and must never be handed out again.
    queueMicrotask(() => {
      if (this.#current === xml) this.#current = undefined
    })
    return xml
  }

  toJSON(): Record<string, unknown> {
    return { _tag: "NetSuiteTokenPassportSecurity", realm: this.realm, wsdlVersion: this.wsdlVersion }
  }

  [Symbol.for("nodejs.util.inspect.custom")](): Record<string, unknown> {
    return this.toJSON()
  }
}

/**
 * Factory form of {@link NetSuiteTokenPassportSecurity}.
 *
 * @example
 * ```ts
 * import type { TbaCredentials } from "@netsuite-auth/core"
 * import { tokenPassportSecurity } from "@netsuite-auth/soap"
 * declare const client: import("soap").Client
 * declare const credentials: TbaCredentials
 * client.setSecurity(tokenPassportSecurity({ credentials, wsdlVersion: "2025_2" }))
 * ```
 * @category security
 */
export const tokenPassportSecurity = (options: TokenPassportSecurityOptions): NetSuiteTokenPassportSecurity =>
  new NetSuiteTokenPassportSecurity(options)
