import type { M2MCredentials, NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
import type { AxiosInstance, AxiosRequestConfig } from "axios"
import { describe, expectTypeOf, it } from "vitest"
import { installNetSuiteAuth, type NetSuiteAuthRequestOption, type NetSuiteAxiosError } from "../src/index.ts"

declare const api: AxiosInstance
declare const account: NetSuiteAccount
declare const m2m: M2MCredentials
declare const tba: TbaCredentials

describe("@netsuite-auth/axios public types", () => {
  it("installNetSuiteAuth returns the function that removes it", () => {
    expectTypeOf(installNetSuiteAuth(api, { scheme: "m2m", account, credentials: m2m })).toEqualTypeOf<
      () => void
    >()
    expectTypeOf(installNetSuiteAuth(api, { scheme: "tba", account, credentials: tba })).toEqualTypeOf<
      () => void
    >()
  })

  it("takes any instance shaped like axios' (another copy of its types, the CommonJS build's)", () => {
    const like = {
      defaults: { adapter: undefined as unknown },
      interceptors: {
        request: {
          use: (
            _onFulfilled: (config: { url?: string }) => unknown,
            _onRejected: undefined,
            _o: { synchronous: boolean }
          ) => 0,
          eject: (_id: number) => {}
        }
      }
    }
    expectTypeOf(installNetSuiteAuth(like, { scheme: "tba", account, credentials: tba })).toEqualTypeOf<
      () => void
    >()
    // @ts-expect-error an object without interceptors is not an axios instance
    installNetSuiteAuth({ defaults: {} }, { scheme: "tba", account, credentials: tba })
  })

  it("the scheme decides which credentials fit", () => {
    // @ts-expect-error TBA credentials are not M2M credentials
    installNetSuiteAuth(api, { scheme: "m2m", account, credentials: tba })
    // @ts-expect-error a scheme is required
    installNetSuiteAuth(api, { account, credentials: tba })
    // @ts-expect-error the account object is required (it holds the limiter and the clock skew)
    installNetSuiteAuth(api, { scheme: "tba", credentials: tba })
  })

  it("the per-request opt-out is typed on axios' own config", () => {
    expectTypeOf<AxiosRequestConfig["netsuiteAuth"]>().toEqualTypeOf<NetSuiteAuthRequestOption | undefined>()
    const skip: AxiosRequestConfig = { netsuiteAuth: false }
    const idempotent: AxiosRequestConfig = { netsuiteAuth: { idempotent: true } }
    expectTypeOf(skip).toMatchTypeOf<AxiosRequestConfig>()
    expectTypeOf(idempotent).toMatchTypeOf<AxiosRequestConfig>()
    // @ts-expect-error only false or an options object
    const wrong: AxiosRequestConfig = { netsuiteAuth: "no" }
    void wrong
  })

  it("errors carry a stable code and a retryable flag", () => {
    expectTypeOf<NetSuiteAxiosError["code"]>().toBeString()
    expectTypeOf<NetSuiteAxiosError["retryable"]>().toEqualTypeOf<boolean>()
    expectTypeOf<NetSuiteAxiosError["status"]>().toEqualTypeOf<number | undefined>()
  })
})
