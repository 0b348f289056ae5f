/**
 * Secret scanning: every text a user could see (error message, stack, inspect, JSON, event
 * payloads, console output) is checked for any configured secret or derived key material.
 */
import { inspect } from "node:util"

/** The lines of a PEM body long enough to be unmistakable (64-char base64 lines). */
export const pemBodyLines = (pem: string): Array<string> =>
  pem
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 40 && !l.startsWith("-----"))

/** Every way an error can be shown to a user or a log. */
export const errorTexts = (error: unknown): Array<string> => {
  const texts = [String(error), inspect(error, { depth: 8, showHidden: true })]
  if (error instanceof Error) {
    texts.push(error.message, error.stack ?? "")
    if (error.cause !== undefined) texts.push(...errorTexts(error.cause))
  }
  try {
    texts.push(JSON.stringify(error) ?? "")
  } catch (e) {
    texts.push(`(JSON.stringify threw ${(e as Error).name})`)
  }
  return texts
}

/** Returns the secrets (by label) that appear in any of the texts. */
export const leaks = (
  texts: ReadonlyArray<string>,
  secrets: Readonly<Record<string, string>>
): Array<string> => {
  const found: Array<string> = []
  for (const [label, secret] of Object.entries(secrets)) {
    if (secret.length < 8) continue
    if (texts.some((t) => t.includes(secret))) found.push(label)
  }
  return found
}

/** The secrets of a set of TBA credentials, including the derived HMAC key. */
export const tbaSecrets = (tba: { readonly consumerSecret: string; readonly tokenSecret: string }) => ({
  consumerSecret: tba.consumerSecret,
  tokenSecret: tba.tokenSecret,
  signingKey: `${encodeURIComponent(tba.consumerSecret)}&${encodeURIComponent(tba.tokenSecret)}`
})

/** The secrets of a PEM private key: each body line. */
export const pemSecrets = (label: string, pem: string): Record<string, string> =>
  Object.fromEntries(pemBodyLines(pem).map((line, i) => [`${label} line ${i + 1}`, line]))

/**
 * Captures console output and writes to stdout/stderr while `fn` runs (nothing reaches the
 * terminal meanwhile), and returns it with `fn`'s result.
 */
export const captureOutput = async <A>(
  fn: () => Promise<A>
): Promise<{ value: A; output: Array<string> }> => {
  const output: Array<string> = []
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const
  const saved = methods.map((m) => console[m])
  const savedOut = process.stdout.write
  const savedErr = process.stderr.write
  const record = (...args: Array<unknown>) => {
    output.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 8 }))).join(" "))
  }
  for (const m of methods) console[m] = record
  const writer = ((chunk: unknown) => {
    output.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"))
    return true
  }) as typeof process.stdout.write
  process.stdout.write = writer
  process.stderr.write = writer
  try {
    const value = await fn()
    return { value, output }
  } finally {
    methods.forEach((m, i) => {
      console[m] = saved[i] as (typeof console)[typeof m]
    })
    process.stdout.write = savedOut
    process.stderr.write = savedErr
  }
}
