import { Effect } from "effect"
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

const invalid = (input: string, why: string) =>
  new ConfigError({
    reason: "InvalidAccountId",
    message:
      `Invalid NetSuite account ID ${JSON.stringify(input.slice(0, 64))}: ${why}. ` +
      "Use the ID from Setup > Company > Company Information (for example 1234567, 1234567_SB1 or TSTDRV1234567)."
  })

const parseEither = (input: unknown): AccountId | ConfigError => {
  if (typeof input !== "string") return invalid(String(input), "expected a string")
  const trimmed = input.trim()
  if (trimmed === "") return invalid(input, "it is empty")
  const match = ACCOUNT_ID.exec(trimmed)
  if (match === null) {
    return invalid(
      input,
      "only letters and digits, optionally followed by _SB<n> or _RP, are allowed (no dots, slashes, colons or spaces)"
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

/**
 * Parses what users type (`1234567`, `1234567_sb1`, `1234567-SB1`, `tstdrv123`, ` 1234567_RP `).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
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
