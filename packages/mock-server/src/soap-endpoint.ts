import { escapeXml as escapeXmlText } from "@netsuite-auth/core/internal"
import { DOMParser, type Document, type Element, onErrorStopParsing } from "@xmldom/xmldom"
import type { ResolvedAccount, TbaConfig } from "./config.ts"
import { type MockResponse, soapClientError, soapEnvelope } from "./netsuite-error-bodies.ts"
import type { NonceStore } from "./nonce-store.ts"
import { NONCE, rfc3986Encode, signatureMatches, TIMESTAMP_WINDOW_SECONDS } from "./oauth1-verification.ts"
import { soapNamespaces } from "./soap-wsdl.ts"

const SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
const PASSPORT_FIELDS = ["account", "consumerKey", "token", "nonce", "timestamp", "signature"] as const

/** A parsed SOAP request: the envelope's header and body elements. */
export interface SoapRequest {
  readonly header: ReadonlyArray<Element>
  readonly body: ReadonlyArray<Element>
}

const childElements = (element: Element): Array<Element> => {
  const out: Array<Element> = []
  for (let n = element.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1) out.push(n as Element)
  }
  return out
}

/** Parses an envelope with a namespace-aware XML parser; undefined if it is not SOAP 1.1. */
export const parseSoapEnvelope = (xml: string): SoapRequest | undefined => {
  // SOAP forbids a DTD; refusing it also rules out entity expansion tricks.
  if (/<!DOCTYPE/i.test(xml)) return undefined
  let doc: Document
  try {
    doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, "text/xml")
  } catch {
    return undefined
  }
  const envelope = doc.documentElement
  if (envelope === null || envelope.namespaceURI !== SOAP_ENV || envelope.localName !== "Envelope")
    return undefined
  const parts = childElements(envelope)
  const header = parts.find((e) => e.namespaceURI === SOAP_ENV && e.localName === "Header")
  const body = parts.find((e) => e.namespaceURI === SOAP_ENV && e.localName === "Body")
  if (body === undefined) return undefined
  return { header: header === undefined ? [] : childElements(header), body: childElements(body) }
}

/** The account a passport names, if it is a configured account (for governance before verifying). */
export const passportAccount = (request: SoapRequest): string | undefined => {
  const passport = request.header.find((e) => e.localName === "tokenPassport")
  const account =
    passport === undefined ? undefined : childElements(passport).find((e) => e.localName === "account")
  return account?.textContent?.trim()
}

/** Verification outcome of a SOAP request's authentication. */
export type PassportResult =
  | { readonly ok: true; readonly account: ResolvedAccount; readonly tba: TbaConfig }
  | { readonly ok: false; readonly reason: string; readonly message?: string }

/**
 * Verifies the `tokenPassport` as NetSuite does: one passport, no other authentication next to
 * it, wrapper in the endpoint version's messages namespace, the six children in the same
 * version's core namespace, `algorithm="HMAC-SHA256"`, timestamp ±5 min, signature, nonce reuse.
 */
export const verifyPassport = (
  request: SoapRequest,
  context: {
    readonly version: string
    readonly cookie: string | undefined
    readonly accounts: ReadonlyMap<string, ResolvedAccount>
    readonly nonces: NonceStore
    readonly nowSeconds: number
    readonly realNowMillis: number
  }
): PassportResult => {
  const ns = soapNamespaces(context.version)
  const fail = (reason: string, message?: string): PassportResult => ({
    ok: false,
    reason,
    ...(message === undefined ? {} : { message })
  })
  const passports = request.header.filter((e) => e.localName === "tokenPassport")
  const otherAuth = request.header.some(
    (e) => e.localName === "applicationInfo" || e.localName === "passport"
  )
  const sessionCookie = /(?:^|;)\s*JSESSIONID=/i.test(context.cookie ?? "")
  if (passports.length > 0 && (otherAuth || sessionCookie))
    return fail("AmbiguousAuthentication", "Ambiguous authentication")
  if (passports.length === 0) return fail("MissingTokenPassport")
  if (passports.length > 1) return fail("MultipleTokenPassports")
  const passport = passports[0]!
  if (passport.namespaceURI !== ns.messages) return fail("InvalidNamespace")
  const children = childElements(passport)
  const values: Partial<Record<(typeof PASSPORT_FIELDS)[number], Element>> = {}
  for (const field of PASSPORT_FIELDS) {
    const matches = children.filter((c) => c.localName === field && c.namespaceURI === ns.core)
    if (matches.length !== 1 || !matches[0]!.textContent?.trim())
      return fail("MissingTokenPassportRequiredFields")
    values[field] = matches[0]!
  }
  const text = (field: (typeof PASSPORT_FIELDS)[number]) => values[field]!.textContent!.trim()
  const signature = values.signature!
  if (signature.getAttribute("algorithm") !== "HMAC-SHA256") return fail("UnsupportedSignatureMethod")
  const account = context.accounts.get(text("account"))
  if (account === undefined) return fail("InvalidAccount")
  const withKey = account.tba.filter((t) => t.consumerKey === text("consumerKey"))
  if (withKey.length === 0) return fail("consumer_key_unknown")
  const tba = withKey.find((t) => t.tokenId === text("token"))
  if (tba === undefined) return fail("InvalidToken")
  const nonce = text("nonce")
  if (!NONCE.test(nonce)) return fail("nonce_rejected")
  const timestamp = text("timestamp")
  if (
    !/^[0-9]{1,12}$/.test(timestamp) ||
    Math.abs(Number(timestamp) - context.nowSeconds) > TIMESTAMP_WINDOW_SECONDS
  ) {
    return fail("InvalidTimestamp")
  }
  const base = [account.realm, tba.consumerKey, tba.tokenId, nonce, timestamp].map(rfc3986Encode).join("&")
  if (!signatureMatches(tba, base, text("signature"))) return fail("InvalidSignature")
  if (!context.nonces.use(tba.consumerKey, nonce, timestamp, context.realNowMillis)) return fail("NonceUsed")
  return { ok: true, account, tba }
}

const documentInfo = (version: string) =>
  `<platformMsgs:documentInfo xmlns:platformMsgs="${soapNamespaces(version).messages}"><platformMsgs:nsId>WEBSERVICES_MOCK_${Date.now()}</platformMsgs:nsId></platformMsgs:documentInfo>`

const ok = (version: string, body: string): MockResponse => ({
  status: 200,
  headers: { "content-type": "text/xml; charset=utf-8" },
  body: soapEnvelope(documentInfo(version), body)
})

/** Runs an authenticated operation: `getServerTime` or `get` (customer by internal ID). */
export const runSoapOperation = (
  request: SoapRequest,
  version: string,
  account: ResolvedAccount,
  nowMillis: number
): MockResponse => {
  const ns = soapNamespaces(version)
  const operation = request.body[0]
  if (operation === undefined || operation.namespaceURI !== ns.messages) {
    return soapClientError(
      version,
      `The body must hold one operation element in ${ns.messages}.`,
      "UnknownOperation"
    )
  }
  if (operation.localName === "getServerTime") {
    return ok(
      version,
      `<getServerTimeResponse xmlns="${ns.messages}"><platformCore:getServerTimeResult xmlns:platformCore="${ns.core}">` +
        `<platformCore:status isSuccess="true"/><platformCore:serverTime>${new Date(nowMillis).toISOString()}</platformCore:serverTime>` +
        "</platformCore:getServerTimeResult></getServerTimeResponse>"
    )
  }
  if (operation.localName === "get") {
    const ref = childElements(operation).find((e) => e.localName === "baseRef")
    const type = ref?.getAttribute("type") ?? ""
    const internalId = ref?.getAttribute("internalId") ?? ""
    const head = `<getResponse xmlns="${ns.messages}"><readResponse><platformCore:status xmlns:platformCore="${ns.core}" isSuccess=`
    if (type !== "customer" || !/^[0-9]{1,18}$/.test(internalId)) {
      return ok(
        version,
        `${head}"false"><platformCore:statusDetail type="ERROR"><platformCore:code>RCRD_DSNT_EXIST</platformCore:code>` +
          "<platformCore:message>That record does not exist.</platformCore:message></platformCore:statusDetail>" +
          "</platformCore:status></readResponse></getResponse>"
      )
    }
    const id = escapeXmlText(internalId)
    return ok(
      version,
      `${head}"true"/><record xmlns:listRel="${ns.relationships}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
        `xsi:type="listRel:Customer" internalId="${id}"><listRel:entityId>CUST${id}</listRel:entityId>` +
        `<listRel:companyName>Mock Customer ${id} (${escapeXmlText(account.realm)})</listRel:companyName>` +
        `<listRel:email>customer${id}@example.com</listRel:email></record></readResponse></getResponse>`
    )
  }
  return soapClientError(
    version,
    `The mock server does not implement ${operation.localName}; it implements getServerTime and get.`,
    "UnknownOperation"
  )
}
