import {
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  X509Certificate
} from "node:crypto"
import { readFile } from "node:fs/promises"
import { AccountId } from "@netsuite-auth/core"
import { MockConfigError } from "./config-error.ts"
import { parseRouteFaults, ROUTES, type Route, type RouteFaults } from "./faults.ts"
import { selfSignedCertificate } from "./self-signed-certificate.ts"

/** The OAuth 2.0 scopes NetSuite knows for client credentials. */
export type Scope = "rest_webservices" | "restlets" | "suite_analytics" | "mcp"
const SCOPES: ReadonlyArray<string> = ["rest_webservices", "restlets", "suite_analytics", "mcp"]

/** An M2M (client credentials) mapping: one integration client ID, one certificate. */
export interface M2mClientConfig {
  readonly clientId: string
  /** The certificate ID NetSuite shows after the upload: the JWT `kid`. */
  readonly certificateId: string
  /** PEM X.509 certificate (what NetSuite takes) or, for convenience, a PEM SPKI public key. */
  readonly certificate: string
  /** Scopes the integration record allows. Default `["rest_webservices", "restlets"]`. */
  readonly scopes?: ReadonlyArray<Scope>
}

/** One TBA integration + access token. */
export interface TbaConfig {
  readonly consumerKey: string
  readonly consumerSecret: string
  readonly tokenId: string
  readonly tokenSecret: string
}

/** One NetSuite account served by the mock. */
export interface AccountConfig {
  /** Any form (`1234567_SB1`, `1234567-sb1`): the realm is its upper-case `_` form. */
  readonly accountId: string
  /** NetSuite's per-account concurrency limit across SOAP, REST and RESTlets. Default 5. */
  readonly concurrencyLimit?: number
  /**
   * Slots of the pool held by "another integration" (a connector, a scheduled import): they count
   * against `concurrencyLimit` as if always in flight. Default 0; change it during a run with
   * `server.setGovernance` or `POST /_mock/governance`.
   */
  readonly occupiedSlots?: number
  /**
   * Whether the credentials' role may read `GET /services/rest/system/v1/governanceLimits`
   * (NetSuite: administrators only; others get 403). Default true.
   */
  readonly governanceLimitsReadable?: boolean
  readonly m2m?: ReadonlyArray<M2mClientConfig>
  readonly tba?: ReadonlyArray<TbaConfig>
}

/** The mock's configuration: the JSON file format, also accepted from code. */
export interface MockServerConfig {
  /** With no accounts the mock generates one (key pair, certificate, M2M client, TBA credentials). */
  readonly accounts?: ReadonlyArray<AccountConfig>
  /** Access-token lifetime (`expires_in`). Default 3600, as NetSuite. */
  readonly tokenLifetimeSeconds?: number
  /** Request body limit; larger bodies get 413. Default 1 MiB. */
  readonly bodyLimitBytes?: number
  /** Faults active from the start, per route. */
  readonly faults?: Partial<Record<Route, RouteFaults>>
}

/** A registered M2M client with its verification key. */
export interface ResolvedM2mClient {
  readonly clientId: string
  readonly certificateId: string
  readonly certificate: string
  readonly scopes: ReadonlyArray<Scope>
  readonly publicKey: KeyObject
  /** Certificate expiry in epoch ms, or undefined for a bare public key. */
  readonly notAfterMillis: number | undefined
}

/** A configured account after normalization. */
export interface ResolvedAccount {
  /** `1234567_SB1`: the OAuth 1.0a realm and passport `account`. */
  readonly realm: string
  /** `1234567-sb1`: the label NetSuite's hostnames use. */
  readonly host: string
  readonly concurrencyLimit: number
  /** Slots held by "another integration" now (changed at run time by `setGovernance`). */
  occupiedSlots: number
  /** Whether `governanceLimits` answers now (changed at run time by `setGovernance`). */
  governanceLimitsReadable: boolean
  readonly m2m: Array<ResolvedM2mClient>
  readonly tba: Array<TbaConfig>
}

/** Credentials the mock made because it was started without accounts. */
export interface GeneratedCredentials {
  readonly accountId: string
  readonly clientId: string
  readonly certificateId: string
  /** PKCS#8 PEM of the EC P-256 key whose certificate is registered. */
  readonly privateKey: string
  readonly certificate: string
  readonly scopes: ReadonlyArray<Scope>
  readonly consumerKey: string
  readonly consumerSecret: string
  readonly tokenId: string
  readonly tokenSecret: string
}

/** `1234567-sb1` → `{ realm: "1234567_SB1", host: "1234567-sb1" }` (core's parsing), or undefined. */
export const normalizeAccountId = (input: string): { realm: string; host: string } | undefined => {
  try {
    const { realm, host } = AccountId.parseOrThrow(input)
    return { realm, host }
  } catch {
    return undefined
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const requireString = (value: unknown, path: string): string => {
  if (typeof value !== "string" || value.trim() === "")
    throw new MockConfigError(path, "expected a non-empty string")
  return value
}

const optionalPositiveInteger = (value: unknown, path: string, max: number): number | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new MockConfigError(path, `expected a whole number from 1 to ${max}`)
  }
  return value
}

/** A whole number of occupied slots, 0 to 10000 (at or above the limit, every request is refused). */
export const optionalSlotCount = (value: unknown, path: string): number | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 10_000) {
    throw new MockConfigError(path, "expected a whole number of slots from 0 to 10000")
  }
  return value
}

export const optionalBoolean = (value: unknown, path: string): boolean | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "boolean") throw new MockConfigError(path, "expected true or false")
  return value
}

const optionalArray = (value: unknown, path: string): ReadonlyArray<unknown> => {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new MockConfigError(path, "expected an array")
  return value
}

/** Reads the verification key of a PEM certificate or SPKI public key. */
export const verificationKey = (
  pem: string,
  path = "certificate"
): { publicKey: KeyObject; notAfterMillis: number | undefined } => {
  try {
    if (pem.includes("BEGIN CERTIFICATE")) {
      const x509 = new X509Certificate(pem)
      return { publicKey: x509.publicKey, notAfterMillis: Date.parse(x509.validTo) }
    }
    if (pem.includes("BEGIN PUBLIC KEY"))
      return { publicKey: createPublicKey(pem), notAfterMillis: undefined }
  } catch (error) {
    throw new MockConfigError(path, `cannot parse the PEM (${(error as Error).message})`)
  }
  throw new MockConfigError(
    path,
    "expected a PEM certificate (BEGIN CERTIFICATE) or public key (BEGIN PUBLIC KEY)"
  )
}

const parseScopes = (value: unknown, path: string): ReadonlyArray<Scope> | undefined => {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.length === 0)
    throw new MockConfigError(path, "expected a non-empty array")
  value.forEach((scope, i) => {
    if (typeof scope !== "string" || !SCOPES.includes(scope)) {
      throw new MockConfigError(`${path}[${i}]`, `expected one of ${SCOPES.join(", ")}`)
    }
  })
  return value as ReadonlyArray<Scope>
}

const parseM2m = (value: unknown, path: string): M2mClientConfig => {
  if (!isRecord(value)) throw new MockConfigError(path, "expected an object")
  const certificate = requireString(value.certificate, `${path}.certificate`)
  verificationKey(certificate, `${path}.certificate`)
  const scopes = parseScopes(value.scopes, `${path}.scopes`)
  return {
    clientId: requireString(value.clientId, `${path}.clientId`),
    certificateId: requireString(value.certificateId, `${path}.certificateId`),
    certificate,
    ...(scopes === undefined ? {} : { scopes })
  }
}

const parseTba = (value: unknown, path: string): TbaConfig => {
  if (!isRecord(value)) throw new MockConfigError(path, "expected an object")
  return {
    consumerKey: requireString(value.consumerKey, `${path}.consumerKey`),
    consumerSecret: requireString(value.consumerSecret, `${path}.consumerSecret`),
    tokenId: requireString(value.tokenId, `${path}.tokenId`),
    tokenSecret: requireString(value.tokenSecret, `${path}.tokenSecret`)
  }
}

const parseAccount = (value: unknown, path: string): AccountConfig => {
  if (!isRecord(value)) throw new MockConfigError(path, "expected an object")
  const accountId = requireString(value.accountId, `${path}.accountId`)
  if (normalizeAccountId(accountId) === undefined) {
    throw new MockConfigError(
      `${path}.accountId`,
      "expected a NetSuite account ID such as 1234567 or 1234567_SB1"
    )
  }
  const concurrencyLimit = optionalPositiveInteger(value.concurrencyLimit, `${path}.concurrencyLimit`, 10_000)
  const occupiedSlots = optionalSlotCount(value.occupiedSlots, `${path}.occupiedSlots`)
  const governanceLimitsReadable = optionalBoolean(
    value.governanceLimitsReadable,
    `${path}.governanceLimitsReadable`
  )
  return {
    accountId,
    ...(concurrencyLimit === undefined ? {} : { concurrencyLimit }),
    ...(occupiedSlots === undefined ? {} : { occupiedSlots }),
    ...(governanceLimitsReadable === undefined ? {} : { governanceLimitsReadable }),
    m2m: optionalArray(value.m2m, `${path}.m2m`).map((m, i) => parseM2m(m, `${path}.m2m[${i}]`)),
    tba: optionalArray(value.tba, `${path}.tba`).map((t, i) => parseTba(t, `${path}.tba[${i}]`))
  }
}

/**
 * Validates the JSON configuration contract (unknown extra fields are allowed and ignored).
 * Throws {@link MockConfigError} naming the bad field.
 *
 * @example
 * ```ts
 * import { parseMockConfig } from "@netsuite-auth/mock-server"
 * const config = parseMockConfig(JSON.parse('{"accounts":[{"accountId":"1234567_SB1","tba":[]}]}'))
 * ```
 */
export const parseMockConfig = (json: unknown): MockServerConfig => {
  if (!isRecord(json)) throw new MockConfigError("(root)", "expected a JSON object")
  const accounts = optionalArray(json.accounts, "accounts").map((a, i) => parseAccount(a, `accounts[${i}]`))
  const seen = new Set<string>()
  accounts.forEach((account, i) => {
    const realm = normalizeAccountId(account.accountId)!.realm
    if (seen.has(realm))
      throw new MockConfigError(`accounts[${i}].accountId`, `account ${realm} is listed twice`)
    seen.add(realm)
  })
  const tokenLifetimeSeconds = optionalPositiveInteger(
    json.tokenLifetimeSeconds,
    "tokenLifetimeSeconds",
    86_400
  )
  const bodyLimitBytes = optionalPositiveInteger(json.bodyLimitBytes, "bodyLimitBytes", 64 * 1024 * 1024)
  let faults: Partial<Record<Route, RouteFaults>> | undefined
  if (json.faults !== undefined) {
    if (!isRecord(json.faults)) throw new MockConfigError("faults", "expected an object keyed by route")
    faults = {}
    for (const [route, value] of Object.entries(json.faults)) {
      if (!(ROUTES as ReadonlyArray<string>).includes(route)) {
        throw new MockConfigError(`faults.${route}`, `unknown route; expected one of ${ROUTES.join(", ")}`)
      }
      faults[route as Route] = parseRouteFaults(value, `faults.${route}`)
    }
  }
  return {
    accounts,
    ...(tokenLifetimeSeconds === undefined ? {} : { tokenLifetimeSeconds }),
    ...(bodyLimitBytes === undefined ? {} : { bodyLimitBytes }),
    ...(faults === undefined ? {} : { faults })
  }
}

/**
 * Reads and validates a JSON configuration file.
 *
 * @example
 * ```ts
 * import { loadConfigFile, startMockServer } from "@netsuite-auth/mock-server"
 * const server = await startMockServer(await loadConfigFile("mock.json"))
 * ```
 */
export const loadConfigFile = async (path: string): Promise<MockServerConfig> => {
  const text = await readFile(path, "utf8")
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new MockConfigError("(file)", `${path} is not valid JSON (${(error as Error).message})`)
  }
  return parseMockConfig(json)
}

/** Resolves one M2M client (parses its certificate once). */
export const resolveM2mClient = (client: M2mClientConfig, path = "m2m"): ResolvedM2mClient => {
  const key = verificationKey(client.certificate, `${path}.certificate`)
  return {
    clientId: client.clientId,
    certificateId: client.certificateId,
    certificate: client.certificate,
    scopes: client.scopes ?? ["rest_webservices", "restlets"],
    publicKey: key.publicKey,
    notAfterMillis: key.notAfterMillis
  }
}

/** Normalizes an account from code or file. */
export const resolveAccount = (account: AccountConfig, path = "account"): ResolvedAccount => {
  const id = normalizeAccountId(account.accountId)
  if (id === undefined)
    throw new MockConfigError(`${path}.accountId`, "expected a NetSuite account ID such as 1234567_SB1")
  return {
    ...id,
    concurrencyLimit: account.concurrencyLimit ?? 5,
    occupiedSlots: optionalSlotCount(account.occupiedSlots, `${path}.occupiedSlots`) ?? 0,
    governanceLimitsReadable:
      optionalBoolean(account.governanceLimitsReadable, `${path}.governanceLimitsReadable`) ?? true,
    m2m: (account.m2m ?? []).map((m, i) => resolveM2mClient(m, `${path}.m2m[${i}]`)),
    tba: (account.tba ?? []).map((t) => ({ ...t }))
  }
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex")

/** Makes a sandbox account with an EC P-256 key, its self-signed certificate and TBA credentials. */
export const generateCredentials = (accountId = "1234567_SB1"): GeneratedCredentials => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" })
  return {
    accountId,
    clientId: hex(32),
    certificateId: `mock-cert-${hex(8)}`,
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certificate: selfSignedCertificate(privateKey),
    scopes: ["rest_webservices", "restlets"],
    consumerKey: hex(32),
    consumerSecret: hex(32),
    tokenId: hex(32),
    tokenSecret: hex(32)
  }
}

/** The account a set of generated credentials stands for. */
export const accountFromGenerated = (g: GeneratedCredentials): AccountConfig => ({
  accountId: g.accountId,
  m2m: [
    { clientId: g.clientId, certificateId: g.certificateId, certificate: g.certificate, scopes: g.scopes }
  ],
  tba: [
    {
      consumerKey: g.consumerKey,
      consumerSecret: g.consumerSecret,
      tokenId: g.tokenId,
      tokenSecret: g.tokenSecret
    }
  ]
})
