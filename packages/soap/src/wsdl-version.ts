import { ConfigError, parseWsdlVersion } from "@netsuite-auth/core"
import type { Client } from "soap"

/**
 * NetSuite's public WSDL for a version: `https://webservices.netsuite.com/wsdl/v<ver>_0/netsuite.wsdl`.
 *
 * @example
 * ```ts
 * import { netSuiteWsdlUrl } from "@netsuite-auth/soap"
 * netSuiteWsdlUrl("2025_2") // "https://webservices.netsuite.com/wsdl/v2025_2_0/netsuite.wsdl"
 * ```
 * @category wsdl
 */
export const netSuiteWsdlUrl = (wsdlVersion: string): string =>
  `https://webservices.netsuite.com/wsdl/v${parseWsdlVersion(wsdlVersion)}_0/netsuite.wsdl`

// Where a NetSuite WSDL states its version, most specific first.
const MESSAGES_NS = /^urn:messages_(\d{4}_\d)\.platform\.webservices\.netsuite\.com$/
const PLATFORM_NS = /^urn:platform_(\d{4}_\d)\.webservices\.netsuite\.com$/
const PORT_LOCATION = /\/NetSuitePort_(\d{4}_\d)\/?$/

interface WsdlShape {
  readonly definitions?: {
    readonly $targetNamespace?: unknown
    readonly xmlns?: Record<string, unknown>
    readonly services?: Record<string, { readonly ports?: Record<string, { readonly location?: unknown }> }>
  }
}

/**
 * The NetSuite version (`2023_2`) a parsed WSDL was published for, read from its
 * `urn:messages_<ver>` namespace, its `urn:platform_<ver>` target namespace or its
 * `NetSuitePort_<ver>` address; `undefined` when the WSDL is not NetSuite's.
 *
 * @example
 * ```ts
 * import { createClientAsync } from "soap"
 * import { detectWsdlVersion } from "@netsuite-auth/soap"
 * const client = await createClientAsync("./netsuite.wsdl")
 * detectWsdlVersion(client) // "2023_2"
 * ```
 * @category wsdl
 */
export const detectWsdlVersion = (client: Pick<Client, "wsdl">): string | undefined => {
  const definitions = (client.wsdl as unknown as WsdlShape | undefined)?.definitions
  if (definitions === undefined) return undefined
  for (const uri of Object.values(definitions.xmlns ?? {})) {
    const match = typeof uri === "string" ? MESSAGES_NS.exec(uri) : null
    if (match) return match[1]
  }
  const target = definitions.$targetNamespace
  const platform = typeof target === "string" ? PLATFORM_NS.exec(target) : null
  if (platform) return platform[1]
  for (const service of Object.values(definitions.services ?? {})) {
    for (const port of Object.values(service.ports ?? {})) {
      const match = typeof port.location === "string" ? PORT_LOCATION.exec(port.location) : null
      if (match) return match[1]
    }
  }
  return undefined
}

/**
 * The version to sign for: the one given (checked) and the one the WSDL declares must agree,
 * because the passport's namespaces and the endpoint path carry the version.
 */
export const resolveWsdlVersion = (
  given: string | undefined,
  detected: string | undefined,
  wsdl: string
): string => {
  const version = given === undefined ? undefined : parseWsdlVersion(given)
  if (version !== undefined && detected !== undefined && version !== detected) {
    throw new ConfigError({
      reason: "InvalidOption",
      message:
        `WSDL version mismatch: wsdlVersion is ${version} but the WSDL at ${wsdl} is for ${detected}. ` +
        `The tokenPassport namespaces and the endpoint must match the WSDL: pass wsdlVersion "${detected}" or load the ${version} WSDL.`
    })
  }
  const resolved = version ?? detected
  if (resolved === undefined) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Cannot tell the NetSuite version of the WSDL at ${wsdl} (no urn:messages_YYYY_N namespace): pass wsdlVersion, such as "2025_2".`
    })
  }
  return resolved
}
