/**
 * Shared set-up of the reliability suite: a mock NetSuite with one account whose credentials are
 * random per run, helpers to build each adapter against it, and the invariants every scenario
 * checks through the mock's stats.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto"
import { mkdtempSync, writeFileSync } from "node:fs"
import { Agent } from "node:http"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  type MockServer,
  mockWsdl,
  type Stats,
  selfSignedCertificate,
  startMockServer,
  type TbaConfig
} from "@netsuite-auth/mock-server"
import axios from "axios"
import type { IOptions } from "soap"

export const ACCOUNT_ID = "7654321_SB1"
export const WSDL_VERSION = "2025_2"

/** Credentials made for this run: every value is random, so finding one in output is a real leak. */
export interface RunCredentials {
  readonly accountId: string
  readonly tba: TbaConfig
  readonly m2m: {
    readonly clientId: string
    readonly certificateId: string
    readonly privateKey: string
    readonly certificate: string
  }
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex")

export const makeCredentials = (accountId = ACCOUNT_ID): RunCredentials => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
  return {
    accountId,
    tba: { consumerKey: hex(32), consumerSecret: hex(32), tokenId: hex(32), tokenSecret: hex(32) },
    m2m: {
      clientId: hex(32),
      certificateId: `cert-${hex(8)}`,
      privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      certificate: selfSignedCertificate(privateKey)
    }
  }
}

export const startMock = (
  creds: RunCredentials,
  options: { readonly concurrencyLimit?: number; readonly port?: number } = {}
): Promise<MockServer> =>
  startMockServer(
    {
      accounts: [
        {
          accountId: creds.accountId,
          concurrencyLimit: options.concurrencyLimit ?? 5,
          tba: [creds.tba],
          m2m: [
            {
              clientId: creds.m2m.clientId,
              certificateId: creds.m2m.certificateId,
              certificate: creds.m2m.certificate,
              scopes: ["rest_webservices", "restlets"]
            }
          ]
        }
      ]
    },
    options.port === undefined ? {} : { port: options.port }
  )

/** A port that nothing listens on (bound, then released). */
export const closedPort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** The mock's WSDL written to a temp file, so a client can be built while the server is down. */
export const wsdlFile = (endpoint: string): string => {
  const dir = mkdtempSync(join(tmpdir(), "netsuite-reliability-"))
  const file = join(dir, "netsuite.wsdl")
  writeFileSync(file, mockWsdl(WSDL_VERSION, endpoint))
  return file
}

/** node-soap's HTTP client with keep-alive (types differ only between axios's CJS and ESM declarations). */
export const soapRequest = (maxSockets = 16): NonNullable<IOptions["request"]> =>
  axios.create({ httpAgent: new Agent({ keepAlive: true, maxSockets }) }) as unknown as NonNullable<
    IOptions["request"]
  >

/** Sum of one reason over every surface. */
export const rejected = (stats: Stats, reason: string): number => stats.rejectedByReason[reason] ?? 0

/**
 * The invariants of every scenario: no request reused a nonce, none carried an expired token.
 * Returned as an object so a failing assertion shows both numbers.
 */
export const invariants = (stats: Stats) => ({
  nonceUsed: rejected(stats, "NonceUsed"),
  accessTokenExpired: rejected(stats, "AccessTokenExpired")
})

/** Runs `fn` and returns its outcome and how long it took. */
export const timed = async <A>(
  fn: () => Promise<A>
): Promise<
  | { readonly ok: true; readonly value: A; readonly millis: number }
  | { readonly ok: false; readonly error: unknown; readonly millis: number }
> => {
  const started = performance.now()
  try {
    const value = await fn()
    return { ok: true, value, millis: performance.now() - started }
  } catch (error) {
    return { ok: false, error, millis: performance.now() - started }
  }
}

/** The `code` of a failure (our errors have one), or a description of what came instead. */
export const codeOf = (outcome: { readonly ok: boolean; readonly error?: unknown }): string =>
  outcome.ok
    ? "(succeeded)"
    : String(
        (outcome.error as { code?: unknown } | undefined)?.code ??
          `(no code: ${(outcome.error as Error | undefined)?.name ?? typeof outcome.error})`
      )

/** Fast retries so fault scenarios stay in the seconds. */
export const FAST_RETRY = {
  maxAttempts: 3,
  baseDelayMillis: 20,
  maxDelayMillis: 100,
  maxElapsedMillis: 5_000
} as const
