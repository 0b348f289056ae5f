/**
 * @netsuite-auth/soap: NetSuite Token-Based Authentication for node-soap.
 *
 * A security plugin that puts a `tokenPassport` signed after admission in every SOAP request,
 * a client factory for one NetSuite account (endpoint, the account's pool, clock skew, retries
 * that re-sign), guards against "ambiguous authentication", and coded errors for SOAP faults.
 *
 * @module
 */
import type { NetSuiteAuthEvent, NetSuiteAuthEventListener } from "@netsuite-auth/core"

export { NetSuiteError } from "@netsuite-auth/core"
export { checkEnvelope, checkUserSoapHeaders } from "./ambiguous-authentication.ts"
export {
  type InstallTokenPassportOptions,
  installTokenPassport,
  type UninstallTokenPassport
} from "./install-token-passport.ts"
export {
  createNetSuiteSoapClient,
  type NetSuiteSoapCallOptions,
  type NetSuiteSoapClient,
  type NetSuiteSoapClientOptions
} from "./netsuite-soap-client.ts"
export { soapFaultToError } from "./soap-fault.ts"
export {
  NetSuiteTokenPassportSecurity,
  type TokenPassportSecurityOptions,
  tokenPassportSecurity
} from "./token-passport-security.ts"
export { detectWsdlVersion, netSuiteWsdlUrl } from "./wsdl-version.ts"

/** What the SOAP adapter reports: the events every adapter reports. */
export type NetSuiteSoapEvent = NetSuiteAuthEvent
/** Receives {@link NetSuiteSoapEvent}s. */
export type NetSuiteSoapEventListener = NetSuiteAuthEventListener
