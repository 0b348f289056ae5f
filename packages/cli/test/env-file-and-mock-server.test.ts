import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { parseEnvFile } from "../src/index.ts"
import { BIN } from "./run-cli.ts"

describe("parseEnvFile", () => {
  it("reads KEY=value, export, comments, quotes and escapes", () => {
    const env = parseEnvFile(
      [
        "# comment",
        "A=1",
        "export B = two words # trailing comment",
        'C="line1\\nline2 \\"q\\" # not a comment"',
        "D='literal \\n $x'",
        'E="multi',
        'line"',
        "F=",
        "G=a#b"
      ].join("\r\n")
    )
    expect(env).toEqual({
      A: "1",
      B: "two words",
      C: 'line1\nline2 "q" # not a comment',
      D: "literal \\n $x",
      E: "multi\nline",
      F: "",
      G: "a#b"
    })
  })
  it("names the line of an error and never its content", () => {
    expect(() => parseEnvFile("A=1\nsecretwithoutequals", "x.env")).toThrow(/^x\.env line 2: no = sign/)
    expect(() => parseEnvFile("A=1\nsecretwithoutequals", "x.env")).not.toThrow(/secretwithoutequals/)
    expect(() => parseEnvFile('A="x" trailing', "x.env")).toThrow(/line 1: text after the closing quote/)
  })
})

describe("mock-server subcommand", () => {
  it("prints one JSON ready line with the URL, serves, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "mock-server", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "" }
    })
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buffer = ""
        child.stdout.on("data", (chunk: Buffer) => {
          buffer += chunk.toString()
          const nl = buffer.indexOf("\n")
          if (nl !== -1) resolve(buffer.slice(0, nl))
        })
        child.on("exit", (code) => reject(new Error(`exited early with ${code}`)))
        setTimeout(() => reject(new Error("no ready line in 15 s")), 15_000)
      })
      const ready = JSON.parse(line) as { url: string }
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const stats = await fetch(`${ready.url}/_mock/stats`)
      expect(stats.status).toBe(200)
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
      child.kill("SIGTERM")
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL")
    }
  }, 20_000)
})
