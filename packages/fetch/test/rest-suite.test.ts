// The fetch adapter runs the one REST adapter suite: the same tests, the same assertions as axios.
import { NetSuiteError } from "@netsuite-auth/core"
import { describeRestAdapter, type RestCall, type RestClientOptions } from "@netsuite-auth/rest-suite"
import { createNetSuiteFetch, fetchTokenEndpoint, type NetSuiteRequestInit } from "../src/index.ts"

// fetch has no `params`: they join the URL's own query string, as a caller would write them.
const withParams = (url: string, params: RestCall["params"]): string => {
  if (params === undefined) return url
  const query = new URLSearchParams(
    params instanceof URLSearchParams
      ? params
      : Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])
  ).toString()
  return query === "" ? url : `${url}${url.includes("?") ? "&" : "?"}${query}`
}

const makeClient = (options: RestClientOptions) => {
  const netsuite = createNetSuiteFetch(options)
  return {
    request: async ({ method, url, headers, params, body, signal, idempotent }: RestCall) => {
      const json = body !== undefined && typeof body !== "string" && !(body instanceof URLSearchParams)
      const init: NetSuiteRequestInit = {
        method,
        headers: { ...(json ? { "content-type": "application/json" } : {}), ...headers },
        ...(body === undefined
          ? {}
          : { body: json ? JSON.stringify(body) : (body as string | URLSearchParams) }),
        ...(signal === undefined ? {} : { signal }),
        ...(idempotent === true ? { netsuiteAuth: { idempotent: true } } : {})
      }
      const response = await netsuite(withParams(url, params), init)
      const text = await response.text()
      const isJson = /json/.test(response.headers.get("content-type") ?? "") && text !== ""
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        data: isJson ? (JSON.parse(text) as unknown) : text
      }
    }
  }
}

describeRestAdapter("createNetSuiteFetch", {
  makeClient,
  tokenEndpoint: () => fetchTokenEndpoint(),
  isCancel: (error) => NetSuiteError.is(error) && error.code === "NETSUITE_AUTH_CANCELED"
})
