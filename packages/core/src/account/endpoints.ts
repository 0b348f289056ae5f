import { ConfigError } from "../errors.ts"
import type { AccountId } from "./account-id.ts"
import { parseWsdlVersion } from "./wsdl-versions.ts"

/** The URLs of one NetSuite account (or of a `baseUrl` that serves them all, such as the mock server). */
export interface Endpoints {
  /** OAuth 2.0 token endpoint; also the exact `aud` of the client assertion. */
  readonly tokenUrl: string
  /** REST web services root, e.g. `https://1234567.suitetalk.api.netsuite.com/services/rest`. */
  readonly restBaseUrl: string
  /** RESTlet script URL without query, e.g. `https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl`. */
  readonly restletUrl: string
  /** SOAP endpoint for a WSDL version (`2025_2`), e.g. `https://…/services/NetSuitePort_2025_2`. */
  readonly soapUrl: (wsdlVersion: string) => string
  /** The SOAP WSDL of a version: NetSuite's public one, or the base URL's (`<baseUrl>/wsdl/v2025_2_0/netsuite.wsdl`). */
  readonly wsdlUrl: (wsdlVersion: string) => string
}

/**
 * Checks and normalizes a base URL override: http(s), no credentials, query or fragment,
 * no trailing slash.
 *
 * @category constructors
 */
export const parseBaseUrl = (input: string): string => {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new ConfigError({
      reason: "InvalidUrl",
      message: `Invalid base URL ${JSON.stringify(input.slice(0, 200))}: expected an absolute http(s) URL such as http://127.0.0.1:8080.`
    })
  }
  if (
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  ) {
    throw new ConfigError({
      reason: "InvalidUrl",
      message: `Invalid base URL ${JSON.stringify(url.origin + url.pathname)}: use http(s) with no user, query or fragment.`
    })
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "")
}

/**
 * The endpoints of an account. With `baseUrl`, every surface is served under that one URL
 * (the mock server, a proxy, or an account whose domains differ).
 *
 * @example
 * ```ts
 * import { AccountId, endpointsFor } from "@netsuite-auth/core"
 * const e = endpointsFor(AccountId.parseOrThrow("1234567_SB1"))
 * e.tokenUrl // "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
 * e.soapUrl("2025_2") // "https://1234567-sb1.suitetalk.api.netsuite.com/services/NetSuitePort_2025_2"
 * e.wsdlUrl("2025_2") // "https://webservices.netsuite.com/wsdl/v2025_2_0/netsuite.wsdl"
 * ```
 * @category constructors
 */
export const endpointsFor = (
  account: AccountId,
  options: { readonly baseUrl?: string | undefined } = {}
): Endpoints => {
  const suitetalk =
    options.baseUrl === undefined
      ? `https://${account.host}.suitetalk.api.netsuite.com`
      : parseBaseUrl(options.baseUrl)
  const restlets =
    options.baseUrl === undefined ? `https://${account.host}.restlets.api.netsuite.com` : suitetalk
  return {
    tokenUrl: `${suitetalk}/services/rest/auth/oauth2/v1/token`,
    restBaseUrl: `${suitetalk}/services/rest`,
    restletUrl: `${restlets}/app/site/hosting/restlet.nl`,
    soapUrl: (wsdlVersion) => `${suitetalk}/services/NetSuitePort_${parseWsdlVersion(wsdlVersion)}`,
    wsdlUrl: (wsdlVersion) =>
      `${options.baseUrl === undefined ? "https://webservices.netsuite.com" : suitetalk}/wsdl/v${parseWsdlVersion(wsdlVersion)}_0/netsuite.wsdl`
  }
}
