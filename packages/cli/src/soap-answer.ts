import sax from "sax"
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

/** One element of the answer: local name, attributes by local name, children, text. */
interface XmlElement {
  readonly local: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: Array<XmlElement>
  text: string
}

/**
 * The answer's element tree, parsed by sax (the XML parser node-soap itself uses), with
 * namespaces resolved and entities decoded; `undefined` when the body is not well-formed XML
 * or declares a DOCTYPE (a SOAP answer never does).
 */
const parseXml = (xml: string): XmlElement | undefined => {
  const parser = sax.parser(true, { xmlns: true })
  const stack: Array<XmlElement> = []
  let root: XmlElement | undefined
  let failed = false
  parser.onerror = (error) => {
    // An undeclared prefix (`<x:status>` with no xmlns:x) still has a readable local name.
    if (/^Unbound namespace prefix/.test(error.message)) {
      ;(parser as { error: Error | null }).error = null
      parser.resume()
      return
    }
    failed = true
  }
  parser.ondoctype = () => {
    failed = true
  }
  parser.onopentag = (tag) => {
    const qualified = tag as sax.QualifiedTag
    const attributes: Record<string, string> = {}
    for (const attribute of Object.values(qualified.attributes)) attributes[attribute.local] = attribute.value
    const element: XmlElement = { local: qualified.local, attributes, children: [], text: "" }
    stack.at(-1)?.children.push(element)
    root ??= element
    stack.push(element)
  }
  parser.onclosetag = () => {
    stack.pop()
  }
  parser.ontext = parser.oncdata = (text) => {
    const current = stack.at(-1)
    if (current !== undefined) current.text += text
  }
  try {
    parser.write(xml).close()
  } catch {
    failed = true
  }
  return failed ? undefined : root
}

/** The first element (depth first, the element itself included) with this local name. */
const find = (element: XmlElement | undefined, local: string): XmlElement | undefined => {
  if (element === undefined) return undefined
  if (element.local === local) return element
  for (const child of element.children) {
    const found = find(child, local)
    if (found !== undefined) return found
  }
  return undefined
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
  const root = parseXml(answer.body)
  const fault = find(root, "Fault")
  if (fault !== undefined) {
    const detail = find(fault, "detail")?.children[0]
    const faultType = detail?.local
    const code = clean(find(detail, "code")?.text)
    const faultstring = clean(find(fault, "faultstring")?.text)
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
      faultcode: clean(find(fault, "faultcode")?.text),
      faultstring,
      faultType: clean(faultType),
      code
    }
  }
  const status = find(root, "status")
  if (answer.status === 200 && status?.attributes.isSuccess === "true")
    return { kind: "success", serverTime: clean(find(root, "serverTime")?.text) }
  if (answer.status === 200 && status?.attributes.isSuccess === "false") {
    const why = [find(status, "code")?.text, find(status, "message")?.text].filter(Boolean).join(": ")
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
