/**
 * `pnpm bench`: runs every section, prints a table and writes bench/results.json.
 * Every figure is a ratio against a baseline measured in the same run (median of rounds).
 * Goals are reported as PASS/FAIL; a missed goal never fails the process.
 *
 * Run a subset with `pnpm bench -- signing overhead` (section names below).
 */
import { writeFileSync } from "node:fs"
import { cpus, platform, release, totalmem } from "node:os"
import { performance } from "node:perf_hooks"
import { ROUNDS, sinkValue } from "./measure.ts"
import { type Row, renderTable } from "./report.ts"
import { runSigning } from "./signing.ts"

type Section = (log: (line: string) => void) => Promise<Array<Row>>

const SECTIONS: ReadonlyArray<readonly [string, () => Promise<Section>]> = [
  ["signing", async () => runSigning],
  ["overhead", async () => (await import("./overhead.ts")).runOverhead],
  ["lifecycle", async () => (await import("./lifecycle-cost.ts")).runLifecycleCost],
  ["import", async () => (await import("./import-cost.ts")).runImportCost],
  ["stampede", async () => (await import("./stampede.ts")).runStampede],
  ["governance", async () => (await import("./governance.ts")).runGovernance],
  ["fleet", async () => (await import("./fleet.ts")).runFleet],
  ["memory", async () => (await import("./memory.ts")).runMemory]
]

const main = async (): Promise<void> => {
  const wanted = process.argv.slice(2).filter((a) => a !== "--")
  const cpu = cpus()
  const machine = {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    rounds: ROUNDS
  }
  const log = (line: string) => process.stderr.write(`  … ${line}\n`)
  const rows: Array<Row> = []
  const timings: Record<string, number> = {}
  const started = performance.now()
  for (const [name, load] of SECTIONS) {
    if (wanted.length > 0 && !wanted.includes(name)) continue
    const t0 = performance.now()
    try {
      rows.push(...(await (await load())(log)))
    } catch (error) {
      // A section that cannot run (a package not there yet) is reported, not fatal.
      rows.push({
        section: name,
        item: "section failed",
        ratio: null,
        ratioMeaning: "error",
        candidate: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error),
        baseline: "-"
      })
    }
    timings[name] = Math.round(performance.now() - t0)
  }
  const totalMillis = Math.round(performance.now() - started)
  const header = [
    `netsuite-auth bench — ${machine.date}`,
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`,
    `node ${machine.node}; each ratio is candidate ÷ baseline in this run, median of ${ROUNDS} rounds`,
    `sections took ${Object.entries(timings)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(", ")}; total ${(totalMillis / 1000).toFixed(1)} s`
  ].join("\n")
  process.stdout.write(`\n${header}\n\n${renderTable(rows)}\n`)
  const out = new URL("../results.json", import.meta.url)
  writeFileSync(
    out,
    `${JSON.stringify({ machine, timings, totalMillis, rows, sink: sinkValue() > 0 }, null, 2)}\n`
  )
  process.stdout.write(`\nwrote ${out.pathname}\n`)
}

await main()
// Keep-alive sockets or the mock server must not keep the process alive after the report.
process.exit(0)
