// `node --import ./resolve-workspace.mjs sample.ts`: a sample lives in a scratch directory, as in a
// user's project, but its imports resolve to this workspace: `@netsuite-auth/*` to each package's
// source (the `@netsuite-auth/source` condition, no build needed), and every other package
// (axios, soap, effect, redis, ...) from the first workspace package that has it installed.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import * as nodeModule from "node:module"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..")
const SOURCE_CONDITION = "@netsuite-auth/source"

const workspaceDirs = ["apps", "packages"]
  .flatMap((parent) =>
    existsSync(join(root, parent)) ? readdirSync(join(root, parent)).map((d) => join(root, parent, d)) : []
  )
  .filter((dir) => existsSync(join(dir, "package.json")))
// apps/demo first: it depends on the adapters and their clients, as a user's app does.
workspaceDirs.sort((a, b) => Number(b.endsWith("/demo")) - Number(a.endsWith("/demo")))

const packageDirs = new Map(
  workspaceDirs.map((dir) => [JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name, dir])
)
const parents = [...workspaceDirs, root].map((dir) => pathToFileURL(join(dir, "package.json")).href)

const isBare = (specifier) => !/^(?:\.{0,2}\/|[a-z]+:)/i.test(specifier)
const packageName = (specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/")

if (typeof nodeModule.registerHooks !== "function") {
  console.error(
    `doc samples need Node >= 22.15 (module.registerHooks); this is ${process.version}: run them through pnpm.`
  )
  process.exit(1)
}
nodeModule.registerHooks({
  resolve(specifier, context, nextResolve) {
    const conditions = [...context.conditions, SOURCE_CONDITION]
    if (!isBare(specifier)) return nextResolve(specifier, { ...context, conditions })
    const own = packageDirs.get(packageName(specifier))
    // A workspace package resolves through its own exports map (a package may import itself).
    const candidates = own === undefined ? parents : [pathToFileURL(join(own, "package.json")).href]
    let lastError
    for (const parentURL of [context.parentURL, ...candidates]) {
      if (parentURL === undefined) continue
      try {
        return nextResolve(specifier, { ...context, conditions, parentURL })
      } catch (error) {
        lastError = error
      }
    }
    throw lastError
  }
})
