import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli as runCliInProcess } from "../src/index.ts"
import { expectNoSecrets, runCli, T1_ENV, T1_SECRETS } from "./run-cli.ts"

// Spec vectors (packages/core/test/vectors.ts and the spec's section 5).
const NONCE = "6obMKq0tmY8ylVOdEkA1"
const TIMESTAMP = "1439829974"
const FIXED = ["--nonce", NONCE, "--timestamp", TIMESTAMP]
const SB1 = { ...T1_ENV, NETSUITE_ACCOUNT_ID: "1234567_SB1" }

describe.concurrent("passport", () => {
  it("--format json matches vector T1 field for field", async () => {
    const run = await runCli(["passport", ...FIXED, "--format", "json"], { ...T1_ENV })
    expect(run.code).toBe(0)
    expect(run.stderr).toBe("")
    expect(run.stdout).toBe(
      `${JSON.stringify({
        account: "1234567",
        consumerKey: T1_ENV.NETSUITE_CONSUMER_KEY,
        token: T1_ENV.NETSUITE_TOKEN_ID,
        nonce: NONCE,
        timestamp: 1439829974,
        signature: "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs=",
        algorithm: "HMAC-SHA256"
      })}\n`
    )
    expectNoSecrets(run, T1_SECRETS)
  })

  it("XML (default) carries the sandbox variant signature and the WSDL version's namespaces", async () => {
    const run = await runCli(["passport", ...FIXED, "--wsdl-version", "2024_2"], {
      ...SB1,
      NETSUITE_ACCOUNT_ID: "1234567-sb1"
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('xmlns:platformMsgs="urn:messages_2024_2.platform.webservices.netsuite.com"')
    expect(run.stdout).toContain('xmlns:platformCore="urn:core_2024_2.platform.webservices.netsuite.com"')
    expect(run.stdout).toContain("<platformCore:account>1234567_SB1</platformCore:account>")
    expect(run.stdout).toContain(
      '<platformCore:signature algorithm="HMAC-SHA256">/cDDnQpbaRiT4UOJY7EHF99fSIA3W6YK/liJKJ1CxI8=</platformCore:signature>'
    )
    expectNoSecrets(run, T1_SECRETS)
  })

  it("a malformed --wsdl-version is a usage error (exit 2), as for doctor", async () => {
    const run = await runCli(["passport", ...FIXED, "--wsdl-version", "2025_9x"], SB1)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe("")
    expect(run.stderr).toContain(
      'Unknown SOAP WSDL version "2025_9x": NetSuite published 2015_2 to 2025_2 (YYYY_1 and YYYY_2). Use "2025_2", the last one.'
    )
    expectNoSecrets(run, T1_SECRETS)
  })

  it("--wsdl-version takes exactly NetSuite's published versions (one list in core)", async () => {
    for (const version of ["2025_3", "2026_1", "2015_1"]) {
      const run = await runCli(["passport", ...FIXED, "--wsdl-version", version], SB1)
      expect(run.code, version).toBe(2)
      expect(run.stderr).toContain(
        `Unknown SOAP WSDL version "${version}": NetSuite published 2015_2 to 2025_2`
      )
    }
    for (const [given, namespace] of [
      ["2025.2", "2025_2"],
      ["v2015_2_0", "2015_2"]
    ] as const) {
      const run = await runCli(["passport", ...FIXED, "--wsdl-version", given], SB1)
      expect(run.code, given).toBe(0)
      expect(run.stdout).toContain(`urn:messages_${namespace}.platform.webservices.netsuite.com`)
    }
  })

  it("makes a fresh nonce and the current timestamp when none is given", async () => {
    const before = Math.floor(Date.now() / 1000)
    const [a, b] = await Promise.all([
      runCli(["passport", "--format", "json"], { ...T1_ENV }),
      runCli(["passport", "--format", "json"], { ...T1_ENV })
    ])
    const pa = JSON.parse(a.stdout) as { nonce: string; timestamp: number }
    const pb = JSON.parse(b.stdout) as { nonce: string; timestamp: number }
    expect(pa.nonce).toMatch(/^[0-9A-Za-z]{6,64}$/)
    expect(pa.nonce).not.toBe(pb.nonce)
    expect(pa.timestamp).toBeGreaterThanOrEqual(before)
    expect(pa.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
  })

  it("names every missing variable, and exits 1", async () => {
    const run = await runCli(["passport"], {})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error \[NETSUITE_AUTH_MISSING_ENVIRONMENT\]: /)
    for (const name of [
      "NETSUITE_ACCOUNT_ID",
      "NETSUITE_CONSUMER_KEY",
      "NETSUITE_CONSUMER_SECRET",
      "NETSUITE_TOKEN_ID",
      "NETSUITE_TOKEN_SECRET"
    ]) {
      expect(run.stderr).toContain(name)
    }
    expect(run.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })

  it("reads --env-file (quotes, comments, export) and lets non-secret flags win", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nsa-env-"))
    const file = join(dir, "tba.env")
    writeFileSync(
      file,
      [
        "# TBA for the sandbox",
        "export NETSUITE_ACCOUNT_ID=9999999 # overridden by --account",
        `NETSUITE_CONSUMER_KEY="${T1_ENV.NETSUITE_CONSUMER_KEY}"`,
        `NETSUITE_TOKEN_ID='${T1_ENV.NETSUITE_TOKEN_ID}'`,
        `NETSUITE_CONSUMER_SECRET=${T1_ENV.NETSUITE_CONSUMER_SECRET}`,
        "",
        `NETSUITE_TOKEN_SECRET = "${T1_ENV.NETSUITE_TOKEN_SECRET}"`
      ].join("\n")
    )
    const run = await runCli(
      ["passport", ...FIXED, "--format", "json", "--env-file", file, "--account", "1234567_sb1"],
      {
        NETSUITE_CONSUMER_KEY: "from-the-environment-loses"
      }
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({
      account: "1234567_SB1",
      signature: "/cDDnQpbaRiT4UOJY7EHF99fSIA3W6YK/liJKJ1CxI8="
    })
    expectNoSecrets(run, T1_SECRETS)
  })

  it("explains an unreadable --env-file and a broken line without quoting it", async () => {
    // In-process: node itself exits 9 on "--env-file <missing>" even after the script path
    // (nodejs/node#54232), before our code runs; the bin's --dotenv spelling is not scanned.
    let stderr = ""
    const code = await runCliInProcess(["passport", "--env-file", "/nonexistent/x.env"], {
      env: {},
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) }
    })
    expect(code).toBe(1)
    expect(stderr).toContain(
      'error [NETSUITE_AUTH_FILE_UNREADABLE]: Cannot read the env file "/nonexistent/x.env" (ENOENT)'
    )
    const dir = mkdtempSync(join(tmpdir(), "nsa-env-"))
    const file = join(dir, "bad.env")
    writeFileSync(file, `NETSUITE_ACCOUNT_ID=1\nNETSUITE_TOKEN_SECRET="s3cr3t-unclosed-value\n`)
    const bad = await runCli(["passport", "--env-file", file])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe(
      "error [NETSUITE_AUTH_INVALID_CREDENTIALS]: NETSUITE_TOKEN_SECRET starts or ends with an unmatched quote: remove the quotes around the value.\n"
    )
    expectNoSecrets(bad, ["s3cr3t-unclosed-value"])
  })

  it("the bin reads a missing --dotenv file itself and names it (exit 1, not node's exit 9)", async () => {
    const run = await runCli(["passport", "--dotenv", "missing.env"])
    expect(run).toMatchObject({ code: 1, stdout: "" })
    expect(run.stderr).toMatch(
      /^error \[NETSUITE_AUTH_FILE_UNREADABLE\]: Cannot read the env file "missing\.env" \(ENOENT\): check the path/
    )
    const twice = await runCliInProcess(["passport", "--dotenv", "a.env", "--env-file", "b.env"], {
      env: {},
      stdout: { write: () => true },
      stderr: { write: () => true }
    })
    expect(twice).toBe(2)
  })
})

describe.concurrent("oauth1 matches vector T3 byte for byte", () => {
  const cases = [
    {
      name: "A. REST GET with encoded query",
      method: "GET",
      url: "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer?limit=10&offset=0&q=email%20START_WITH%20%22a%2Bb%40x.com%22",
      base: "GET&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2Fcustomer&limit%3D10%26oauth_consumer_key%3D71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4%26oauth_nonce%3D6obMKq0tmY8ylVOdEkA1%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1439829974%26oauth_token%3D89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82%26oauth_version%3D1.0%26offset%3D0%26q%3Demail%2520START_WITH%2520%2522a%252Bb%2540x.com%2522",
      signature: "gXN2aFUPnSJrh2d3zXY%2FfoaYTOoVHFUjcDlZETuEMGo%3D"
    },
    {
      name: "B. RESTlet POST",
      method: "POST",
      url: "https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1",
      base: "POST&https%3A%2F%2F1234567-sb1.restlets.api.netsuite.com%2Fapp%2Fsite%2Fhosting%2Frestlet.nl&deploy%3D1%26oauth_consumer_key%3D71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4%26oauth_nonce%3D6obMKq0tmY8ylVOdEkA1%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1439829974%26oauth_token%3D89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82%26oauth_version%3D1.0%26script%3D123",
      signature: "fsuXqlkEJD014Fr6m%2F%2Fe8Kv4mFaL%2BcFOT9x%2BJEh%2Bi3U%3D"
    },
    {
      name: "C. RESTlet GET sort order",
      method: "get",
      url: "https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1&id=42&Zeta=z&alpha=a%20b",
      base: "GET&https%3A%2F%2F1234567-sb1.restlets.api.netsuite.com%2Fapp%2Fsite%2Fhosting%2Frestlet.nl&Zeta%3Dz%26alpha%3Da%2520b%26deploy%3D1%26id%3D42%26oauth_consumer_key%3D71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4%26oauth_nonce%3D6obMKq0tmY8ylVOdEkA1%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1439829974%26oauth_token%3D89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82%26oauth_version%3D1.0%26script%3D123",
      signature: "70ilgYwmN3d4m%2F6m9S%2B11ewZZoQo%2FHjwyYpvYvYLsQQ%3D"
    }
  ]
  it.each(cases)("$name", async ({ method, url, base, signature }) => {
    const run = await runCli(["oauth1", "--method", method, "--url", url, ...FIXED, "--base-string"], {
      ...SB1
    })
    expect(run.code).toBe(0)
    const [header, baseString, rest] = run.stdout.split("\n")
    expect(rest).toBe("")
    expect(baseString).toBe(base)
    expect(header).toBe(
      `OAuth realm="1234567_SB1", oauth_consumer_key="${T1_ENV.NETSUITE_CONSUMER_KEY}", oauth_token="${T1_ENV.NETSUITE_TOKEN_ID}", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1439829974", oauth_nonce="6obMKq0tmY8ylVOdEkA1", oauth_version="1.0", oauth_signature="${signature}"`
    )
    expectNoSecrets(run, T1_SECRETS)
  })

  it("prints only the header without --base-string", async () => {
    const run = await runCli(["oauth1", "--method", "GET", "--url", cases[0]!.url, ...FIXED], { ...SB1 })
    expect(run.stdout.split("\n")).toHaveLength(2)
  })

  it("explains a relative URL (exit 1, InvalidUrl)", async () => {
    const run = await runCli(["oauth1", "--method", "GET", "--url", "/services/rest/record/v1/customer/1"], {
      ...SB1
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("error [NETSUITE_AUTH_INVALID_URL]")
  })
})
