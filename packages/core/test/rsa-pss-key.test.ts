import { generateKeyPairSync } from "node:crypto"
import { jwtVerify, SignJWT } from "jose"
import { describe, expect, it } from "vitest"
import { asRsaKey } from "../src/internal.ts"

describe("asRsaKey", () => {
  // The key `openssl -newkey rsa-pss` and @netsuite-auth/keys' generateKeyPair("rsa-pss-3072") make.
  const { privateKey, publicKey } = generateKeyPairSync("rsa-pss", {
    modulusLength: 3072,
    hashAlgorithm: "sha256",
    mgf1HashAlgorithm: "sha256",
    // @types/node types saltLength as a string; Node takes (and needs) a number.
    saltLength: 32 as unknown as string
  })

  it("lets jose sign and verify PS256 with an RSASSA-PSS key", async () => {
    // WebCrypto refuses id-RSASSA-PSS keys as they are: this is why asRsaKey exists.
    await expect(new SignJWT({}).setProtectedHeader({ alg: "PS256" }).sign(privateKey)).rejects.toThrow()
    const signingKey = asRsaKey(privateKey)
    expect(signingKey.asymmetricKeyType).toBe("rsa")
    const jwt = await new SignJWT({ sub: "x" }).setProtectedHeader({ alg: "PS256" }).sign(signingKey)
    const { payload } = await jwtVerify(jwt, asRsaKey(publicKey))
    expect(payload.sub).toBe("x")
    expect(asRsaKey(publicKey).asymmetricKeyType).toBe("rsa")
    expect(asRsaKey(publicKey).asymmetricKeyDetails?.modulusLength).toBe(3072)
  })

  it("returns other keys unchanged", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
    expect(asRsaKey(ec)).toBe(ec)
  })
})
