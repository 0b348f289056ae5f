#!/usr/bin/env node
// Writes the packaging fields of every publishable package (packages/*, not private) so a new
// package is publishable the moment it exists: files, engines, license, repository, homepage,
// bugs, keywords, sideEffects, the build script, a tsconfig.build.json, and `publishConfig` (the
// exports map without the workspace-only source condition, plus the legacy `main`/`types`).
// It also applies the one dependency policy for the libraries every package shares (below).
// Only these fields are touched; everything else in package.json is left as it is.
// Usage: node scripts/sync-package-fields.mjs [--check]   (--check: exit 1 if anything would change)
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { publishablePackages, repoRoot, withoutSourceCondition } from "./lib/workspace.mjs"

const REPOSITORY_URL = "git+https://github.com/netsuite-auth/netsuite-auth.git"
const WEB_URL = "https://github.com/netsuite-auth/netsuite-auth"
const BASE_KEYWORDS = ["netsuite", "suitetalk", "oauth", "authentication"]
const EXTRA_KEYWORDS = {
  core: ["tba", "oauth1", "m2m", "client-credentials", "jwt", "effect"],
  axios: ["axios", "interceptor", "tba", "m2m", "restlet", "rest"],
  fetch: ["fetch", "undici", "tba", "oauth1", "m2m", "restlet", "rest"],
  soap: ["soap", "node-soap", "tba", "token-passport", "suitetalk-soap"],
  "mock-server": ["mock", "testing", "fake-server", "tba", "m2m"],
  cli: ["cli", "keygen", "doctor", "m2m", "certificate"],
  keys: ["m2m", "client-credentials", "certificate", "x509", "keygen"]
}

// The dependency policy, one line per shared library:
// - `effect` is a PEER (`^<the workspace's version>`) of every package that uses it, and a
//   devDependency pinned to the workspace's version. Effect values (errors, Effects, Redacted)
//   cross package boundaries, so a consumer must end up with ONE copy: pinning it as a dependency
//   of cli and mock-server installed a second copy the moment effect 4.2 shipped.
// - `jose` is a DEPENDENCY with a caret range: an internal detail of signing and verifying that
//   never crosses an API, so npm may dedupe it with the consumer's own jose 6.
const workspaceVersionOf = (name) => {
  const root = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"))
  const version = root.devDependencies?.[name]
  if (!/^\d+\.\d+\.\d+$/.test(version ?? "")) throw new Error(`root package.json must pin ${name} exactly`)
  return version
}
const EFFECT_VERSION = workspaceVersionOf("effect")
const DEPENDENCY_POLICY = {
  effect: { as: "peerDependencies", range: `^${EFFECT_VERSION}`, dev: EFFECT_VERSION },
  jose: { as: "dependencies", range: "^6.2.18" }
}

/** Moves and re-ranges the shared libraries per DEPENDENCY_POLICY; returns what changed. */
const applyDependencyPolicy = (m) => {
  const notes = []
  for (const [name, rule] of Object.entries(DEPENDENCY_POLICY)) {
    const declared = ["dependencies", "peerDependencies"].filter((field) => m[field]?.[name] !== undefined)
    if (declared.length === 0) continue
    for (const field of declared) {
      if (field === rule.as && m[field][name] === rule.range) continue
      notes.push(
        field === rule.as
          ? `${name} ${field} range ${m[field][name]} -> ${rule.range}`
          : `${name} moved from ${field} to ${rule.as}`
      )
      delete m[field][name]
      if (Object.keys(m[field]).length === 0) delete m[field]
    }
    m[rule.as] = sortKeys({ ...(m[rule.as] ?? {}), [name]: rule.range })
    if (rule.dev !== undefined && m.devDependencies?.[name] !== rule.dev) {
      notes.push(`${name} devDependencies ${m.devDependencies?.[name] ?? "(none)"} -> ${rule.dev}`)
      m.devDependencies = sortKeys({ ...(m.devDependencies ?? {}), [name]: rule.dev })
    }
  }
  return notes
}

const sortKeys = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)))

const BUILD_TSCONFIG = {
  extends: "../../tsconfig.base.json",
  compilerOptions: { types: ["node"], rootDir: "src", outDir: "dist" },
  include: ["src"],
  exclude: ["src/**/*.test.ts"]
}

/** Inserts (or replaces) `key` right after the first existing key of `after`, keeping the rest in order. */
const put = (object, key, value, after) => {
  if (key in object) {
    object[key] = value
    return object
  }
  const anchor = after.find((candidate) => candidate in object)
  const entries = Object.entries(object)
  const at = anchor === undefined ? entries.length : entries.findIndex(([k]) => k === anchor) + 1
  entries.splice(at, 0, [key, value])
  return Object.fromEntries(entries)
}

const sync = ({ dir, folder, manifest: original }) => {
  let m = structuredClone(original)
  const notes = []
  const ensure = (key, value, after) => {
    if (!(key in m)) notes.push(`added ${key}`)
    else if (JSON.stringify(m[key]) === JSON.stringify(value)) return
    else notes.push(`set ${key}`)
    m = put(m, key, value, after)
  }
  if (!Array.isArray(m.keywords)) {
    ensure("keywords", [...BASE_KEYWORDS, ...(EXTRA_KEYWORDS[folder] ?? [])], ["description", "version"])
  }
  ensure("repository", { type: "git", url: REPOSITORY_URL, directory: `packages/${folder}` }, [
    "keywords",
    "description"
  ])
  ensure("homepage", `${WEB_URL}/tree/main/packages/${folder}#readme`, ["repository"])
  ensure("bugs", { url: `${WEB_URL}/issues` }, ["homepage"])
  ensure("license", "MIT", ["bugs", "repository"])
  ensure("type", "module", ["license"])
  ensure("sideEffects", false, ["type"])
  ensure("engines", { node: ">=20.19" }, ["sideEffects"])
  const files = Array.isArray(m.files) ? m.files : []
  const wanted = ["dist", "src", "README.md", "CHANGELOG.md"]
  ensure("files", [...files, ...wanted.filter((f) => !files.includes(f))], ["exports", "engines"])
  if (m.exports !== undefined) {
    const rootTypes = m.exports?.["."]?.types
    const rootDefault = m.exports?.["."]?.default ?? m.exports?.["."]?.import
    const publishConfig = { ...(m.publishConfig ?? {}) }
    publishConfig.access = "public"
    // node10-style resolvers (old TypeScript `moduleResolution: node`, old tools) ignore `exports`.
    if (typeof rootDefault === "string") publishConfig.main = rootDefault
    if (typeof rootTypes === "string") publishConfig.types = rootTypes
    publishConfig.exports = withoutSourceCondition(m.exports)
    ensure("publishConfig", publishConfig, ["exports"])
  }
  if (typeof m.scripts?.build !== "string") {
    notes.push("added scripts.build")
    m = put(m, "scripts", { ...(m.scripts ?? {}) }, ["files"])
    m.scripts = { build: "tsc -p tsconfig.build.json", ...m.scripts }
  }
  notes.push(...applyDependencyPolicy(m))
  const tsconfigBuild = join(dir, "tsconfig.build.json")
  return { manifest: m, notes, missingTsconfig: !existsSync(tsconfigBuild), tsconfigBuild }
}

/**
 * JSON.stringify with 2 spaces, but keeps an array of strings on one line when the original file
 * wrote that key's array on one line (so syncing does not reformat a manifest).
 */
const serialize = (manifest, originalText) => {
  const inlineKeys = new Set([...originalText.matchAll(/"([^"]+)":\s*\[[^\n\]]*\]/g)].map((m) => m[1]))
  const render = (value, indent, key) => {
    if (Array.isArray(value) && value.every((v) => typeof v === "string") && inlineKeys.has(key)) {
      return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]"
      const inner = value.map((v) => `${indent}  ${render(v, `${indent}  `)}`).join(",\n")
      return `[\n${inner}\n${indent}]`
    }
    if (value !== null && typeof value === "object") {
      const entries = Object.entries(value)
      if (entries.length === 0) return "{}"
      const inner = entries
        .map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${render(v, `${indent}  `, k)}`)
        .join(",\n")
      return `{\n${inner}\n${indent}}`
    }
    return JSON.stringify(value)
  }
  return `${render(manifest, "")}\n`
}

const check = process.argv.includes("--check")
let changed = false
for (const pkg of publishablePackages()) {
  const { manifest, notes, missingTsconfig, tsconfigBuild } = sync(pkg)
  if (missingTsconfig) notes.push("added tsconfig.build.json")
  if (notes.length === 0) {
    console.log(`${pkg.name}: packaging fields up to date`)
    continue
  }
  changed = true
  console.log(`${pkg.name}: ${notes.join(", ")}`)
  if (check) continue
  const file = join(pkg.dir, "package.json")
  writeFileSync(file, serialize(manifest, readFileSync(file, "utf8")))
  if (missingTsconfig) writeFileSync(tsconfigBuild, `${JSON.stringify(BUILD_TSCONFIG, null, 2)}\n`)
}
// Every publishable package is versioned by changesets in the one fixed group (so each gets its
// CHANGELOG.md entry on `changeset version`, and all share one version).
const changesetConfigFile = join(repoRoot, ".changeset/config.json")
const changesetConfig = JSON.parse(readFileSync(changesetConfigFile, "utf8"))
const fixedGroup = changesetConfig.fixed?.[0] ?? []
const notVersioned = publishablePackages()
  .map((p) => p.name)
  .filter((name) => !fixedGroup.includes(name))
if (notVersioned.length > 0) {
  changed = true
  console.log(`.changeset/config.json: ${notVersioned.join(", ")} not in the fixed group`)
  if (!check) {
    changesetConfig.fixed = [[...fixedGroup, ...notVersioned], ...(changesetConfig.fixed ?? []).slice(1)]
    writeFileSync(changesetConfigFile, serialize(changesetConfig, readFileSync(changesetConfigFile, "utf8")))
  }
}

if (check && changed) {
  console.error("Packaging fields are out of date: run `node scripts/sync-package-fields.mjs`.")
  process.exit(1)
}
