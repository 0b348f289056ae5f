import { createPrivateKey, type KeyObject } from "node:crypto"
import {
  type AccessToken,
  AccountId,
  classifyRestResponse,
  ENVIRONMENT_VARIABLES,
  endpointsFor,
  type M2MAlgorithm,
  M2MCredentials,
  type M2MScope,
  Nonce,
  parseBaseUrl,
  passportXml,
  signOAuth1,
  signPassport,
  type TbaCredentials
} from "@netsuite-auth/core"
import { passportNamespaces } from "@netsuite-auth/core/internal"
import { certificateMatchesKey, inspectCertificate } from "@netsuite-auth/keys"
import * as Redacted from "effect/Redacted"
import { tidy } from "../cli-error.ts"
import {
  CERTIFICATE_PATH_VARIABLE,
  type CliIo,
  type CredentialFlags,
  effectiveEnvironment,
  loadEnvironment,
  readUserFile
} from "../credentials.ts"
import { type HttpAnswer, httpRequest, NoAnswer } from "../http-client.ts"
import { classifySoapAnswer, describeSoapFault } from "../soap-answer.ts"
import { restAdvice, soapLoginFix, tokenAdvice } from "./doctor-advice.ts"
import { M2M_SETUP_PAGE } from "./keygen.ts"
import { DEFAULT_WSDL_VERSION } from "./passport.ts"
import { requestAccessToken } from "./token.ts"

/** Options of `netsuite-auth doctor`. */
export interface DoctorOptions extends CredentialFlags {
  readonly certificate?: string | undefined
  readonly alg?: string | undefined
  readonly timeout?: number | undefined
  /** WSDL version of the SOAP check (endpoint and passport namespaces), YYYY_N; default {@link DEFAULT_WSDL_VERSION}. */
  readonly wsdlVersion?: string | undefined
}

/** One line of the report. */
export interface DoctorCheck {
  readonly status: "ok" | "warn" | "fail"
  readonly check: string
  readonly detail: string
  readonly fix?: string | undefined
}

/** Days before expiry at which a certificate gets a warning. */
export const EXPIRY_WARNING_DAYS = 30
/** Clock skew (seconds) above which doctor warns, and at which NetSuite rejects TBA timestamps. */
export const SKEW_WARNING_SECONDS = 60
export const SKEW_FAILURE_SECONDS = 300

const TBA_VARIABLES = [
  ENVIRONMENT_VARIABLES.consumerKey,
  ENVIRONMENT_VARIABLES.consumerSecret,
  ENVIRONMENT_VARIABLES.tokenId,
  ENVIRONMENT_VARIABLES.tokenSecret
]
const M2M_VARIABLES = [ENVIRONMENT_VARIABLES.clientId, ENVIRONMENT_VARIABLES.certificateId]

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z")

/** Formats a check as `ok|warn|fail  <check>: <detail>[; fix: ...]`. */
export const formatCheck = (c: DoctorCheck): string =>
  tidy(`${c.status.padEnd(4)}  ${c.check}: ${c.detail}${c.fix ? `; fix: ${c.fix}` : ""}`)

const isSet = (env: Readonly<Record<string, string | undefined>>, name: string) =>
  env[name] !== undefined && env[name]!.trim() !== ""

/**
 * Checks the configuration it finds and reports one line per check. Network checks run only
 * when the server answers; without one they are warnings, never failures.
 * Returns the checks (the caller prints and picks the exit code).
 */
export const doctor = async (
  options: DoctorOptions,
  io: CliIo,
  now: () => number,
  emit: (check: DoctorCheck) => void
): Promise<ReadonlyArray<DoctorCheck>> => {
  const checks: Array<DoctorCheck> = []
  const report = (check: DoctorCheck) => {
    checks.push(check)
    emit(check)
  }
  const env = effectiveEnvironment(io, options)
  const timeoutMillis = (options.timeout ?? 10) * 1000

  // 1. Account ID: both forms, because a wrong case in either one is "Invalid login attempt".
  const rawAccount = env[ENVIRONMENT_VARIABLES.accountId]?.trim()
  let account: AccountId.AccountId | undefined
  if (rawAccount === undefined || rawAccount === "") {
    report({
      status: "fail",
      check: "account",
      detail: `${ENVIRONMENT_VARIABLES.accountId} is not set`,
      fix: `set it (or --account) to the account ID from Setup > Company > Company Information, e.g. 1234567 or 1234567_SB1`
    })
  } else {
    try {
      account = AccountId.parseOrThrow(rawAccount)
      const given = rawAccount === account.realm ? "" : ` (given as ${JSON.stringify(rawAccount)})`
      report({
        status: "ok",
        check: "account",
        detail: `realm ${account.realm} (OAuth realm, passport account), host ${account.host} (URLs)${given}`
      })
    } catch (e) {
      report({ status: "fail", check: "account", detail: messageOf(e) })
    }
  }

  // 2. Where requests go.
  let baseUrl: string | undefined
  const rawBase = env[ENVIRONMENT_VARIABLES.baseUrl]?.trim()
  if (rawBase) {
    try {
      baseUrl = parseBaseUrl(rawBase)
    } catch (e) {
      report({ status: "fail", check: "base-url", detail: messageOf(e) })
    }
  }
  const endpoints = account === undefined ? undefined : endpointsFor(account, { baseUrl })
  if (endpoints !== undefined) {
    report({
      status: "ok",
      check: "endpoints",
      detail: `token ${endpoints.tokenUrl}, REST ${endpoints.restBaseUrl}${baseUrl ? ` (from ${ENVIRONMENT_VARIABLES.baseUrl})` : ""}`
    })
  }

  // 3. Which schemes are configured (and complete).
  const tbaSet = TBA_VARIABLES.filter((n) => isSet(env, n))
  const m2mSet = [
    ...M2M_VARIABLES,
    ENVIRONMENT_VARIABLES.privateKey,
    ENVIRONMENT_VARIABLES.privateKeyPath
  ].filter((n) => isSet(env, n))
  const tbaMissing = TBA_VARIABLES.filter((n) => !isSet(env, n))
  const m2mMissing = [
    ...M2M_VARIABLES.filter((n) => !isSet(env, n)),
    ...(isSet(env, ENVIRONMENT_VARIABLES.privateKey) || isSet(env, ENVIRONMENT_VARIABLES.privateKeyPath)
      ? []
      : [`${ENVIRONMENT_VARIABLES.privateKey} or ${ENVIRONMENT_VARIABLES.privateKeyPath}`])
  ]
  let tba: TbaCredentials | undefined
  let m2mPem: string | undefined
  let m2mScopes: ReadonlyArray<string> | undefined
  if (tbaMissing.length === 0 && account !== undefined) {
    try {
      tba = loadEnvironment(env, "tba").tba
      report({
        status: "ok",
        check: "tba",
        detail: "Token-Based Authentication configured (SOAP passport, REST/RESTlet OAuth 1.0a)"
      })
    } catch (e) {
      report({ status: "fail", check: "tba", detail: messageOf(e) })
    }
  } else if (tbaSet.length > 0) {
    report({
      status: "warn",
      check: "tba",
      detail: `incomplete: missing ${tbaMissing.join(", ")}`,
      fix: "set the missing variables, or unset the others if you do not use TBA"
    })
  }
  if (m2mMissing.length === 0 && account !== undefined) {
    try {
      const m2m = loadEnvironment(env, "m2m").m2m!
      m2mPem = Redacted.value(m2m.privateKey)
      m2mScopes = m2m.scopes
      report({ status: "ok", check: "m2m", detail: "OAuth 2.0 client credentials (M2M) configured" })
    } catch (e) {
      report({ status: "fail", check: "m2m", detail: messageOf(e) })
    }
  } else if (m2mSet.length > 0) {
    report({
      status: "warn",
      check: "m2m",
      detail: `incomplete: missing ${m2mMissing.join(", ")}`,
      fix: "set the missing variables, or unset the others if you do not use M2M"
    })
  }
  if (tbaSet.length === 0 && m2mSet.length === 0) {
    report({
      status: "fail",
      check: "schemes",
      detail: "neither TBA nor M2M credentials are configured",
      fix: `set ${[...M2M_VARIABLES, ENVIRONMENT_VARIABLES.privateKeyPath].join(", ")} (M2M) or ${TBA_VARIABLES.join(", ")} (TBA), in the environment or a file passed with --env-file`
    })
  }

  // 4. The M2M key against the algorithm (RSA size, RS256, encrypted PEM, ...).
  let credentials: M2MCredentials | undefined
  let privateKey: KeyObject | undefined
  if (m2mPem !== undefined && account !== undefined) {
    try {
      credentials = M2MCredentials.make({
        accountId: account,
        clientId: env[ENVIRONMENT_VARIABLES.clientId]!.trim(),
        certificateId: env[ENVIRONMENT_VARIABLES.certificateId]!.trim(),
        privateKey: m2mPem,
        algorithm: options.alg as M2MAlgorithm | undefined,
        scopes: m2mScopes as ReadonlyArray<M2MScope> | undefined
      })
      const kind =
        credentials.keyType === "ec"
          ? `EC ${credentials.curveOrBits}`
          : `${credentials.keyType === "rsa-pss" ? "RSASSA-PSS" : "RSA"} ${credentials.curveOrBits}-bit`
      report({
        status: "ok",
        check: "m2m-key",
        detail: `${kind} key, assertion algorithm ${credentials.algorithm}`
      })
    } catch (e) {
      report({ status: "fail", check: "m2m-key", detail: messageOf(e) })
    }
    try {
      privateKey = createPrivateKey(
        m2mPem.includes("\\n") && !m2mPem.includes("\n") ? m2mPem.replace(/\\n/g, "\n") : m2mPem
      )
    } catch {
      privateKey = undefined // reported by m2m-key already
    }
  }

  // 5. The certificate: readable, accepted key, validity, and that it goes with the key.
  const certificatePath = options.certificate ?? env[CERTIFICATE_PATH_VARIABLE]?.trim()
  if (certificatePath) {
    let pem: string | undefined
    try {
      pem = readUserFile(certificatePath, "the certificate", io)
    } catch (e) {
      report({ status: "fail", check: "certificate", detail: messageOf(e) })
    }
    if (pem !== undefined) {
      try {
        const info = inspectCertificate(pem)
        const nowMillis = now()
        const days = info.daysToExpiry(nowMillis)
        const rsaSize = typeof info.curveOrBits === "number" ? info.curveOrBits : undefined
        const keyText = rsaSize === undefined ? `EC ${info.curveOrBits}` : `RSA ${rsaSize}-bit`
        if (rsaSize !== undefined && rsaSize !== 3072 && rsaSize !== 4096) {
          report({
            status: "fail",
            check: "certificate-key-type",
            detail: `the certificate holds an RSA ${rsaSize}-bit key; NetSuite accepts only RSA 3072 or 4096 bits, or EC P-256/P-384/P-521`,
            fix: `make a new key and certificate with \`netsuite-auth keygen --out DIR\` and upload it at ${M2M_SETUP_PAGE}`
          })
        } else {
          report({ status: "ok", check: "certificate-key-type", detail: `${keyText} key` })
        }
        const renew = `make a new key and certificate with \`netsuite-auth keygen --out DIR\`, upload it at ${M2M_SETUP_PAGE} and switch ${ENVIRONMENT_VARIABLES.certificateId} and the key`
        if (info.notBefore.getTime() > nowMillis) {
          report({
            status: "fail",
            check: "certificate",
            detail: `${info.subject.replace(/\n/g, ", ")} is not valid before ${iso(info.notBefore)}`,
            fix: "check this machine's clock, or make the certificate again"
          })
        } else if (info.notAfter.getTime() <= nowMillis) {
          report({
            status: "fail",
            check: "certificate",
            detail: `${info.subject.replace(/\n/g, ", ")} expired on ${iso(info.notAfter)}`,
            fix: renew
          })
        } else if (days < EXPIRY_WARNING_DAYS) {
          report({
            status: "warn",
            check: "certificate",
            detail: `${info.subject.replace(/\n/g, ", ")} expires on ${iso(info.notAfter)}, in ${days} day${days === 1 ? "" : "s"}`,
            fix: renew
          })
        } else {
          report({
            status: "ok",
            check: "certificate",
            detail: `${info.subject.replace(/\n/g, ", ")} valid until ${iso(info.notAfter)} (${days} days left)`
          })
        }
        for (const note of info.notes) {
          if (rsaSize === undefined || !/bits/.test(note))
            report({ status: "warn", check: "certificate", detail: note })
        }
        if (privateKey !== undefined) {
          report(
            certificateMatchesKey(pem, privateKey)
              ? {
                  status: "ok",
                  check: "certificate-matches-key",
                  detail: "the certificate was made from the private key"
                }
              : {
                  status: "fail",
                  check: "certificate-matches-key",
                  detail:
                    "the certificate was NOT made from the configured private key (NetSuite answers invalid_client)",
                  fix: "point the certificate and the key at the pair generated together, and upload that certificate"
                }
          )
        }
      } catch (e) {
        report({ status: "fail", check: "certificate", detail: messageOf(e) })
      }
    }
  } else if (m2mSet.length > 0) {
    report({
      status: "warn",
      check: "certificate",
      detail: "not checked (expiry, key match)",
      fix: `set ${CERTIFICATE_PATH_VARIABLE} or pass --certificate FILE (the certificate uploaded to NetSuite)`
    })
  }

  // 6. Network: clock skew from the server's Date header, then real authenticated calls.
  if (endpoints === undefined) return checks
  const origin = new URL(endpoints.tokenUrl).origin
  let reachable = false
  try {
    const before = now()
    const answer = await httpRequest({ url: `${origin}/`, method: "HEAD", timeoutMillis })
    const after = now()
    reachable = true
    const date = answer.headers.date === undefined ? Number.NaN : Date.parse(answer.headers.date)
    if (Number.isNaN(date)) {
      report({
        status: "warn",
        check: "clock",
        detail: `${origin} sent no Date header; clock skew not measured`
      })
    } else {
      // The Date header has whole seconds: compare with the middle of the request, rounded.
      const skew = Math.round((date - (before + after) / 2) / 1000)
      const abs = Math.abs(skew)
      const detail = `this machine is ${abs} s ${skew > 0 ? "behind" : "ahead of"} ${origin} (Date header)`
      report(
        abs >= SKEW_FAILURE_SECONDS
          ? {
              status: "fail",
              check: "clock",
              detail,
              fix: "sync the clock with NTP: NetSuite refuses TBA timestamps more than 5 minutes off"
            }
          : abs >= SKEW_WARNING_SECONDS
            ? { status: "warn", check: "clock", detail, fix: "sync the clock with NTP" }
            : {
                status: "ok",
                check: "clock",
                detail: abs <= 1 ? `in sync with ${origin} (within 1 s)` : detail
              }
      )
    }
  } catch (e) {
    report({
      status: "warn",
      check: "server",
      detail: `${origin} is not reachable (${e instanceof NoAnswer ? e.message : messageOf(e)}): clock, token and signed-call checks skipped`,
      fix: `check the network, or set ${ENVIRONMENT_VARIABLES.baseUrl} to your mock server`
    })
  }
  if (!reachable) return checks

  const probeUrl = `${endpoints.restBaseUrl}/record/v1/customer/1`
  const probe = async (check: "rest-bearer" | "rest-tba", authorization: string, id: AccountId.AccountId) => {
    try {
      const answer = await httpRequest({
        url: probeUrl,
        method: "GET",
        headers: { authorization, accept: "application/json" },
        timeoutMillis
      })
      const error = classifyRestResponse(answer, now())
      if (error === undefined || (error.reason === "HttpError" && answer.status !== 400)) {
        report({
          status: "ok",
          check,
          detail: `GET ${probeUrl} accepted the credentials (HTTP ${answer.status})`
        })
      } else {
        const advice = restAdvice(check, error, `GET ${probeUrl}`, id)
        report({ status: error.retryable ? "warn" : "fail", check, ...advice })
      }
    } catch (e) {
      report({ status: "warn", check, detail: `GET ${probeUrl} got no answer (${messageOf(e)})` })
    }
  }

  // SOAP fails for its own reasons (role without "SOAP Web Services", passport namespaces of
  // another WSDL version), so one signed getServerTime, the cheapest authenticated operation.
  const wsdlVersion = options.wsdlVersion ?? DEFAULT_WSDL_VERSION
  const soapProbe = async (tba: TbaCredentials) => {
    const check = "soap-tba"
    const soapUrl = endpoints.soapUrl(wsdlVersion)
    const signed = signPassport(tba, { nonce: Nonce.secure.next(), timestamp: Math.floor(now() / 1000) })
    const envelope =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
      `<soapenv:Header>${passportXml(signed, wsdlVersion)}</soapenv:Header>` +
      `<soapenv:Body><platformMsgs:getServerTime xmlns:platformMsgs="${passportNamespaces(wsdlVersion).messages}"/></soapenv:Body>` +
      "</soapenv:Envelope>"
    const call = `POST ${soapUrl} getServerTime`
    let answer: HttpAnswer
    try {
      answer = await httpRequest({
        url: soapUrl,
        method: "POST",
        headers: { "content-type": "text/xml; charset=utf-8", SOAPAction: '"getServerTime"' },
        body: envelope,
        timeoutMillis
      })
    } catch (e) {
      report({ status: "warn", check, detail: `${call} got no answer (${messageOf(e)})` })
      return
    }
    const verdict = classifySoapAnswer(answer, [signed.signature, signed.nonce])
    if (verdict.kind === "success") {
      const time = verdict.serverTime ? `, server time ${verdict.serverTime}` : ""
      report({ status: "ok", check, detail: `${call} accepted the passport (HTTP ${answer.status}${time})` })
    } else if (verdict.kind === "unexpected") {
      report({
        status: "warn",
        check,
        detail: `${call}: ${verdict.description}`,
        fix:
          answer.status >= 500
            ? "a server error: run doctor again later"
            : `check that ${ENVIRONMENT_VARIABLES.baseUrl} (if set) points at NetSuite or the mock server, and that SuiteTalk SOAP serves --wsdl-version ${wsdlVersion}`
      })
    } else if (verdict.category === "login") {
      // REST passing with the same token narrows it to what only SOAP checks.
      const restOk = checks.some((c) => c.check === "rest-tba" && c.status === "ok")
      report({
        status: "fail",
        check,
        detail: `${call} refused the passport: ${describeSoapFault(verdict)}${restOk ? "; REST accepted the same token, so the cause is SOAP-specific" : ""}`,
        fix: soapLoginFix(signed.account, wsdlVersion)
      })
    } else if (verdict.category === "concurrency") {
      report({
        status: "warn",
        check,
        detail: `${call}: ${describeSoapFault(verdict)}: the account's SuiteTalk concurrency limit was reached, so the passport was not checked`,
        fix: "run doctor again when fewer integrations are busy (limits: Setup > Integration > Integration Governance)"
      })
    } else {
      report({ status: "warn", check, detail: `${call}: ${describeSoapFault(verdict)}` })
    }
  }

  if (credentials !== undefined && account !== undefined) {
    let token: AccessToken | undefined
    // A base URL (the mock, a proxy) serves every account under one token URL, so the assertion
    // is signed for the account's own NetSuite token URL, as NetSuite wants it: a client of
    // another account (1234567_SB1 when NETSUITE_ACCOUNT_ID says 1234567) is then refused here.
    const audience = baseUrl === undefined ? endpoints.tokenUrl : endpointsFor(account).tokenUrl
    try {
      token = await requestAccessToken(credentials, endpoints.tokenUrl, now, audience)
      const scopes = token.scopes.length > 0 ? token.scopes : credentials.scopes
      report({
        status: "ok",
        check: "token",
        detail: `${endpoints.tokenUrl} issued a ${token.tokenType} token for account ${account.realm} (expires in ${token.expiresInSeconds} s, scopes ${scopes.join(" ")})`
      })
    } catch (e) {
      const retryable = (e as { retryable?: unknown }).retryable === true
      report({
        status: retryable ? "warn" : "fail",
        check: "token",
        ...tokenAdvice(e, endpoints.tokenUrl, account)
      })
    }
    if (token !== undefined)
      await probe("rest-bearer", `Bearer ${Redacted.value(token.accessToken)}`, account)
  }
  if (tba !== undefined) {
    const signed = signOAuth1(
      tba,
      { method: "GET", url: probeUrl },
      { nonce: Nonce.secure.next(), timestamp: Math.floor(now() / 1000) }
    )
    await probe("rest-tba", signed.authorization, tba.account)
    await soapProbe(tba)
  }
  return checks
}
