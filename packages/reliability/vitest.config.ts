import { packageVitestConfig } from "../../vitest.shared.ts"

export default packageVitestConfig({
  typecheck: { enabled: false },
  // Load tests share 2 cores with the rest of CI: run files one after another.
  fileParallelism: false,
  testTimeout: 30_000,
  hookTimeout: 30_000
})
