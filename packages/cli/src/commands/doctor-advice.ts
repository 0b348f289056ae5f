import type { AccountId } from "@netsuite-auth/core"
import { loginAuditTrailHint } from "@netsuite-auth/core/internal"

/** One doctor line's text: what happened and what to do, each short. */
export interface Advice {
  readonly detail: string
  readonly fix?: string | undefined
}

// The OAuth `error` value behind each refusal of the token endpoint.
const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  InvalidClient: "invalid_client",
  InvalidGrant: "invalid_grant",
  InvalidRequest: "invalid_request",
  InvalidScope: "invalid_scope",
  UnauthorizedClient: "unauthorized_client",
  UnsupportedGrantType: "unsupported_grant_type"
}

const AUDIT_TRAIL = "Setup > Users/Roles > View Login Audit Trail names the cause"

/** A core message without the Login Audit Trail sentence (doctor's fix says it once, shorter). */
export const withoutAuditTrail = (message: string): string => message.replace(loginAuditTrailHint, "").trim()

/** " (a sandbox is 1234567_SB1)" for a production realm: the most common wrong account. */
const sandboxNote = (realm: string) => (/_(SB\d+|RP)$/.test(realm) ? "" : ` (a sandbox is ${realm}_SB1)`)

const factsOf = (error: unknown) => {
  const e = error as { reason?: unknown; status?: unknown; netsuiteCode?: unknown; message?: unknown }
  return {
    reason: typeof e.reason === "string" ? e.reason : undefined,
    status: typeof e.status === "number" ? e.status : undefined,
    netsuiteCode: typeof e.netsuiteCode === "string" ? e.netsuiteCode : undefined,
    message: withoutAuditTrail(error instanceof Error ? error.message : String(error))
  }
}

/**
 * What the token endpoint's refusal means for this setup. The account comes first: the token
 * endpoint, like the assertion's `aud`, belongs to the account of `NETSUITE_ACCOUNT_ID`, and
 * knows only that account's integrations and certificate mappings.
 *
 * For instance, `invalid_client` for realm `1234567` reads "POST …/token: HTTP 401
 * invalid_client" with the fix "check NETSUITE_CLIENT_ID and NETSUITE_CERTIFICATE_ID (the kid):
 * both must belong to account 1234567 …".
 */
export const tokenAdvice = (error: unknown, tokenUrl: string, account: AccountId.AccountId): Advice => {
  const { reason, status, message } = factsOf(error)
  const oauthError = reason === undefined ? undefined : OAUTH_ERRORS[reason]
  if (oauthError === undefined) return { detail: message }
  const detail = `POST ${tokenUrl}: HTTP ${status ?? "?"} ${oauthError}`
  const realm = account.realm
  switch (reason) {
    case "InvalidClient":
      return {
        detail,
        fix: `check NETSUITE_CLIENT_ID and NETSUITE_CERTIFICATE_ID (the kid): both must belong to account ${realm}, NETSUITE_ACCOUNT_ID${sandboxNote(realm)}, and the key to that certificate; ${AUDIT_TRAIL}`
      }
    case "InvalidGrant":
      return {
        detail,
        fix: `the certificate mapping is missing, expired or revoked in account ${realm} (a sandbox refresh deletes mappings), or the clock is off; ${AUDIT_TRAIL}`
      }
    case "InvalidScope":
      return {
        detail,
        fix: "enable the scopes on the integration record, or set NETSUITE_SCOPES (or --scope) to the ones it has"
      }
    default:
      return { detail, fix: AUDIT_TRAIL }
  }
}

/** What a refused REST probe means: `rest-bearer` (an M2M token) or `rest-tba` (an OAuth 1.0a header). */
export const restAdvice = (
  check: "rest-bearer" | "rest-tba",
  error: unknown,
  call: string,
  account: AccountId.AccountId
): Advice => {
  const { reason, status, netsuiteCode, message } = factsOf(error)
  const detail = `${call}: HTTP ${status ?? "?"}${netsuiteCode ? ` ${netsuiteCode}` : ""}`
  const realm = account.realm
  if (reason === "TokenRejected") {
    return {
      detail: `${detail} (the bearer token was refused)`,
      fix: `check the integration record's scopes and the mapping's role (REST Web Services permission); ${AUDIT_TRAIL}`
    }
  }
  if (reason === "InvalidLogin") {
    return {
      detail,
      fix:
        check === "rest-tba"
          ? `the consumer key and token must be of account ${realm}${sandboxNote(realm)}; check the role's REST Web Services permission and the clock; ${AUDIT_TRAIL}`
          : `check the mapping's role (REST Web Services permission) in account ${realm}; ${AUDIT_TRAIL}`
    }
  }
  return { detail: `${call}: ${message}` }
}

/** The soap-tba fix when NetSuite refuses the passport. */
export const soapLoginFix = (realm: string, wsdlVersion: string): string =>
  `the role needs "SOAP Web Services"; the token must be of account ${realm}${sandboxNote(realm)}; the namespaces follow --wsdl-version (${wsdlVersion}); ${AUDIT_TRAIL}`
