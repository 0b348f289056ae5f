#!/usr/bin/env node
// The `netsuite-auth-mock-server` executable. Run from the monorepo (`pnpm start`) this file is
// TypeScript, and @netsuite-auth/core must then resolve to its source: the resolve hook adds the
// `@netsuite-auth/source` condition before anything else is loaded (a `--conditions` flag in the
// start script would end up in the published package.json). The published dist/bin.js skips it.
import * as nodeModule from "node:module"

if (import.meta.url.endsWith(".ts") && typeof nodeModule.registerHooks === "function") {
  nodeModule.registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(specifier, { ...context, conditions: [...context.conditions, "@netsuite-auth/source"] })
  })
}

const { runMockServerCli } = await import("./cli.ts")

// `pnpm start -- --port 0` passes the `--` through (npm drops it): drop it here too.
const args = process.argv.slice(2)
runMockServerCli(args[0] === "--" ? args.slice(1) : args).then(
  (server) => {
    if (server === undefined) return
    const stop = () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1)
      )
    }
    process.once("SIGINT", stop)
    process.once("SIGTERM", stop)
  },
  (error: unknown) => {
    process.stderr.write(`netsuite-auth-mock-server: ${(error as Error).message}\n`)
    process.exit(1)
  }
)
