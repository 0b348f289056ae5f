import type { Client, ISecurity } from "soap"
import { checkEnvelope, checkUserSoapHeaders } from "./ambiguous-authentication.ts"
import { emitTo } from "./soap-events.ts"
import {
  NetSuiteTokenPassportSecurity,
  type TokenPassportSecurityOptions
} from "./token-passport-security.ts"

/** Undoes {@link installTokenPassport}: the previous security comes back and the listeners go. */
export type UninstallTokenPassport = () => void

/**
 * Puts the NetSuite token passport on a node-soap client you created yourself:
 * - a {@link NetSuiteTokenPassportSecurity} (a new passport per request, no `JSESSIONID`);
 * - a guard that refuses, before anything is sent, an envelope with an `applicationInfo`,
 *   `passport` or second `tokenPassport` header (`NETSUITE_AUTH_AMBIGUOUS_AUTHENTICATION`);
 * - clock-skew learning from NetSuite's `Date` header into `account.clockSkew`.
 *
 * Headers already on the client are checked now; the ones added later are checked per request.
 * Set the endpoint yourself (`client.setEndpoint(account.endpoints.soapUrl(version))`).
 *
 * @example
 * ```ts
 * import { createClientAsync } from "soap"
 * import { NetSuiteAccount, type TbaCredentials } from "@netsuite-auth/core"
 * import { installTokenPassport } from "@netsuite-auth/soap"
 * declare const credentials: TbaCredentials // TbaCredentials.make({ accountId, consumerKey, ... })
 * const account = NetSuiteAccount.make({ accountId: "1234567_SB1" })
 * const client = await createClientAsync("./netsuite.wsdl")
 * client.setEndpoint(account.endpoints.soapUrl("2025_2"))
 * const uninstall = installTokenPassport(client, { credentials, wsdlVersion: "2025_2", account })
 * const [result] = await client.getServerTimeAsync({})
 * uninstall()
 * ```
 * @category security
 */
export const installTokenPassport = (
  client: Client,
  options: TokenPassportSecurityOptions
): UninstallTokenPassport => {
  checkUserSoapHeaders(client.getSoapHeaders() as unknown[] | null | undefined)
  const security = new NetSuiteTokenPassportSecurity(options)
  const emit = emitTo(options.onEvent)
  const skew = options.account?.clockSkew
  // node-soap keeps the security object in a private field; read it to restore it on uninstall.
  const previous = (client as unknown as { security?: ISecurity }).security
  // Runs inside node-soap's synchronous send path, before the HTTP request: a throw here
  // stops the request and reaches the caller (callback, promise or our wrapper).
  const guard = (xml: unknown) => {
    if (typeof xml === "string") checkEnvelope(xml)
  }
  const learnSkew = (_body: unknown, response: unknown) => {
    if (skew === undefined) return
    const headers = (
      response as { headers?: Record<string, unknown> & { get?: (n: string) => unknown } } | null
    )?.headers
    if (headers === undefined || headers === null) return
    const date = typeof headers.get === "function" ? headers.get("date") : headers.date
    if (typeof date !== "string") return
    const before = skew.offsetMillis()
    const after = skew.observe(date, Date.now())
    if (after !== before) emit({ type: "clock-skew", offsetMillis: after })
  }
  client.setSecurity(security)
  client.prependListener("request", guard)
  client.on("response", learnSkew)
  let installed = true
  return () => {
    if (!installed) return
    installed = false
    client.removeListener("request", guard)
    client.removeListener("response", learnSkew)
    if ((client as unknown as { security?: ISecurity }).security === security) {
      client.setSecurity(previous as ISecurity)
    }
  }
}
