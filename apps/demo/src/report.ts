/** One line per step of the demo, with its timing, and whether every step passed. */
export interface Step {
  readonly title: string
  readonly ok: boolean
  readonly millis: number
  readonly detail: string
}

export interface Report {
  readonly steps: Array<Step>
  /** Runs `run`, timing it; its string result (or the error's code and message) becomes the detail. */
  readonly step: (title: string, run: () => Promise<string>) => Promise<void>
  readonly print: (write: (line: string) => void) => void
  readonly passed: () => boolean
}

const describeError = (e: unknown): string => {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code
    return `${typeof code === "string" ? `[${code}] ` : ""}${e.message}`
  }
  return String(e)
}

export const makeReport = (): Report => {
  const steps: Array<Step> = []
  return {
    steps,
    step: async (title, run) => {
      const started = performance.now()
      try {
        const detail = await run()
        steps.push({ title, ok: true, millis: performance.now() - started, detail })
      } catch (e) {
        steps.push({ title, ok: false, millis: performance.now() - started, detail: describeError(e) })
      }
    },
    print: (write) => {
      const width = Math.max(...steps.map((s) => s.title.length))
      for (const s of steps) {
        write(
          `${s.ok ? "ok  " : "FAIL"}  ${s.title.padEnd(width)}  ${s.millis.toFixed(0).padStart(5)} ms  ${s.detail}`
        )
      }
      const failed = steps.filter((s) => !s.ok).length
      write(
        failed === 0 ? `\nAll ${steps.length} steps passed.` : `\n${failed} of ${steps.length} steps failed.`
      )
    },
    passed: () => steps.length > 0 && steps.every((s) => s.ok)
  }
}
