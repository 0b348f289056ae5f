import { describe, expect, it } from "vitest"
import { expectNoSecrets, runCli, T1_ENV } from "./run-cli.ts"

describe.concurrent("usage errors exit 2 and say what to do", () => {
  it("unknown subcommand", async () => {
    const run = await runCli(["frobnicate"])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("error [NETSUITE_AUTH_USAGE]: unknown command 'frobnicate'")
    expect(run.stdout).toBe("")
  })

  it("no subcommand prints the help on stderr", async () => {
    const run = await runCli([])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("Usage: netsuite-auth")
  })

  it.each([
    [["passport", "--consumer-secret", "s3cr3t-consumer-value"], "NETSUITE_CONSUMER_SECRET"],
    [
      ["oauth1", "--token-secret=s3cr3t-token-value", "--method", "GET", "--url", "https://x"],
      "NETSUITE_TOKEN_SECRET"
    ],
    [["assertion", "--private-key", "-----BEGIN PRIVATE KEY-----abcdefgh"], "NETSUITE_PRIVATE_KEY"],
    [["token", "--client-secret=s3cr3t-client-value"], "M2M needs no client secret"]
  ])("refuses the secret flag in %j and never echoes its value", async (args, where) => {
    const run = await runCli(args, { ...T1_ENV })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^error \[NETSUITE_AUTH_USAGE\]: --[a-z-]+ is not accepted: secrets are never taken as flags/
    )
    expect(run.stderr).toContain(where)
    expect(run.stderr).toContain("--env-file")
    expectNoSecrets(run, [
      "s3cr3t-consumer-value",
      "s3cr3t-token-value",
      "s3cr3t-client-value",
      "BEGIN PRIVATE KEY"
    ])
  })

  it("does not echo the value of an unknown --name=value option", async () => {
    const run = await runCli(["passport", "--consumer-secrt=s3cr3t-typo-value"])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("unknown option '--consumer-secrt=…'")
    expect(run.stderr).toContain("(see netsuite-auth passport --help)")
    expectNoSecrets(run, ["s3cr3t-typo-value"])
  })

  it.each([
    [["keygen"], "required option '--out <dir>' not specified"],
    [
      ["keygen", "--out", "x", "--type", "rsa-2048"],
      "Allowed choices are ec-p256, ec-p384, ec-p521, rsa-pss-3072, rsa-pss-4096"
    ],
    [["keygen", "--out", "x", "--days", "731"], "--days must be a whole number from 1 to 730"],
    [["passport", "--nonce", "abc"], "6 to 64 letters and digits"],
    [["passport", "--format", "yaml"], "Allowed choices are xml, json"],
    [["oauth1", "--url", "https://x"], "required option '--method <method>' not specified"],
    [["passport", "extra"], "too many arguments"]
  ])("%j", async (args, message) => {
    const run = await runCli(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("error [NETSUITE_AUTH_USAGE]")
    expect(run.stderr).toContain(message)
  })
})

describe.concurrent("--help", () => {
  it.each([
    ["keygen", ["--out <dir>", "--type <type>", "--days <n>", "--subject <dn>"]],
    ["assertion", ["--alg <alg>", "--scope <list>", "--lifetime <seconds>", "--env-file <file>"]],
    ["token", ["--json", "--show-token", "--base-url <url>"]],
    [
      "passport",
      ["--nonce <nonce>", "--timestamp <seconds>", "--wsdl-version <version>", "--format <format>"]
    ],
    ["oauth1", ["--method <method>", "--url <url>", "--base-string"]],
    [
      "doctor",
      ["--certificate <file>", "--consumer-key <key>", "--client-id <id>", "--wsdl-version <YYYY_N>"]
    ],
    ["mock-server", ["--port <n>", "--host <host>", "--config <file>"]]
  ])("%s --help lists its flags and exits 0", async (command, flags) => {
    const run = await runCli([command, "--help"])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Usage: netsuite-auth ${command}`)
    for (const flag of flags) expect(run.stdout).toContain(flag)
    expect(run.stdout).toContain("Example:")
  })

  it("--version prints the package version", async () => {
    const run = await runCli(["--version"])
    expect(run.code).toBe(0)
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})
