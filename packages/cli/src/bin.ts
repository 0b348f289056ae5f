#!/usr/bin/env node
// The `netsuite-auth` executable. Inside the monorepo this file runs as TypeScript (Node >= 22.18
// strips types), and the sibling packages must then resolve to their source: the resolve hook
// adds the `@netsuite-auth/source` condition before anything else is loaded. The published build
// (dist/bin.js) resolves the packages' dist files and skips the hook.
import * as nodeModule from "node:module"

if (import.meta.url.endsWith(".ts") && typeof nodeModule.registerHooks === "function") {
  nodeModule.registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(specifier, { ...context, conditions: [...context.conditions, "@netsuite-auth/source"] })
  })
}

const { runCli } = await import("./main.ts")
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr
})
