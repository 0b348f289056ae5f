import { spawn } from "node:child_process"
import { createPrivateKey, X509Certificate } from "node:crypto"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { loadConfigFile, MockConfigError, parseMockConfig, startMockServer } from "../src/index.ts"
import { assertion, ecIdentity, FORM, send, TOKEN_PATH, tokenForm } from "./helpers.ts"

const errorPath = (input: unknown): string => {
  try {
    parseMockConfig(input)
  } catch (e) {
    expect(e).toBeInstanceOf(MockConfigError)
    return (e as MockConfigError).path
  }
  throw new Error("expected a MockConfigError")
}

describe("config file contract", () => {
  const id = ecIdentity()
  const valid = {
    accounts: [
      {
        accountId: "1234567_SB1",
        concurrencyLimit: 5,
        m2m: [
          {
            clientId: "c",
            certificateId: "k",
            certificate: id.certificate,
            scopes: ["rest_webservices", "restlets"]
          }
        ],
        tba: [{ consumerKey: "a", consumerSecret: "b", tokenId: "c", tokenSecret: "d" }],
        addedLater: { anything: true }
      }
    ],
    someFutureField: 1
  }
  it("accepts the documented shape and ignores unknown fields", () => {
    expect(parseMockConfig(valid).accounts?.[0]?.accountId).toBe("1234567_SB1")
  })
  it("names the bad field", () => {
    const withAccount = (patch: Record<string, unknown>) => ({
      accounts: [{ ...valid.accounts[0], ...patch }]
    })
    expect(errorPath([])).toBe("(root)")
    expect(errorPath({ accounts: {} })).toBe("accounts")
    expect(errorPath({ accounts: [{}] })).toBe("accounts[0].accountId")
    expect(errorPath(withAccount({ accountId: "12 34" }))).toBe("accounts[0].accountId")
    expect(errorPath(withAccount({ concurrencyLimit: 0 }))).toBe("accounts[0].concurrencyLimit")
    expect(
      errorPath(withAccount({ m2m: [{ clientId: "c", certificateId: "k", certificate: "not a pem" }] }))
    ).toBe("accounts[0].m2m[0].certificate")
    expect(
      errorPath(
        withAccount({
          m2m: [{ clientId: "c", certificateId: "k", certificate: id.certificate, scopes: ["email"] }]
        })
      )
    ).toBe("accounts[0].m2m[0].scopes[0]")
    expect(errorPath(withAccount({ tba: [{ consumerKey: "a", consumerSecret: "b", tokenId: "c" }] }))).toBe(
      "accounts[0].tba[0].tokenSecret"
    )
    expect(
      errorPath({ accounts: [valid.accounts[0], { ...valid.accounts[0], accountId: "1234567-sb1" }] })
    ).toBe("accounts[1].accountId")
    expect(errorPath({ faults: { rest: { status5xx: { rate: 2 } } } })).toBe("faults.rest.status5xx.rate")
    expect(errorPath({ faults: { nope: {} } })).toBe("faults.nope")
  })
  it("loads a file, and says when it is not JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mock-config-"))
    try {
      await writeFile(join(dir, "good.json"), JSON.stringify(valid))
      await writeFile(join(dir, "bad.json"), "{ accounts: ")
      expect((await loadConfigFile(join(dir, "good.json"))).accounts).toHaveLength(1)
      await expect(loadConfigFile(join(dir, "bad.json"))).rejects.toThrow(/bad\.json is not valid JSON/)
    } finally {
      await rm(dir, { recursive: true })
    }
  })
})

describe("no configuration", () => {
  it("generates an account, an EC P-256 key, a certificate that matches it, and TBA credentials that work", async () => {
    const server = await startMockServer()
    try {
      const g = server.config.generated!
      expect(g.accountId).toBe("1234567_SB1")
      const cert = new X509Certificate(g.certificate)
      const key = createPrivateKey(g.privateKey)
      expect(cert.checkPrivateKey(key)).toBe(true)
      expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1")
      const a = await assertion({
        key,
        kid: g.certificateId,
        iss: g.clientId,
        aud: `${server.url}${TOKEN_PATH}`
      })
      const r = await send(`${server.url}${TOKEN_PATH}`, {
        method: "POST",
        headers: FORM,
        body: tokenForm(a)
      })
      expect(r.status).toBe(200)
      expect(server.stats().tokensIssued).toBe(1)
    } finally {
      await server.close()
    }
  })
})

describe("bin", () => {
  const children: Array<ReturnType<typeof spawn>> = []
  afterAll(() => {
    for (const child of children) child.kill("SIGTERM")
  })
  it("prints one JSON ready line with the URL and the generated credentials, and serves on it", async () => {
    const child = spawn(process.execPath, [resolve(import.meta.dirname, "../src/bin.ts"), "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    children.push(child)
    const line = await new Promise<string>((resolveLine, reject) => {
      let out = ""
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes("\n")) resolveLine(out)
      })
      child.once("exit", (code) => reject(new Error(`bin exited with ${code}`)))
      setTimeout(() => reject(new Error("no ready line within 10 s")), 10_000).unref()
    })
    expect(line.trim().split("\n")).toHaveLength(1)
    const ready = JSON.parse(line)
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(ready.generated).toMatchObject({
      accountId: "1234567_SB1",
      clientId: expect.any(String),
      consumerKey: expect.any(String)
    })
    expect(ready.generated.privateKey).toContain("BEGIN PRIVATE KEY")
    expect((await send(`${ready.url}/_mock/stats`)).status).toBe(200)
    const exited = new Promise((r) => child.once("exit", r))
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
  })
  it("fails with a clear message for a bad config file", async () => {
    const child = spawn(
      process.execPath,
      [resolve(import.meta.dirname, "../src/bin.ts"), "--config", "/nonexistent/mock.json"],
      {
        stdio: ["ignore", "pipe", "pipe"]
      }
    )
    children.push(child)
    let err = ""
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString()
    })
    const code = await new Promise((r) => child.once("exit", r))
    expect(code).toBe(1)
    expect(err).toContain("/nonexistent/mock.json")
  })
})
