import { packageVitestConfig } from "../../vitest.shared.ts"

export default packageVitestConfig({
  // Each test runs the whole demo as a child process (Node start-up, a mock server, every flow):
  // seconds on a busy 2-core machine, far past vitest's 5 s default. The child has its own 60 s cap.
  testTimeout: 60_000
})
