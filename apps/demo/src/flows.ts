import { installNetSuiteAuth } from "@netsuite-auth/axios"
import type { NetSuiteAuthEvent } from "@netsuite-auth/core"
import { createNetSuiteSoapClient, type NetSuiteSoapClient } from "@netsuite-auth/soap"
import axios from "axios"
import type { Report } from "./report.ts"
import type { Target } from "./target.ts"

const PARALLEL = 20

/** M2M: a bearer token from the client assertion, used for REST and a RESTlet; one token for 20 calls. */
export const m2mFlow = async (target: Target, report: Report): Promise<void> => {
  const { account, m2m } = target
  if (m2m === undefined) return
  const events: Array<NetSuiteAuthEvent> = []
  const api = axios.create({ baseURL: account.endpoints.restBaseUrl })
  const uninstall = installNetSuiteAuth(api, {
    scheme: "m2m",
    account,
    credentials: m2m,
    onEvent: (e) => events.push(e)
  })
  const tokensBefore = target.tokensIssued()
  await report.step("M2M  REST GET customer (first call fetches a token)", async () => {
    const { data } = await api.get("/record/v1/customer", { params: { limit: 1 } })
    const fetched = events.filter((e) => e.type === "token-fetched").length
    return `HTTP 200, ${Array.isArray(data?.items) ? `${data.items.length} item(s)` : "record"}; tokens fetched: ${fetched}`
  })
  if (target.restlet !== undefined) {
    const restlet = target.restlet
    await report.step("M2M  RESTlet GET (cached token)", async () => {
      const { status } = await api.get(account.endpoints.restletUrl, { params: restlet })
      return `HTTP ${status}`
    })
  }
  await report.step(`M2M  ${PARALLEL} parallel REST calls`, async () => {
    const before = events.filter((e) => e.type === "token-fetched").length
    await Promise.all(
      Array.from({ length: PARALLEL }, () => api.get("/record/v1/customer", { params: { limit: 1 } }))
    )
    const fetched = events.filter((e) => e.type === "token-fetched").length - before
    if (fetched !== 0)
      throw new Error(
        `expected the cached token to serve all ${PARALLEL} calls, ${fetched} new tokens were fetched`
      )
    const after = target.tokensIssued()
    const server =
      tokensBefore === undefined || after === undefined
        ? ""
        : `; token requests seen by the server in all: ${after - tokensBefore}`
    return `all ${PARALLEL} succeeded with the cached token${server}`
  })
  uninstall()
}

/** TBA on SOAP: node-soap with the tokenPassport plugin calls getServerTime and get. */
export const soapFlow = async (target: Target, report: Report): Promise<void> => {
  const { account, tba } = target
  if (tba === undefined) return
  let client: NetSuiteSoapClient | undefined
  await report.step("TBA  SOAP client from the WSDL", async () => {
    client = await createNetSuiteSoapClient({
      account,
      credentials: tba,
      wsdlVersion: target.wsdlVersion,
      ...(target.wsdl === undefined ? {} : { wsdl: target.wsdl })
    })
    return `endpoint ${client.endpoint}`
  })
  if (client === undefined) return
  const soap = client
  try {
    await report.step("TBA  SOAP getServerTime", async () => {
      const result = await soap.call<{ getServerTimeResult?: { serverTime?: unknown } }>("getServerTime", {})
      return `server time ${String(result?.getServerTimeResult?.serverTime ?? "(no time in answer)")}`
    })
    await report.step("TBA  SOAP get customer 1", async () => {
      const result = await soap.call<{
        readResponse?: { status?: { attributes?: { isSuccess?: unknown } } }
      }>("get", {
        baseRef: { attributes: { internalId: "1", type: "customer", "xsi:type": "platformCore:RecordRef" } }
      })
      return `isSuccess=${String(result?.readResponse?.status?.attributes?.isSuccess ?? "?")}`
    })
  } finally {
    soap.dispose()
  }
}

/** TBA on REST: the OAuth 1.0a header, signed at send time, on a RESTlet call. */
export const tbaRestFlow = async (target: Target, report: Report): Promise<void> => {
  const { account, tba } = target
  if (tba === undefined) return
  const api = axios.create()
  const uninstall = installNetSuiteAuth(api, { scheme: "tba", account, credentials: tba })
  if (target.restlet !== undefined) {
    const restlet = target.restlet
    await report.step("TBA  RESTlet POST (OAuth 1.0a)", async () => {
      const { status, data } = await api.post(
        account.endpoints.restletUrl,
        { hello: "netsuite-auth" },
        { params: restlet }
      )
      return `HTTP ${status}, answer ${JSON.stringify(data).slice(0, 60)}`
    })
  } else {
    await report.step("TBA  REST GET customer (OAuth 1.0a)", async () => {
      const { status } = await api.get(`${account.endpoints.restBaseUrl}/record/v1/customer`, {
        params: { limit: 1 }
      })
      return `HTTP ${status}`
    })
  }
  uninstall()
}
