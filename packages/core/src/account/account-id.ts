import * as Effect from "effect/Effect"
import { ConfigError } from "../errors.ts"

/**
 * A NetSuite account ID in both of the forms NetSuite wants, parsed once.
 *
 * - `realm`: upper case with `_` (`1234567_SB1`): the OAuth 1.0a realm and the passport `account`.
 * - `host`: lower case with `-` (`1234567-sb1`): the label in `<host>.suitetalk.api.netsuite.com`.
 *
 * Getting these two wrong is the most common cause of "Invalid login attempt".
 */
export interface AccountId {
  readonly realm: string
  readonly host: string
  /** `production`, `sandbox` (`_SB<n>`), `release-preview` (`_RP`) or `test-drive` (`TSTDRV…`). */
  readonly kind: "production" | "sandbox" | "release-preview" | "test-drive"
}

// An account ID is letters and digits, optionally followed by `_SB<n>` or `_RP` (either separator,
// any case). Nothing else is accepted, so an account ID can never point a request at another host.
const ACCOUNT_ID = /^([0-9a-z]{1,40})(?:[_-](sb[0-9]{1,3}|rp))?$/i
// A sandbox or Release Preview suffix typed without its separator (`1234567sb1`): NetSuite has no
// such account, and reading it as the production-style ID `1234567SB1` sends requests to a host
// that does not exist, so it is refused with the spelling that was meant.
const MISSING_SEPARATOR = /^((?:tstdrv)?[0-9]+)(sb[0-9]{1,3}|rp)$/i

const EXAMPLES =
  "Use the ID from Setup > Company > Company Information (e.g. 1234567, 1234567_SB1, TSTDRV1234567)."

const invalid = (shown: string, why: string) =>
  new ConfigError({
    reason: "InvalidAccountId",
    message: `Invalid NetSuite account ID ${shown}: ${why}. ${EXAMPLES}`
  })

const quoted = (input: string) => JSON.stringify(input.slice(0, 64))

/** What a non-string value is, for the message (never its content beyond a short string). */
const describeValue = (input: unknown): string =>
  input === null || input === undefined
    ? String(input)
    : Array.isArray(input)
      ? "an array"
      : typeof input === "object"
        ? "an object"
        : `a ${typeof input}`

const parseString = (input: string): AccountId | ConfigError => {
  const trimmed = input.trim()
  if (trimmed === "") return invalid(quoted(input), "it is empty")
  const unseparated = MISSING_SEPARATOR.exec(trimmed)
  if (unseparated !== null) {
    const meant = `${unseparated[1]}_${unseparated[2]}`.toUpperCase()
    return invalid(quoted(input), `the suffix needs a separator: write ${meant}`)
  }
  const match = ACCOUNT_ID.exec(trimmed)
  if (match === null) {
    return invalid(
      quoted(input),
      "use letters and digits, optionally followed by _SB<n> or _RP (no dots, slashes, colons or spaces)"
    )
  }
  const base = match[1]!
  const suffix = match[2]
  const realm = suffix === undefined ? base.toUpperCase() : `${base}_${suffix}`.toUpperCase()
  const kind = suffix?.toLowerCase().startsWith("sb")
    ? "sandbox"
    : suffix !== undefined
      ? "release-preview"
      : /^tstdrv/i.test(base)
        ? "test-drive"
        : "production"
  return { realm, host: realm.toLowerCase().replace("_", "-"), kind }
}

const parseEither = (input: unknown): AccountId | ConfigError => {
  if (typeof input === "string") return parseString(input)
  // An AccountId made elsewhere (or a look-alike): trust nothing but its realm, re-derive the rest,
  // and refuse one whose host disagrees (a hand-made `{ realm, host: "evil/x?" }` must never reach a URL).
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    const { realm, host } = input as { realm?: unknown; host?: unknown }
    if (typeof realm !== "string" || typeof host !== "string") {
      return invalid(
        "(an object)",
        'expected a string such as "1234567_SB1", or an AccountId from AccountId.parse'
      )
    }
    const parsed = parseString(realm)
    if (parsed instanceof ConfigError) return parsed
    if (parsed.realm !== realm || parsed.host !== host) {
      return invalid(quoted(realm), "its realm and host do not belong together: make it with AccountId.parse")
    }
    return parsed
  }
  return invalid(`(${describeValue(input)})`, 'expected a string such as "1234567_SB1"')
}

/**
 * Parses what users type (`1234567`, `1234567_sb1`, `1234567-SB1`, `tstdrv123`, ` 1234567_RP `).
 * An {@link AccountId} is accepted too (checked again, so a hand-made object cannot smuggle a
 * host into a URL); anything else (a number, `null`, an object) fails with a {@link ConfigError}
 * `NETSUITE_AUTH_INVALID_ACCOUNT_ID`, as does `1234567sb1`, a sandbox suffix without its `_`.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { AccountId } from "@netsuite-auth/core"
 * const id = Effect.runSync(AccountId.parse("1234567-sb1"))
 * id.realm // "1234567_SB1"
 * id.host // "1234567-sb1"
 * ```
 * @category constructors
 */
export const parse = (input: unknown): Effect.Effect<AccountId, ConfigError> =>
  Effect.suspend(() => {
    const result = parseEither(input)
    return result instanceof ConfigError ? Effect.fail(result) : Effect.succeed(result)
  })

/**
 * {@link parse} for Promise and plain-function users: throws a {@link ConfigError}.
 *
 * @example
 * ```ts
 * import { AccountId } from "@netsuite-auth/core"
 * AccountId.parseOrThrow("tstdrv123").realm // "TSTDRV123"
 * ```
 * @category constructors
 */
export const parseOrThrow = (input: unknown): AccountId => {
  const result = parseEither(input)
  if (result instanceof ConfigError) throw result
  return result
}
