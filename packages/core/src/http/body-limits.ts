/**
 * The most any adapter reads of a token endpoint's answer: a token response is a few hundred
 * bytes, so anything past this is a proxy, a login page or an attack, never a token.
 */
export const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024

/**
 * The most any adapter reads of an error body to classify it (NetSuite's REST, RESTlet and SOAP
 * error bodies are a few KB): past this the answer is classified by its status alone.
 */
export const MAX_CLASSIFIED_BODY_BYTES = 64 * 1024
