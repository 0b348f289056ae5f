#!/usr/bin/env node
// Every ```ts / ```js sample of README.md, packages/*/README.md and docs/*.md runs as written:
// each block becomes a file in a scratch directory (a user's project), runs on Node 24 (which
// strips the TypeScript types) with its imports resolved to this workspace's packages
// (resolve-workspace.mjs), against a mock NetSuite started here and the NETSUITE_* variables a
// user would set pointing at it. A block that is deliberately not runnable says so: ```ts no-run.
// Exits 1 when a sample fails (non-zero exit, or no exit within the timeout), and prints how many
// ran, passed, failed and were skipped.
// Usage: node scripts/doc-samples/run.mjs [--verbose] [file.md ...]   (default: every documented
//   file; --verbose prints what passing samples printed too)
// Needs Node >= 22.18 (type stripping, module.registerHooks): run it through pnpm.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { fencedBlocks, NO_RUN, RUNNABLE } from "./extract.mjs"
// This process starts the mock server from source too: the same resolve hook as the samples'.
import "./resolve-workspace.mjs"

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, "../..")
const TIMEOUT_MILLIS = 30_000
const { REDIS_URL, PATH } = process.env

/** README.md, packages/<pkg>/README.md, docs/*.md (not docs/adr, not the generated docs/api). */
const documentedFiles = () => [
  join(root, "README.md"),
  ...readdirSync(join(root, "packages"))
    .map((pkg) => join(root, "packages", pkg, "README.md"))
    .filter(existsSync),
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(root, "docs", f))
]

const verbose = process.argv.includes("--verbose")
const named = process.argv.slice(2).filter((a) => a !== "--verbose")
const files = named.length > 0 ? named.map((f) => resolve(f)) : documentedFiles()

const freePort = () =>
  new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolvePort(port))
    })
  })

/** A Redis for the @netsuite-auth/redis samples when there is a redis-server and no REDIS_URL. */
const startRedis = async () => {
  if (REDIS_URL) return { url: REDIS_URL, stop: () => {} }
  if (spawnSync("redis-server", ["--version"], { encoding: "utf8" }).status !== 0) return undefined
  const port = await freePort()
  const child = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], {
    stdio: "ignore"
  })
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100))
    if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.trim() === "PONG")
      break
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") }
}

// The mock NetSuite, from this workspace's source, and the variables a user points at it.
const { startMockServer } = await import(pathToFileURL(join(root, "packages/mock-server/src/index.ts")).href)
const mock = await startMockServer()
const g = mock.config.generated
const scratch = mkdtempSync(join(tmpdir(), "netsuite-auth-doc-samples-"))
const keyPath = join(scratch, "private.pem")
writeFileSync(keyPath, g.privateKey, { mode: 0o600 })
const redis = await startRedis()
const sampleEnv = {
  PATH,
  NETSUITE_ACCOUNT_ID: g.accountId,
  NETSUITE_BASE_URL: mock.url,
  NETSUITE_CONSUMER_KEY: g.consumerKey,
  NETSUITE_CONSUMER_SECRET: g.consumerSecret,
  NETSUITE_TOKEN_ID: g.tokenId,
  NETSUITE_TOKEN_SECRET: g.tokenSecret,
  NETSUITE_CLIENT_ID: g.clientId,
  NETSUITE_CERTIFICATE_ID: g.certificateId,
  NETSUITE_PRIVATE_KEY_PATH: keyPath,
  // Both key variables, as documented: samples may read either.
  NETSUITE_PRIVATE_KEY: g.privateKey,
  ...(redis === undefined ? {} : { REDIS_URL: redis.url })
}

const run = (file, cwd) =>
  new Promise((resolveRun) => {
    const child = spawn(
      process.execPath,
      ["--import", pathToFileURL(join(here, "resolve-workspace.mjs")).href, file],
      { cwd, env: sampleEnv, stdio: ["ignore", "pipe", "pipe"] }
    )
    let output = ""
    child.stdout.on("data", (c) => {
      output += c
    })
    child.stderr.on("data", (c) => {
      output += c
    })
    const timer = setTimeout(() => {
      output += `\n(no exit within ${TIMEOUT_MILLIS / 1000} s: killed)`
      child.kill("SIGKILL")
    }, TIMEOUT_MILLIS)
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      resolveRun({ code: code ?? signal, output })
    })
  })

const results = []
let skipped = 0
let other = 0
try {
  for (const file of files) {
    const where = relative(root, file)
    for (const block of fencedBlocks(file)) {
      const extension = RUNNABLE[block.lang]
      if (extension === undefined) {
        other++
        continue
      }
      const name = `${where}:${block.line}`
      if (block.attributes.includes(NO_RUN)) {
        skipped++
        console.log(`skip ${name} (${block.lang} ${NO_RUN})`)
        continue
      }
      // One directory per sample: a project with ESM as its module system (type: module).
      const dir = join(scratch, `${where.replace(/[^\w.-]+/g, "_")}_${block.line}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, "package.json"), '{ "type": "module", "private": true }\n')
      const sample = join(dir, `sample${extension}`)
      writeFileSync(sample, `${block.code}\n`)
      const started = Date.now()
      const { code, output } = await run(sample, dir)
      const ok = code === 0
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      console.log(`${ok ? "ok  " : "FAIL"} ${name} (${seconds} s)`)
      if (!ok || verbose) console.log(`${output.trim().replace(/^/gm, "     | ")}\n     | (exit ${code})`)
      results.push({ name, ok })
    }
  }
} finally {
  await mock.close()
  redis?.stop()
  rmSync(scratch, { recursive: true, force: true })
}

const failed = results.filter((r) => !r.ok)
console.log(
  `\ndoc samples: ${results.length} ran, ${results.length - failed.length} passed, ${failed.length} failed, ${skipped} skipped (${NO_RUN}); ${other} blocks in other languages (sh, json, ...) not run`
)
for (const f of failed) console.log(`  failed: ${f.name}`)
process.exit(failed.length === 0 ? 0 : 1)
