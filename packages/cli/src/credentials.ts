import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import {
  ENVIRONMENT_VARIABLES,
  endpointsFor,
  fromEnvironment,
  type M2MAlgorithm,
  M2MCredentials,
  type M2MScope,
  type NetSuiteEnvironment,
  type TbaCredentials
} from "@netsuite-auth/core"
import { CliError, usageError } from "./cli-error.ts"
import { parseEnvFile } from "./env-file.ts"

/** Where the command reads its inputs and writes its output. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  /** Directory relative paths are resolved against (default `process.cwd()`). */
  readonly cwd?: string | undefined
}

/** The non-secret values every credential-reading subcommand accepts as flags. */
export interface CredentialFlags {
  readonly envFile?: string | undefined
  /** `--dotenv`: `--env-file` under a name Node does not scan for (nodejs/node#54232). */
  readonly dotenv?: string | undefined
  readonly account?: string | undefined
  readonly baseUrl?: string | undefined
  readonly consumerKey?: string | undefined
  readonly tokenId?: string | undefined
  readonly clientId?: string | undefined
  readonly certificateId?: string | undefined
  readonly privateKeyPath?: string | undefined
}

/** The certificate file doctor reads (not one of core's variables: only the CLI uses it). */
export const CERTIFICATE_PATH_VARIABLE = "NETSUITE_CERTIFICATE_PATH"

const FLAG_VARIABLES: ReadonlyArray<readonly [keyof CredentialFlags, string]> = [
  ["account", ENVIRONMENT_VARIABLES.accountId],
  ["baseUrl", ENVIRONMENT_VARIABLES.baseUrl],
  ["consumerKey", ENVIRONMENT_VARIABLES.consumerKey],
  ["tokenId", ENVIRONMENT_VARIABLES.tokenId],
  ["clientId", ENVIRONMENT_VARIABLES.clientId],
  ["certificateId", ENVIRONMENT_VARIABLES.certificateId],
  ["privateKeyPath", ENVIRONMENT_VARIABLES.privateKeyPath]
]

/** Reads a file named by the user, with an error that names the file and what to check. */
export const readUserFile = (path: string, what: string, io: CliIo): string => {
  const full = resolve(io.cwd ?? process.cwd(), path)
  try {
    return readFileSync(full, "utf8")
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new CliError(
      "NETSUITE_AUTH_FILE_UNREADABLE",
      `Cannot read ${what} ${JSON.stringify(path)}${code ? ` (${code})` : ""}: check the path and its permissions.`
    )
  }
}

/**
 * The variables the command works with: the process environment, overridden by `--env-file`
 * (the user named that file for this call), overridden by non-secret flags.
 */
export const effectiveEnvironment = (
  io: CliIo,
  flags: CredentialFlags
): Record<string, string | undefined> => {
  const env: Record<string, string | undefined> = { ...io.env }
  if (flags.envFile !== undefined && flags.dotenv !== undefined)
    throw usageError("give either --env-file or --dotenv, not both")
  const envFile = flags.dotenv ?? flags.envFile
  if (envFile !== undefined)
    Object.assign(env, parseEnvFile(readUserFile(envFile, "the env file", io), envFile))
  for (const [flag, variable] of FLAG_VARIABLES) {
    const value = flags[flag]
    if (value !== undefined) env[variable] = value
  }
  const keyPath = env[ENVIRONMENT_VARIABLES.privateKeyPath]
  if (keyPath !== undefined && keyPath.trim() !== "")
    env[ENVIRONMENT_VARIABLES.privateKeyPath] = resolve(io.cwd ?? process.cwd(), keyPath.trim())
  return env
}

/** `fromEnvironment` over the effective environment (it reads `NETSUITE_PRIVATE_KEY_PATH` itself). */
export const loadEnvironment = (
  env: Readonly<Record<string, string | undefined>>,
  require: "tba" | "m2m" | "any"
): NetSuiteEnvironment => fromEnvironment(env, { require })

/** TBA credentials, or one error naming every missing variable. */
export const loadTba = (io: CliIo, flags: CredentialFlags): TbaCredentials =>
  loadEnvironment(effectiveEnvironment(io, flags), "tba").tba!

/** Options of the M2M subcommands that shape the assertion. */
export interface M2MOptions {
  readonly alg?: string | undefined
  readonly scope?: ReadonlyArray<string> | undefined
  readonly lifetime?: number | undefined
}

/** M2M credentials (validated key, algorithm, scopes) and the token URL. */
export const loadM2m = (
  io: CliIo,
  flags: CredentialFlags,
  options: M2MOptions = {}
): { readonly credentials: M2MCredentials; readonly tokenUrl: string; readonly env: NetSuiteEnvironment } => {
  const env = loadEnvironment(effectiveEnvironment(io, flags), "m2m")
  const m2m = env.m2m!
  const credentials = M2MCredentials.make({
    accountId: m2m.accountId,
    clientId: m2m.clientId,
    certificateId: m2m.certificateId,
    privateKey: m2m.privateKey,
    algorithm: options.alg as M2MAlgorithm | undefined,
    scopes: (options.scope ?? m2m.scopes) as ReadonlyArray<M2MScope> | undefined,
    assertionLifetimeSeconds: options.lifetime
  })
  return { credentials, tokenUrl: endpointsFor(env.accountId, { baseUrl: env.baseUrl }).tokenUrl, env }
}
