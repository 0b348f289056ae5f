/**
 * @netsuite-auth/mock-server: a local NetSuite for tests and demos. It verifies M2M client
 * assertions, OAuth 1.0a TBA headers and SOAP `tokenPassport`s as NetSuite does, enforces the
 * per-account concurrency limit, injects faults and counts what it saw.
 *
 * @example
 * ```ts
 * import { startMockServer } from "@netsuite-auth/mock-server"
 * const server = await startMockServer()
 * console.log(server.url, server.config.generated)
 * await server.close()
 * ```
 *
 * @module
 */
export { type CliIo, runMockServerCli } from "./cli.ts"
export {
  type AccountConfig,
  type GeneratedCredentials,
  loadConfigFile,
  type M2mClientConfig,
  type MockServerConfig,
  parseMockConfig,
  type ResolvedAccount,
  type ResolvedM2mClient,
  type Scope,
  type TbaConfig
} from "./config.ts"
export { MockConfigError } from "./config-error.ts"
export { ROUTES, type Route, type RouteFaults } from "./faults.ts"
export { GOVERNANCE_LIMITS_PATH, type GovernanceState, type GovernanceUpdate } from "./governance.ts"
export { type SelfSignedCertificateOptions, selfSignedCertificate } from "./self-signed-certificate.ts"
export {
  type MockEndpoints,
  type MockServer,
  type MockServerOptions,
  type ResolvedMockConfig,
  startMockServer
} from "./server.ts"
export { mockWsdl, soapNamespaces } from "./soap-wsdl.ts"
export type { Stats, Surface, SurfaceStats } from "./stats.ts"
