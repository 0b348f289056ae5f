/**
 * Cold import cost as a consumer pays it: the built packages (dist) imported in fresh processes
 * of the system Node, each against the client it wraps imported alone. Median of 21 processes.
 * Goal: each adapter at most 2.0x its client.
 */
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { median } from "./measure.ts"
import type { Row } from "./report.ts"

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url))
const REPO = fileURLToPath(new URL("../..", import.meta.url))
const PROCESSES = 21
export const IMPORT_GOAL = 2.0

// The consumer's Node: the system one where there is one (CI's Node 20), else this one.
const consumerNode = existsSync("/usr/bin/node") ? "/usr/bin/node" : process.execPath

/** Milliseconds `import(specifier)` takes in a fresh process (process start-up excluded). */
const importMillis = (specifier: string): number => {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t)`
  const out = execFileSync(consumerNode, ["--input-type=module", "-e", script], {
    cwd: BENCH_DIR,
    encoding: "utf8"
  })
  return Number(out.trim())
}

const compare = (candidate: string, baseline: string) => {
  const c: Array<number> = []
  const b: Array<number> = []
  for (let i = 0; i < PROCESSES; i++) {
    c.push(importMillis(candidate))
    b.push(importMillis(baseline))
  }
  return { candidate: median(c), baseline: median(b) }
}

export const runImportCost = async (log: (line: string) => void): Promise<Array<Row>> => {
  // Always from a fresh build: a stale dist would measure yesterday's imports.
  log("import: building the packages (dist)")
  execFileSync("pnpm", ["--filter", "./packages/*", "build"], { cwd: REPO, stdio: "ignore" })
  const pairs: ReadonlyArray<readonly [string, string, string]> = [
    ["@netsuite-auth/axios", "axios", "axios alone"],
    ["@netsuite-auth/soap", "soap", "soap alone"],
    ["@netsuite-auth/fetch", "node:url", "a built-in module (fetch is global)"]
  ]
  const rows: Array<Row> = []
  for (const [candidate, baseline, baselineName] of pairs) {
    log(`import: ${candidate}`)
    const { candidate: c, baseline: b } = compare(candidate, baseline)
    const isAdapter = baseline !== "node:url"
    rows.push({
      section: "import",
      item: `cold import of ${candidate} (${consumerNode === "/usr/bin/node" ? "system Node" : "this Node"}, dist)`,
      ratio: isAdapter ? c / b : null,
      ratioMeaning: "x of its client's import time",
      candidate: `${c.toFixed(1)} ms`,
      baseline: `${b.toFixed(1)} ms (${baselineName})`,
      ...(isAdapter ? { goal: `<= ${IMPORT_GOAL}x`, pass: c / b <= IMPORT_GOAL } : {}),
      note: `median of ${PROCESSES} fresh processes each`
    })
  }
  return rows
}
