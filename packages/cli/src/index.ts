/**
 * @netsuite-auth/cli: the `netsuite-auth` command, also callable from code.
 *
 * @module
 */
export { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "./cli-error.ts"
export { type DoctorCheck, formatCheck } from "./commands/doctor.ts"
export type { CliIo, CredentialFlags } from "./credentials.ts"
export { parseEnvFile } from "./env-file.ts"
export { type RunCliOptions, runCli, SECRET_FLAGS } from "./main.ts"
