import { execFile, spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type GeneratedCredentials, type MockServer, startMockServer } from "../src/index.ts"

// Clients that share no code with us prove the mock checks what NetSuite checks, not what we do.
// Debian packages: python3-jwt python3-requests python3-oauthlib python3-zeep (CI installs them).
const PYTHON = "/usr/bin/python3"
const here = import.meta.dirname
const script = (name: string) => resolve(here, "independent", name)
const WSDL = resolve(here, "../../../../shared/fixtures/netsuite-wsdl-2023_2/netsuite.wsdl")

const missing = (modules: ReadonlyArray<string>): string | undefined => {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`
  const probe = spawnSync(PYTHON, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" })
  return probe.status === 0
    ? undefined
    : `python module missing (${modules.join(", ")}): apt-get install python3-jwt python3-requests python3-oauthlib python3-zeep`
}
const skipReason = (modules: ReadonlyArray<string>) => {
  const reason = missing(modules)
  if (reason !== undefined) console.warn(`[mock-server] skipping independent-client test: ${reason}`)
  return reason
}
const jwtMissing = skipReason(["jwt", "requests", "cryptography"])
const oauthlibMissing = skipReason(["oauthlib", "requests"])
const zeepMissing = skipReason(["zeep"])
const label = (name: string, reason: string | undefined) => {
  // The default reporter prints no skip reasons: say it where everyone sees it.
  if (reason !== undefined) console.warn(`independent-client test skipped: ${name}: ${reason}`)
  return reason === undefined ? name : `${name} (skipped: ${reason})`
}

// Whatever the script printed as its last JSON line; the assertions below give it shape.
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON from a Python script
type PythonResult = Record<string, any>

const python = (args: ReadonlyArray<string>): Promise<PythonResult> =>
  new Promise((resolveRun, reject) => {
    execFile(PYTHON, [...args], { timeout: 60_000, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`))
      else resolveRun(JSON.parse(stdout.trim().split("\n").at(-1)!))
    })
  })

let server: MockServer
let g: GeneratedCredentials
let dir: string
beforeAll(async () => {
  server = await startMockServer()
  g = server.config.generated!
  dir = await mkdtemp(join(tmpdir(), "mock-independent-"))
  await writeFile(join(dir, "key.pem"), g.privateKey, { mode: 0o600 })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const tba = () => [g.consumerKey, g.consumerSecret, g.tokenId, g.tokenSecret]

describe(label("PyJWT + requests (M2M)", jwtMissing), () => {
  it.skipIf(jwtMissing !== undefined)(
    "an ES256 assertion with a kid header gets a token that REST accepts",
    async () => {
      const out = await python([
        script("pyjwt_token.py"),
        server.url,
        g.clientId,
        g.certificateId,
        join(dir, "key.pem")
      ])
      expect(out).toMatchObject({
        tokenStatus: 200,
        token: { token_type: "Bearer", expires_in: 3600 },
        restStatus: 200
      })
    }
  )
})

describe(label("oauthlib + requests (TBA OAuth 1.0a)", oauthlibMissing), () => {
  it.skipIf(oauthlibMissing !== undefined)(
    "its header is accepted on a REST GET with query parameters, a RESTlet JSON POST and a form-encoded POST (body signed)",
    async () => {
      server.resetStats()
      const out = await python([script("oauthlib_tba.py"), server.url, g.accountId, ...tba()])
      expect(out.rest).toMatchObject({ status: 200, body: { id: "42" } })
      expect(out.restlet).toEqual({ status: 200, body: { from: "oauthlib", n: 1 }, reason: null })
      expect(out.restletForm).toEqual({
        status: 200,
        body: "name=caf%C3%A9+au+lait&n=2&n=1&realm=app",
        reason: null
      })
      expect(server.stats().surfaces.restlet.accepted).toBe(2)
    }
  )
})

describe(label("zeep (SOAP)", zeepMissing), () => {
  const wsdlAbsent = existsSync(WSDL) ? undefined : "../shared/fixtures/netsuite-wsdl-2023_2 not present"
  it.skipIf(zeepMissing !== undefined || wsdlAbsent !== undefined)(
    label(
      "built from NetSuite's REAL 2023_2 WSDL, with a passport from the WSDL's types: getServerTime and get",
      wsdlAbsent
    ),
    async () => {
      const out = await python([
        script("zeep_soap.py"),
        WSDL,
        server.endpoints.soapUrl("2023_2"),
        "2023_2",
        g.accountId,
        ...tba()
      ])
      expect(out).toMatchObject({ isSuccess: true, getIsSuccess: true, customer: { internalId: "42" } })
      expect(Math.abs(Date.parse(out.serverTime) - Date.now())).toBeLessThan(60_000)
    },
    60_000
  )
  it.skipIf(zeepMissing !== undefined)("built from the mock's own WSDL (fetched over HTTP)", async () => {
    const out = await python([
      script("zeep_soap.py"),
      server.endpoints.wsdlUrl("2025_2"),
      server.endpoints.soapUrl("2025_2"),
      "2025_2",
      g.accountId,
      ...tba()
    ])
    expect(out).toMatchObject({ isSuccess: true, getIsSuccess: true })
  })
})
