import { ConfigError } from "../errors.ts"

/**
 * The SOAP WSDL versions NetSuite published that take a `tokenPassport`, oldest first: two a
 * year (`YYYY_1`, `YYYY_2`) from 2015_2, the first with Token-Based Authentication, to 2025_2,
 * the last SOAP endpoint NetSuite publishes (SOAP web services are removed in 2028.2).
 * Each one is the endpoint `NetSuitePort_<version>` and the passport's namespaces.
 * NetSuite supports an endpoint for about three years; from 2027.1 only 2025_2.
 *
 * @example
 * ```ts
 * import { WSDL_VERSIONS } from "@netsuite-auth/core"
 * WSDL_VERSIONS.at(-1) // "2025_2"
 * ```
 * @category constants
 */
export const WSDL_VERSIONS = [
  "2015_2",
  "2016_1",
  "2016_2",
  "2017_1",
  "2017_2",
  "2018_1",
  "2018_2",
  "2019_1",
  "2019_2",
  "2020_1",
  "2020_2",
  "2021_1",
  "2021_2",
  "2022_1",
  "2022_2",
  "2023_1",
  "2023_2",
  "2024_1",
  "2024_2",
  "2025_1",
  "2025_2"
] as const

/** One of NetSuite's published SOAP WSDL versions, such as `"2025_2"`. */
export type WsdlVersion = (typeof WSDL_VERSIONS)[number]

/** The newest (and last) SOAP WSDL version: what to use unless your code targets an older endpoint. */
export const LATEST_WSDL_VERSION: WsdlVersion = "2025_2"

const PUBLISHED: ReadonlySet<string> = new Set(WSDL_VERSIONS)

/** Whether a value is one of {@link WSDL_VERSIONS} as written (no normalization). */
export const isWsdlVersion = (value: unknown): value is WsdlVersion =>
  typeof value === "string" && PUBLISHED.has(value)

// The one message for every refused value: what the valid versions are and which one to use.
const refused = (shown: string) =>
  new ConfigError({
    reason: "InvalidOption",
    message: `Unknown SOAP WSDL version ${shown}: NetSuite published ${WSDL_VERSIONS[0]} to ${LATEST_WSDL_VERSION} (YYYY_1 and YYYY_2). Use "${LATEST_WSDL_VERSION}", the last one.`
  })

/**
 * Checks a SOAP WSDL version against NetSuite's published ones and returns it as `YYYY_N`.
 * Also accepted: the forms NetSuite writes elsewhere, `v2025_2_0` (the WSDL URL) and `2025.2`
 * (the release name). Anything else, including a well-formed version NetSuite never published
 * (`2025_3`, `2026_1`) or a non-string, fails with a {@link ConfigError}
 * `NETSUITE_AUTH_INVALID_OPTION` that names the valid range.
 *
 * @example
 * ```ts
 * import { parseWsdlVersion } from "@netsuite-auth/core"
 * parseWsdlVersion("v2024_2_0") // "2024_2"
 * parseWsdlVersion("2025.2") // "2025_2"
 * ```
 * @category constructors
 */
export const parseWsdlVersion = (input: unknown): WsdlVersion => {
  if (typeof input !== "string") throw refused(`(${input === null ? "null" : typeof input}, not a string)`)
  const normalized = input
    .trim()
    .replace(/^v/i, "")
    .replace(/_0$/, "")
    .replace(/^(\d{4})\.(\d)$/, "$1_$2")
  if (!isWsdlVersion(normalized)) throw refused(JSON.stringify(input.slice(0, 32)))
  return normalized
}
