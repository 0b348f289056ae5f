import { constants, type KeyObject, verify } from "node:crypto"
import {
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type ProtectedHeaderParameters
} from "jose"
import type { AccessTokenStore } from "./access-tokens.ts"
import type { ResolvedAccount, ResolvedM2mClient, Scope } from "./config.ts"
import { type MockResponse, tokenError } from "./netsuite-error-bodies.ts"

/** The path of NetSuite's OAuth 2.0 token endpoint. */
export const TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
/** The algorithms NetSuite accepts for the client assertion (RS* ended in 2025). */
export const ALLOWED_ALGORITHMS: ReadonlyArray<string> = [
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512"
]
/** Clock leeway for `exp`/`iat`. */
export const LEEWAY_SECONDS = 5
const MAX_ASSERTION_LIFETIME = 3600

/** What the token endpoint needs to know about the request and the server. */
export interface TokenRequestContext {
  readonly contentType: string | undefined
  readonly authorization: string | undefined
  readonly body: string
  /** Token URLs the assertion's `aud` may name (this server's, as reached). */
  readonly audiences: ReadonlyArray<string>
  readonly accounts: ReadonlyArray<ResolvedAccount>
  readonly tokens: AccessTokenStore
  /** The route's idea of now (clock offset applied). */
  readonly nowMillis: number
  /** The real clock, for token expiry bookkeeping. */
  readonly realNowMillis: number
  readonly lifetimeSeconds: number
}

/** A token-endpoint outcome: the response, and whether a token was issued. */
export interface TokenOutcome {
  readonly response: MockResponse
  readonly issued: boolean
}

/**
 * Verifies the JWS signature. jose refuses RSASSA-PSS-typed keys ("rsa-pss", what Oracle's
 * `openssl req -newkey rsa-pss` example makes), so those are checked with node:crypto directly.
 */
const verifySignature = async (assertion: string, alg: string, key: KeyObject): Promise<boolean> => {
  if (key.asymmetricKeyType === "rsa-pss") {
    if (!alg.startsWith("PS")) return false
    const [header, payload, signature] = assertion.split(".")
    if (header === undefined || payload === undefined || signature === undefined) return false
    const bits = alg.slice(2)
    return verify(
      `sha${bits}`,
      Buffer.from(`${header}.${payload}`),
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 },
      Buffer.from(signature, "base64url")
    )
  }
  try {
    await compactVerify(assertion, key, { algorithms: [alg] })
    return true
  } catch {
    return false
  }
}

// NetSuite serves each account's token endpoint on the account's own host, and the assertion's
// `aud` must be that URL (https://<host>.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token).
const NETSUITE_TOKEN_URL =
  /^https?:\/\/([0-9a-z]+(?:-(?:sb[0-9]+|rp))?)\.suitetalk\.api\.netsuite\.com\/services\/rest\/auth\/oauth2\/v1\/token$/

const hostOfNetSuiteTokenUrl = (url: string): string | undefined => NETSUITE_TOKEN_URL.exec(url)?.[1]

/**
 * The account (host label) whose token endpoint a request was sent to, as NetSuite tells it: from
 * the host. That is the request's `Host` when it names an account's NetSuite host (a proxy or a
 * replay in front of the mock); `undefined` on the mock's own shared URL, which serves every account.
 */
export const endpointAccountHost = (audiences: ReadonlyArray<string>): string | undefined => {
  for (const audience of audiences) {
    const host = hostOfNetSuiteTokenUrl(audience)
    if (host !== undefined) return host
  }
  return undefined
}

const realmOfHost = (host: string) => host.toUpperCase().replace("-", "_")

const parseScopes = (claim: unknown): Array<string> | undefined => {
  if (Array.isArray(claim))
    return claim.every((s) => typeof s === "string") ? (claim as Array<string>) : undefined
  if (typeof claim === "string") return claim.split(/[\s,]+/).filter((s) => s !== "")
  return undefined
}

/**
 * `POST /services/rest/auth/oauth2/v1/token` for the client-credentials grant with a JWT client
 * assertion (RFC 7523), checking what NetSuite checks, in a fixed order.
 */
export const handleTokenRequest = async (ctx: TokenRequestContext): Promise<TokenOutcome> => {
  const defaultRealm = ctx.accounts[0]?.realm ?? ""
  const reject = (
    error: Parameters<typeof tokenError>[0],
    reason: string,
    realm = defaultRealm
  ): TokenOutcome => ({
    response: tokenError(error, reason, realm),
    issued: false
  })
  const mediaType = ctx.contentType?.split(";")[0]?.trim().toLowerCase()
  if (mediaType !== "application/x-www-form-urlencoded")
    return reject("invalid_request", "UnsupportedContentType")
  const form = new URLSearchParams(ctx.body)
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) return reject("invalid_request", "RepeatedParameter")
  }
  if (form.get("grant_type") !== "client_credentials")
    return reject("invalid_request", "UnsupportedGrantType")
  if (form.get("client_assertion_type") !== ASSERTION_TYPE)
    return reject("invalid_request", "InvalidClientAssertionType")
  // Client authentication must happen exactly once: an assertion, and no Basic/secret next to it.
  if (ctx.authorization !== undefined || form.has("client_secret")) {
    return reject("invalid_request", "MultipleClientAuthentication")
  }
  const assertion = form.get("client_assertion")
  if (!assertion) return reject("invalid_request", "MissingClientAssertion")

  let header: ProtectedHeaderParameters
  let claims: JWTPayload
  try {
    header = decodeProtectedHeader(assertion)
    claims = decodeJwt(assertion)
  } catch {
    return reject("invalid_request", "MalformedAssertion")
  }
  let client: ResolvedM2mClient | undefined
  let account: ResolvedAccount | undefined
  for (const a of ctx.accounts) {
    const found = a.m2m.find((m) => m.clientId === claims.iss)
    if (found !== undefined) {
      client = found
      account = a
      break
    }
  }
  const audClaim = claims.aud
  const audiences = Array.isArray(audClaim) ? audClaim : audClaim === undefined ? [] : [audClaim]
  const singleAud = audiences.length === 1 && typeof audiences[0] === "string" ? audiences[0] : undefined
  const endpointHost = endpointAccountHost(ctx.audiences)
  // The endpoint knows only its own account's integrations: a client of 1234567_SB1 asking the
  // token endpoint of 1234567 is an unknown client there (invalid_client, that account's realm).
  if (client !== undefined && account !== undefined && endpointHost !== undefined) {
    if (account.realm.toLowerCase().replace("_", "-") !== endpointHost) {
      return reject("invalid_client", "ClientOfAnotherAccount", realmOfHost(endpointHost))
    }
  }
  if (client === undefined || account === undefined)
    return reject(
      "invalid_client",
      "InvalidIntegration",
      endpointHost === undefined ? defaultRealm : realmOfHost(endpointHost)
    )
  const realm = account.realm
  if (typeof header.alg !== "string" || !ALLOWED_ALGORITHMS.includes(header.alg)) {
    return reject("invalid_client", "UnsupportedAlgorithm", realm)
  }
  const certificate = account.m2m.find(
    (m) => m.clientId === client.clientId && m.certificateId === header.kid
  )
  if (certificate === undefined) return reject("invalid_client", "UnknownCertificateId", realm)
  if (certificate.notAfterMillis !== undefined && certificate.notAfterMillis < ctx.nowMillis) {
    return reject("invalid_client", "CertificateExpired", realm)
  }
  if (!(await verifySignature(assertion, header.alg, certificate.publicKey))) {
    return reject("invalid_client", "InvalidSignature", realm)
  }
  // The aud is this server's token URL as reached, or the client's account's own NetSuite token
  // URL (what NetSuite requires; on the shared URL it is how a client says which account it means).
  const audienceOk =
    singleAud !== undefined &&
    (ctx.audiences.includes(singleAud) ||
      (singleAud.startsWith("https://") &&
        hostOfNetSuiteTokenUrl(singleAud) === realm.toLowerCase().replace("_", "-")))
  if (!audienceOk) return reject("invalid_client", "InvalidAudience", realm)
  const { iat, exp } = claims
  if (typeof iat !== "number" || typeof exp !== "number")
    return reject("invalid_request", "MissingIatOrExp", realm)
  if (exp <= iat || exp - iat > MAX_ASSERTION_LIFETIME)
    return reject("invalid_request", "InvalidAssertionLifetime", realm)
  const now = ctx.nowMillis / 1000
  if (exp + LEEWAY_SECONDS <= now) return reject("invalid_grant", "AssertionExpired", realm)
  if (iat - LEEWAY_SECONDS > now) return reject("invalid_grant", "AssertionIssuedInFuture", realm)
  const scopes = parseScopes(claims.scope)
  if (scopes === undefined || scopes.length === 0) return reject("invalid_scope", "InvalidScope", realm)
  if (!scopes.every((s) => (certificate.scopes as ReadonlyArray<string>).includes(s))) {
    return reject("invalid_scope", "ScopeMismatched", realm)
  }
  if (scopes.includes("mcp") && scopes.length > 1) return reject("invalid_scope", "InvalidScope", realm)

  const expiresAtMillis = ctx.realNowMillis + ctx.lifetimeSeconds * 1000
  const accessToken = ctx.tokens.issue(
    { realm, clientId: client.clientId, scopes: [...new Set(scopes)] as Array<Scope>, expiresAtMillis },
    ctx.realNowMillis
  )
  return {
    issued: true,
    response: {
      status: 200,
      headers: {
        "content-type": "application/json; charset=UTF-8",
        "cache-control": "no-store",
        pragma: "no-cache"
      },
      body: JSON.stringify({
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: ctx.lifetimeSeconds
      })
    }
  }
}
