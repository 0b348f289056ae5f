import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { parseEnvFile } from "../src/index.ts"
import { BIN } from "./run-cli.ts"

describe("parseEnvFile (node's util.parseEnv)", () => {
  it("reads KEY=value, export, comments, quotes and \\n escapes", () => {
    const env = parseEnvFile(
      [
        "\uFEFF# comment",
        "A=1",
        "export B = two words # trailing comment",
        'C="line1\\nline2 # not a comment"',
        "D='literal \\n $x'",
        'E="multi',
        'line"',
        "F=",
        "G=`back tick`"
      ].join("\r\n")
    )
    expect(env).toEqual({
      A: "1",
      B: "two words",
      C: "line1\nline2 # not a comment",
      D: "literal \\n $x",
      E: "multi\nline",
      F: "",
      G: "back tick"
    })
  })
  it("a value with an unclosed quote keeps the quote (core then refuses it, naming the variable)", () => {
    expect(parseEnvFile('A="open\nB=2', "x.env")).toEqual({ A: '"open', B: "2" })
  })
  it("a name that is not a variable name (node folds a broken line into it) is an error without the content", () => {
    const parse = () => parseEnvFile("A=1\nsecretwithoutequals\nB=2", "x.env")
    const names = (() => {
      try {
        return Object.keys(parse())
      } catch (e) {
        expect(String(e)).toMatch(/^CliError: x\.env has a line that is not KEY=value/)
        expect(String(e)).not.toMatch(/secretwithoutequals/)
        return undefined
      }
    })()
    // Node 20 folds the line into the next name (an error here); Node 22+ drops it.
    if (names !== undefined) expect(names).toEqual(["A", "B"])
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
