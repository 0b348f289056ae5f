/**
 * What the caller receives never carries the credentials a request was sent with: the
 * `Authorization` value, the bearer token, a passport. The lifecycle knows the exact values it
 * sent (`Outcome.sent`); these functions take them out of what an adapter hands over.
 */

const REDACTED = "[redacted]"

/** `text` with every occurrence of each secret replaced. */
export const redactText = (text: string, secrets: ReadonlyArray<string>): string => {
  let out = text
  for (const secret of secrets)
    if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED)
  return out
}

/**
 * A copy of a response body (text, parsed JSON) with every secret taken out of its strings;
 * values without a secret are returned as they are. Depth-bounded: bodies are data, not graphs.
 */
export const redactDeep = (value: unknown, secrets: ReadonlyArray<string>, depth = 0): unknown => {
  if (secrets.length === 0) return value
  if (typeof value === "string") return redactText(value, secrets)
  if (typeof value !== "object" || value === null || depth > 20) return value
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets, depth + 1))
  if (Object.getPrototypeOf(value) !== Object.prototype) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, secrets, depth + 1)
  return out
}

// Node's ClientRequest keeps the headers it sent in a symbol-keyed map: found once, by name.
let outHeaders: symbol | undefined
const outHeadersOf = (request: object): Record<string, [string, unknown]> | undefined => {
  outHeaders ??= Object.getOwnPropertySymbols(request).find((s) => s.description === "kOutHeaders")
  return outHeaders === undefined
    ? undefined
    : ((request as Record<symbol, unknown>)[outHeaders] as Record<string, [string, unknown]> | undefined)
}

/**
 * Takes the secrets out of a sent request object an HTTP client hands the caller (Node's
 * `ClientRequest` as axios' `response.request`): its raw header text (`_header`) and its header
 * map (`getHeader("authorization")`).
 */
export const scrubSentRequest = (request: unknown, secrets: ReadonlyArray<string>): void => {
  if (typeof request !== "object" || request === null || secrets.length === 0) return
  const raw = (request as { _header?: unknown })._header
  if (typeof raw === "string") (request as { _header: string })._header = redactText(raw, secrets)
  const headers = outHeadersOf(request)
  if (headers === undefined || headers === null) return
  for (const entry of Object.values(headers)) {
    if (Array.isArray(entry) && typeof entry[1] === "string") entry[1] = redactText(entry[1], secrets)
  }
}
