#!/usr/bin/env node
// Changesets in CI, without a terminal and without touching the work tree:
//   1. `changeset status` (fails when a changed package has no changeset);
//   2. `changeset version` on a scratch copy of the manifests and .changeset/, then checks that
//      every publishable package got a CHANGELOG.md entry for its new version, that the fixed
//      group moved together, and that the private demo and bench were left alone.
import { spawnSync } from "node:child_process"
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { binPath } from "./lib/tools.mjs"
import { publishablePackages, repoRoot } from "./lib/workspace.mjs"

const changeset = binPath("@changesets/cli", "changeset")
const runChangeset = (args, cwd) =>
  spawnSync(process.execPath, [changeset, ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"]
  })

const status = runChangeset(["status"], repoRoot)
process.stdout.write(status.stdout + status.stderr)
if (status.status !== 0) {
  console.error(
    "changeset status failed: add a changeset with `pnpm changeset` for the packages you changed."
  )
  process.exit(1)
}

const pending = readdirSync(join(repoRoot, ".changeset")).filter(
  (f) => f.endsWith(".md") && f !== "README.md"
)
if (pending.length === 0) {
  console.log("no pending changesets: nothing to version")
  process.exit(0)
}

// A scratch copy of what `changeset version` reads and writes: the root manifest, the workspace
// file, .changeset/, and the package.json of every workspace package.
const scratch = mkdtempSync(join(tmpdir(), "netsuite-auth-changeset-"))
try {
  for (const file of ["package.json", "pnpm-workspace.yaml"])
    cpSync(join(repoRoot, file), join(scratch, file))
  cpSync(join(repoRoot, ".changeset"), join(scratch, ".changeset"), { recursive: true })
  symlinkSync(join(repoRoot, "node_modules"), join(scratch, "node_modules"), "dir")
  const workspaceDirs = ["packages", "apps"]
    .flatMap((parent) =>
      existsSync(join(repoRoot, parent))
        ? readdirSync(join(repoRoot, parent)).map((d) => join(parent, d))
        : []
    )
    .concat(["bench"])
    .filter((dir) => existsSync(join(repoRoot, dir, "package.json")))
  for (const dir of workspaceDirs) {
    mkdirSync(join(scratch, dir), { recursive: true })
    cpSync(join(repoRoot, dir, "package.json"), join(scratch, dir, "package.json"))
  }

  const version = runChangeset(["version"], scratch)
  process.stdout.write(version.stdout + version.stderr)
  if (version.status !== 0) {
    console.error("changeset version failed on the scratch copy")
    process.exit(1)
  }

  const problems = []
  const versions = new Map()
  for (const pkg of publishablePackages()) {
    const dir = join(scratch, "packages", pkg.folder)
    const next = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
    versions.set(pkg.name, next.version)
    const changelog = join(dir, "CHANGELOG.md")
    if (next.version === pkg.manifest.version) {
      problems.push(`${pkg.name} stayed at ${next.version}`)
    } else if (!existsSync(changelog) || !readFileSync(changelog, "utf8").includes(`## ${next.version}`)) {
      problems.push(`${pkg.name} ${next.version} has no CHANGELOG.md entry`)
    } else {
      console.log(
        `ok ${pkg.name}: ${pkg.manifest.version} -> ${next.version}, CHANGELOG.md has "## ${next.version}"`
      )
    }
  }
  if (new Set(versions.values()).size > 1) {
    problems.push(`the fixed group did not move together: ${JSON.stringify(Object.fromEntries(versions))}`)
  }
  for (const dir of workspaceDirs.filter((d) => !d.startsWith("packages/"))) {
    const before = readFileSync(join(repoRoot, dir, "package.json"), "utf8")
    const after = readFileSync(join(scratch, dir, "package.json"), "utf8")
    if (before !== after) problems.push(`${dir} (private, ignored) was changed by changeset version`)
    if (existsSync(join(scratch, dir, "CHANGELOG.md")))
      problems.push(`${dir} (private, ignored) got a CHANGELOG.md`)
  }
  for (const problem of problems) console.error(`problem: ${problem}`)
  if (problems.length > 0) process.exit(1)
  console.log(`changeset version (scratch copy): ${versions.size} packages versioned with changelogs`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
