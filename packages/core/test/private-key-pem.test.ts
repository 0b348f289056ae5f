import { generateKeyPairSync } from "node:crypto"
import { describe, expect, it } from "vitest"
import { KeyError, M2MCredentials } from "../src/index.ts"
import { MAX_PRIVATE_KEY_PEM_LENGTH } from "../src/m2m/private-key-pem.ts"

const base = { accountId: "1234567", clientId: "client-id", certificateId: "cert-id" } as const
const keyPem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
  format: "pem",
  type: "pkcs8"
}) as string

const refusal = (privateKey: string): KeyError => {
  try {
    M2MCredentials.make({ ...base, privateKey })
  } catch (e) {
    expect(e).toBeInstanceOf(KeyError)
    return e as KeyError
  }
  throw new Error("expected a refusal, but the key was accepted")
}

describe("private key PEM text: refused by size before it is read", () => {
  it(`over ${MAX_PRIVATE_KEY_PEM_LENGTH} characters → NETSUITE_AUTH_KEY_UNPARSEABLE naming the limit`, () => {
    // The shape that was quadratic: many BEGIN lines and no END (1.6 MB took 22.7 s).
    const hostile = "-----BEGIN PRIVATE KEY-----\n".repeat(60_000)
    const error = refusal(hostile)
    expect(error.code).toBe("NETSUITE_AUTH_KEY_UNPARSEABLE")
    expect(error.message).toContain(`${hostile.length} characters`)
    expect(error.message).toContain("64 KiB")
  })

  it("is checked first: a real key padded past the limit is refused, one just under it is read", () => {
    const padding = (n: number) => "#".repeat(n)
    expect(refusal(padding(MAX_PRIVATE_KEY_PEM_LENGTH - keyPem.length + 1) + keyPem).message).toContain(
      "64 KiB"
    )
    const atLimit = padding(MAX_PRIVATE_KEY_PEM_LENGTH - keyPem.length) + keyPem
    expect(atLimit.length).toBe(MAX_PRIVATE_KEY_PEM_LENGTH)
    expect(M2MCredentials.make({ ...base, privateKey: atLimit }).algorithm).toBe("ES256")
  })
})

describe("private key PEM text: one pass, as OpenSSL pairs BEGIN and END", () => {
  it("BEGIN lines without END up to the limit → Unparseable, saying the END line is missing", () => {
    const lines = "-----BEGIN PRIVATE KEY-----\n".repeat(Math.floor(MAX_PRIVATE_KEY_PEM_LENGTH / 28))
    const error = refusal(lines)
    expect(error.code).toBe("NETSUITE_AUTH_KEY_UNPARSEABLE")
    expect(error.message).toMatch(/without its -----END PRIVATE KEY----- line/)
  })

  it("unterminated BEGIN lines of other labels before the key do not hide it", () => {
    const pem = `${"-----BEGIN CERTIFICATE-----\nAAAA\n".repeat(500)}${keyPem}`
    expect(M2MCredentials.make({ ...base, privateKey: pem }).algorithm).toBe("ES256")
  })

  it("an unterminated BEGIN PRIVATE KEY before a complete key block: the complete block is read", () => {
    const pem = `-----BEGIN PRIVATE KEY-----\ntruncated\n${keyPem}`
    expect(M2MCredentials.make({ ...base, privateKey: pem }).algorithm).toBe("ES256")
  })

  it("an END of another label does not close a block", () => {
    const [begin, ...rest] = keyPem.trimEnd().split("\n")
    const mismatched = [begin, ...rest.slice(0, -1), "-----END CERTIFICATE-----"].join("\n")
    expect(refusal(mismatched).message).toMatch(/without its -----END PRIVATE KEY----- line/)
  })

  it("a complete block that is not a key is named", () => {
    const params = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ format: "pem", type: "sec1" })
      .toString()
      .replace(/EC PRIVATE KEY/g, "EC PARAMETERS")
    expect(refusal(params).message).toMatch(/found -----BEGIN EC PARAMETERS-----\)/)
  })

  it("an encrypted key is still recognised among other blocks", () => {
    const encrypted = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      format: "pem",
      type: "pkcs8",
      cipher: "aes-256-cbc",
      passphrase: "pass"
    }) as string
    expect(refusal(`-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n${encrypted}`).code).toBe(
      "NETSUITE_AUTH_KEY_ENCRYPTED"
    )
  })
})
