import type { RetryOptions } from "@netsuite-auth/core"
import { RequestLifecycle } from "@netsuite-auth/core/internal"
import type { Client, ISecurity } from "soap"
import { checkEnvelope, checkUserSoapHeaders } from "./ambiguous-authentication.ts"
import { type SoapHttpRequest, SoapRequest } from "./soap-request.ts"
import {
  NetSuiteTokenPassportSecurity,
  type TokenPassportSecurityOptions
} from "./token-passport-security.ts"

/** Undoes {@link installTokenPassport}: the previous security and HTTP client come back, the listeners go. */
export type UninstallTokenPassport = () => void

/** Options of {@link installTokenPassport}. */
export interface InstallTokenPassportOptions extends TokenPassportSecurityOptions {
  /** Retry policy for retryable failures (concurrency faults, 5xx and resets for reads); `false` disables retries. */
  readonly retry?: Omit<RetryOptions, "onRetry"> | false | undefined
}

interface HttpClientLike {
  request: SoapHttpRequest
}

// node-soap parses a fault envelope by throwing an error that carries the parsed `root`.
const faultParser =
  (client: Client) =>
  (body: string): unknown => {
    try {
      ;(client.wsdl as unknown as { xmlToObject: (xml: string) => unknown }).xmlToObject(body)
      return undefined
    } catch (e) {
      return (e as { root?: unknown }).root
    }
  }

/**
 * Puts NetSuite Token-Based Authentication on a node-soap client you created yourself, through
 * core's one request lifecycle:
 * - every request waits for a permit of the account's pool (shared with every other adapter of
 *   the account), then gets a `tokenPassport` signed after admission, new for every attempt;
 * - concurrency faults (and 5xx or broken connections for read operations) are retried on
 *   NetSuite's schedule, with `timeout` as a deadline for each whole exchange;
 * - an envelope with an `applicationInfo`, `passport` or second `tokenPassport` header is
 *   refused before anything is sent (`NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION`), a `JSESSIONID`
 *   cookie is removed, and the clock skew is learned from NetSuite's `Date` header;
 * - failures reach your callback or promise as a `NetSuiteError`.
 *
 * Set the endpoint yourself (`client.setEndpoint(account.endpoints.soapUrl(version))`).
 *
 * @example
 * ```ts
 * import { createClientAsync } from "soap"
 * import { NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
 * import { installTokenPassport } from "@netsuite-auth/soap"
 * const account = NetSuiteAccount.make({ accountId: process.env.NETSUITE_ACCOUNT_ID ?? "1234567_SB1" })
 * const credentials = TbaCredentials.make({
 *   accountId: account.id, consumerKey: process.env.NETSUITE_CONSUMER_KEY ?? "ck", consumerSecret: process.env.NETSUITE_CONSUMER_SECRET ?? "cs",
 *   tokenId: process.env.NETSUITE_TOKEN_ID ?? "ti", tokenSecret: process.env.NETSUITE_TOKEN_SECRET ?? "ts"
 * })
 * const client = await createClientAsync(account.endpoints.wsdlUrl("2025_2"))
 * client.setEndpoint(account.endpoints.soapUrl("2025_2"))
 * const uninstall = installTokenPassport(client, { credentials, wsdlVersion: "2025_2", account })
 * const [result] = await client.getServerTimeAsync({})
 * uninstall()
 * ```
 * @category security
 */
export const installTokenPassport = (
  client: Client,
  options: InstallTokenPassportOptions
): UninstallTokenPassport => {
  checkUserSoapHeaders(client.getSoapHeaders() as unknown[] | null | undefined)
  const security = new NetSuiteTokenPassportSecurity(options)
  security.deferSigning()
  const lifecycle = RequestLifecycle.make({
    account: security.account,
    auth: security.auth,
    retry: options?.retry,
    onEvent: options?.onEvent
  })
  // node-soap keeps the security object in a private field; read it to restore it on uninstall.
  const previous = (client as unknown as { security?: ISecurity }).security
  const httpClient = (client as unknown as { httpClient: HttpClientLike }).httpClient
  const original = httpClient.request
  const send = original.bind(httpClient)
  const parseFault = faultParser(client)
  // Runs inside node-soap's synchronous send path, before the HTTP request: a throw here
  // stops the request and reaches the caller (callback, promise or our wrapper).
  const guard = (xml: unknown) => {
    if (typeof xml === "string") checkEnvelope(xml)
  }
  const request: SoapHttpRequest = (url, data, callback, headers, requestOptions) => {
    const plan = new SoapRequest(send, {
      url,
      envelope: typeof data === "string" ? data : String(data),
      headers,
      options: requestOptions,
      parseFault
    })
    lifecycle.run(plan).then(
      (outcome) => plan.settle(outcome, callback),
      (defect: unknown) => callback(defect)
    )
  }
  client.setSecurity(security)
  client.prependListener("request", guard)
  httpClient.request = request
  let installed = true
  return () => {
    if (!installed) return
    installed = false
    client.removeListener("request", guard)
    if (httpClient.request === request) httpClient.request = original
    if ((client as unknown as { security?: ISecurity }).security === security) {
      client.setSecurity(previous as ISecurity)
    }
  }
}
