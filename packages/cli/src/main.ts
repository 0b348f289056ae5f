import { readFileSync } from "node:fs"
import { parseWsdlVersion } from "@netsuite-auth/core"
import { isKeyType, KEY_TYPES, MAX_CERTIFICATE_DAYS } from "@netsuite-auth/keys"
import { Command, CommanderError, InvalidArgumentError, Option } from "commander"
import { CliError, describeFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, usageError } from "./cli-error.ts"
import { assertionCommand } from "./commands/assertion.ts"
import { doctor, formatCheck } from "./commands/doctor.ts"
import { keygen } from "./commands/keygen.ts"
import { mockServerCommand } from "./commands/mock-server.ts"
import { oauth1Command } from "./commands/oauth1.ts"
import { DEFAULT_WSDL_VERSION, passportCommand } from "./commands/passport.ts"
import { tokenCommand } from "./commands/token.ts"
import type { CliIo } from "./credentials.ts"

/** Options for {@link runCli} beyond the I/O. */
export interface RunCliOptions extends CliIo {
  /** Milliseconds since the epoch (default `Date.now`). */
  readonly now?: (() => number) | undefined
}

/** Flags that would carry a secret, and where the secret belongs instead. */
export const SECRET_FLAGS: Readonly<Record<string, string>> = {
  "--consumer-secret": "NETSUITE_CONSUMER_SECRET",
  "--token-secret": "NETSUITE_TOKEN_SECRET",
  "--private-key": "NETSUITE_PRIVATE_KEY (or NETSUITE_PRIVATE_KEY_PATH / --private-key-path)",
  "--client-secret": "the environment (M2M needs no client secret: it signs with the private key)",
  "--secret": "the environment",
  "--password": "the environment",
  "--access-token": "the environment",
  "--token": "the environment (the token ID goes in --token-id)"
}

const version = (): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: string
    }
    return pkg.version ?? "0.0.0"
  } catch {
    return "0.0.0"
  }
}

const integer =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`)
    }
    return Number(value)
  }

const nonce = (value: string): string => {
  if (!/^[0-9A-Za-z]{6,64}$/.test(value))
    throw new InvalidArgumentError("NetSuite wants 6 to 64 letters and digits.")
  return value
}

const wsdlVersion = (value: string): string => {
  try {
    return parseWsdlVersion(value)
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e))
  }
}

const scopes = (value: string): Array<string> => {
  const list = value.split(/[\s,]+/).filter(Boolean)
  if (list.length === 0)
    throw new InvalidArgumentError("give one or more of rest_webservices, restlets, suite_analytics.")
  return list
}

const refuseSecretFlags = (argv: ReadonlyArray<string>): void => {
  for (const arg of argv) {
    if (arg === "--") return
    const name = arg.split("=", 1)[0]!
    const home = SECRET_FLAGS[name]
    if (home !== undefined) {
      // The value is never echoed: it may already be the secret.
      throw usageError(
        `${name} is not accepted: secrets are never taken as flags (they would end up in shell history and process lists). Put the value in ${home}, or in a file passed with --env-file.`
      )
    }
  }
}

// Commander echoes an unknown "--name=value" whole; the value may be a secret with a typo'd name.
const hideValues = (text: string) => text.replace(/(--?[A-Za-z][\w-]*)=\S*?(?=['"\s]|$)/g, "$1=…")

const outputFor = (io: CliIo, name: string) => ({
  writeOut: (s: string) => io.stdout.write(s),
  writeErr: (s: string) => io.stderr.write(s),
  outputError: (s: string, write: (s: string) => void) =>
    write(
      `error [NETSUITE_AUTH_USAGE]: ${hideValues(s.replace(/^error:\s*/, "").trimEnd())}\n(see ${name} --help)\n`
    )
})

const addAccount = (cmd: Command) =>
  cmd
    .option("--env-file <file>", "read NETSUITE_* variables from a dotenv file (wins over the environment)")
    .option(
      "--dotenv <file>",
      "the same as --env-file, and safe for a missing file (node itself exits 9 on a missing --env-file)"
    )
    .option("--account <id>", "account ID (NETSUITE_ACCOUNT_ID), any form: 1234567_SB1, 1234567-sb1")
    .option(
      "--base-url <url>",
      "send requests here instead of NetSuite (NETSUITE_BASE_URL), e.g. a mock server"
    )
const addTba = (cmd: Command) =>
  cmd
    .option("--consumer-key <key>", "consumer key (NETSUITE_CONSUMER_KEY)")
    .option("--token-id <id>", "token ID (NETSUITE_TOKEN_ID)")
const addM2m = (cmd: Command) =>
  cmd
    .option("--client-id <id>", "client ID of the integration record (NETSUITE_CLIENT_ID)")
    .option("--certificate-id <id>", "certificate ID from the M2M setup page (NETSUITE_CERTIFICATE_ID)")
    .option("--private-key-path <file>", "PEM private key file (NETSUITE_PRIVATE_KEY_PATH)")

const SECRETS_NOTE = `
Secrets (NETSUITE_CONSUMER_SECRET, NETSUITE_TOKEN_SECRET, NETSUITE_PRIVATE_KEY) are read only from
the environment or --env-file, never from flags, and are never printed. Flags win over --env-file,
which wins over the environment.`

const DOCTOR_CHECKS = `
Checks: account ID forms, endpoints, configured schemes, M2M key and certificate, clock skew
(the server's Date header); when the server answers, an M2M token and a bearer REST call, and
with TBA a signed REST call and a signed SOAP getServerTime (NetSuitePort_<--wsdl-version>).
Exit code 1 when any check fails.
`

/** Builds the `netsuite-auth` program; actions report their outcome through `setExit`. */
const buildProgram = (io: CliIo, now: () => number, setExit: (code: number) => void): Command => {
  const program = new Command("netsuite-auth")
  program
    .description(
      "Set up, inspect and debug NetSuite authentication (OAuth 2.0 M2M and Token-Based Authentication)."
    )
    .version(version(), "-v, --version")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput(outputFor(io, "netsuite-auth"))
    .addHelpText("after", SECRETS_NOTE)

  program
    .command("keygen")
    .description(
      "Write private.pem (PKCS#8) and a self-signed certificate.pem for OAuth 2.0 M2M; never overwrites."
    )
    .requiredOption("--out <dir>", "directory for private.pem and certificate.pem (created if missing)")
    .addOption(new Option("--type <type>", "key type").choices(Object.keys(KEY_TYPES)).default("ec-p256"))
    .option(
      "--days <n>",
      `certificate validity in days, 1 to ${MAX_CERTIFICATE_DAYS}`,
      integer("--days", 1, MAX_CERTIFICATE_DAYS),
      MAX_CERTIFICATE_DAYS
    )
    .option("--subject <dn>", "certificate subject", "CN=netsuite-auth M2M")
    .addHelpText(
      "after",
      "\nExample:\n  netsuite-auth keygen --out ./netsuite-keys --type ec-p256 --days 365"
    )
    .action((opts: { out: string; type: string; days: number; subject: string }) => {
      if (!isKeyType(opts.type)) throw usageError(`unknown --type ${opts.type}`)
      keygen({ out: opts.out, type: opts.type, days: opts.days, subject: opts.subject }, io, now())
    })

  addM2m(addAccount(program.command("assertion")))
    .description("Print a signed client assertion JWT (one line) for the M2M credentials.")
    .option("--alg <alg>", "PS256, PS384, PS512, ES256, ES384 or ES512 (default: from the key)")
    .option(
      "--scope <list>",
      "comma-separated scopes (default NETSUITE_SCOPES or rest_webservices,restlets)",
      scopes
    )
    .option(
      "--lifetime <seconds>",
      "assertion lifetime, exp - iat (default 300, at most 3600)",
      integer("--lifetime", 1, 3600)
    )
    .addHelpText(
      "after",
      `\nExample:\n  netsuite-auth assertion --env-file .env --scope rest_webservices${SECRETS_NOTE}`
    )
    .action(async (opts) => assertionCommand(opts, io))

  addM2m(addAccount(program.command("token")))
    .description("Request an access token (honours NETSUITE_BASE_URL); prints type, lifetime and expiry.")
    .option("--json", "print one JSON object")
    .option("--show-token", "also print the access token itself")
    .option("--alg <alg>", "assertion algorithm (default: from the key)")
    .option("--scope <list>", "comma-separated scopes", scopes)
    .addHelpText(
      "after",
      `\nExample:\n  NETSUITE_BASE_URL=http://127.0.0.1:8080 netsuite-auth token --json${SECRETS_NOTE}`
    )
    .action(async (opts) => tokenCommand(opts, io, now))

  addTba(addAccount(program.command("passport")))
    .description("Print a signed SOAP tokenPassport for the TBA credentials.")
    .option("--nonce <nonce>", "fixed nonce (6 to 64 letters and digits; default: random)", nonce)
    .option(
      "--timestamp <seconds>",
      "fixed Unix timestamp (default: now)",
      integer("--timestamp", 1, Number.MAX_SAFE_INTEGER)
    )
    .option(
      "--wsdl-version <version>",
      "WSDL version for the namespaces: one NetSuite published, YYYY_N",
      wsdlVersion,
      DEFAULT_WSDL_VERSION
    )
    .addOption(new Option("--format <format>", "output format").choices(["xml", "json"]).default("xml"))
    .addHelpText(
      "after",
      `\nExample:\n  netsuite-auth passport --format json --nonce 6obMKq0tmY8ylVOdEkA1 --timestamp 1439829974${SECRETS_NOTE}`
    )
    .action((opts) => passportCommand(opts, io, now()))

  addTba(addAccount(program.command("oauth1")))
    .description("Print the OAuth 1.0a Authorization header value for a REST or RESTlet request.")
    .requiredOption("--method <method>", "HTTP method, e.g. GET")
    .requiredOption("--url <url>", "the absolute URL as it will be sent, query included")
    .option("--nonce <nonce>", "fixed nonce (default: random)", nonce)
    .option(
      "--timestamp <seconds>",
      "fixed Unix timestamp (default: now)",
      integer("--timestamp", 1, Number.MAX_SAFE_INTEGER)
    )
    .option("--base-string", "also print the signature base string on a second line")
    .addHelpText(
      "after",
      `\nExample:\n  netsuite-auth oauth1 --method GET --url 'https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1' --base-string${SECRETS_NOTE}`
    )
    .action((opts) => oauth1Command(opts, io, now()))

  addM2m(addTba(addAccount(program.command("doctor"))))
    .description(
      "Check the configuration and, when a server answers, real calls; one ok/warn/fail line per check."
    )
    .option("--certificate <file>", "the certificate uploaded to NetSuite (or NETSUITE_CERTIFICATE_PATH)")
    .option("--alg <alg>", "the assertion algorithm you intend to use (default: from the key)")
    .option("--timeout <seconds>", "per network check (default 10)", integer("--timeout", 1, 120))
    .option(
      "--wsdl-version <YYYY_N>",
      "WSDL version of the SOAP check (endpoint NetSuitePort_<version>, passport namespaces): one NetSuite published",
      wsdlVersion,
      DEFAULT_WSDL_VERSION
    )
    .addHelpText(
      "after",
      `${DOCTOR_CHECKS}\nExample:\n  netsuite-auth doctor --env-file .env --certificate ./netsuite-keys/certificate.pem${SECRETS_NOTE}`
    )
    .action(async (opts) => {
      const checks = await doctor(opts, io, now, (check) => io.stdout.write(`${formatCheck(check)}\n`))
      setExit(checks.some((c) => c.status === "fail") ? EXIT_FAILURE : EXIT_OK)
    })

  program
    .command("mock-server")
    .description("Run the mock NetSuite in the foreground; prints one JSON ready line on stdout.")
    .option("--port <n>", "port (0 picks a free one)", integer("--port", 0, 65535))
    .option("--host <host>", "interface to bind (default 127.0.0.1)")
    .option("--config <file>", "JSON configuration (accounts, M2M certificates, TBA tokens)")
    .addHelpText("after", "\nExample:\n  netsuite-auth mock-server --port 8080 --config mock.json")
    .action(async (opts: { port?: number; host?: string; config?: string }) => {
      setExit(await mockServerCommand(opts, io))
    })

  // Each subcommand's usage errors point at its own --help.
  for (const command of program.commands)
    command.configureOutput(outputFor(io, `netsuite-auth ${command.name()}`))
  return program
}

/**
 * Runs the `netsuite-auth` command with the given arguments (without `node` and the script)
 * and returns the exit code: 0 success, 1 a failure explained on stderr, 2 a usage error.
 *
 * @example
 * ```ts
 * import { runCli } from "@netsuite-auth/cli"
 * const code = await runCli(["passport", "--format", "json"], { env: process.env, stdout: process.stdout, stderr: process.stderr })
 * ```
 */
export const runCli = async (argv: ReadonlyArray<string>, options: RunCliOptions): Promise<number> => {
  const io = options
  const now = options.now ?? Date.now
  let exitCode = EXIT_OK
  try {
    refuseSecretFlags(argv)
    if (argv.length === 0) {
      const help = buildProgram(io, now, () => {}).helpInformation()
      io.stderr.write(help)
      return EXIT_USAGE
    }
    const program = buildProgram(io, now, (code) => {
      exitCode = code
    })
    await program.parseAsync([...argv], { from: "user" })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parse problem is a usage error.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT_OK
      return EXIT_USAGE
    }
    const { text, exitCode: code } = describeFailure(error, Boolean(io.env.NETSUITE_AUTH_DEBUG))
    io.stderr.write(`${text}\n`)
    return code
  }
}

export { CliError }
