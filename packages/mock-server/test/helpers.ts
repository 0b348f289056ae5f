import { constants, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto"
import { request as httpRequest } from "node:http"
import { TbaCredentials } from "@netsuite-auth/core"
import { SignJWT } from "jose"
import { selfSignedCertificate } from "../src/index.ts"

/** A plain HTTP response. */
export interface Reply {
  readonly status: number
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly body: string
}

/** One HTTP request with node:http (unlike fetch, it lets a test set `Host`). */
export const send = (
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? "GET", headers: options.headers ?? {} },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8")
          })
        )
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })

export const TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

/** A fresh EC P-256 key and its self-signed certificate. */
export const ecIdentity = (curve = "P-256"): { privateKey: KeyObject; certificate: string } => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: curve })
  return { privateKey, certificate: selfSignedCertificate(privateKey) }
}

/** Signs an assertion with jose (header and claims overridable, `undefined` removes a claim). */
export const assertion = async (options: {
  key: KeyObject | string
  alg?: string
  kid?: string
  iss: string
  aud: string
  scope?: unknown
  iat?: number | undefined
  exp?: number | undefined
  omit?: ReadonlyArray<"iat" | "exp">
}): Promise<string> => {
  const key = typeof options.key === "string" ? createPrivateKey(options.key) : options.key
  const now = Math.floor(Date.now() / 1000)
  const claims: Record<string, unknown> = {
    iss: options.iss,
    scope: options.scope ?? ["rest_webservices", "restlets"],
    aud: options.aud,
    iat: options.iat ?? now,
    exp: options.exp ?? now + 300
  }
  for (const c of options.omit ?? []) delete claims[c]
  const alg = options.alg ?? "ES256"
  if (key.asymmetricKeyType === "rsa-pss") {
    // jose cannot sign with an RSASSA-PSS-typed key; build the JWS by hand (as some clients do).
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url")
    const input = `${enc({ typ: "JWT", alg, kid: options.kid })}.${enc(claims)}`
    const bits = Number(alg.slice(2))
    const sig = sign(`sha${bits}`, Buffer.from(input), {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: bits / 8
    })
    return `${input}.${sig.toString("base64url")}`
  }
  return new SignJWT(claims)
    .setProtectedHeader({ typ: "JWT", alg, ...(options.kid === undefined ? {} : { kid: options.kid }) })
    .sign(key)
}

/** The form body of a client-credentials token request. */
export const tokenForm = (clientAssertion: string, overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: clientAssertion,
    ...overrides
  }).toString()

export const FORM = { "content-type": "application/x-www-form-urlencoded" }
/** Admin POSTs (`/_mock/...`) must say JSON: a cross-site "simple" request cannot. */
export const JSON_TYPE = { "content-type": "application/json" }

/** The account and TBA credentials the mock-server tests configure (fixed, test-only values). */
export const ACCOUNT = "1234567_SB1"
export const TBA = {
  consumerKey: "ck".repeat(32),
  consumerSecret: "cs".repeat(32),
  tokenId: "tk".repeat(32),
  tokenSecret: "ts".repeat(32)
}
export const creds: TbaCredentials = TbaCredentials.make({ accountId: ACCOUNT, ...TBA })
