/**
 * Issue 13, item 13: a key file of many BEGIN lines and no END took 5.6 s at 800 KB, 22.7 s at
 * 1.6 MB and minutes at 10 MB (a backtracking regex, quadratic). Keys are now read in one linear
 * pass, and a text longer than any key file (64 KiB) is refused before it is read, with a coded
 * KeyError that names the limit. The same holds for certificates (@netsuite-auth/keys).
 */
import { generateKeyPairSync } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { KeyError, M2MCredentials, m2mCredentialsFromEnvironment } from "@netsuite-auth/core"
import { inspectCertificate } from "@netsuite-auth/keys"
import { afterAll, describe, expect, it } from "vitest"
import { errorTexts, leaks, pemSecrets } from "./support/secrets.ts"

const dir = mkdtempSync(join(tmpdir(), "nsa-key-size-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const BEGIN = "-----BEGIN PRIVATE KEY-----\n"
/** The hostile shape of the issue: `bytes` worth of BEGIN lines, no END. */
const beginLines = (bytes: number) => BEGIN.repeat(Math.ceil(bytes / BEGIN.length))
const keyPem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
  format: "pem",
  type: "pkcs8"
}) as string
const m2m = { accountId: "7654321_SB1", clientId: "client-id", certificateId: "cert-id" } as const

const refusal = (f: () => unknown): KeyError => {
  let thrown: unknown
  try {
    f()
  } catch (e) {
    thrown = e
  }
  expect(thrown).toBeInstanceOf(KeyError)
  return thrown as KeyError
}

describe("a private key text longer than any key file is refused up front, by its size", () => {
  it.each([
    ["800 KB", 800_000],
    ["1.6 MB", 1_600_000],
    ["10 MB", 10_000_000]
  ])("%s of BEGIN lines and no END → NETSUITE_AUTH_KEY_UNPARSEABLE naming the 64 KiB limit", (_, bytes) => {
    const text = beginLines(bytes)
    const error = refusal(() => M2MCredentials.make({ ...m2m, privateKey: text }))
    expect(error.code).toBe("NETSUITE_AUTH_KEY_UNPARSEABLE")
    expect(error.message).toContain(`${text.length} characters`)
    expect(error.message).toContain("64 KiB")
  })

  it("the same for a key file named by NETSUITE_PRIVATE_KEY_PATH (10 MB, with a real key in it that never shows)", () => {
    const file = join(dir, "hostile.pem")
    writeFileSync(file, beginLines(10_000_000) + keyPem)
    const error = refusal(() =>
      m2mCredentialsFromEnvironment({
        NETSUITE_ACCOUNT_ID: m2m.accountId,
        NETSUITE_CLIENT_ID: m2m.clientId,
        NETSUITE_CERTIFICATE_ID: m2m.certificateId,
        NETSUITE_PRIVATE_KEY_PATH: file
      })
    )
    expect(error.code).toBe("NETSUITE_AUTH_KEY_UNPARSEABLE")
    expect(error.message).toContain("64 KiB")
    expect(leaks(errorTexts(error), pemSecrets("P-256 key", keyPem))).toEqual([])
  })

  it("a 10 MB certificate text → NETSUITE_AUTH_CERTIFICATE_INVALID naming the limit", () => {
    const error = refusal(() => inspectCertificate("-----BEGIN CERTIFICATE-----\n".repeat(360_000)))
    expect(error.code).toBe("NETSUITE_AUTH_CERTIFICATE_INVALID")
    expect(error.message).toContain("64 KiB")
  })
})

describe("below the limit, the hostile shape is one pass and a precise answer", () => {
  it("64 KiB of BEGIN lines and no END → Unparseable, saying the END line is missing", () => {
    const text = BEGIN.repeat(Math.floor(65_536 / BEGIN.length))
    const error = refusal(() => M2MCredentials.make({ ...m2m, privateKey: text }))
    expect(error.code).toBe("NETSUITE_AUTH_KEY_UNPARSEABLE")
    expect(error.message).toMatch(/without its -----END PRIVATE KEY----- line/)
  })

  it("a real key after 60 KB of unterminated BEGIN lines of another label is still read", () => {
    const text = "-----BEGIN CERTIFICATE-----\n".repeat(2_000) + keyPem
    expect(M2MCredentials.make({ ...m2m, privateKey: text }).algorithm).toBe("ES256")
  })
})
