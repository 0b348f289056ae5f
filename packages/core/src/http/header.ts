/** Headers as clients hand them over: a plain object (any case), or an object with `get` (`Headers`, `AxiosHeaders`). */
export type HeaderSource =
  | Readonly<Record<string, unknown>>
  | { readonly get: (name: string) => unknown }
  | null
  | undefined

const text = (value: unknown): string | undefined => {
  if (typeof value === "string") return value
  if (typeof value === "number") return String(value)
  if (Array.isArray(value)) return value.map(String).join(", ")
  return undefined
}

/**
 * The value of header `name` (lower case), looked up case-insensitively; lists are joined with
 * `, `. The one header lookup every adapter and classifier uses.
 *
 * @example
 * ```ts
 * import { headerValue } from "@netsuite-auth/core/internal"
 * headerValue({ "Retry-After": "2" }, "retry-after") // "2"
 * headerValue(new Headers({ date: "Tue, 01 Dec 2026 00:00:00 GMT" }), "date") // "Tue, 01 Dec 2026 00:00:00 GMT"
 * ```
 * @category http
 */
export const headerValue = (headers: HeaderSource, name: string): string | undefined => {
  if (headers === null || headers === undefined) return undefined
  const get = (headers as { get?: unknown }).get
  if (typeof get === "function") return text(get.call(headers, name))
  const record = headers as Readonly<Record<string, unknown>>
  const direct = record[name]
  if (direct !== undefined) return text(direct)
  for (const key in record)
    if (key.length === name.length && key.toLowerCase() === name) return text(record[key])
  return undefined
}
