/**
 * Signing speed: our passport and OAuth 1.0a header against the floor (one raw node:crypto HMAC
 * over the same base string with a precomputed key), OAuth 1.0a against the `oauth-1.0a`
 * package, and the M2M client assertion against one raw node:crypto signature.
 */
import {
  constants,
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  sign
} from "node:crypto"
import * as Core from "@netsuite-auth/core"
import { Effect } from "effect"
import OAuth from "oauth-1.0a"
import { compareThroughput, compareThroughputAsync, type ThroughputResult } from "./measure.ts"
import { opsLabel, type Row } from "./report.ts"

// Spec vector T1 credentials (public test data, not secrets).
export const T1 = {
  accountId: "1234567",
  consumerKey: "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
  tokenId: "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82",
  consumerSecret: "7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd",
  tokenSecret: "060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2"
} as const
const ORACLE = {
  accountId: "123456",
  consumerKey: "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
  tokenId: "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
  consumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
  tokenSecret: "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"
} as const

/** The REST URL the OAuth1 rows sign (spec T3 A: query parameters, one needing encoding). */
export const OAUTH1_URL =
  "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer?limit=10&offset=0&q=email%20START_WITH%20%22a%2Bb%40x.com%22"

const throughputRow = (
  item: string,
  result: ThroughputResult,
  meaning: string,
  baselineName: string,
  note?: string
): Row => ({
  section: "signing",
  item,
  ratio: result.ratio,
  ratioMeaning: meaning,
  candidate: opsLabel(result.candidateOpsPerSecond),
  baseline: `${opsLabel(result.baselineOpsPerSecond)} (${baselineName})`,
  ...(note === undefined ? {} : { note }),
  raw: { ...result }
})

/** The oauth-1.0a package configured the way NetSuite peers do: HMAC-SHA256 via createHmac, realm. */
const oauth10a = (creds: typeof T1 | typeof ORACLE, realm: string): OAuth =>
  new OAuth({
    consumer: { key: creds.consumerKey, secret: creds.consumerSecret },
    signature_method: "HMAC-SHA256",
    hash_function: (base, key) => createHmac("sha256", key).update(base).digest("base64"),
    realm
  })

interface EquivalenceCase {
  readonly name: string
  readonly creds: typeof T1 | typeof ORACLE
  readonly realm: string
  readonly method: string
  readonly url: string
}

const EQUIVALENCE: ReadonlyArray<EquivalenceCase> = [
  {
    name: "T2 REST GET",
    creds: ORACLE,
    realm: "123456",
    method: "GET",
    url: "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40"
  },
  {
    name: "T2 RESTlet POST",
    creds: ORACLE,
    realm: "123456",
    method: "POST",
    url: "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue"
  },
  { name: "T3 A (encoded query)", creds: T1, realm: "1234567_SB1", method: "GET", url: OAUTH1_URL },
  {
    name: "T3 C (sort order)",
    creds: T1,
    realm: "1234567_SB1",
    method: "GET",
    url: "https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=123&deploy=1&id=42&Zeta=z&alpha=a%20b"
  },
  {
    name: "upper-case host",
    creds: T1,
    realm: "1234567_SB1",
    method: "GET",
    url: "https://1234567-SB1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1"
  },
  {
    name: "'+' in query",
    creds: T1,
    realm: "1234567_SB1",
    method: "GET",
    url: "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer?q=a+b"
  }
]

/** Same nonce, timestamp and URL through both signers: do the signatures agree? */
export const oauth10aEquivalence = (): Array<{ readonly case: string; readonly equal: boolean }> =>
  EQUIVALENCE.map((c) => {
    const nonce = "6obMKq0tmY8ylVOdEkA1"
    const timestamp = 1439829974
    const creds = Core.TbaCredentials.make({ ...c.creds, accountId: c.realm })
    const ours = Core.signOAuth1(creds, { method: c.method, url: c.url }, { nonce, timestamp })
    const theirs = oauth10a(c.creds, c.realm)
    theirs.getNonce = () => nonce
    theirs.getTimeStamp = () => timestamp
    const data = theirs.authorize(
      { method: c.method, url: c.url },
      { key: c.creds.tokenId, secret: c.creds.tokenSecret }
    )
    return { case: c.name, equal: data.oauth_signature === ours.signature }
  })

/** Signing rows: passport, OAuth1, oauth-1.0a, assertions (when core has M2M). */
export const runSigning = async (log: (line: string) => void): Promise<Array<Row>> => {
  const rows: Array<Row> = []
  const creds = Core.TbaCredentials.make(T1)
  const skew = Core.ClockSkew.make()
  const floorKey = createSecretKey(Buffer.from(`${T1.consumerSecret}&${T1.tokenSecret}`, "utf8"))
  const hmacFloor = (base: string) => () =>
    createHmac("sha256", floorKey).update(base, "utf8").digest("base64")

  // Passport.
  const passportBase = Core.passportBaseString(creds, "6obMKq0tmY8ylVOdEkA1", 1439829974)
  const at = { nonce: "6obMKq0tmY8ylVOdEkA1", timestamp: 1439829974 }
  log("signing: passport")
  rows.push(
    throughputRow(
      "passport (Effect.runSync(passport), fresh nonce + time)",
      compareThroughput(() => Effect.runSync(Core.passport(creds)).signature, hmacFloor(passportBase)),
      "x of HMAC floor",
      "raw HMAC"
    ),
    throughputRow(
      "passportNow (what the SOAP plugin runs: fresh nonce + time, no Effect)",
      compareThroughput(() => Core.passportNow(creds, skew).signature, hmacFloor(passportBase)),
      "x of HMAC floor",
      "raw HMAC"
    ),
    throughputRow(
      "signPassport (fixed nonce + time)",
      compareThroughput(() => Core.signPassport(creds, at).signature, hmacFloor(passportBase)),
      "x of HMAC floor",
      "raw HMAC"
    )
  )

  // OAuth 1.0a header.
  const request = { method: "GET", url: OAUTH1_URL }
  const oauthBase = Core.signOAuth1(creds, request, at).baseString
  log("signing: OAuth1")
  rows.push(
    throughputRow(
      "oauth1Header (Effect.runSync, fresh nonce + time)",
      compareThroughput(
        () => Effect.runSync(Core.oauth1Header(creds, request)).authorization,
        hmacFloor(oauthBase)
      ),
      "x of HMAC floor",
      "raw HMAC"
    ),
    throughputRow(
      "oauth1HeaderNow (what the axios adapter runs: fresh nonce + time, no Effect)",
      compareThroughput(() => Core.oauth1HeaderNow(creds, request, skew).authorization, hmacFloor(oauthBase)),
      "x of HMAC floor",
      "raw HMAC"
    ),
    throughputRow(
      "signOAuth1 (fixed nonce + time)",
      compareThroughput(() => Core.signOAuth1(creds, request, at).authorization, hmacFloor(oauthBase)),
      "x of HMAC floor",
      "raw HMAC"
    )
  )

  // Against oauth-1.0a: equal signatures first, then speed (both make a fresh nonce and a header).
  const equivalence = oauth10aEquivalence()
  const differing = equivalence.filter((e) => !e.equal).map((e) => e.case)
  const theirs = oauth10a(T1, "1234567_SB1")
  const token = { key: T1.tokenId, secret: T1.tokenSecret }
  log("signing: oauth-1.0a")
  rows.push(
    throughputRow(
      "oauth1Header vs oauth-1.0a@2.2.6 (header incl. nonce)",
      compareThroughput(
        () => Effect.runSync(Core.oauth1Header(creds, request)).authorization,
        () => theirs.toHeader(theirs.authorize({ method: "GET", url: OAUTH1_URL }, token)).Authorization
      ),
      "x of oauth-1.0a speed",
      "oauth-1.0a",
      `signatures equal for ${equivalence.length - differing.length}/${equivalence.length} URLs` +
        (differing.length === 0
          ? ""
          : `; differ for ${differing.join(", ")} (oauth-1.0a keeps the host's case and decodes '+' as '+', RFC 5849 lower-cases the host and form-decodes '+' as space; NetSuite follows RFC 5849)`) +
        "; oauth-1.0a's nonce uses Math.random; its hash_function is the one its README shows (createHmac with the key string)"
    )
  )
  const equivalenceRow: Row = {
    section: "signing",
    item: "oauth-1.0a agreement (same nonce/timestamp/URL)",
    ratio: null,
    ratioMeaning: "check",
    candidate: equivalence.map((e) => `${e.case}: ${e.equal ? "equal" : "DIFFERENT"}`).join("; "),
    baseline: "-",
    raw: { equivalence }
  }
  rows.push(equivalenceRow)

  rows.push(...(await assertionRows(log)))
  return rows
}

const assertionRows = async (log: (line: string) => void): Promise<Array<Row>> => {
  const tokenUrl = "https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
  const rows: Array<Row> = []
  const cases: ReadonlyArray<{
    readonly alg: Core.M2MAlgorithm
    readonly key: () => KeyObject
    readonly raw: (key: KeyObject, input: Buffer) => Buffer
  }> = [
    {
      alg: "ES256",
      key: () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey,
      raw: (key, input) => sign("sha256", input, { key, dsaEncoding: "ieee-p1363" })
    },
    {
      alg: "PS256",
      key: () => generateKeyPairSync("rsa", { modulusLength: 3072 }).privateKey,
      raw: (key, input) =>
        sign("sha256", input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
    }
  ]
  for (const c of cases) {
    log(`signing: ${c.alg} assertion`)
    const key = c.key()
    const creds = Core.M2MCredentials.make({
      accountId: "1234567",
      clientId: T1.consumerKey,
      certificateId: "bench-cert",
      privateKey: key.export({ type: "pkcs8", format: "pem" }).toString(),
      algorithm: c.alg
    })
    const jwt = await Effect.runPromise(Core.clientAssertion(creds, { tokenUrl }))
    const signingInput = Buffer.from(jwt.split(".").slice(0, 2).join("."), "utf8")
    const result = await compareThroughputAsync(
      () => Effect.runPromise(Core.clientAssertion(creds, { tokenUrl })),
      async () => c.raw(key, signingInput),
      { rounds: 7, millis: c.alg === "PS256" ? 250 : 150 }
    )
    rows.push(
      throughputRow(
        `${c.alg} clientAssertion (${c.alg === "PS256" ? "RSA-3072" : "P-256"})`,
        result,
        "x of raw sign",
        "raw crypto.sign of the same signing input"
      )
    )
  }
  return rows
}
