// The publishable packages of the workspace: every packages/*/package.json that is not private,
// ordered so a package comes after the workspace packages it depends on.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..")

/** The custom export condition that points workspace imports at `src/`; never published. */
export const SOURCE_CONDITION = "@netsuite-auth/source"

/** @returns {{ dir: string, name: string, folder: string, manifest: Record<string, any> }[]} */
export const publishablePackages = () => {
  const packagesDir = join(repoRoot, "packages")
  const found = []
  for (const folder of readdirSync(packagesDir).sort()) {
    const file = join(packagesDir, folder, "package.json")
    if (!existsSync(file)) continue
    const manifest = JSON.parse(readFileSync(file, "utf8"))
    if (manifest.private === true || typeof manifest.name !== "string") continue
    found.push({ dir: join(packagesDir, folder), folder, name: manifest.name, manifest })
  }
  return topologicalOrder(found)
}

const internalDependencies = (pkg, names) =>
  ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]
    .flatMap((field) => Object.keys(pkg.manifest[field] ?? {}))
    .filter((name) => names.has(name) && name !== pkg.name)

const topologicalOrder = (packages) => {
  const names = new Set(packages.map((p) => p.name))
  const byName = new Map(packages.map((p) => [p.name, p]))
  const ordered = []
  const state = new Map()
  const visit = (pkg) => {
    if (state.get(pkg.name) === "done") return
    if (state.get(pkg.name) === "visiting") return // a cycle: keep going, pnpm reports cycles itself
    state.set(pkg.name, "visiting")
    for (const dep of internalDependencies(pkg, names)) visit(byName.get(dep))
    state.set(pkg.name, "done")
    ordered.push(pkg)
  }
  for (const pkg of packages) visit(pkg)
  return ordered
}

/** Drops the source condition from an exports map (recursively), keeping everything else in order. */
export const withoutSourceCondition = (exportsField) => {
  if (exportsField === null || typeof exportsField !== "object") return exportsField
  if (Array.isArray(exportsField)) return exportsField.map(withoutSourceCondition)
  return Object.fromEntries(
    Object.entries(exportsField)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, value]) => [key, withoutSourceCondition(value)])
  )
}
