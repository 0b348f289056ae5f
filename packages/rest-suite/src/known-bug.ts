import { it } from "vitest"
import type { RestAdapter } from "./rest-adapter.ts"

/**
 * `it`, or `it.fails` for a test the adapter lists in `knownBugs`: a known bug stays visible in
 * the test names and fails the suite the moment it is fixed, so the entry cannot outlive it.
 */
export const testOrKnownBug =
  (adapter: RestAdapter) =>
  (title: string, body: () => Promise<void>): void => {
    const bug = adapter.knownBugs?.[title]
    if (bug === undefined) it(title, body)
    else it.fails(`${title} [known bug: ${bug}]`, body)
  }
