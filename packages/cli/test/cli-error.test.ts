import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { describeFailure, tidy, userStack } from "../src/cli-error.ts"

// An error thrown inside an Effect program carries the runtime's frames (about fifteen).
const thrownInEffect = (): Error => {
  try {
    Effect.runSync(
      Effect.sync(() => {
        throw new RangeError("boom")
      })
    )
  } catch (e) {
    return e as Error
  }
  throw new Error("unreachable")
}

describe("describeFailure", () => {
  it("an unexpected error is one line without a stack, and says where to report it", () => {
    const { text, exitCode } = describeFailure(thrownInEffect(), false)
    expect(exitCode).toBe(1)
    expect(text).toBe(
      "error [NETSUITE_AUTH_UNEXPECTED]: boom (a bug in netsuite-auth: please report it at https://github.com/netsuite-auth/netsuite-auth/issues; NETSUITE_AUTH_DEBUG=1 shows where)"
    )
  })

  it("with NETSUITE_AUTH_DEBUG the stack keeps the user's frames and drops the Effect runtime's", () => {
    const error = thrownInEffect()
    expect(error.stack).toMatch(/effect[\\/]dist[\\/]/)
    const { text } = describeFailure(error, true)
    expect(text).toContain("RangeError: boom")
    expect(text).toMatch(/cli-error\.test\.ts/)
    expect(text).not.toMatch(/effect[\\/]dist[\\/]|~effect\/|node:internal/)
    expect(userStack(error).split("\n").length).toBeLessThan(error.stack!.split("\n").length)
  })

  it("one period where a quoted sentence meets ours; an ellipsis stays", () => {
    expect(tidy("see the Login Audit Trail.. Check the realm")).toBe(
      "see the Login Audit Trail. Check the realm"
    )
    expect(tidy("wait... then")).toBe("wait... then")
    expect(tidy("end..")).toBe("end.")
  })
})
