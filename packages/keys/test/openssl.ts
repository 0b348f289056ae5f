import { execFileSync } from "node:child_process"

/** Whether the `openssl` CLI runs here: tests that need it skip, and say why, when it does not. */
export const opensslAvailable = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "pipe" })
    return true
  } catch {
    return false
  }
})()
