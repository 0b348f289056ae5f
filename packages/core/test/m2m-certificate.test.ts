import { execFileSync } from "node:child_process"
import { generateKeyPairSync, type KeyObject } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { certificateMatchesKey, inspectCertificate, KeyError, M2MCredentials } from "../src/index.ts"
import { opensslAvailable } from "./openssl.ts"

const dir = mkdtempSync(join(tmpdir(), "nsa-cert-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let counter = 0
// Certificates are made by the openssl CLI (node:crypto can only read them): an independent producer.
const certificateFor = (key: KeyObject, days: number, subject = "/CN=netsuite-auth-test"): string => {
  const file = join(dir, `key-${counter++}.pem`)
  writeFileSync(file, key.export({ format: "pem", type: "pkcs8" }) as string)
  return execFileSync("openssl", ["req", "-x509", "-key", file, "-subj", subject, "-days", String(days)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"]
  })
}
const opensslFingerprint = (pem: string): string =>
  execFileSync("openssl", ["x509", "-noout", "-fingerprint", "-sha256"], { input: pem, encoding: "utf8" })
    .trim()
    .replace(/^.*=/, "")

const describeWithOpenssl = opensslAvailable ? describe : describe.skip

describeWithOpenssl(
  `certificates${opensslAvailable ? "" : " (skipped: the openssl CLI is not installed)"}`,
  () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" })
    const pss = generateKeyPairSync("rsa-pss", { modulusLength: 3072 })
    const rsa = generateKeyPairSync("rsa", { modulusLength: 3072 })
    const base = { accountId: "1234567", clientId: "c", certificateId: "k" } as const

    it("reports key type, dates, fingerprint and days to expiry of an EC certificate", () => {
      const pem = certificateFor(ec.privateKey, 730, "/CN=ns-m2m/O=Example")
      const info = inspectCertificate(pem)
      expect(info.keyType).toBe("ec")
      expect(info.curveOrBits).toBe("P-256")
      expect(info.subject).toContain("CN=ns-m2m")
      expect(info.validityDays).toBe(730)
      expect(info.notes).toEqual([])
      expect(info.fingerprint256).toBe(opensslFingerprint(pem))
      const now = info.notBefore.getTime()
      expect(info.daysToExpiry(now)).toBe(730)
      expect(info.daysToExpiry(info.notAfter.getTime() + 86_400_000)).toBe(-1)
    })

    it("notes a validity over 730 days (NetSuite shortens it to 2 years)", () => {
      const info = inspectCertificate(certificateFor(ec.privateKey, 3650))
      expect(info.validityDays).toBe(3650)
      expect(info.notes.join(" ")).toMatch(/2 years/)
    })

    it("reads RSA and RSA-PSS certificates with their size", () => {
      expect(inspectCertificate(certificateFor(rsa.privateKey, 30))).toMatchObject({
        keyType: "rsa",
        curveOrBits: 3072
      })
      expect(inspectCertificate(certificateFor(pss.privateKey, 30))).toMatchObject({
        keyType: "rsa-pss",
        curveOrBits: 3072
      })
    })

    it("certificateMatchesKey: true for the key that made it, false for another key", () => {
      const ecCert = certificateFor(ec.privateKey, 30)
      expect(certificateMatchesKey(ecCert, ec.privateKey)).toBe(true)
      expect(certificateMatchesKey(ecCert, ec.publicKey)).toBe(true)
      expect(certificateMatchesKey(ecCert, M2MCredentials.make({ ...base, privateKey: ec.privateKey }))).toBe(
        true
      )
      const other = generateKeyPairSync("ec", { namedCurve: "P-256" })
      expect(certificateMatchesKey(ecCert, other.privateKey)).toBe(false)
      expect(certificateMatchesKey(ecCert, rsa.privateKey)).toBe(false)
    })

    it("certificateMatchesKey sees through rsaEncryption vs RSASSA-PSS labels", () => {
      const pssCert = certificateFor(pss.privateKey, 30)
      const creds = M2MCredentials.make({ ...base, privateKey: pss.privateKey })
      expect(certificateMatchesKey(pssCert, creds)).toBe(true)
      expect(certificateMatchesKey(certificateFor(rsa.privateKey, 30), creds)).toBe(false)
    })

    it("refuses a certificate of a key type NetSuite does not take", () => {
      const ed = generateKeyPairSync("ed25519")
      let error: unknown
      try {
        inspectCertificate(certificateFor(ed.privateKey, 30))
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(KeyError)
      expect((error as KeyError).code).toBe("NETSUITE_AUTH_KEY_TYPE_UNSUPPORTED")
    })
  }
)
