import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The bin as users run it in the workspace: `node src/bin.ts` (Node 24 strips the types). */
export const BIN = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `netsuite-auth ...args` as a child process with exactly `env` (plus PATH). */
export const runCli = (
  args: ReadonlyArray<string>,
  env: Record<string, string> = {},
  options: { readonly cwd?: string; readonly timeoutMillis?: number } = {}
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: { PATH: process.env.PATH ?? "", ...env },
        cwd: options.cwd,
        timeout: options.timeoutMillis ?? 20_000,
        encoding: "utf8"
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : undefined
        if (code === undefined) reject(error)
        else resolve({ code, stdout, stderr })
      }
    )
  })

/** Fails the test when any secret shows up in the output. */
export const expectNoSecrets = (run: CliRun, secrets: ReadonlyArray<string>): void => {
  for (const secret of secrets) {
    if (secret.length < 8) throw new Error("test bug: secret too short to search for")
    if (run.stdout.includes(secret) || run.stderr.includes(secret)) {
      throw new Error(`a secret leaked into the output (${secret.slice(0, 4)}…)`)
    }
  }
}

/** The spec's T1 credentials as NETSUITE_* variables. */
export const T1_ENV = {
  NETSUITE_ACCOUNT_ID: "1234567",
  NETSUITE_CONSUMER_KEY: "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
  NETSUITE_TOKEN_ID: "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82",
  NETSUITE_CONSUMER_SECRET: "7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd",
  NETSUITE_TOKEN_SECRET: "060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2"
} as const

export const T1_SECRETS = [T1_ENV.NETSUITE_CONSUMER_SECRET, T1_ENV.NETSUITE_TOKEN_SECRET]
