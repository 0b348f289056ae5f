#!/usr/bin/env node
// Packs every publishable package (packages/*, not private) with `pnpm pack` and checks the
// TARBALL, i.e. what a consumer installs:
//   - the packed package.json has no workspace-only source condition and no `workspace:` ranges;
//   - every exports/main/types/bin target is inside the tarball, bins start with a shebang;
//   - emitted JavaScript imports `./x.js`, never `./x.ts`; each .js has its .d.ts and source map;
//   - a README is included; a .d.ts that uses node: types declares @types/node (optional peer);
//   - `publint --strict` and `attw` (ignoring only `cjs-resolves-to-esm`: see docs/adr/0001-esm-only.md).
// Usage: node scripts/pack-check.mjs <out-dir>   (the tarballs are left in <out-dir> for the smoke test)
// Assumes the packages are built (`pnpm build`).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { builtinModules } from "node:module"
import { join, relative } from "node:path"
import { binPath, capture } from "./lib/tools.mjs"
import { publishablePackages, repoRoot, SOURCE_CONDITION } from "./lib/workspace.mjs"

/** attw findings we accept, each with its reason in docs/adr/0001-esm-only.md. */
export const ATTW_IGNORED_RULES = ["cjs-resolves-to-esm"]

const outDir = process.argv[2]
if (outDir === undefined) {
  console.error("usage: node scripts/pack-check.mjs <out-dir>")
  process.exit(2)
}
mkdirSync(outDir, { recursive: true })

const filesUnder = (dir) =>
  readdirSync(dir, { recursive: true })
    .map((entry) => join(dir, String(entry)))
    .filter((file) => statSync(file).isFile())

/** Every string target in an exports/bin value (conditions nested to any depth). */
const targets = (value) =>
  typeof value === "string"
    ? [value]
    : value !== null && typeof value === "object"
      ? Object.values(value).flatMap(targets)
      : []

// A bare module specifier in emitted JS (a package the code needs at run time).
const BARE_SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']((?:node:|@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w./-]*)?)["']/g
const packageNameOf = (specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/")
const BUILTINS = new Set(builtinModules)

// A relative module specifier in emitted JS: `from "./x"`, `import("./x")`, `import "./x"`, `require("./x")`.
const RELATIVE_SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g

const checkTarball = (extracted) => {
  const problems = []
  const packed = JSON.parse(readFileSync(join(extracted, "package.json"), "utf8"))
  const packedText = JSON.stringify(packed)
  if (packedText.includes(SOURCE_CONDITION)) {
    problems.push(
      `packed package.json still has the "${SOURCE_CONDITION}" condition (add publishConfig.exports)`
    )
  }
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [name, range] of Object.entries(packed[field] ?? {})) {
      if (String(range).startsWith("workspace:")) problems.push(`${field}.${name} is still "${range}"`)
    }
  }
  if (packed.exports === undefined) problems.push("no exports map")
  const pointed = new Set(
    [...targets(packed.exports), ...targets(packed.bin), packed.main, packed.types].filter(
      (t) => typeof t === "string" && !t.includes("*")
    )
  )
  for (const target of pointed) {
    if (!existsSync(join(extracted, target))) problems.push(`${target} is referenced but not in the tarball`)
  }
  for (const bin of targets(packed.bin)) {
    const file = join(extracted, bin)
    if (existsSync(file) && !readFileSync(file, "utf8").startsWith("#!/usr/bin/env node")) {
      problems.push(`bin ${bin} does not start with "#!/usr/bin/env node"`)
    }
  }
  for (const field of ["license", "repository", "homepage", "bugs", "engines", "files"]) {
    if (packed[field] === undefined) problems.push(`package.json has no "${field}"`)
  }
  if (packed.sideEffects !== false) problems.push(`package.json "sideEffects" is not false`)
  if (packed.type !== "module") problems.push(`package.json "type" is not "module"`)
  const all = filesUnder(extracted).map((file) => relative(extracted, file))
  if (!all.some((file) => /^readme(\.md)?$/i.test(file))) problems.push("no README.md in the tarball")
  const js = all.filter((file) => file.startsWith("dist/") && file.endsWith(".js"))
  if (js.length === 0) problems.push("no dist/**/*.js in the tarball (did the build run?)")
  for (const file of js) {
    const text = readFileSync(join(extracted, file), "utf8")
    for (const match of text.matchAll(RELATIVE_SPECIFIER)) {
      if (!/\.(js|json|cjs|mjs)$/.test(match[1])) problems.push(`${file} imports "${match[1]}" (want ./x.js)`)
    }
    for (const match of text.matchAll(BARE_SPECIFIER)) {
      const name = packageNameOf(match[1])
      if (match[1].startsWith("node:") || BUILTINS.has(name) || name === packed.name) continue
      const declared = ["dependencies", "peerDependencies", "optionalDependencies"].some(
        (field) => packed[field]?.[name] !== undefined
      )
      if (!declared)
        problems.push(`${file} imports "${match[1]}" but ${name} is not in dependencies/peerDependencies`)
    }
    const stem = file.slice(0, -".js".length)
    const declaration = join(extracted, `${stem}.d.ts`)
    // A .d.ts that mentions node: modules needs @types/node in the consumer's program: declare it
    // (an optional peer: the consumer's own version, never a second copy).
    if (
      existsSync(declaration) &&
      /from\s*["']node:|import\(["']node:|reference types="node"/.test(readFileSync(declaration, "utf8")) &&
      packed.peerDependencies?.["@types/node"] === undefined &&
      packed.dependencies?.["@types/node"] === undefined &&
      !problems.some((p) => p.includes("@types/node is not declared"))
    ) {
      problems.push(`${stem}.d.ts uses node: types but @types/node is not declared (an optional peer)`)
    }
    if (!all.includes(`${stem}.d.ts`)) problems.push(`${file} has no ${stem}.d.ts`)
    if (!all.includes(`${file}.map`)) problems.push(`${file} has no source map`)
  }
  const warnings = []
  if (!all.some((file) => /^licen[cs]e(\.md|\.txt)?$/i.test(file))) {
    warnings.push("no LICENSE file in the tarball (npm only packs a LICENSE that is in the package folder)")
  }
  return { packed, problems, warnings, fileCount: all.length }
}

const publint = binPath("publint", "publint")
const attw = binPath("@arethetypeswrong/cli", "attw")
const results = []
let failed = false
for (const pkg of publishablePackages()) {
  const started = Date.now()
  console.log(`\n--- ${pkg.name} (${relative(repoRoot, pkg.dir)})`)
  const before = new Set(readdirSync(outDir))
  const pack = capture("pnpm", ["pack", "--pack-destination", outDir], { cwd: pkg.dir })
  const tarball = readdirSync(outDir).find((file) => file.endsWith(".tgz") && !before.has(file))
  if (pack.status !== 0 || tarball === undefined) {
    console.log(pack.output)
    console.log(`FAIL ${pkg.name}: pnpm pack failed`)
    failed = true
    results.push({ name: pkg.name, packed: false, ok: false })
    continue
  }
  const tarballPath = join(outDir, tarball)
  const extracted = join(outDir, "extracted", pkg.folder)
  mkdirSync(extracted, { recursive: true })
  const untar = capture("tar", ["-xzf", tarballPath, "-C", extracted, "--strip-components=1"])
  if (untar.status !== 0) throw new Error(`tar failed for ${tarballPath}: ${untar.output}`)

  const { packed, problems, warnings, fileCount } = checkTarball(extracted)
  const lint = capture(process.execPath, [publint, "run", "--strict", tarballPath])
  const lintOk = lint.status === 0
  const types = capture(process.execPath, [
    attw,
    tarballPath,
    "--format",
    "table-flipped",
    "--no-color",
    "--no-emoji",
    "--ignore-rules",
    ...ATTW_IGNORED_RULES
  ])
  const ok = problems.length === 0 && lintOk && types.status === 0
  failed ||= !ok
  const size = statSync(tarballPath).size
  console.log(`tarball: ${tarball} (${(size / 1024).toFixed(1)} KiB, ${fileCount} files)`)
  console.log(`exports: ${JSON.stringify(packed.exports)}`)
  if (packed.bin !== undefined) console.log(`bin: ${JSON.stringify(packed.bin)}`)
  for (const problem of problems) console.log(`  problem: ${problem}`)
  for (const warning of warnings) console.log(`  warning: ${warning}`)
  console.log(`publint --strict: ${lintOk ? "ok" : "FAILED"}`)
  if (!lint.output.includes("All good!")) console.log(lint.output.trim())
  console.log(`attw (ignoring ${ATTW_IGNORED_RULES.join(", ")}): ${types.status === 0 ? "ok" : "FAILED"}`)
  console.log(types.output.trim())
  console.log(`${ok ? "ok" : "FAIL"} ${pkg.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  results.push({
    name: pkg.name,
    folder: pkg.folder,
    version: packed.version,
    tarball: tarballPath,
    packed: true,
    ok
  })
}
writeFileSync(join(outDir, "tarballs.json"), `${JSON.stringify(results, null, 2)}\n`)
console.log(`\npack-check: ${results.filter((r) => r.ok).length}/${results.length} packages ok`)
process.exit(failed ? 1 : 0)
