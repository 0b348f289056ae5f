/**
 * @netsuite-auth/soap: NetSuite Token-Based Authentication for node-soap.
 *
 * A security plugin that puts a freshly signed `tokenPassport` in every SOAP request, a client
 * factory for one NetSuite account (endpoint, account-wide limiter, clock skew, retries that
 * re-sign), guards against "ambiguous authentication", and coded errors for SOAP faults.
 *
 * @module
 */
export { checkEnvelope, checkUserSoapHeaders } from "./ambiguous-authentication.ts"
export { installTokenPassport, type UninstallTokenPassport } from "./install-token-passport.ts"
export {
  createNetSuiteSoapClient,
  type NetSuiteSoapCallOptions,
  type NetSuiteSoapClient,
  type NetSuiteSoapClientOptions
} from "./netsuite-soap-client.ts"
export type { NetSuiteSoapEvent, NetSuiteSoapEventListener } from "./soap-events.ts"
export { soapFaultToError } from "./soap-fault.ts"
export {
  NetSuiteTokenPassportSecurity,
  type TokenPassportSecurityOptions,
  tokenPassportSecurity
} from "./token-passport-security.ts"
export { detectWsdlVersion, netSuiteWsdlUrl } from "./wsdl-version.ts"
