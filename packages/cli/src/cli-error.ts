import { isNetSuiteAuthError } from "@netsuite-auth/core"

/** Exit codes: 0 success, 1 a failure explained on stderr, 2 a usage error. */
export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

/**
 * A failure the command explains itself: printed as `error [CODE]: message` (no stack trace).
 * Messages say what is wrong and how to fix it, and never hold a secret.
 *
 * @example
 * ```ts
 * import { CliError } from "@netsuite-auth/cli"
 * throw new CliError("NETSUITE_AUTH_FILE_EXISTS", "keys/private.pem exists: choose another --out directory.")
 * ```
 */
export class CliError extends Error {
  override readonly name = "CliError"
  readonly code: string
  readonly exitCode: 1 | 2
  constructor(code: string, message: string, exitCode: 1 | 2 = EXIT_FAILURE) {
    super(message)
    this.code = code
    this.exitCode = exitCode
  }
}

/** A usage error (exit code 2). */
export const usageError = (message: string): CliError =>
  new CliError("NETSUITE_AUTH_USAGE", message, EXIT_USAGE)

// Frames of the Effect runtime and of Node's own internals: they say nothing about the user's
// code or ours, and an Effect stack carries about fifteen of them.
const INTERNAL_FRAME = /[\\/]effect[\\/]dist[\\/]|\(?~effect\/|node:internal[\\/]|\(native\)/

/** An error's stack with the Effect-runtime and Node-internal frames left out. */
export const userStack = (error: Error): string =>
  (error.stack ?? `${error.name}: ${error.message}`)
    .split("\n")
    .filter((line, i) => i === 0 || !/^\s+at /.test(line) || !INTERNAL_FRAME.test(line))
    .join("\n")

/**
 * Terminal text: a period doubled where a quoted sentence meets ours ("Audit Trail.. Check")
 * becomes one; an ellipsis `...` is kept.
 */
export const tidy = (text: string): string => text.replace(/(?<!\.)\.\.(?!\.)/g, ".")

const ISSUES_URL = "https://github.com/netsuite-auth/netsuite-auth/issues"

/** The one stderr line for a failure, and the exit code that goes with it. */
export const describeFailure = (
  error: unknown,
  debug: boolean
): { readonly text: string; readonly exitCode: 1 | 2 } => {
  if (error instanceof CliError)
    return { text: tidy(`error [${error.code}]: ${error.message}`), exitCode: error.exitCode }
  if (isNetSuiteAuthError(error))
    return { text: tidy(`error [${error.code}]: ${error.message}`), exitCode: EXIT_FAILURE }
  // Anything else is a bug: say so, keep the stack (the user's frames) for NETSUITE_AUTH_DEBUG=1.
  const message = error instanceof Error ? error.message : String(error)
  const stack = debug && error instanceof Error ? `\n${userStack(error)}` : ""
  return {
    text: `error [NETSUITE_AUTH_UNEXPECTED]: ${message} (a bug in netsuite-auth: please report it at ${ISSUES_URL}; NETSUITE_AUTH_DEBUG=1 shows where)${stack}`,
    exitCode: EXIT_FAILURE
  }
}
