import { randomBytes } from "node:crypto"
import type { Scope } from "./config.ts"

/** What the mock remembers about an access token it issued. */
export interface IssuedToken {
  readonly realm: string
  readonly clientId: string
  readonly scopes: ReadonlyArray<Scope>
  readonly expiresAtMillis: number
  revoked: boolean
}

/** Why a bearer token was refused (Login Audit Trail wording where NetSuite has one). */
export type BearerRejection = "InvalidToken" | "AccessTokenExpired" | "TokenRevoked"

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url")

/**
 * The access tokens the mock issued. Tokens look like NetSuite's (a three-part JWT) but are
 * opaque to the mock: it looks them up, it does not verify a signature.
 */
export class AccessTokenStore {
  private readonly tokens = new Map<string, IssuedToken>()
  private readonly maxEntries: number
  constructor(maxEntries = 100_000) {
    this.maxEntries = maxEntries
  }

  issue(input: Omit<IssuedToken, "revoked">, nowMillis: number): string {
    this.purge(nowMillis)
    const header = base64url(JSON.stringify({ kid: "mock", typ: "JWT", alg: "ES256" }))
    const payload = base64url(
      JSON.stringify({
        sub: input.clientId,
        aud: input.realm,
        scope: input.scopes,
        iat: Math.floor(nowMillis / 1000),
        exp: Math.floor(input.expiresAtMillis / 1000),
        jti: randomBytes(8).toString("hex")
      })
    )
    const token = `${header}.${payload}.${base64url(randomBytes(32))}`
    this.tokens.set(token, { ...input, revoked: false })
    while (this.tokens.size > this.maxEntries) {
      const oldest = this.tokens.keys().next().value
      if (oldest === undefined) break
      this.tokens.delete(oldest)
    }
    return token
  }

  check(token: string, nowMillis: number): IssuedToken | BearerRejection {
    const issued = this.tokens.get(token)
    if (issued === undefined) return "InvalidToken"
    if (issued.revoked) return "TokenRevoked"
    if (nowMillis >= issued.expiresAtMillis) return "AccessTokenExpired"
    return issued
  }

  /** The realm a token belongs to, even if it is no longer valid (for governance and realms). */
  realmOf(token: string): string | undefined {
    return this.tokens.get(token)?.realm
  }

  /** Revokes every token, or those of one account realm. Returns how many. */
  revoke(realm?: string): number {
    let n = 0
    for (const token of this.tokens.values()) {
      if (!token.revoked && (realm === undefined || token.realm === realm)) {
        token.revoked = true
        n++
      }
    }
    return n
  }

  private purge(nowMillis: number) {
    // Keep expired tokens for an hour so a late caller is told AccessTokenExpired, not InvalidToken.
    for (const [key, token] of this.tokens) {
      if (token.expiresAtMillis + 3_600_000 < nowMillis) this.tokens.delete(key)
    }
  }
}
