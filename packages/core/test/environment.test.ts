import { generateKeyPairSync } from "node:crypto"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Redacted } from "effect"
import { fromEnvironment, m2mCredentialsFromEnvironment } from "../src/config/environment.ts"
import { ConfigError } from "../src/errors.ts"

const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
  type: "pkcs8",
  format: "pem"
}) as string
const dir = mkdtempSync(join(tmpdir(), "nsa-env-"))
const keyPath = join(dir, "private.pem")
writeFileSync(keyPath, pem, { mode: 0o600 })

const m2mEnv = {
  NETSUITE_ACCOUNT_ID: "1234567_SB1",
  NETSUITE_CLIENT_ID: "client-id",
  NETSUITE_CERTIFICATE_ID: "cert-id"
}
const tbaEnv = {
  NETSUITE_ACCOUNT_ID: "1234567",
  NETSUITE_CONSUMER_KEY: "ck0123456789",
  NETSUITE_CONSUMER_SECRET: "cs0123456789",
  NETSUITE_TOKEN_ID: "tk0123456789",
  NETSUITE_TOKEN_SECRET: "ts0123456789"
}

const configError = (f: () => unknown): ConfigError => {
  try {
    f()
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(ConfigError)
    return e as ConfigError
  }
  throw new Error("no error")
}

describe("fromEnvironment: NETSUITE_PRIVATE_KEY_PATH", () => {
  it("reads the key file on Node without a readFile option (the setup docs/m2m.md recommends)", () => {
    const config = fromEnvironment({ ...m2mEnv, NETSUITE_PRIVATE_KEY_PATH: keyPath }, { require: "m2m" })
    expect(Redacted.value(config.m2m!.privateKey)).toBe(pem)
    expect(m2mCredentialsFromEnvironment({ ...m2mEnv, NETSUITE_PRIVATE_KEY_PATH: keyPath }).algorithm).toBe(
      "ES256"
    )
  })

  it("a given readFile wins over the default", () => {
    const seen: Array<string> = []
    const config = fromEnvironment(
      { ...m2mEnv, NETSUITE_PRIVATE_KEY_PATH: "/from/the/vault" },
      {
        readFile: (path) => {
          seen.push(path)
          return pem
        }
      }
    )
    expect(seen).toEqual(["/from/the/vault"])
    expect(Redacted.value(config.m2m!.privateKey)).toBe(pem)
  })

  it("a missing file is a ConfigError naming the variable, the path and the errno code", () => {
    const error = configError(() =>
      fromEnvironment({ ...m2mEnv, NETSUITE_PRIVATE_KEY_PATH: join(dir, "nope.pem") })
    )
    expect(error.code).toBe("NETSUITE_AUTH_INVALID_CREDENTIALS")
    expect(error.message).toContain("NETSUITE_PRIVATE_KEY_PATH")
    expect(error.message).toContain("nope.pem")
    expect(error.message).toContain("(ENOENT)")
  })

  it("where the runtime cannot read files (no process.getBuiltinModule), it says to pass readFile", () => {
    const original = process.getBuiltinModule
    Object.defineProperty(process, "getBuiltinModule", {
      value: undefined,
      configurable: true,
      writable: true
    })
    try {
      const error = configError(() => fromEnvironment({ ...m2mEnv, NETSUITE_PRIVATE_KEY_PATH: keyPath }))
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
      expect(error.message).toMatch(/pass readFile/)
    } finally {
      Object.defineProperty(process, "getBuiltinModule", {
        value: original,
        configurable: true,
        writable: true
      })
    }
  })

  it("core's environment module imports nothing from node: (it runs wherever core runs)", () => {
    const source = readFileSync(new URL("../src/config/environment.ts", import.meta.url), "utf8")
    expect(source).not.toMatch(/from\s+["']node:/)
  })
})

describe("fromEnvironment: the options are checked at run time", () => {
  for (const require of [["m2m"], "bogus", "M2M", 1, null]) {
    it(`refuses require: ${JSON.stringify(require)}`, () => {
      const error = configError(() =>
        // @ts-expect-error what a JavaScript caller can pass
        fromEnvironment({ ...tbaEnv }, { require })
      )
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_OPTION")
      expect(error.message).toMatch(/^require must be "tba", "m2m" or "any" \(got /)
    })
  }
  it("refuses a readFile that is not a function, and options or an environment that are not objects", () => {
    // @ts-expect-error what a JavaScript caller can pass
    expect(configError(() => fromEnvironment(tbaEnv, { readFile: "fs" })).message).toMatch(
      /readFile must be a function/
    )
    // @ts-expect-error what a JavaScript caller can pass
    expect(configError(() => fromEnvironment(tbaEnv, "m2m")).message).toMatch(/options must be an object/)
    // @ts-expect-error what a JavaScript caller can pass
    expect(configError(() => fromEnvironment(undefined)).message).toMatch(
      /such as process.env \(got undefined\)/
    )
    // @ts-expect-error what a JavaScript caller can pass
    expect(configError(() => fromEnvironment(null)).message).toMatch(/\(got null\)/)
  })
  it("accepts the three documented values", () => {
    for (const require of ["tba", "any"] as const)
      expect(fromEnvironment(tbaEnv, { require }).tba).toBeDefined()
    expect(fromEnvironment({ ...m2mEnv, NETSUITE_PRIVATE_KEY: pem }, { require: "m2m" }).m2m).toBeDefined()
  })
})

describe("fromEnvironment: quoted values (docker --env-file, systemd, CI)", () => {
  it("removes one pair of matching quotes: \"abc\" and 'abc' are abc", () => {
    const config = fromEnvironment({
      NETSUITE_ACCOUNT_ID: '"1234567_sb1"',
      NETSUITE_CONSUMER_KEY: '"ck0123456789"',
      NETSUITE_CONSUMER_SECRET: "'cs0123456789'",
      NETSUITE_TOKEN_ID: ' "tk0123456789" ',
      NETSUITE_TOKEN_SECRET: "ts0123456789",
      NETSUITE_BASE_URL: '"http://127.0.0.1:8080"'
    })
    expect(config.accountId.realm).toBe("1234567_SB1")
    expect(config.baseUrl).toBe("http://127.0.0.1:8080")
    // The quoted values sign exactly like the unquoted ones.
    const unquoted = fromEnvironment({ ...tbaEnv, NETSUITE_ACCOUNT_ID: "1234567_SB1" })
    expect(config.tba!.sign("base string")).toBe(unquoted.tba!.sign("base string"))
  })

  it("a quoted one-line PEM with \\n escapes works", () => {
    const config = fromEnvironment(
      { ...m2mEnv, NETSUITE_PRIVATE_KEY: `"${pem.trim().replace(/\n/g, "\\n")}"` },
      { require: "m2m" }
    )
    expect(Redacted.value(config.m2m!.privateKey)).toBe(pem.trim())
  })

  for (const [label, value] of [
    ["an opening quote only", '"ck0123456789'],
    ["a closing quote only", "ck0123456789'"],
    ["mismatched quotes", "\"ck0123456789'"],
    ["two pairs", '""ck0123456789""']
  ] as const) {
    it(`refuses ${label}, naming the variable and never the value`, () => {
      const error = configError(() => fromEnvironment({ ...tbaEnv, NETSUITE_CONSUMER_SECRET: value }))
      expect(error.code).toBe("NETSUITE_AUTH_INVALID_CREDENTIALS")
      expect(error.message).toBe(
        "NETSUITE_CONSUMER_SECRET starts or ends with an unmatched quote: remove the quotes around the value."
      )
      expect(JSON.stringify(error)).not.toContain("ck0123456789")
    })
  }

  it('an empty quoted value "" counts as not set', () => {
    const error = configError(() =>
      fromEnvironment({ ...tbaEnv, NETSUITE_TOKEN_SECRET: '""' }, { require: "tba" })
    )
    expect(error.code).toBe("NETSUITE_AUTH_MISSING_ENVIRONMENT")
    expect(error.message).toContain("NETSUITE_TOKEN_SECRET")
  })
})
