// A CommonJS TypeScript consumer (`.cts` under `module: nodenext`) that passes ITS OWN axios
// instance, from axios's CommonJS build, to installNetSuiteAuth. The smoke test type-checks it
// with TypeScript 5.9, 6.0 and 7.0 (`skipLibCheck: false`), compiles it to own-axios.cjs and runs
// that on the system Node 20 and on Node 24 against the packed mock server.
import { installNetSuiteAuth, isNetSuiteAxiosError } from "@netsuite-auth/axios"
import { NetSuiteAccount } from "@netsuite-auth/core"
import { startMockServer } from "@netsuite-auth/mock-server"
import axios from "axios"

const check = (what: string, ok: boolean): void => {
  if (!ok) throw new Error(`own-axios.cts: ${what}`)
  console.log(`  ok ${what}`)
}

const main = async (): Promise<void> => {
  const mock = await startMockServer()
  try {
    const generated = mock.config.generated
    if (generated === undefined) throw new Error("startMockServer() made no credentials")
    const account = NetSuiteAccount.make({ accountId: generated.accountId, baseUrl: mock.url })
    // The app's own instance, with its own defaults: they must survive the adapter.
    const api = axios.create({
      baseURL: account.endpoints.restBaseUrl,
      timeout: 10_000,
      headers: { "x-app": "own-axios" }
    })
    const uninstall = installNetSuiteAuth(api, {
      scheme: "m2m",
      account,
      credentials: {
        accountId: generated.accountId,
        clientId: generated.clientId,
        certificateId: generated.certificateId,
        privateKey: generated.privateKey
      },
      retry: false
    })
    const response = await api.get<{ id: string | number }>("/record/v1/customer/1")
    check("M2M GET /record/v1/customer/1 through the app's CommonJS axios is 200", response.status === 200)
    check("the record came back", String(response.data.id) === "1")

    const tba = axios.create({ baseURL: account.endpoints.restBaseUrl })
    installNetSuiteAuth(tba, {
      scheme: "tba",
      account,
      credentials: {
        accountId: generated.accountId,
        consumerKey: generated.consumerKey,
        consumerSecret: generated.consumerSecret,
        tokenId: generated.tokenId,
        tokenSecret: "0".repeat(64)
      },
      retry: false
    })
    try {
      await tba.get("/record/v1/customer/1")
      check("a wrong token secret is refused", false)
    } catch (error) {
      check("a wrong token secret rejects with a NetSuiteAxiosError", isNetSuiteAxiosError(error))
      check(
        "its code is NETSUITE_AUTH_INVALID_LOGIN",
        isNetSuiteAxiosError(error) && error.code === "NETSUITE_AUTH_INVALID_LOGIN"
      )
    }
    uninstall()
  } finally {
    await mock.close()
  }
}

main().then(
  () => console.log(`own-axios.cts on Node ${process.version}: passed`),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  }
)
