import { execFileSync } from "node:child_process"
import { createSecretKey, generateKeyPairSync, type KeyObject } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { KeyError, M2MCredentials } from "@netsuite-auth/core"
import { afterAll, describe, expect, it } from "vitest"
import {
  certificateMatchesKey,
  inspectCertificate,
  MAX_CERTIFICATE_PEM_LENGTH,
  selfSignedCertificate
} from "../src/index.ts"
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

describe("certificate refusals (moved from core's bad-input tests, plus the size and type checks)", () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" })
  const pem = (key: KeyObject) => key.export({ format: "pem", type: "pkcs8" }) as string
  const refusal = (f: () => unknown): KeyError => {
    try {
      f()
    } catch (e) {
      expect(e).toBeInstanceOf(KeyError)
      return e as KeyError
    }
    throw new Error("expected a refusal, but the call succeeded")
  }

  it("an unreadable certificate → NETSUITE_AUTH_CERTIFICATE_INVALID", () => {
    const garbage = refusal(() => inspectCertificate("nope"))
    expect(garbage.code).toBe("NETSUITE_AUTH_CERTIFICATE_INVALID")
    expect(garbage.message).toMatch(/BEGIN CERTIFICATE/)
    const key = refusal(() => inspectCertificate(pem(ec.privateKey)))
    expect(key.code).toBe("NETSUITE_AUTH_CERTIFICATE_INVALID")
    expect(key.message).toMatch(/upload/)
  })

  it("a text over 64 KiB is refused before it is parsed, naming the limit", () => {
    const huge = `${"-----BEGIN CERTIFICATE-----\n".repeat(40_000)}`
    for (const input of [huge, Buffer.from(huge)]) {
      const error = refusal(() => inspectCertificate(input))
      expect(error.code).toBe("NETSUITE_AUTH_CERTIFICATE_INVALID")
      expect(error.message).toContain(String(MAX_CERTIFICATE_PEM_LENGTH))
      expect(refusal(() => certificateMatchesKey(input, ec.privateKey)).code).toBe(
        "NETSUITE_AUTH_CERTIFICATE_INVALID"
      )
    }
  })

  it("a certificate or key of the wrong runtime type is a coded KeyError, never a TypeError", () => {
    const cert = selfSignedCertificate({ privateKey: ec.privateKey, subject: "CN=x", now: Date.now() })
    for (const bad of [undefined, null, 42, {}, ["pem"]]) {
      expect(refusal(() => inspectCertificate(bad as never)).code).toBe("NETSUITE_AUTH_CERTIFICATE_INVALID")
      expect(refusal(() => certificateMatchesKey(cert, bad as never)).code).toBe(
        "NETSUITE_AUTH_KEY_NOT_PRIVATE"
      )
    }
    const secret = createSecretKey(Buffer.from("0123456789abcdef"))
    expect(refusal(() => certificateMatchesKey(cert, secret)).message).toMatch(/secret key/)
  })

  it("certificateMatchesKey on certificates made here: EC and RSASSA-PSS, with and without a match", () => {
    const pss = generateKeyPairSync("rsa-pss", { modulusLength: 3072 })
    const ecCert = selfSignedCertificate({ privateKey: ec.privateKey, subject: "CN=ec", now: Date.now() })
    const pssCert = selfSignedCertificate({ privateKey: pss.privateKey, subject: "CN=pss", now: Date.now() })
    expect(certificateMatchesKey(ecCert, ec.privateKey)).toBe(true)
    expect(certificateMatchesKey(ecCert, ec.publicKey)).toBe(true)
    expect(certificateMatchesKey(pssCert, pss.privateKey)).toBe(true)
    expect(certificateMatchesKey(pssCert, ec.privateKey)).toBe(false)
    expect(certificateMatchesKey(ecCert, generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey)).toBe(
      false
    )
  })
})
