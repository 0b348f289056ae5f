import type { HttpAnswer } from "./http-client.ts"

/**
 * What a SOAP `getServerTime` answer says. NetSuite answers a good call with HTTP 200 and
 * `<platformCore:status isSuccess="true"/><platformCore:serverTime>…` and a refused one with
 * HTTP 500 and a SOAP 1.1 fault: `<faultcode>soapenv:Server.userException</faultcode>`,
 * `<faultstring>Invalid login attempt.</faultstring>` and, in `<detail>`, an element named after
 * the fault type (`platformFaults:invalidCredentialsFault`, `exceededConcurrentRequestLimitFault`, …)
 * holding `<platformFaults:code>` (`INVALID_LOGIN_ATTEMPT`, `WS_REQUEST_BLOCKED`, …) and a message.
 */
export type SoapAnswer =
  | { readonly kind: "success"; readonly serverTime: string | undefined }
  | {
      readonly kind: "fault"
      readonly category: "login" | "concurrency" | "other"
      readonly faultcode: string | undefined
      readonly faultstring: string | undefined
      /** The `<detail>` child's local name, e.g. `invalidCredentialsFault`. */
      readonly faultType: string | undefined
      /** NetSuite's `<platformFaults:code>`, e.g. `INVALID_LOGIN_ATTEMPT`. */
      readonly code: string | undefined
    }
  | { readonly kind: "unexpected"; readonly description: string }

/** The longest server text we print: enough for NetSuite's messages, not for a proxy's HTML page. */
const MAX_TEXT = 200

const LOGIN_CODES = new Set(["INVALID_LOGIN_ATTEMPT", "INVALID_LOGIN", "INVALID_LOGIN_CREDENTIALS"])
const CONCURRENCY_CODES = new Set(["WS_REQUEST_BLOCKED", "WS_CONCUR_SESSION_DISALLWD"])
const CONCURRENCY_FAULTS = new Set(["exceededconcurrentrequestlimitfault", "exceededrequestlimitfault"])

const unescapeXml = (text: string) =>
  text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")

/** The text of the first element with this local name (any prefix), unescaped. */
const elementText = (xml: string, localName: string): string | undefined => {
  const match = new RegExp(`<(?:[\\w.-]+:)?${localName}(?:\\s[^>]*)?>([^<]*)</`).exec(xml)
  return match === null ? undefined : unescapeXml(match[1]!)
}

/**
 * Classifies the answer to a `getServerTime` call. Every text taken from the server is shortened,
 * flattened to one line, and has each value of `hide` (the passport's signature and nonce, in case
 * a proxy echoes the request) replaced with `…`.
 * For instance, a 200 answer whose body has `<platformCore:status isSuccess="true"/>` and no
 * `serverTime` is `{ kind: "success", serverTime: undefined }`.
 */
export const classifySoapAnswer = (answer: HttpAnswer, hide: ReadonlyArray<string>): SoapAnswer => {
  const clean = (text: string | undefined): string | undefined => {
    if (text === undefined) return undefined
    let out = text
    for (const value of hide) if (value !== "") out = out.split(value).join("…")
    out = out.replace(/[\s\p{Cc}]+/gu, " ").trim()
    return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out
  }
  const body = answer.body
  if (/<(?:[\w.-]+:)?Fault[\s>]/.test(body)) {
    const detail = /<(?:[\w.-]+:)?detail(?:\s[^>]*)?>\s*<(?:[\w.-]+:)?([A-Za-z][\w.-]*)/.exec(body)
    const faultType = detail?.[1]
    const code = clean(elementText(body, "code"))
    const faultstring = clean(elementText(body, "faultstring"))
    const type = faultType?.toLowerCase()
    const category =
      (type !== undefined && CONCURRENCY_FAULTS.has(type)) || CONCURRENCY_CODES.has(code?.toUpperCase() ?? "")
        ? "concurrency"
        : type === "invalidcredentialsfault" ||
            LOGIN_CODES.has(code?.toUpperCase() ?? "") ||
            /invalid login/i.test(faultstring ?? "")
          ? "login"
          : "other"
    return {
      kind: "fault",
      category,
      faultcode: clean(elementText(body, "faultcode")),
      faultstring,
      faultType: clean(faultType),
      code
    }
  }
  if (answer.status === 200 && /\sisSuccess="true"/.test(body))
    return { kind: "success", serverTime: clean(elementText(body, "serverTime")) }
  if (answer.status === 200 && /\sisSuccess="false"/.test(body)) {
    const why = [elementText(body, "code"), elementText(body, "message")].filter(Boolean).join(": ")
    return {
      kind: "unexpected",
      description: `HTTP 200 with isSuccess="false" (${clean(why) || "no detail"})`
    }
  }
  const type = answer.headers["content-type"]?.split(";", 1)[0]?.trim()
  return {
    kind: "unexpected",
    description: `HTTP ${answer.status}${type ? ` ${clean(type)}` : ""}, not a SOAP getServerTime answer`
  }
}

/** One line for a fault: `"Invalid login attempt." (soapenv:Server.userException, invalidCredentialsFault, INVALID_LOGIN_ATTEMPT)`. */
export const describeSoapFault = (fault: Extract<SoapAnswer, { kind: "fault" }>): string => {
  const facts = [fault.faultcode, fault.faultType, fault.code].filter((x) => x !== undefined && x !== "")
  const text = fault.faultstring ? JSON.stringify(fault.faultstring) : "a SOAP fault with no faultstring"
  return facts.length > 0 ? `${text} (${facts.join(", ")})` : text
}
