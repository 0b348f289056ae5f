import { ConfigError } from "@netsuite-auth/core"
import { describe, expect, it } from "vitest"
import { generateKeyPair, isKeyType, KEY_TYPES, type KeyType } from "../src/index.ts"

describe("generateKeyPair", () => {
  it.each([
    ["ec-p256", "ec", { namedCurve: "prime256v1" }],
    ["ec-p384", "ec", { namedCurve: "secp384r1" }],
    ["ec-p521", "ec", { namedCurve: "secp521r1" }],
    [
      "rsa-pss-3072",
      "rsa-pss",
      { modulusLength: 3072, hashAlgorithm: "sha256", mgf1HashAlgorithm: "sha256", saltLength: 32 }
    ]
  ] as const)("%s makes a %s key with the expected parameters", (type, keyType, details) => {
    const { privateKey, publicKey, algorithm } = generateKeyPair(type)
    expect(privateKey.asymmetricKeyType).toBe(keyType)
    expect(publicKey.asymmetricKeyType).toBe(keyType)
    expect(privateKey.asymmetricKeyDetails).toMatchObject(details)
    expect(algorithm).toBe(KEY_TYPES[type])
  })

  it("refuses an unknown type with a ConfigError that lists the valid ones", () => {
    expect(() => generateKeyPair("rsa-2048" as KeyType)).toThrow(ConfigError)
    expect(() => generateKeyPair("rsa-2048" as KeyType)).toThrow(/ec-p256, ec-p384, ec-p521, rsa-pss-3072/)
  })
})

describe("isKeyType", () => {
  it("accepts exactly the names of KEY_TYPES", () => {
    for (const type of Object.keys(KEY_TYPES)) expect(isKeyType(type)).toBe(true)
    for (const bad of ["rsa-2048", "toString", "", 42, null, undefined]) expect(isKeyType(bad)).toBe(false)
  })
})
