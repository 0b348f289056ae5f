// The PACKED `netsuite-auth` command, as `npx @netsuite-auth/cli` runs it, on one Node: it starts
// its own mock server (`netsuite-auth mock-server --port 0`) and runs keygen, assertion, passport,
// oauth1, token and doctor against it, plus the CLI's own error for a missing --dotenv file.
// Each flow is one result line; a flow fails on a wrong exit code or a wrong output.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

// Spec vector T1 (TBA) and T3 case A (OAuth 1.0a REST GET), as in packages/cli/test.
const T1 = {
  NETSUITE_ACCOUNT_ID: "1234567",
  NETSUITE_CONSUMER_KEY: "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
  NETSUITE_CONSUMER_SECRET: "7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd",
  NETSUITE_TOKEN_ID: "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82",
  NETSUITE_TOKEN_SECRET: "060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2"
}
const FIXED = ["--nonce", "6obMKq0tmY8ylVOdEkA1", "--timestamp", "1439829974"]
const T1_SIGNATURE = "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs="
const T3_URL =
  "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer?limit=10&offset=0&q=email%20START_WITH%20%22a%2Bb%40x.com%22"
const T3_SIGNATURE = "gXN2aFUPnSJrh2d3zXY%2FfoaYTOoVHFUjcDlZETuEMGo%3D"

/** Starts `netsuite-auth mock-server --port 0` on this Node and reads its one JSON ready line. */
const startMock = (node, cliBin, cwd) =>
  new Promise((resolve, reject) => {
    const child = spawn(node, [cliBin, "mock-server", "--port", "0"], {
      cwd,
      env: { PATH: process.env.PATH },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`no ready line from the mock server within 20 s\n${err}`))
    }, 20_000)
    child.stderr.on("data", (chunk) => {
      err += chunk
    })
    child.stdout.on("data", (chunk) => {
      out += chunk
      const nl = out.indexOf("\n")
      if (nl === -1) return
      clearTimeout(timer)
      try {
        resolve({ child, ready: JSON.parse(out.slice(0, nl)) })
      } catch (e) {
        child.kill("SIGKILL")
        reject(e)
      }
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the mock server exited (${code}) before its ready line\n${err}`))
    })
  })

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    child.once("exit", (code) => resolve(code))
    child.kill("SIGTERM")
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref()
  })

/**
 * Runs the CLI flows on one Node (the mock server is a separate process, so the flows may run
 * with spawnSync while it serves).
 * @returns {Promise<Array<{ what: string, ok: boolean }>>}
 */
export const runCliFlows = async ({ node, label, cliBin }) => {
  const results = []
  const work = mkdtempSync(join(tmpdir(), "netsuite-auth-cli-"))
  const cli = (args, env = {}) => {
    const r = spawnSync(node, [cliBin, ...args], {
      cwd: work,
      encoding: "utf8",
      timeout: 60_000,
      env: { PATH: process.env.PATH, ...env }
    })
    return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" }
  }
  const record = (what, ok, r) => {
    const line = `netsuite-auth ${what} on ${label}`
    console.log(`> ${line}: ${ok ? "ok" : `FAILED (exit ${r.code})\n${r.stdout}${r.stderr}`}`)
    results.push({ what: line, ok })
  }

  // keygen: both files, mode 0600 for the key, the next steps printed (Node 20 crashed here).
  const keys = join(work, "keys")
  const keygen = cli(["keygen", "--out", keys, "--days", "30"])
  record(
    "keygen",
    keygen.code === 0 &&
      /next: upload certificate\.pem/.test(keygen.stdout) &&
      /valid 30 days until \d{4}-\d\d-\d\dT/.test(keygen.stdout) &&
      existsSync(join(keys, "certificate.pem")) &&
      (statSync(join(keys, "private.pem")).mode & 0o777) === 0o600,
    keygen
  )

  const passport = cli(["passport", "--format", "json", ...FIXED], T1)
  let signature
  try {
    signature = JSON.parse(passport.stdout).signature
  } catch {}
  record("passport (vector T1)", passport.code === 0 && signature === T1_SIGNATURE, passport)

  const oauth1 = cli(["oauth1", "--method", "GET", "--url", T3_URL, ...FIXED], {
    ...T1,
    NETSUITE_ACCOUNT_ID: "1234567_SB1"
  })
  record(
    "oauth1 (vector T3)",
    oauth1.code === 0 &&
      oauth1.stdout.startsWith('OAuth realm="1234567_SB1", ') &&
      oauth1.stdout.includes(`oauth_signature="${T3_SIGNATURE}"`),
    oauth1
  )

  const missing = cli(["passport", "--dotenv", "missing.env"], T1)
  record(
    "passport --dotenv missing.env (the CLI's own error)",
    missing.code === 1 &&
      missing.stderr.startsWith(
        'error [NETSUITE_AUTH_FILE_UNREADABLE]: Cannot read the env file "missing.env"'
      ),
    missing
  )

  let mock
  try {
    mock = await startMock(node, cliBin, work)
  } catch (e) {
    record("mock-server", false, { code: "-", stdout: "", stderr: String(e) })
    return results
  }
  try {
    const g = mock.ready.generated
    const keyPath = join(work, "mock-key.pem")
    writeFileSync(keyPath, g.privateKey, { mode: 0o600 })
    const m2m = {
      NETSUITE_ACCOUNT_ID: g.accountId,
      NETSUITE_BASE_URL: mock.ready.url,
      NETSUITE_CLIENT_ID: g.clientId,
      NETSUITE_CERTIFICATE_ID: g.certificateId,
      // Read by core's fromEnvironment itself (no readFile given), on this Node.
      NETSUITE_PRIVATE_KEY_PATH: keyPath
    }
    const tba = {
      NETSUITE_ACCOUNT_ID: g.accountId,
      NETSUITE_BASE_URL: mock.ready.url,
      NETSUITE_CONSUMER_KEY: g.consumerKey,
      NETSUITE_CONSUMER_SECRET: g.consumerSecret,
      NETSUITE_TOKEN_ID: g.tokenId,
      NETSUITE_TOKEN_SECRET: g.tokenSecret
    }
    record("mock-server (ready line)", typeof mock.ready.url === "string", {
      code: 0,
      stdout: "",
      stderr: ""
    })

    const assertion = cli(["assertion"], m2m)
    record(
      "assertion",
      assertion.code === 0 && /^[\w-]+\.[\w-]+\.[\w-]+\n$/.test(assertion.stdout),
      assertion
    )

    const token = cli(["token", "--json"], m2m)
    let json = {}
    try {
      json = JSON.parse(token.stdout)
    } catch {}
    record(
      "token --json against the mock",
      token.code === 0 &&
        json.tokenType === "Bearer" &&
        Array.isArray(json.scopes) &&
        json.scopes.length > 0 &&
        json.accessToken === undefined,
      token
    )

    const doctor = cli(["doctor", "--timeout", "10"], { ...m2m, ...tba })
    const lines = doctor.stdout.trim().split("\n")
    const checks = lines.map((line) => line.slice(6, line.indexOf(":")))
    record(
      "doctor against the mock (M2M + TBA)",
      doctor.code === 0 &&
        !/^fail/m.test(doctor.stdout) &&
        ["token", "rest-bearer", "rest-tba", "soap-tba"].every((c) => checks.includes(c)) &&
        lines
          .filter((l) => /^(token|rest-bearer|rest-tba|soap-tba)$/.test(l.slice(6, l.indexOf(":"))))
          .every((l) => l.startsWith("ok")),
      doctor
    )
  } finally {
    const code = await stop(mock.child)
    record("mock-server stops on SIGTERM", code === 0, { code, stdout: "", stderr: "" })
  }
  return results
}
