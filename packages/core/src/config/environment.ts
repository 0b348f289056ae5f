import * as Redacted from "effect/Redacted"
import type { AccountId } from "../account/account-id.ts"
import * as AccountIdModule from "../account/account-id.ts"
import { parseBaseUrl } from "../account/endpoints.ts"
import { ConfigError } from "../errors.ts"
import { M2MCredentials, type M2MCredentialsInput, type M2MScope } from "../m2m/m2m-credentials.ts"
import { TbaCredentials } from "../tba/tba-credentials.ts"

/** The environment variables this toolkit reads. */
export const ENVIRONMENT_VARIABLES = {
  accountId: "NETSUITE_ACCOUNT_ID",
  baseUrl: "NETSUITE_BASE_URL",
  consumerKey: "NETSUITE_CONSUMER_KEY",
  consumerSecret: "NETSUITE_CONSUMER_SECRET",
  tokenId: "NETSUITE_TOKEN_ID",
  tokenSecret: "NETSUITE_TOKEN_SECRET",
  clientId: "NETSUITE_CLIENT_ID",
  certificateId: "NETSUITE_CERTIFICATE_ID",
  privateKey: "NETSUITE_PRIVATE_KEY",
  privateKeyPath: "NETSUITE_PRIVATE_KEY_PATH",
  scopes: "NETSUITE_SCOPES"
} as const

const TBA_VARIABLES = ["consumerKey", "consumerSecret", "tokenId", "tokenSecret"] as const
const M2M_VARIABLES = ["clientId", "certificateId"] as const

/** M2M settings read from the environment, before the key is validated. */
export interface M2MEnvironment {
  readonly accountId: AccountId
  readonly clientId: string
  readonly certificateId: string
  /** The PEM text (from `NETSUITE_PRIVATE_KEY`, or read from `NETSUITE_PRIVATE_KEY_PATH`). */
  readonly privateKey: Redacted.Redacted<string>
  /** From `NETSUITE_SCOPES` (comma or space separated); absent when not set. */
  readonly scopes?: ReadonlyArray<string> | undefined
}

/** What the environment configures. */
export interface NetSuiteEnvironment {
  readonly accountId: AccountId
  readonly baseUrl?: string | undefined
  readonly tba?: TbaCredentials | undefined
  readonly m2m?: M2MEnvironment | undefined
}

const REQUIRED_SCHEMES: ReadonlyArray<FromEnvironmentOptions["require"]> = ["tba", "m2m", "any"]

export interface FromEnvironmentOptions {
  /** Which scheme must be complete. `any` (default) needs at least one. */
  readonly require?: "tba" | "m2m" | "any"
  /**
   * Reads the file named by `NETSUITE_PRIVATE_KEY_PATH`. Default on Node: `fs.readFileSync(path,
   * "utf8")` (through `process.getBuiltinModule`, so core itself imports no `node:fs`). Pass your
   * own on runtimes without it, or to read from a secret store.
   */
  readonly readFile?: (path: string) => string
}

const missingError = (names: ReadonlyArray<string>, scheme: string) =>
  new ConfigError({
    reason: "MissingEnvironment",
    message: `Missing environment variable${names.length > 1 ? "s" : ""} for ${scheme}: ${names.join(", ")}. Set ${names.length > 1 ? "them" : "it"}, or pass the values in code.`
  })

const invalidOption = (message: string) => new ConfigError({ reason: "InvalidOption", message })

const typeName = (value: unknown) =>
  value === null || value === undefined
    ? String(value)
    : Array.isArray(value)
      ? "an array"
      : typeof value === "object"
        ? "an object"
        : `a ${typeof value}`

interface NodeFs {
  readonly readFileSync: (path: string, encoding: "utf8") => string
}

/** `fs.readFileSync` on Node (>= 20.16 has `process.getBuiltinModule`); `undefined` elsewhere. */
const nodeReadFile = (): ((path: string) => string) | undefined => {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const fs = processLike?.getBuiltinModule?.("node:fs") as NodeFs | undefined
  return typeof fs?.readFileSync === "function" ? (path) => fs.readFileSync(path, "utf8") : undefined
}

const QUOTES = ['"', "'"] as const

/**
 * The value of one variable as given, trimmed, with ONE pair of matching surrounding quotes
 * removed: `docker --env-file`, systemd and some CI systems pass `KEY="value"` with its quotes,
 * and no NetSuite value (IDs, keys, secrets, URLs, PEM text, scopes) starts and ends with one.
 * A value that still starts or ends with a quote after that is a copy-paste error: refused,
 * naming the variable and never the value.
 */
const unquote = (name: string, raw: string): string | undefined => {
  let v = raw.trim()
  const first = v[0]
  if (v.length >= 2 && QUOTES.some((q) => q === first) && v.endsWith(first!)) v = v.slice(1, -1)
  if (QUOTES.some((q) => v.startsWith(q) || v.endsWith(q))) {
    throw new ConfigError({
      reason: "InvalidCredentials",
      message: `${name} starts or ends with an unmatched quote: remove the quotes around the value.`
    })
  }
  return v.trim() === "" ? undefined : v
}

const checkOptions = (env: unknown, options: unknown): FromEnvironmentOptions => {
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    throw invalidOption(
      `fromEnvironment needs the environment as an object such as process.env (got ${typeName(env)}).`
    )
  }
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw invalidOption(`fromEnvironment's options must be an object (got ${typeName(options)}).`)
  }
  const { require, readFile } = options as { require?: unknown; readFile?: unknown }
  if (require !== undefined && !REQUIRED_SCHEMES.some((scheme) => scheme === require)) {
    throw invalidOption(
      `require must be "tba", "m2m" or "any" (got ${typeof require === "string" ? JSON.stringify(require.slice(0, 32)) : typeName(require)}).`
    )
  }
  if (readFile !== undefined && typeof readFile !== "function") {
    throw invalidOption(`readFile must be a function (path) => string (got ${typeName(readFile)}).`)
  }
  return options as FromEnvironmentOptions
}

/**
 * Reads the `NETSUITE_*` variables. Throws one {@link ConfigError} naming every missing
 * variable of the scheme that is asked for (or of both, when neither is complete).
 * Values are trimmed and one pair of surrounding quotes is removed (`"abc"` is `abc`);
 * `NETSUITE_PRIVATE_KEY_PATH` is read from disk on Node unless `readFile` says otherwise.
 *
 * @example
 * ```ts
 * import { fromEnvironment } from "@netsuite-auth/core"
 * const config = fromEnvironment(process.env, { require: "m2m" })
 * config.accountId.realm // "1234567_SB1"
 * ```
 * @category constructors
 */
export const fromEnvironment = (
  env: Readonly<Record<string, string | undefined>>,
  options: FromEnvironmentOptions = {}
): NetSuiteEnvironment => {
  const checked = checkOptions(env, options)
  const value = (key: keyof typeof ENVIRONMENT_VARIABLES) => {
    const name = ENVIRONMENT_VARIABLES[key]
    const v: unknown = env[name]
    return typeof v === "string" ? unquote(name, v) : undefined
  }
  const require = checked.require ?? "any"
  const missingTba = TBA_VARIABLES.filter((k) => value(k) === undefined).map((k) => ENVIRONMENT_VARIABLES[k])
  const missingM2m = [
    ...M2M_VARIABLES.filter((k) => value(k) === undefined).map((k) => ENVIRONMENT_VARIABLES[k]),
    ...(value("privateKey") === undefined && value("privateKeyPath") === undefined
      ? [`${ENVIRONMENT_VARIABLES.privateKey} or ${ENVIRONMENT_VARIABLES.privateKeyPath}`]
      : [])
  ]
  const rawAccount = value("accountId")
  const accountMissing = rawAccount === undefined ? [ENVIRONMENT_VARIABLES.accountId] : []
  if (require === "tba" && (accountMissing.length || missingTba.length)) {
    throw missingError([...accountMissing, ...missingTba], "Token-Based Authentication")
  }
  if (require === "m2m" && (accountMissing.length || missingM2m.length)) {
    throw missingError([...accountMissing, ...missingM2m], "OAuth 2.0 client credentials (M2M)")
  }
  if (require === "any" && (accountMissing.length || (missingTba.length && missingM2m.length))) {
    throw missingError(
      [...accountMissing, ...(missingTba.length && missingM2m.length ? [...missingTba, ...missingM2m] : [])],
      "either TBA or M2M"
    )
  }
  const accountId = AccountIdModule.parseOrThrow(rawAccount)
  const baseUrlValue = value("baseUrl")
  const baseUrl = baseUrlValue === undefined ? undefined : parseBaseUrl(baseUrlValue)
  const tba =
    missingTba.length === 0
      ? TbaCredentials.make({
          accountId,
          consumerKey: value("consumerKey")!,
          consumerSecret: value("consumerSecret")!,
          tokenId: value("tokenId")!,
          tokenSecret: value("tokenSecret")!
        })
      : undefined
  const m2m = missingM2m.length === 0 ? readM2m(accountId, value, checked.readFile) : undefined
  return { accountId, baseUrl, tba, m2m }
}

const readM2m = (
  accountId: AccountId,
  value: (key: keyof typeof ENVIRONMENT_VARIABLES) => string | undefined,
  readFile: ((path: string) => string) | undefined
): M2MEnvironment => {
  const inline = value("privateKey")
  let pem: string
  if (inline !== undefined) {
    // .env files often hold the PEM on one line with literal \n sequences.
    pem = inline.includes("\\n") ? inline.replace(/\\n/g, "\n") : inline
  } else {
    const path = value("privateKeyPath")!
    const read = readFile ?? nodeReadFile()
    if (read === undefined) {
      throw invalidOption(
        `${ENVIRONMENT_VARIABLES.privateKeyPath} is set but this runtime cannot read files: pass readFile to fromEnvironment, or set ${ENVIRONMENT_VARIABLES.privateKey}.`
      )
    }
    try {
      pem = read(path)
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code
      throw new ConfigError({
        reason: "InvalidCredentials",
        message: `Cannot read ${ENVIRONMENT_VARIABLES.privateKeyPath} ${JSON.stringify(path.slice(0, 200))}${typeof code === "string" ? ` (${code})` : ""}: check the path and its permissions.`
      })
    }
    if (typeof pem !== "string") {
      throw invalidOption(`readFile must return the file's text (got ${typeName(pem)}).`)
    }
  }
  const scopes = value("scopes")
  return {
    accountId,
    clientId: value("clientId")!,
    certificateId: value("certificateId")!,
    privateKey: Redacted.make(pem, { label: "privateKey" }),
    scopes: scopes === undefined ? undefined : scopes.split(/[\s,]+/).filter(Boolean)
  }
}

/** Options of {@link m2mCredentialsFromEnvironment}: how to read the key file, and the assertion settings. */
export interface M2MFromEnvironmentOptions {
  /** Reads `NETSUITE_PRIVATE_KEY_PATH`; default on Node: `fs.readFileSync(path, "utf8")` (see {@link FromEnvironmentOptions}). */
  readonly readFile?: (path: string) => string
  readonly algorithm?: M2MCredentialsInput["algorithm"]
  readonly scopeFormat?: M2MCredentialsInput["scopeFormat"]
  readonly assertionLifetimeSeconds?: M2MCredentialsInput["assertionLifetimeSeconds"]
}

/**
 * Validated {@link M2MCredentials} from the `NETSUITE_*` variables (`NETSUITE_ACCOUNT_ID`,
 * `NETSUITE_CLIENT_ID`, `NETSUITE_CERTIFICATE_ID`, `NETSUITE_PRIVATE_KEY` or
 * `NETSUITE_PRIVATE_KEY_PATH`, optional `NETSUITE_SCOPES`). Throws one {@link ConfigError} naming
 * every missing variable, or the key's {@link KeyError}.
 *
 * @example
 * ```ts
 * import { m2mCredentialsFromEnvironment } from "@netsuite-auth/core"
 * const creds = m2mCredentialsFromEnvironment(process.env)
 * creds.algorithm // "ES256" for a P-256 key
 * ```
 * @category constructors
 */
export const m2mCredentialsFromEnvironment = (
  env: Readonly<Record<string, string | undefined>>,
  options: M2MFromEnvironmentOptions = {}
): M2MCredentials => {
  const config = fromEnvironment(env, {
    require: "m2m",
    ...(options.readFile === undefined ? {} : { readFile: options.readFile })
  })
  const m2m = config.m2m!
  return M2MCredentials.make({
    accountId: m2m.accountId,
    clientId: m2m.clientId,
    certificateId: m2m.certificateId,
    privateKey: m2m.privateKey,
    // make() checks each scope name and refuses unknown ones with a clear message.
    scopes: m2m.scopes as ReadonlyArray<M2MScope> | undefined,
    algorithm: options.algorithm,
    scopeFormat: options.scopeFormat,
    assertionLifetimeSeconds: options.assertionLifetimeSeconds
  })
}
