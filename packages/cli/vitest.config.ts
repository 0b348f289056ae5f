import { packageVitestConfig } from "../../vitest.shared.ts"

export default packageVitestConfig({
  // Every test starts the command as a child process (~0.5 s of Node startup each) on a
  // shared 2-core machine: run files one at a time, a few children at once, with room to spare.
  fileParallelism: false,
  maxConcurrency: 3,
  testTimeout: 30_000
})
