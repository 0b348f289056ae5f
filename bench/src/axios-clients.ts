/**
 * axios instances for the bench: bare, and with @netsuite-auth/axios (M2M or TBA), all with
 * the same keep-alive agent settings and the same base URL.
 */
import { generateKeyPairSync } from "node:crypto"
import { Agent } from "node:http"
import { installNetSuiteAuth } from "@netsuite-auth/axios"
import { NetSuiteAccount } from "@netsuite-auth/core"
import type { TbaConfig } from "@netsuite-auth/mock-server"
import axios, { type AxiosInstance } from "axios"
import { T1 } from "./signing.ts"

export const REST_PATH = "/services/rest/record/v1/customer/1"

/** A bare axios instance with a keep-alive agent. */
export const bareAxios = (baseURL: string, maxSockets = 16): AxiosInstance =>
  axios.create({ baseURL, httpAgent: new Agent({ keepAlive: true, maxSockets }) })

let m2mKey: string | undefined
/** A P-256 key for M2M benchmarks (made once per run). */
export const benchM2MKey = (): string => {
  m2mKey ??= generateKeyPairSync("ec", { namedCurve: "P-256" })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString()
  return m2mKey
}

/** axios + M2M bearer auth against `baseUrl` (the loopback token endpoint answers any assertion). */
export const m2mAxios = (
  baseUrl: string,
  options: { readonly concurrency?: number; readonly maxSockets?: number } = {}
): AxiosInstance => {
  const account = NetSuiteAccount.make({
    accountId: "1234567",
    baseUrl,
    concurrency: options.concurrency ?? 5
  })
  const instance = bareAxios(baseUrl, options.maxSockets)
  installNetSuiteAuth(instance, {
    scheme: "m2m",
    account,
    credentials: {
      accountId: "1234567",
      clientId: T1.consumerKey,
      certificateId: "bench-cert",
      privateKey: benchM2MKey()
    }
  })
  return instance
}

/** axios + TBA OAuth 1.0a against `baseUrl`. */
export const tbaAxios = (
  baseUrl: string,
  credentials: TbaConfig & { readonly accountId: string } = { ...T1 },
  options: { readonly concurrency?: number; readonly maxSockets?: number } = {}
): AxiosInstance => {
  const account = NetSuiteAccount.make({
    accountId: credentials.accountId,
    baseUrl,
    concurrency: options.concurrency ?? 5
  })
  const instance = bareAxios(baseUrl, options.maxSockets)
  installNetSuiteAuth(instance, { scheme: "tba", account, credentials })
  return instance
}
