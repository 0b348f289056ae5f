/**
 * @netsuite-auth/rest-suite (private, never published): the one behavioural suite of the REST
 * adapters, and the loopback servers and verifiers it is built on.
 *
 * @module
 */
export { describeRestAdapter } from "./describe-rest-adapter.ts"
export {
  type FakeM2MNetSuite,
  type ResourceMode,
  startFakeM2MNetSuite,
  TOKEN_PATH,
  type TokenMode
} from "./fake-m2m-netsuite.ts"
export { type FakeTbaNetSuite, type Seen, startFakeTbaNetSuite } from "./fake-tba-netsuite.ts"
export {
  type Handler,
  json,
  type LoopbackServer,
  parseOAuthHeader,
  sleep,
  startServer,
  verifyAssertion,
  verifyOAuth1
} from "./loopback.ts"
export { rejection } from "./rejection.ts"
export {
  type RestAdapter,
  type RestAnswer,
  type RestCall,
  type RestClient,
  type RestClientOptions,
  type SuiteClient,
  verbs
} from "./rest-adapter.ts"
