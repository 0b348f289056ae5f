import { spawnSync } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url))

const runDemo = (env: Record<string, string>) =>
  spawnSync(process.execPath, ["--conditions=@netsuite-auth/source", MAIN], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000
  })

/** A port with nothing listening on it. */
const closedPort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe("pnpm demo", () => {
  it("runs every flow against the mock server and exits 0", () => {
    const result = runDemo({})
    expect(result.stderr).toBe("")
    expect(result.status).toBe(0)
    for (const step of [
      "M2M  REST GET customer",
      "M2M  RESTlet GET",
      "M2M  20 parallel REST calls",
      "TBA  SOAP client from the WSDL",
      "TBA  SOAP getServerTime",
      "TBA  SOAP get customer 1",
      "TBA  RESTlet POST"
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^ok +${step}`, "m"))
    }
    expect(result.stdout).toContain("token requests the server answered: 1.")
    expect(result.stdout).toContain("All 7 steps passed.")
  })

  it("exits 1 and says which steps failed when NetSuite cannot be reached", async () => {
    const secret = "demo-consumer-secret-value"
    const result = runDemo({
      NETSUITE_ACCOUNT_ID: "1234567_SB1",
      NETSUITE_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
      NETSUITE_CONSUMER_KEY: "ck",
      NETSUITE_CONSUMER_SECRET: secret,
      NETSUITE_TOKEN_ID: "tok",
      NETSUITE_TOKEN_SECRET: "ts-secret-value",
      NETSUITE_RESTLET_SCRIPT: "1"
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toMatch(/^FAIL +TBA {2}SOAP client from the WSDL .*NETSUITE_AUTH_INVALID_OPTION/m)
    expect(result.stdout).toMatch(/^FAIL +TBA {2}RESTlet POST .*NETSUITE_AUTH_TRANSPORT/m)
    expect(result.stdout + result.stderr).not.toContain(secret)
  })

  it("names every missing variable when the environment is half configured", () => {
    const result = runDemo({ NETSUITE_ACCOUNT_ID: "1234567", NETSUITE_CONSUMER_KEY: "ck" })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain("NETSUITE_CONSUMER_SECRET")
    expect(result.stderr).toContain("NETSUITE_TOKEN_ID")
    expect(result.stderr).toContain("NETSUITE_CLIENT_ID")
  })
})
