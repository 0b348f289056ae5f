/**
 * A configuration the mock cannot use; `path` names the bad field (`accounts[0].m2m[1].certificate`).
 *
 * @example
 * ```ts
 * import { MockConfigError, parseMockConfig } from "@netsuite-auth/mock-server"
 * try { parseMockConfig({ accounts: [{}] }) } catch (e) { if (e instanceof MockConfigError) e.path } // "accounts[0].accountId"
 * ```
 */
export class MockConfigError extends Error {
  override readonly name = "MockConfigError"
  readonly path: string
  constructor(path: string, problem: string) {
    super(`Invalid mock server configuration at ${path}: ${problem}`)
    this.path = path
  }
}
