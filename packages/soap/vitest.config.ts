import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@netsuite-auth/source"] },
  ssr: { resolve: { conditions: ["@netsuite-auth/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] }
  }
})
