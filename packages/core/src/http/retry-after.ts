/**
 * Reads a `Retry-After` header: delta seconds, or an HTTP date relative to `nowMillis`.
 * Returns undefined when absent or unreadable.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from "@netsuite-auth/core/internal"
 * parseRetryAfter("3", Date.now()) // 3
 * ```
 * @category http
 */
export const parseRetryAfter = (value: string | null | undefined, nowMillis: number): number | undefined => {
  if (value === undefined || value === null) return undefined
  const trimmed = value.trim()
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMillis) / 1000))
}
