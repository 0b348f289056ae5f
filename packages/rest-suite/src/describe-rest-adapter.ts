import { describeDeadlineAndCancel } from "./deadline-and-cancel-suite.ts"
import { describeM2M } from "./m2m-suite.ts"
import { describeAgainstMockServer } from "./mock-server-suite.ts"
import type { RestAdapter } from "./rest-adapter.ts"
import { describeTba } from "./tba-suite.ts"

/**
 * The behaviour every REST adapter owes its users, as one vitest suite: M2M bearer tokens, TBA
 * OAuth 1.0a verified by an independent RFC 5849 verifier, retries, the account's pool, clock
 * skew, deadlines, cancellation, coded errors without secrets, and the mock server end to end.
 * An adapter's test file calls it once; what only that adapter has stays in its own tests.
 *
 * @example
 * ```ts
 * import { describeRestAdapter, type RestAdapter } from "@netsuite-auth/rest-suite"
 * declare const fetchAdapter: RestAdapter // makeClient, tokenEndpoint, isCancel (see packages/fetch/test)
 * describeRestAdapter("createNetSuiteFetch", fetchAdapter)
 * ```
 */
export const describeRestAdapter = (name: string, adapter: RestAdapter): void => {
  describeM2M(name, adapter)
  describeTba(name, adapter)
  describeDeadlineAndCancel(name, adapter)
  describeAgainstMockServer(name, adapter)
}
