#!/usr/bin/env node
// Compiles the JSDoc examples: every ```ts block under an `@example` tag in packages/*/src/**/*.ts
// is written as its own module in packages/<pkg>/.tmp/jsdoc-examples/ (gitignored), where
// `@netsuite-auth/*` imports resolve to source (self-reference and workspace links, through the
// `@netsuite-auth/source` condition), and typechecked with `tsc --noEmit`.
// Examples may use `declare const x: T` for values they do not build. Unused locals are allowed.
// Usage: node scripts/check-jsdoc-examples.mjs [--keep]   (--keep leaves the generated files)
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { publishablePackages, repoRoot } from "./lib/workspace.mjs"

const keep = process.argv.includes("--keep")
const tsc = join(repoRoot, "node_modules/typescript/bin/tsc")

/** The ```ts / ```typescript fences inside the @example sections of one source file. */
export const extractExamples = (text) => {
  const examples = []
  for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const startLine = text.slice(0, comment.index).split("\n").length
    const lines = comment[1].split("\n").map((line) => line.replace(/^\s*\* ?/, ""))
    let inExample = false
    let fence = null
    for (const [offset, line] of lines.entries()) {
      if (fence !== null) {
        if (/^\s*```\s*$/.test(line)) {
          examples.push({ line: fence.line, code: fence.body.join("\n") })
          fence = null
        } else fence.body.push(line)
        continue
      }
      if (/^\s*@example\b/.test(line)) inExample = true
      else if (/^\s*@\w+/.test(line)) inExample = false
      const open = /^\s*```(ts|typescript)\s*$/.exec(line)
      if (inExample && open) fence = { line: startLine + offset, body: [] }
    }
  }
  return examples
}

const sourceFiles = (dir) =>
  readdirSync(dir, { recursive: true })
    .map((entry) => join(dir, String(entry)))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && statSync(file).isFile())

let total = 0
const failures = []
for (const pkg of publishablePackages()) {
  const src = join(pkg.dir, "src")
  if (!existsSync(src)) continue
  const outDir = join(pkg.dir, ".tmp", "jsdoc-examples")
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  const origins = new Map()
  for (const file of sourceFiles(src)) {
    for (const example of extractExamples(readFileSync(file, "utf8"))) {
      const origin = `${relative(repoRoot, file)}:${example.line}`
      const name = `${relative(src, file).replace(/\.ts$/, "").replace(/[/\\]/g, "__")}__L${example.line}.ts`
      // `export {}` makes every example its own module, so names never clash between examples.
      writeFileSync(join(outDir, name), `${example.code}\n\nexport {}\n`)
      origins.set(name, origin)
    }
  }
  total += origins.size
  if (origins.size === 0) {
    console.log(`${pkg.name}: no @example blocks`)
    continue
  }
  const tsconfig = {
    extends: relative(outDir, join(repoRoot, "tsconfig.base.json")),
    compilerOptions: { types: ["node"], noEmit: true, noUnusedLocals: false, noUnusedParameters: false },
    include: ["*.ts"]
  }
  writeFileSync(join(outDir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`)
  const result = spawnSync(process.execPath, [tsc, "-p", join(outDir, "tsconfig.json")], {
    cwd: outDir,
    encoding: "utf8"
  })
  const output = `${result.stdout}${result.stderr}`
  const failedFiles = new Map()
  for (const line of output.split("\n")) {
    const match = /^(?:.*[/\\])?([^/\\(]+\.ts)\((\d+),(\d+)\): (error .*)$/.exec(line)
    if (match && origins.has(match[1])) {
      const list = failedFiles.get(match[1]) ?? []
      list.push(`example line ${match[2]}: ${match[4]}`)
      failedFiles.set(match[1], list)
    }
  }
  if (result.status !== 0 && failedFiles.size === 0) {
    failures.push({ pkg: pkg.name, origin: pkg.name, errors: [output.trim()] })
  }
  for (const [file, errors] of failedFiles)
    failures.push({ pkg: pkg.name, origin: origins.get(file), errors })
  console.log(`${pkg.name}: ${origins.size} examples, ${failedFiles.size} failing`)
  if (!keep) {
    rmSync(outDir, { recursive: true, force: true })
    if (readdirSync(join(pkg.dir, ".tmp")).length === 0) rmSync(join(pkg.dir, ".tmp"), { recursive: true })
  }
}

for (const failure of failures) {
  console.log(`\nFAIL ${failure.origin} (${failure.pkg})`)
  for (const error of failure.errors) console.log(`  ${error}`)
}
console.log(`\njsdoc examples: ${total - failures.length}/${total} compile`)
process.exit(failures.length > 0 ? 1 : 0)
