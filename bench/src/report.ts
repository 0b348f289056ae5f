/** The shape of bench/results.json and the printed table. */

/** One line of the table. `ratio` is always candidate ÷ baseline, measured in the same run. */
export interface Row {
  readonly section: string
  readonly item: string
  /** Candidate ÷ baseline (throughput or latency or heap, as `ratioMeaning` says). */
  readonly ratio: number | null
  readonly ratioMeaning: string
  readonly candidate: string
  readonly baseline: string
  readonly goal?: string
  readonly pass?: boolean
  readonly note?: string
  readonly raw?: Record<string, unknown>
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })

export const opsLabel = (opsPerSecond: number): string => `${fmt(opsPerSecond)} ops/s`
export const msLabel = (millis: number): string => `${fmt(millis, 3)} ms`
export const mbLabel = (bytes: number): string => `${fmt(bytes / 1024 / 1024, 1)} MB`
export const ratioLabel = (ratio: number | null): string => (ratio === null ? "-" : `${fmt(ratio, 3)}x`)

const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + " ".repeat(width - text.length)

/** A plain-text table, one row per measurement, grouped by section. */
export const renderTable = (rows: ReadonlyArray<Row>): string => {
  const header = ["item", "ratio", "meaning", "candidate", "baseline", "goal"]
  const cells = rows.map((row) => [
    `${row.section}: ${row.item}`,
    ratioLabel(row.ratio),
    row.ratioMeaning,
    row.candidate,
    row.baseline,
    row.goal === undefined ? "" : `${row.goal} ${row.pass === undefined ? "" : row.pass ? "PASS" : "FAIL"}`
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)))
  const line = (c: ReadonlyArray<string>) => `| ${c.map((v, i) => pad(v, widths[i] as number)).join(" | ")} |`
  const sep = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`
  const notes = rows
    .filter((row) => row.note !== undefined)
    .map((row) => `- ${row.section}: ${row.item}: ${row.note}`)
  return [line(header), sep, ...cells.map(line), ...(notes.length > 0 ? ["", "Notes:", ...notes] : [])].join(
    "\n"
  )
}
