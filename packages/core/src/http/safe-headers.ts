// Kept off everything the caller receives: they carry credentials or session state.
const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "set-cookie",
  "cookie"
])

/**
 * A plain copy of response headers without credentials or cookies; takes plain objects and
 * header classes with `toJSON` (`AxiosHeaders`) or `entries` (`Headers`).
 *
 * @example
 * ```ts
 * import { safeHeaders } from "@netsuite-auth/core/internal"
 * safeHeaders({ "Set-Cookie": "JSESSIONID=1", "content-type": "application/json" }) // { "content-type": "application/json" }
 * ```
 * @category http
 */
export const safeHeaders = (headers: unknown): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  if (typeof headers !== "object" || headers === null) return out
  const source = headers as {
    toJSON?: () => Record<string, unknown>
    entries?: () => Iterable<[string, unknown]>
  }
  const entries =
    typeof source.toJSON === "function"
      ? Object.entries(source.toJSON())
      : typeof source.entries === "function"
        ? source.entries()
        : Object.entries(headers)
  for (const [name, value] of entries) if (!SENSITIVE_HEADERS.has(name.toLowerCase())) out[name] = value
  return out
}
