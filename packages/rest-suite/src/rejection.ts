import { NetSuiteError } from "@netsuite-auth/core"
import { expect } from "vitest"

/** Awaits a promise that must reject with core's `NetSuiteError` (from any copy of core), and returns it. */
export const rejection = async (promise: Promise<unknown>): Promise<NetSuiteError> => {
  try {
    await promise
  } catch (e) {
    expect(NetSuiteError.is(e)).toBe(true)
    return e as NetSuiteError
  }
  throw new Error("expected a rejection")
}
