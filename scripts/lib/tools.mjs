// Runs the workspace's dev tools (publint, attw, tsc, typedoc) on the current Node, without the
// `node_modules/.bin` shims (their shebang would pick whatever `node` comes first on PATH).
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { repoRoot } from "./workspace.mjs"

/** The absolute path of a package's bin script, read from its package.json in the root node_modules. */
export const binPath = (packageName, binName) => {
  const dir = join(repoRoot, "node_modules", packageName)
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.[binName ?? packageName]
  if (typeof bin !== "string") throw new Error(`${packageName} has no bin ${binName ?? ""}`)
  return join(dir, bin)
}

/** Runs a command, streaming its output; returns the exit status. */
export const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: "inherit", ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

/** Runs a command and captures stdout+stderr; returns { status, output }. */
export const capture = (command, args, options = {}) => {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options })
  if (result.error) throw result.error
  return { status: result.status ?? 1, output: `${result.stdout ?? ""}${result.stderr ?? ""}` }
}
