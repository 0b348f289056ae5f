import { readFileSync } from "node:fs"
import { fromEnvironment, M2MCredentials, NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
import { generateKeyPair, selfSignedCertificate } from "@netsuite-auth/keys"
import { type MockServer, startMockServer } from "@netsuite-auth/mock-server"

/** Where the demo runs: the account, the credentials it has, and what to call. */
export interface Target {
  readonly label: string
  readonly account: NetSuiteAccount
  readonly m2m: M2MCredentials | undefined
  readonly tba: TbaCredentials | undefined
  /** WSDL for the SOAP flow: the mock's own, or NetSuite's public one for the version. */
  readonly wsdlVersion: string
  readonly wsdl: string | undefined
  /** RESTlet script and deployment, when there is one to call. */
  readonly restlet: { readonly script: string; readonly deploy: string } | undefined
  /** Token requests the server saw so far (the mock counts them; a real account cannot tell). */
  readonly tokensIssued: () => number | undefined
  readonly close: () => Promise<void>
}

const WSDL_VERSION = "2025_2"

/**
 * A mock NetSuite with a fresh EC P-256 key and self-signed certificate registered for M2M,
 * and TBA credentials, as a user would set them up in NetSuite.
 */
export const mockTarget = async (): Promise<Target> => {
  const server: MockServer = await startMockServer({ accounts: [] })
  const accountId = "1234567_SB1"
  const keys = generateKeyPair("ec-p256")
  const certificate = selfSignedCertificate({
    privateKey: keys.privateKey,
    subject: "CN=netsuite-auth demo",
    now: new Date()
  })
  const clientId = "demo-client-id"
  const certificateId = "demo-certificate-id"
  server.registerM2m(accountId, {
    clientId,
    certificateId,
    certificate,
    scopes: ["rest_webservices", "restlets"]
  })
  const tba = {
    consumerKey: "demo-consumer-key",
    consumerSecret: `cs-${crypto.randomUUID()}`,
    tokenId: "demo-token-id",
    tokenSecret: `ts-${crypto.randomUUID()}`
  }
  server.registerTba(accountId, tba)
  const account = NetSuiteAccount.make({ accountId, baseUrl: server.url, concurrency: 5 })
  return {
    label: `mock NetSuite at ${server.url} (account ${account.id.realm})`,
    account,
    m2m: M2MCredentials.make({ accountId: account.id, clientId, certificateId, privateKey: keys.privateKey }),
    tba: TbaCredentials.make({ accountId: account.id, ...tba }),
    wsdlVersion: WSDL_VERSION,
    wsdl: server.endpoints.wsdlUrl(WSDL_VERSION),
    restlet: { script: "123", deploy: "1" },
    tokensIssued: () => server.stats().tokensIssued,
    close: () => server.close()
  }
}

/** A real account from the NETSUITE_* variables; only read-only calls are made. */
export const environmentTarget = (env: NodeJS.ProcessEnv): Target => {
  const config = fromEnvironment(env, { readFile: (path) => readFileSync(path, "utf8") })
  const account = NetSuiteAccount.make({
    accountId: config.accountId,
    baseUrl: config.baseUrl,
    concurrency: env.NETSUITE_CONCURRENCY ? Number(env.NETSUITE_CONCURRENCY) : undefined
  })
  const m2m =
    config.m2m === undefined
      ? undefined
      : M2MCredentials.make({
          accountId: account.id,
          clientId: config.m2m.clientId,
          certificateId: config.m2m.certificateId,
          privateKey: config.m2m.privateKey,
          ...(config.m2m.scopes === undefined ? {} : { scopes: config.m2m.scopes as never })
        })
  const wsdlVersion = env.NETSUITE_WSDL_VERSION ?? WSDL_VERSION
  const script = env.NETSUITE_RESTLET_SCRIPT
  const deploy = env.NETSUITE_RESTLET_DEPLOY ?? "1"
  return {
    label: `NetSuite account ${account.id.realm}`,
    account,
    m2m,
    tba: config.tba,
    wsdlVersion,
    // Behind a base URL (a proxy, the mock) the WSDL comes from there too, never from the internet.
    wsdl:
      env.NETSUITE_WSDL ??
      (account.baseUrl === undefined ? undefined : `${account.baseUrl}/wsdl/v${wsdlVersion}_0/netsuite.wsdl`),
    restlet: script === undefined ? undefined : { script, deploy },
    tokensIssued: () => undefined,
    close: async () => {}
  }
}

/** True when the environment names a real account. */
export const hasEnvironmentAccount = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.NETSUITE_ACCOUNT_ID?.trim())
