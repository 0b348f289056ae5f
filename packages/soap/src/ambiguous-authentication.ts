import { RequestError } from "@netsuite-auth/core"
import { PASSPORT_PLACEHOLDER } from "./passport-placeholder.ts"

// Start tags of the header elements that fight with a tokenPassport (any prefix or none).
const AUTH_ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?(applicationInfo|passport|tokenPassport)[\s/>]/g

/** Counts the authentication elements in a piece of XML (a SOAP header or a whole envelope's header). */
const authElements = (xml: string): { tokenPassport: number; conflicting: string[] } => {
  let tokenPassport = 0
  const conflicting: string[] = []
  for (const match of xml.matchAll(AUTH_ELEMENT)) {
    if (match[1] === "tokenPassport") tokenPassport++
    else conflicting.push(match[1]!)
  }
  return { tokenPassport, conflicting }
}

const ambiguous = (what: string): RequestError =>
  new RequestError({
    reason: "AmbiguousAuthentication",
    message:
      `${what} next to the tokenPassport: NetSuite rejects such a request as "ambiguous authentication". ` +
      "With Token-Based Authentication the passport alone identifies the integration: remove the header " +
      "(client.clearSoapHeaders() or changeSoapHeader) and keep only preferences, searchPreferences or partnerInfo."
  })

/**
 * Refuses SOAP headers a user added that NetSuite would treat as a second login:
 * `applicationInfo`, `passport` or another `tokenPassport`. Takes the client's `getSoapHeaders()`
 * and throws a `RequestError` with code `NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION`.
 *
 * @example
 * ```ts
 * import { checkUserSoapHeaders } from "@netsuite-auth/soap"
 * declare const client: import("soap").Client
 * checkUserSoapHeaders(client.getSoapHeaders()) // throws if an applicationInfo header is there
 * ```
 * @category guards
 */
export const checkUserSoapHeaders = (headers: ReadonlyArray<unknown> | null | undefined): void => {
  for (const header of headers ?? []) {
    if (typeof header !== "string") continue // functions are checked on the finished envelope
    const found = authElements(header)
    const name = found.conflicting[0] ?? (found.tokenPassport > 0 ? "tokenPassport" : undefined)
    if (name !== undefined) throw ambiguous(`A ${name} SOAP header was added`)
  }
}

/**
 * Checks a finished envelope before it is sent: exactly one tokenPassport and no
 * `applicationInfo`/`passport` in the SOAP header. Only the header is scanned (the body can be large).
 * {@link installTokenPassport} runs it on node-soap's `request` event, before the HTTP request.
 *
 * @example
 * ```ts
 * import { checkEnvelope } from "@netsuite-auth/soap"
 * declare const client: import("soap").Client
 * client.prependListener("request", (xml: string) => checkEnvelope(xml))
 * ```
 * @category guards
 */
export const checkEnvelope = (xml: string): void => {
  const bodyAt = xml.search(/<(?:[A-Za-z_][\w.-]*:)?Body[\s>]/)
  const header = bodyAt === -1 ? xml : xml.slice(0, bodyAt)
  const found = authElements(header)
  if (found.conflicting.length > 0) throw ambiguous(`A ${found.conflicting[0]} SOAP header was sent`)
  // A passport still to be signed (after admission) counts as the one tokenPassport.
  const passports = found.tokenPassport + header.split(PASSPORT_PLACEHOLDER).length - 1
  if (passports !== 1) {
    throw passports === 0
      ? new RequestError({
          reason: "AmbiguousAuthentication",
          message:
            "The request carries no tokenPassport: another security object or a postProcess hook replaced it. " +
            "Do not call client.setSecurity after installing the NetSuite token passport."
        })
      : ambiguous(`${passports - 1} more tokenPassport header(s) were added`)
  }
}

const SESSION_COOKIE = /^\s*JSESSIONID\s*=/i

/**
 * A `Cookie` header value without NetSuite's `JSESSIONID` (a live session next to a passport is
 * "ambiguous authentication"); `undefined` when nothing else is left.
 */
export const withoutSessionCookie = (cookie: string): string | undefined => {
  const kept = cookie.split(";").filter((part) => part.trim() !== "" && !SESSION_COOKIE.test(part))
  return kept.length === 0 ? undefined : kept.map((part) => part.trim()).join("; ")
}

/** True when a `Cookie` header value carries a `JSESSIONID`. */
export const hasSessionCookie = (cookie: unknown): boolean =>
  typeof cookie === "string" && cookie.split(";").some((part) => SESSION_COOKIE.test(part))

/**
 * Removes `JSESSIONID` from the `Cookie` entry of a plain header record, in place.
 * Returns true when something was removed.
 */
export const stripSessionCookie = (headers: Record<string, unknown>): boolean => {
  let removed = false
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() !== "cookie") continue
    const value = headers[name]
    if (!hasSessionCookie(value)) continue
    const kept = withoutSessionCookie(value as string)
    if (kept === undefined) delete headers[name]
    else headers[name] = kept
    removed = true
  }
  return removed
}
