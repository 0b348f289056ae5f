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

const { describeFailure } = await import("./cli-error.ts")
// Whatever escapes runCli (a late rejection, a throw in a callback) is still one line, not Node's
// dump of the stack; NETSUITE_AUTH_DEBUG=1 adds the frames that are not the Effect runtime's.
const crash = (error: unknown) => {
  const { text } = describeFailure(error, Boolean(process.env.NETSUITE_AUTH_DEBUG))
  process.stderr.write(`${text}\n`)
  process.exit(1)
}
process.on("uncaughtException", crash)
process.on("unhandledRejection", crash)

const { runCli } = await import("./main.ts")
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr
})
