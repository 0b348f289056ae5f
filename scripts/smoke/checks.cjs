// The consumer smoke checks, shared by consumer.mjs (ESM `import`) and consumer.cjs (`require`).
// It receives the loaded modules and touches nothing else, so each entry point proves its own
// module system can load the packages. Everything is offline (the mock server listens on 127.0.0.1).
"use strict"

const T1 = {
  accountId: "1234567",
  consumerKey: "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
  consumerSecret: "7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd",
  tokenId: "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82",
  tokenSecret: "060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2",
  nonce: "6obMKq0tmY8ylVOdEkA1",
  timestamp: 1439829974,
  signature: "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs="
}

const expectEqual = (what, actual, expected) => {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
  console.log(`  ok ${what} = ${JSON.stringify(actual)}`)
}

/**
 * @param {{ style: string, modules: Record<string, any> }} input
 *   modules: package name -> the loaded module namespace (core always; others when installed)
 */
async function runChecks({ style, modules }) {
  console.log(`smoke (${style}) on Node ${process.version}: ${Object.keys(modules).join(", ")}`)
  for (const [name, mod] of Object.entries(modules)) {
    const names = Object.keys(mod).filter((key) => key !== "default" && key !== "module.exports")
    if (names.length === 0) throw new Error(`${name} loaded but has no named exports`)
    console.log(`  ok ${name} loads: ${names.length} named exports`)
  }

  const core = modules["@netsuite-auth/core"]
  const account = core.AccountId.parseOrThrow("1234567_sb1")
  expectEqual("AccountId realm", account.realm, "1234567_SB1")
  expectEqual("AccountId host", account.host, "1234567-sb1")
  const creds = core.TbaCredentials.make(T1)
  const passport = core.signPassport(creds, { nonce: T1.nonce, timestamp: T1.timestamp })
  expectEqual("T1 passport signature", passport.signature, T1.signature)
  if (JSON.stringify(creds).includes(T1.consumerSecret))
    throw new Error("TbaCredentials leaks its secret in JSON")
  console.log("  ok TbaCredentials JSON is redacted")

  const keys = modules["@netsuite-auth/keys"]
  if (keys !== undefined) {
    const pair = keys.generateKeyPair("ec-p256")
    const pem = keys.selfSignedCertificate({
      privateKey: pair.privateKey,
      subject: "CN=smoke",
      days: 30,
      now: Date.now()
    })
    expectEqual("keys: certificate key type", keys.inspectCertificate(pem).keyType, "ec")
    expectEqual("keys: certificate matches its key", keys.certificateMatchesKey(pem, pair.privateKey), true)
  } else {
    console.log("  skip @netsuite-auth/keys checks (not installed)")
  }

  const mock = modules["@netsuite-auth/mock-server"]
  const adapter = modules["@netsuite-auth/axios"]
  if (mock !== undefined && adapter !== undefined && modules.axios !== undefined) {
    await mockRoundTrip({ core, mock, adapter, axios: modules.axios })
  } else {
    console.log(
      "  skip mock-server + axios round trip (needs @netsuite-auth/mock-server, @netsuite-auth/axios, axios)"
    )
  }
  console.log(`smoke (${style}) on Node ${process.version}: passed`)
}

// Filled in against the mock-server and axios packages' public API (see mock-round-trip.cjs).
async function mockRoundTrip(input) {
  const { mockRoundTrip: roundTrip } = require("./mock-round-trip.cjs")
  await roundTrip(input, { T1, expectEqual })
}

module.exports = { runChecks, T1 }
