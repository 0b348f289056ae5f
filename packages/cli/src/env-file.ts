import { CliError } from "./cli-error.ts"

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  n: "\n",
  r: "\r",
  t: "\t",
  '"': '"',
  "\\": "\\",
  $: "$"
}

const invalid = (file: string, line: number, why: string) =>
  // Never quote the line: it may hold a secret.
  new CliError(
    "NETSUITE_AUTH_ENV_FILE_INVALID",
    `${file} line ${line}: ${why}. Each line must be KEY=value (values may be "double quoted", 'single quoted', and # starts a comment).`
  )

/**
 * Parses a dotenv file: `KEY=value` lines, an optional `export ` prefix, blank lines and `#`
 * comments; `"double quoted"` values may span lines and understand `\n`, `\r`, `\t`, `\"`, `\\`;
 * `'single'` and `` `backtick` `` quoted values are literal; unquoted values end at ` #`.
 * Nothing is interpolated. Later keys win. Errors name the line, never its content.
 *
 * @example
 * ```ts
 * import { parseEnvFile } from "@netsuite-auth/cli"
 * parseEnvFile('NETSUITE_ACCOUNT_ID=1234567_SB1\nNETSUITE_PRIVATE_KEY="-----BEGIN…\\n…"', ".env")
 * ```
 */
export const parseEnvFile = (text: string, file = ".env"): Record<string, string> => {
  const out: Record<string, string> = {}
  const src = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n")
  let i = 0
  let line = 1
  while (i < src.length) {
    const lineStart = line
    const eol = src.indexOf("\n", i)
    const rest = src.slice(i, eol === -1 ? src.length : eol)
    const trimmed = rest.trim()
    if (trimmed === "" || trimmed.startsWith("#")) {
      i = eol === -1 ? src.length : eol + 1
      line++
      continue
    }
    const body = trimmed.replace(/^export\s+/, "")
    const eq = body.indexOf("=")
    if (eq === -1) throw invalid(file, lineStart, "no = sign")
    const key = body.slice(0, eq).trim()
    if (!KEY.test(key)) throw invalid(file, lineStart, "the name is not a valid variable name")
    // Position of the first value character in `src`.
    const valueOffset = i + rest.indexOf(body) + eq + 1
    let j = valueOffset
    while (src[j] === " " || src[j] === "\t") j++
    const quote = src[j]
    if (quote === '"' || quote === "'" || quote === "`") {
      let value = ""
      let k = j + 1
      let closed = false
      while (k < src.length) {
        const c = src[k]!
        if (c === quote) {
          closed = true
          break
        }
        if (c === "\n") line++
        if (quote === '"' && c === "\\" && k + 1 < src.length) {
          const next = src[k + 1]!
          value += DOUBLE_QUOTED_ESCAPES[next] ?? `\\${next}`
          k += 2
          continue
        }
        value += c
        k++
      }
      if (!closed) throw invalid(file, lineStart, `the ${quote} quote is never closed`)
      const after = src.indexOf("\n", k + 1)
      const trailing = src.slice(k + 1, after === -1 ? src.length : after).trim()
      if (trailing !== "" && !trailing.startsWith("#"))
        throw invalid(file, line, "text after the closing quote")
      out[key] = value
      i = after === -1 ? src.length : after + 1
      line++
      continue
    }
    const raw = src.slice(j, eol === -1 ? src.length : eol)
    const comment = raw.search(/\s#/)
    out[key] = (comment === -1 ? raw : raw.slice(0, comment)).trim()
    i = eol === -1 ? src.length : eol + 1
    line++
  }
  return out
}
