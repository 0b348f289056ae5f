/**
 * What kind of value a caller passed, for an error message: `a number`, `null`, `an object`, ...
 * Never the value itself (it may be a secret), and never a `TypeError` (`String(x)` throws for a
 * symbol in a template or an object without a prototype, `JSON.stringify` for a bigint).
 *
 * @internal
 */
export const describeValue = (value: unknown): string => {
  if (value === null) return "null"
  if (value === undefined) return "undefined"
  if (Array.isArray(value)) return "an array"
  const type = typeof value
  return type === "object" ? "an object" : `a ${type}`
}
