import { execFileSync } from "node:child_process"
import { createHash, createPublicKey, generateKeyPairSync, X509Certificate } from "node:crypto"
import { ConfigError, KeyError } from "@netsuite-auth/core"
import { asRsaKey } from "@netsuite-auth/core/internal"
import { jwtVerify, SignJWT } from "jose"
import { describe, expect, it } from "vitest"
import { generateKeyPair, type KeyType, selfSignedCertificate } from "../src/index.ts"
import { opensslAvailable } from "./openssl.ts"

const NOW = Date.UTC(2026, 0, 15, 12, 30, 45, 678)
const DAY = 86_400_000

const pairs = new Map<KeyType, ReturnType<typeof generateKeyPair>>()
const pairOf = (type: KeyType) => {
  let pair = pairs.get(type)
  if (pair === undefined) {
    pair = generateKeyPair(type)
    pairs.set(type, pair)
  }
  return pair
}

describe("selfSignedCertificate", () => {
  it.each(["ec-p256", "ec-p384", "ec-p521", "rsa-pss-3072"] as const)(
    "%s: node parses it, it verifies, it matches the key, validity and subject are right",
    (type) => {
      const { privateKey, publicKey } = pairOf(type)
      const pem = selfSignedCertificate({
        privateKey,
        publicKey,
        subject: "CN=netsuite-auth test",
        days: 30,
        now: NOW
      })
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/)
      const cert = new X509Certificate(pem)
      expect(cert.verify(publicKey)).toBe(true)
      expect(cert.checkPrivateKey(privateKey)).toBe(true)
      expect(cert.subject).toBe("CN=netsuite-auth test")
      expect(cert.issuer).toBe("CN=netsuite-auth test")
      const start = Math.floor(NOW / 1000) * 1000
      expect(cert.validFromDate.getTime()).toBe(start)
      expect(cert.validToDate.getTime()).toBe(start + 30 * DAY)
      expect(cert.ca).toBe(false)
      expect(cert.keyUsage).toBeUndefined() // node reports extended key usage only
      expect(cert.publicKey.export({ type: "spki", format: "der" })).toEqual(
        publicKey.export({ type: "spki", format: "der" })
      )
      // Another key does not verify it (the check can fail).
      expect(cert.verify(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey)).toBe(false)
    }
  )

  it("defaults to 730 days and encodes dates from 2050 as GeneralizedTime", () => {
    const { privateKey } = pairOf("ec-p256")
    const now = Date.UTC(2049, 5, 1)
    const cert = new X509Certificate(
      selfSignedCertificate({ privateKey, subject: "CN=x", now: new Date(now) })
    )
    expect(cert.validFromDate.getTime()).toBe(now)
    expect(cert.validToDate.getTime()).toBe(now + 730 * DAY)
    expect(cert.validToDate.getUTCFullYear()).toBe(2051)
  })

  it("keeps a multi-attribute subject in order and escapes nothing away", () => {
    const { privateKey } = pairOf("ec-p256")
    const cert = new X509Certificate(
      selfSignedCertificate({ privateKey, subject: "CN=Acme\\, Inc. M2M, O=Acme, OU=IT, C=us", now: NOW })
    )
    expect(cert.subject).toBe("CN=Acme\\, Inc. M2M\nO=Acme\nOU=IT\nC=US")
    const slash = new X509Certificate(
      selfSignedCertificate({ privateKey, subject: "/CN=é ü/O=Ünïcode", now: NOW })
    )
    expect(slash.subject).toBe("CN=é ü\nO=Ünïcode")
  })

  it("signs plain RSA keys (sha256WithRSAEncryption) so other tools' keys can be inspected", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
    const cert = new X509Certificate(
      selfSignedCertificate({ privateKey, subject: "CN=legacy", days: 1, now: NOW })
    )
    expect(cert.verify(publicKey)).toBe(true)
    expect(cert.checkPrivateKey(privateKey)).toBe(true)
  })

  it("gives each certificate a different positive serial unless one is given", () => {
    const { privateKey } = pairOf("ec-p256")
    const a = new X509Certificate(selfSignedCertificate({ privateKey, subject: "CN=a", now: NOW }))
    const b = new X509Certificate(selfSignedCertificate({ privateKey, subject: "CN=a", now: NOW }))
    expect(a.serialNumber).not.toBe(b.serialNumber)
    const fixed = new X509Certificate(
      selfSignedCertificate({
        privateKey,
        subject: "CN=a",
        now: NOW,
        serialNumber: Uint8Array.of(0xff, 0x01)
      })
    )
    expect(fixed.serialNumber).toBe("7F01")
  })

  it.each([0, 731, 1.5, Number.NaN])("refuses %s days", (days) => {
    const { privateKey } = pairOf("ec-p256")
    expect(() => selfSignedCertificate({ privateKey, subject: "CN=x", days, now: NOW })).toThrow(
      /from 1 to 730/
    )
  })

  it.each([
    ["", /is not NAME=value/],
    ["my-integration", /is not NAME=value/],
    ["O=Acme", /a CN is required/],
    ["CN=x, XX=y", /unknown attribute XX/],
    ["CN=x, C=USA", /two-letter country/],
    [`CN=${"a".repeat(65)}`, /1 to 64 characters/],
    ["CN=a\u0000b", /control character/]
  ])("refuses the subject %j", (subject, message) => {
    const { privateKey } = pairOf("ec-p256")
    let caught: unknown
    try {
      selfSignedCertificate({ privateKey, subject, now: NOW })
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(ConfigError)
    expect((caught as ConfigError).message).toMatch(message)
  })

  it("refuses a public key that is not the private key's, a public key as signer, and Ed25519", () => {
    const { privateKey } = pairOf("ec-p256")
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey
    expect(() => selfSignedCertificate({ privateKey, publicKey: other, subject: "CN=x", now: NOW })).toThrow(
      KeyError
    )
    expect(() =>
      selfSignedCertificate({ privateKey: createPublicKey(privateKey), subject: "CN=x", now: NOW })
    ).toThrow(/needs the private key/)
    const ed = generateKeyPairSync("ed25519").privateKey
    expect(() => selfSignedCertificate({ privateKey: ed, subject: "CN=x", now: NOW })).toThrow(/ed25519/)
  })
})

describe("selfSignedCertificate and asRsaKey (core)", () => {
  it("a certificate made for an RSASSA-PSS key verifies PS256 JWTs signed with asRsaKey(privateKey)", async () => {
    const { privateKey, publicKey } = pairOf("rsa-pss-3072")
    const jwt = await new SignJWT({ sub: "x" })
      .setProtectedHeader({ alg: "PS256" })
      .sign(asRsaKey(privateKey))
    const cert = new X509Certificate(
      selfSignedCertificate({ privateKey, publicKey, subject: "CN=pss", now: NOW })
    )
    const { payload } = await jwtVerify(jwt, asRsaKey(cert.publicKey))
    expect(payload.sub).toBe("x")
    expect(asRsaKey(publicKey).export({ type: "spki", format: "der" })).toEqual(
      asRsaKey(cert.publicKey).export({ type: "spki", format: "der" })
    )
  })
})

describe("selfSignedCertificate: subject key identifier (RFC 5280 method 1)", () => {
  it.skipIf(!opensslAvailable).each(["ec-p256", "ec-p384", "ec-p521", "rsa-pss-3072"] as const)(
    "%s: the SHA-1 of the subjectPublicKey bits, as openssl reads it back (needs openssl)",
    (type) => {
      const { privateKey, publicKey } = pairOf(type)
      const pem = selfSignedCertificate({ privateKey, subject: "CN=ski", now: NOW })
      const text = execFileSync("openssl", ["x509", "-noout", "-ext", "subjectKeyIdentifier"], {
        input: pem,
        encoding: "utf8"
      })
      const shown = /([0-9A-F]{2}(?::[0-9A-F]{2}){19})/.exec(text)?.[1]?.replaceAll(":", "").toLowerCase()
      // The subjectPublicKey bits are the tail of the SPKI, after the BIT STRING's unused-bits byte.
      const spki = publicKey.export({ type: "spki", format: "der" })
      const bitsLength = type.startsWith("ec")
        ? 1 + 2 * Math.ceil({ "ec-p256": 256, "ec-p384": 384, "ec-p521": 521 }[type as "ec-p256"] / 8)
        : createPublicKey(asRsaKey(privateKey)).export({ type: "pkcs1", format: "der" }).length
      const bits = spki.subarray(spki.length - bitsLength)
      expect(spki[spki.length - bitsLength - 1]).toBe(0) // unused bits
      expect(shown).toBe(createHash("sha1").update(bits).digest("hex"))
    }
  )
})
