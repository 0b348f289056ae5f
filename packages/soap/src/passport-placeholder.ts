/**
 * Where the passport goes in an envelope node-soap built, until the request lifecycle admitted
 * the request and signed its attempt (an XML comment: it never reaches NetSuite).
 */
export const PASSPORT_PLACEHOLDER = "<!--netsuite-auth:tokenPassport-->"
