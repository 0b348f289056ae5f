import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@netsuite-auth/source"] },
  ssr: { resolve: { conditions: ["@netsuite-auth/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    // Load tests share 2 cores with the rest of CI: run files one after another.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
