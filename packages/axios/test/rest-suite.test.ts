// The axios adapter runs the one REST adapter suite (shared with @netsuite-auth/fetch); what only
// axios has (interceptors, validateStatus, config reuse, CancelToken, opt-out) is in the other files.
import { describeRestAdapter, type RestCall, type RestClientOptions } from "@netsuite-auth/rest-suite"
import axios from "axios"
import { axiosTokenEndpoint, installNetSuiteAuth } from "../src/index.ts"

const makeClient = (options: RestClientOptions) => {
  const { baseUrl, timeoutMillis, ...auth } = options
  const instance = axios.create({
    baseURL: baseUrl ?? auth.account?.endpoints.restBaseUrl,
    ...(timeoutMillis === undefined ? {} : { timeout: timeoutMillis })
  })
  installNetSuiteAuth(instance, auth)
  return {
    request: async ({ method, url, headers, params, body, signal, idempotent }: RestCall) => {
      const response = await instance.request({
        method,
        url,
        data: body,
        ...(headers === undefined ? {} : { headers: { ...headers } }),
        ...(params === undefined ? {} : { params }),
        ...(signal === undefined ? {} : { signal }),
        ...(idempotent === true ? { netsuiteAuth: { idempotent: true } } : {})
      })
      return {
        status: response.status,
        headers: Object.fromEntries(
          Object.entries(response.headers as Record<string, unknown>).map(([k, v]) => [
            k.toLowerCase(),
            String(v)
          ])
        ),
        data: response.data as unknown
      }
    }
  }
}

// Reported to the lead (core's lifecycle): after the deadline settles an attempt, the aborted send
// still rejects and request/lifecycle.ts #attempt runs #noAnswer on it, emitting attempt-failed twice.
describeRestAdapter("installNetSuiteAuth", {
  makeClient,
  tokenEndpoint: () => axiosTokenEndpoint(),
  isCancel: (error) => axios.isCancel(error)
})
