import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@netsuite-auth/source"] },
  ssr: { resolve: { conditions: ["@netsuite-auth/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
    // Every test starts the command as a child process (~0.5 s of Node startup each) on a
    // shared 2-core machine: run files one at a time, a few children at once, with room to spare.
    fileParallelism: false,
    maxConcurrency: 3,
    testTimeout: 30_000
  }
})
