import { createPublicKey, generateKeyPairSync, X509Certificate } from "node:crypto"
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { asRsaKey } from "@netsuite-auth/core/internal"
import { selfSignedCertificate } from "@netsuite-auth/keys"
import { type MockServer, startMockServer } from "@netsuite-auth/mock-server"
import { decodeProtectedHeader, importX509, jwtVerify } from "jose"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectNoSecrets, runCli, T1_ENV, T1_SECRETS } from "./run-cli.ts"

const ACCOUNT = "1234567_SB1"
const CLIENT_ID = "cli-test-client-0123456789"
const dir = mkdtempSync(join(tmpdir(), "nsa-cli-"))
const keys = (name: string) => join(dir, name)

let server: MockServer
let m2mEnv: Record<string, string>
let tbaEnv: Record<string, string>
let keyPem: string

beforeAll(async () => {
  const keygen = await runCli([
    "keygen",
    "--out",
    keys("ec"),
    "--days",
    "365",
    "--subject",
    "CN=cli test, O=Acme"
  ])
  expect(keygen.code, keygen.stderr).toBe(0)
  keyPem = readFileSync(keys("ec/private.pem"), "utf8")
  const rsa = await runCli(["keygen", "--out", keys("pss"), "--type", "rsa-pss-3072"])
  expect(rsa.code, rsa.stderr).toBe(0)
  server = await startMockServer(
    {
      accounts: [
        {
          accountId: ACCOUNT,
          m2m: [
            {
              clientId: CLIENT_ID,
              certificateId: "cert-ec",
              certificate: readFileSync(keys("ec/certificate.pem"), "utf8")
            },
            {
              clientId: CLIENT_ID,
              certificateId: "cert-pss",
              certificate: readFileSync(keys("pss/certificate.pem"), "utf8")
            }
          ],
          tba: [
            {
              consumerKey: T1_ENV.NETSUITE_CONSUMER_KEY,
              consumerSecret: T1_ENV.NETSUITE_CONSUMER_SECRET,
              tokenId: T1_ENV.NETSUITE_TOKEN_ID,
              tokenSecret: T1_ENV.NETSUITE_TOKEN_SECRET
            }
          ]
        }
      ]
    },
    { port: 0 }
  )
  m2mEnv = {
    NETSUITE_ACCOUNT_ID: ACCOUNT,
    NETSUITE_BASE_URL: server.url,
    NETSUITE_CLIENT_ID: CLIENT_ID,
    NETSUITE_CERTIFICATE_ID: "cert-ec",
    NETSUITE_PRIVATE_KEY_PATH: keys("ec/private.pem")
  }
  tbaEnv = { ...T1_ENV, NETSUITE_ACCOUNT_ID: ACCOUNT, NETSUITE_BASE_URL: server.url }
}, 60_000)

afterAll(async () => {
  await server?.close()
})

const keyBody = () => keyPem.split("\n").slice(1, 3).join("")

describe("keygen", () => {
  it("writes a PKCS#8 key (0600) and a certificate for it, and says what to do next", async () => {
    const out = keys("fresh")
    const run = await runCli(["keygen", "--out", out, "--type", "ec-p384", "--days", "90"])
    expect(run.code).toBe(0)
    const key = readFileSync(join(out, "private.pem"), "utf8")
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(statSync(join(out, "private.pem")).mode & 0o777).toBe(0o600)
    const cert = new X509Certificate(readFileSync(join(out, "certificate.pem"), "utf8"))
    expect(
      cert.checkPrivateKey(createPublicKey(key) && (await import("node:crypto")).createPrivateKey(key))
    ).toBe(true)
    expect(cert.validToDate.getTime() - cert.validFromDate.getTime()).toBe(90 * 86_400_000)
    expect(cert.subject).toBe("CN=netsuite-auth M2M")
    expect(run.stdout).toContain("algorithm: ES384")
    expect(run.stdout).toContain(
      "Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup"
    )
    expect(run.stdout).toContain(`NETSUITE_PRIVATE_KEY_PATH=${join(out, "private.pem")}`)
    expect(run.stdout).not.toContain(key.split("\n")[1]!) // the key itself is never printed
  })

  it("refuses to overwrite, leaving both files as they were (exit 1)", async () => {
    const out = keys("taken")
    writeFileSync(join(mkdtempSync(join(tmpdir(), "x")), "unused"), "")
    await runCli(["keygen", "--out", out])
    const before = readFileSync(join(out, "private.pem"), "utf8")
    const run = await runCli(["keygen", "--out", out])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^error \[NETSUITE_AUTH_FILE_EXISTS\]: .*private\.pem already exists and keygen never overwrites/
    )
    expect(readFileSync(join(out, "private.pem"), "utf8")).toBe(before)
  })

  it("refuses when only certificate.pem exists, writing nothing", async () => {
    const out = mkdtempSync(join(tmpdir(), "nsa-cert-only-"))
    writeFileSync(join(out, "certificate.pem"), "old")
    const run = await runCli(["keygen", "--out", out])
    expect(run.code).toBe(1)
    expect(existsSync(join(out, "private.pem"))).toBe(false)
  })

  it("explains a bad subject (exit 1, InvalidOption)", async () => {
    const run = await runCli(["keygen", "--out", keys("bad-subject"), "--subject", "my-integration"])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("error [NETSUITE_AUTH_INVALID_OPTION]: Invalid certificate subject")
  })
})

describe("assertion", () => {
  it("prints one JWT that verifies with the keygen certificate and has NetSuite's claims", async () => {
    const run = await runCli(["assertion", "--scope", "rest_webservices", "--lifetime", "600"], m2mEnv)
    expect(run.code, run.stderr).toBe(0)
    const lines = run.stdout.split("\n")
    expect(lines).toHaveLength(2)
    const jwt = lines[0]!
    const cert = await importX509(readFileSync(keys("ec/certificate.pem"), "utf8"), "ES256")
    const { payload, protectedHeader } = await jwtVerify(jwt, cert, {
      audience: `${server.url}/services/rest/auth/oauth2/v1/token`,
      issuer: CLIENT_ID
    })
    expect(protectedHeader).toEqual({ typ: "JWT", alg: "ES256", kid: "cert-ec" })
    expect(payload.scope).toEqual(["rest_webservices"])
    expect(payload.exp! - payload.iat!).toBe(600)
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(30)
    // ... and the mock server (NetSuite's checks) accepts it.
    const answer = await fetch(server.endpoints.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: jwt
      })
    })
    expect(answer.status).toBe(200)
    expectNoSecrets(run, [keyBody()])
  })

  it("signs PS256 with an RSASSA-PSS keygen key", async () => {
    const run = await runCli(["assertion"], {
      ...m2mEnv,
      NETSUITE_CERTIFICATE_ID: "cert-pss",
      NETSUITE_PRIVATE_KEY_PATH: keys("pss/private.pem")
    })
    expect(run.code, run.stderr).toBe(0)
    const jwt = run.stdout.trim()
    expect(decodeProtectedHeader(jwt).alg).toBe("PS256")
    const certKey = asRsaKey(new X509Certificate(readFileSync(keys("pss/certificate.pem"), "utf8")).publicKey)
    await expect(jwtVerify(jwt, certKey)).resolves.toBeDefined()
  })

  it("refuses RS256 with an explanation (exit 1)", async () => {
    const run = await runCli(["assertion", "--alg", "RS256"], m2mEnv)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error \[NETSUITE_AUTH_ALG_UNSUPPORTED\]: /)
    expect(run.stderr).toContain("PS256")
  })

  it("names every missing M2M variable", async () => {
    const run = await runCli(["assertion"], { NETSUITE_ACCOUNT_ID: ACCOUNT })
    expect(run.code).toBe(1)
    for (const name of [
      "NETSUITE_CLIENT_ID",
      "NETSUITE_CERTIFICATE_ID",
      "NETSUITE_PRIVATE_KEY or NETSUITE_PRIVATE_KEY_PATH"
    ]) {
      expect(run.stderr).toContain(name)
    }
  })
})

describe("token against the mock server (keygen output is accepted)", () => {
  it("prints type, lifetime and expiry, never the token by default", async () => {
    const run = await runCli(["token"], m2mEnv)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain("token_type: Bearer\n")
    expect(run.stdout).toContain("expires_in: 3600 s\n")
    expect(run.stdout).toMatch(/expires_at: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n/)
    expect(run.stdout).toContain("access_token: (hidden; pass --show-token to print it)")
    const shown = await runCli(["token", "--show-token", "--json"], m2mEnv)
    expect(shown.code).toBe(0)
    const json = JSON.parse(shown.stdout) as {
      accessToken: string
      expiresInSeconds: number
      tokenType: string
    }
    expect(json.tokenType).toBe("Bearer")
    expect(json.expiresInSeconds).toBe(3600)
    expect(json.accessToken.length).toBeGreaterThan(10)
    // The token works on the REST surface.
    const record = await fetch(`${server.endpoints.restBaseUrl}/record/v1/customer/1`, {
      headers: { authorization: `Bearer ${json.accessToken}` }
    })
    expect(record.status).toBe(200)
    const hidden = await runCli(["token", "--json"], m2mEnv)
    expect(Object.keys(JSON.parse(hidden.stdout) as object)).not.toContain("accessToken")
    expectNoSecrets(run, [keyBody()])
  })

  it("prints the token's scopes (NetSuite's answer has none: the ones the assertion asked for)", async () => {
    const text = await runCli(["token"], m2mEnv)
    expect(text.stdout).toContain("scopes: rest_webservices restlets\n")
    const json = await runCli(["token", "--json", "--scope", "restlets"], m2mEnv)
    expect((JSON.parse(json.stdout) as { scopes: Array<string> }).scopes).toEqual(["restlets"])
    const fromEnv = await runCli(["token", "--json"], { ...m2mEnv, NETSUITE_SCOPES: "rest_webservices" })
    expect((JSON.parse(fromEnv.stdout) as { scopes: Array<string> }).scopes).toEqual(["rest_webservices"])
  })

  it("reports the mock's invalid_client for an unknown certificate ID (exit 1, no stack)", async () => {
    const run = await runCli(["token"], { ...m2mEnv, NETSUITE_CERTIFICATE_ID: "not-registered" })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error \[NETSUITE_AUTH_TOKEN_INVALID_CLIENT\]: /)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it("reports an unreachable token endpoint as a transport error", async () => {
    const run = await runCli(["token"], { ...m2mEnv, NETSUITE_BASE_URL: "http://127.0.0.1:9" })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^error \[NETSUITE_AUTH_TOKEN_TRANSPORT\]: The token endpoint http:\/\/127\.0\.0\.1:9\//
    )
  })
})

describe("passport and oauth1 outputs verify at the mock server", () => {
  it("oauth1 header is accepted by the REST and RESTlet routes", async () => {
    for (const [method, url] of [
      ["GET", `${server.endpoints.restBaseUrl}/record/v1/customer/7?expand=true`],
      ["POST", `${server.endpoints.restletUrl}?script=12&deploy=1`]
    ] as const) {
      const run = await runCli(["oauth1", "--method", method, "--url", url], tbaEnv)
      expect(run.code, run.stderr).toBe(0)
      const answer = await fetch(url, {
        method,
        headers: { authorization: run.stdout.trim(), "content-type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify({ hello: "world" }) } : {})
      })
      expect(answer.status, await answer.clone().text()).toBe(200)
      expectNoSecrets(run, T1_SECRETS)
    }
  })

  it("a fixed nonce is refused the second time (the mock checks reuse, so this check can fail)", async () => {
    const url = `${server.endpoints.restBaseUrl}/record/v1/customer/8`
    const run = await runCli(
      [
        "oauth1",
        "--method",
        "GET",
        "--url",
        url,
        "--nonce",
        "fixedNonce123",
        "--timestamp",
        String(Math.floor(Date.now() / 1000))
      ],
      tbaEnv
    )
    const send = () => fetch(url, { headers: { authorization: run.stdout.trim() } })
    expect((await send()).status).toBe(200)
    expect((await send()).status).toBe(401)
  })

  it("passport XML is accepted in a SOAP getServerTime envelope", async () => {
    const run = await runCli(["passport", "--wsdl-version", "2025_2"], tbaEnv)
    expect(run.code, run.stderr).toBe(0)
    const envelope =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:msg="urn:messages_2025_2.platform.webservices.netsuite.com">' +
      `<soapenv:Header>${run.stdout.trim()}</soapenv:Header>` +
      "<soapenv:Body><msg:getServerTime/></soapenv:Body></soapenv:Envelope>"
    const answer = await fetch(server.endpoints.soapUrl("2025_2"), {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8", soapaction: "getServerTime" },
      body: envelope
    })
    const text = await answer.text()
    expect(answer.status, text).toBe(200)
    expect(text).toContain("serverTime")
    expect(text).not.toContain("Fault")
  })

  it("a passport signed with the wrong secret is refused (the check can fail)", async () => {
    const run = await runCli(["passport"], { ...tbaEnv, NETSUITE_TOKEN_SECRET: "0".repeat(64) })
    const envelope =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:msg="urn:messages_2025_2.platform.webservices.netsuite.com">' +
      `<soapenv:Header>${run.stdout.trim()}</soapenv:Header><soapenv:Body><msg:getServerTime/></soapenv:Body></soapenv:Envelope>`
    const answer = await fetch(server.endpoints.soapUrl("2025_2"), {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8", soapaction: "getServerTime" },
      body: envelope
    })
    expect(answer.status).toBe(500)
  })
})

// Kept here so doctor tests can reuse the running server.
describe("doctor", () => {
  const write = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }

  it("against the mock server: every check ok, exit 0, no secret printed", async () => {
    const run = await runCli(["doctor", "--certificate", keys("ec/certificate.pem")], {
      ...m2mEnv,
      ...tbaEnv
    })
    expect(run.code, run.stdout + run.stderr).toBe(0)
    const lines = run.stdout.trim().split("\n")
    for (const line of lines) expect(line).toMatch(/^ok {4}[a-z0-9-]+: /)
    const names = lines.map((l) => l.slice(6, l.indexOf(":")))
    expect(names).toEqual([
      "account",
      "endpoints",
      "tba",
      "m2m",
      "m2m-key",
      "certificate-key-type",
      "certificate",
      "certificate-matches-key",
      "clock",
      "token",
      "rest-bearer",
      "rest-tba",
      "soap-tba"
    ])
    expect(run.stdout).toMatch(
      new RegExp(
        `^ok {4}soap-tba: POST ${server.endpoints.soapUrl("2025_2")} getServerTime accepted the passport \\(HTTP 200, server time \\d{4}-`,
        "m"
      )
    )
    expect(run.stdout).toContain("realm 1234567_SB1")
    expect(run.stdout).toContain("host 1234567-sb1")
    expect(run.stdout).toContain("EC P-256 key, assertion algorithm ES256")
    expectNoSecrets(run, [...T1_SECRETS, keyBody()])
  })

  it("an RSA-2048 key and its certificate: fail lines and exit 1", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
    const keyPath = write("rsa2048.pem", privateKey.export({ type: "pkcs8", format: "pem" }) as string)
    const certPath = write(
      "rsa2048.crt",
      selfSignedCertificate({ privateKey, subject: "CN=old", now: Date.now() })
    )
    const run = await runCli(["doctor", "--certificate", certPath], {
      ...m2mEnv,
      NETSUITE_PRIVATE_KEY_PATH: keyPath
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^fail {2}m2m-key: .*2048/m)
    expect(run.stdout).toMatch(/^fail {2}certificate-key-type: the certificate holds an RSA 2048-bit key/m)
    expect(run.stdout).toMatch(/^ok {4}certificate-matches-key: /m)
  })

  it("a certificate expiring in 10 days warns; an expired one and a foreign one fail", async () => {
    const { createPrivateKey } = await import("node:crypto")
    const privateKey = createPrivateKey(keyPem)
    const soon = write(
      "soon.crt",
      selfSignedCertificate({ privateKey, subject: "CN=soon", days: 40, now: Date.now() - 30 * 86_400_000 })
    )
    const warn = await runCli(["doctor", "--certificate", soon], m2mEnv)
    expect(warn.stdout).toMatch(
      /^warn {2}certificate: CN=soon expires on .*, in (9|10) days; fix: make a new key/m
    )
    expect(warn.code).toBe(0)
    const expired = write(
      "expired.crt",
      selfSignedCertificate({ privateKey, subject: "CN=old", days: 5, now: Date.now() - 10 * 86_400_000 })
    )
    const fail = await runCli(["doctor"], { ...m2mEnv, NETSUITE_CERTIFICATE_PATH: expired })
    expect(fail.code).toBe(1)
    expect(fail.stdout).toMatch(/^fail {2}certificate: CN=old expired on /m)
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
    const foreign = write(
      "foreign.crt",
      selfSignedCertificate({ privateKey: other, subject: "CN=other", now: Date.now() })
    )
    const mismatch = await runCli(["doctor", "--certificate", foreign], m2mEnv)
    expect(mismatch.code).toBe(1)
    expect(mismatch.stdout).toMatch(/^fail {2}certificate-matches-key: the certificate was NOT made/m)
  })

  it("RS256 requested and an encrypted key are failures", async () => {
    const rs = await runCli(["doctor", "--alg", "RS256"], m2mEnv)
    expect(rs.code).toBe(1)
    expect(rs.stdout).toMatch(/^fail {2}m2m-key: .*RS256/m)
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
    const encrypted = privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "pw-12345678"
    }) as string
    const enc = await runCli(["doctor"], {
      ...m2mEnv,
      NETSUITE_PRIVATE_KEY_PATH: write("enc.pem", encrypted)
    })
    expect(enc.code).toBe(1)
    expect(enc.stdout).toMatch(/^fail {2}m2m-key: The private key PEM is encrypted/m)
  })

  it("with no server reachable the network checks are warnings, not failures", async () => {
    const run = await runCli(["doctor", "--timeout", "2"], {
      ...tbaEnv,
      NETSUITE_BASE_URL: "http://127.0.0.1:9"
    })
    expect(run.stdout).toMatch(/^warn {2}server: http:\/\/127\.0\.0\.1:9 is not reachable/m)
    expect(run.stdout).not.toMatch(/^fail/m)
    expect(run.code).toBe(0)
  })

  it("nothing configured: fail lines that say what to set", async () => {
    const run = await runCli(["doctor"], {})
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^fail {2}account: NETSUITE_ACCOUNT_ID is not set; fix: /m)
    expect(run.stdout).toMatch(/^fail {2}schemes: neither TBA nor M2M/m)
  })

  it("a wrong TBA secret fails the signed REST and SOAP calls, printing no secret or signature", async () => {
    const wrongSecret = "f".repeat(64)
    const run = await runCli(["doctor"], { ...tbaEnv, NETSUITE_TOKEN_SECRET: wrongSecret })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^fail {2}rest-tba: GET .*401/m)
    expect(run.stdout).toMatch(
      /^fail {2}soap-tba: POST \S+\/services\/NetSuitePort_2025_2 getServerTime refused the passport: "Invalid login attempt\." \(soapenv:Server\.userException, invalidCredentialsFault, USER_ERROR\); fix: .*"SOAP Web Services".*--wsdl-version/m
    )
    expectNoSecrets(run, [...T1_SECRETS, wrongSecret])
    // No passport or part of it: an HMAC-SHA256 signature is 44 base64 characters ending in "=".
    expect(run.stdout + run.stderr).not.toMatch(/[A-Za-z0-9+/]{43}=/)
    expect(run.stdout + run.stderr).not.toMatch(/tokenPassport|platformCore:|nonce/i)
  })

  it("the SOAP check follows --wsdl-version (endpoint and passport namespaces)", async () => {
    const run = await runCli(["doctor", "--wsdl-version", "v2024_1_0"], tbaEnv)
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toMatch(
      /^ok {4}soap-tba: POST \S+\/services\/NetSuitePort_2024_1 getServerTime accepted the passport/m
    )
  })

  it("a SOAP endpoint that does not answer in time is a warning", async () => {
    server.setFaults("soap", { latencyMs: 2_500 })
    try {
      const run = await runCli(["doctor", "--timeout", "1"], tbaEnv)
      expect(run.stdout).toMatch(/^ok {4}rest-tba: /m)
      expect(run.stdout).toMatch(
        /^warn {2}soap-tba: POST \S+ getServerTime got no answer \(no answer within 1 s\)$/m
      )
      expect(run.code).toBe(0)
    } finally {
      server.clearFaults("soap")
    }
  })

  it("a client of 1234567_SB1 with NETSUITE_ACCOUNT_ID=1234567 fails the token check (the account is checked)", async () => {
    const run = await runCli(["doctor"], { ...m2mEnv, NETSUITE_ACCOUNT_ID: "1234567" })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /^fail {2}token: POST \S+\/services\/rest\/auth\/oauth2\/v1\/token: HTTP 401 invalid_client; fix: check NETSUITE_CLIENT_ID and NETSUITE_CERTIFICATE_ID \(the kid\): both must belong to account 1234567, NETSUITE_ACCOUNT_ID \(a sandbox is 1234567_SB1\)/m
    )
    expect(run.stdout).not.toMatch(/rest-bearer/)
    const right = await runCli(["doctor"], m2mEnv)
    expect(right.stdout).toMatch(
      /^ok {4}token: \S+ issued a Bearer token for account 1234567_SB1 \(expires in 3600 s, scopes rest_webservices restlets\)$/m
    )
  })

  it("every line is short, has no doubled period and no stack frame, for failing TBA and M2M setups", async () => {
    const runs = await Promise.all([
      runCli(["doctor"], { ...tbaEnv, NETSUITE_TOKEN_SECRET: "f".repeat(64) }),
      runCli(["doctor"], { ...m2mEnv, NETSUITE_CERTIFICATE_ID: "not-registered" }),
      runCli(["doctor"], { ...m2mEnv, NETSUITE_ACCOUNT_ID: "1234567" }),
      runCli(["token"], { ...m2mEnv, NETSUITE_CERTIFICATE_ID: "not-registered" })
    ])
    for (const run of runs) {
      expect(run.code).toBe(1)
      for (const line of `${run.stdout}${run.stderr}`.trim().split("\n")) {
        expect(line).not.toMatch(/[^.]\.\.(?!\.)/)
        expect(line).not.toMatch(/^\s+at /)
        expect(line.length, line).toBeLessThanOrEqual(400)
      }
    }
  })

  it("a malformed --wsdl-version is a usage error (exit 2)", async () => {
    const run = await runCli(["doctor", "--wsdl-version", "2025_9x"], tbaEnv)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe("")
    expect(run.stderr).toContain(
      "error [NETSUITE_AUTH_USAGE]: option '--wsdl-version <YYYY_N>' argument '2025_9x' is invalid. Unknown SOAP WSDL version \"2025_9x\": NetSuite published 2015_2 to 2025_2 (YYYY_1 and YYYY_2). Use \"2025_2\", the last one."
    )
    expect(run.stderr).toContain("(see netsuite-auth doctor --help)")
  })
})
