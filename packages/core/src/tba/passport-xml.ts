import { parseWsdlVersion } from "../account/wsdl-versions.ts"
import type { Passport } from "./passport.ts"

/** The two namespaces a `tokenPassport` lives in, for a WSDL version such as `2025_2`. */
export const passportNamespaces = (
  wsdlVersion: string
): { readonly messages: string; readonly core: string } => {
  const version = parseWsdlVersion(wsdlVersion)
  return {
    messages: `urn:messages_${version}.platform.webservices.netsuite.com`,
    core: `urn:core_${version}.platform.webservices.netsuite.com`
  }
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;"
}

const NEEDS_ESCAPING = /[&<>"']/

/** Escapes text for XML character data and attribute values. */
export const escapeXml = (value: string): string =>
  NEEDS_ESCAPING.test(value) ? value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!) : value

// The opening tag per WSDL version as given: one parse and one string per version, not per passport.
const openingTags = new Map<string, string>()
const openingTag = (wsdlVersion: string): string => {
  let tag = openingTags.get(wsdlVersion)
  if (tag === undefined) {
    const ns = passportNamespaces(wsdlVersion)
    tag = `<platformMsgs:tokenPassport xmlns:platformMsgs="${ns.messages}" xmlns:platformCore="${ns.core}">`
    openingTags.set(wsdlVersion, tag)
  }
  return tag
}

/**
 * Renders a passport as the `tokenPassport` SOAP header element: the wrapper in the messages
 * namespace, the children in the core namespace (as NetSuite's schema says), every value escaped.
 * The element declares its own namespaces, so it can be dropped into any `<soap:Header>`.
 *
 * @example
 * ```ts
 * import { passportXml, type Passport } from "@netsuite-auth/core"
 * declare const p: Passport
 * passportXml(p, "2025_2") // <platformMsgs:tokenPassport xmlns:platformMsgs="urn:messages_2025_2…">…
 * ```
 * @category encoding
 */
export const passportXml = (passport: Passport, wsdlVersion: string): string =>
  openingTag(wsdlVersion) +
  `<platformCore:account>${escapeXml(passport.account)}</platformCore:account>` +
  `<platformCore:consumerKey>${escapeXml(passport.consumerKey)}</platformCore:consumerKey>` +
  `<platformCore:token>${escapeXml(passport.token)}</platformCore:token>` +
  `<platformCore:nonce>${escapeXml(passport.nonce)}</platformCore:nonce>` +
  `<platformCore:timestamp>${escapeXml(String(passport.timestamp))}</platformCore:timestamp>` +
  `<platformCore:signature algorithm="${escapeXml(passport.algorithm)}">${escapeXml(passport.signature)}</platformCore:signature>` +
  "</platformMsgs:tokenPassport>"
