import { defineConfig, type ViteUserConfig } from "vitest/config"

/** The export condition under which workspace packages resolve to their TypeScript source. */
const SOURCE = "@netsuite-auth/source"

/**
 * Every package's vitest config: sibling packages resolve to source (no build needed), tests are
 * `test/**\/*.test.ts`, type tests `test/**\/*.test-d.ts`. A package passes only what differs.
 */
export const packageVitestConfig = (test: NonNullable<ViteUserConfig["test"]> = {}) =>
  defineConfig({
    resolve: { conditions: [SOURCE] },
    ssr: { resolve: { conditions: [SOURCE] } },
    test: {
      include: ["test/**/*.test.ts"],
      typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
      ...test
    }
  })
