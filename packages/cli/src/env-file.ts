import { parseEnv } from "node:util"
import { CliError } from "./cli-error.ts"

// What a variable name may be. parseEnv keeps going past a line it cannot read and folds it into
// the next name (Node 20: "secretline\nNETSUITE_X"), so a name outside this shape means a broken line.
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/

/**
 * Parses a dotenv file with Node's own parser (`util.parseEnv`, Node >= 20.12): `KEY=value`
 * lines, an optional `export ` prefix, `#` comments, `"double"` (with `\n` escapes and multi-line
 * values), `'single'` and `` `backtick` `` quotes. Nothing is interpolated; later keys win.
 * A line it cannot read as `KEY=value` is an error naming the file, never the line's content
 * (it may hold a secret).
 *
 * @example
 * ```ts
 * import { parseEnvFile } from "@netsuite-auth/cli"
 * parseEnvFile('NETSUITE_ACCOUNT_ID=1234567_SB1\nNETSUITE_PRIVATE_KEY="-----BEGIN…\\n…"', ".env")
 * ```
 */
export const parseEnvFile = (text: string, file = ".env"): Record<string, string> => {
  const parsed = parseEnv(text.replace(/^\uFEFF/, ""))
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(parsed)) {
    if (!NAME.test(name)) {
      throw new CliError(
        "NETSUITE_AUTH_ENV_FILE_INVALID",
        `${file} has a line that is not KEY=value: write one NAME=value per line (# starts a comment).`
      )
    }
    if (value !== undefined) out[name] = value
  }
  return out
}
