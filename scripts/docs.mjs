#!/usr/bin/env node
// `pnpm docs`: the API reference from the JSDoc, with TypeDoc, into docs/api (gitignored).
// TypeDoc needs the classic TypeScript JS API (a peer range up to 6.0.x), while the workspace
// compiles with the native TypeScript 7 (whose package has no JS API). So TypeScript 6.0.3 is
// installed beside it as the alias `typescript-classic`, and a module resolve hook hands it to
// TypeDoc wherever TypeDoc asks for "typescript".
// The entry points are the publishable packages (packages/*, not private), found at run time.
// Extra arguments go to TypeDoc (e.g. `pnpm docs --treatWarningsAsErrors`).
import { createRequire, registerHooks } from "node:module"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { publishablePackages, repoRoot } from "./lib/workspace.mjs"

if (typeof registerHooks !== "function") {
  console.error(
    `pnpm docs needs Node >= 22.15 (module.registerHooks); this is ${process.version}. Run it through pnpm.`
  )
  process.exit(1)
}
const requireFromRoot = createRequire(join(repoRoot, "package.json"))
const classicTypeScript = pathToFileURL(requireFromRoot.resolve("typescript-classic")).href
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "typescript") return { url: classicTypeScript, format: "commonjs", shortCircuit: true }
    return nextResolve(specifier, context)
  }
})

const packages = publishablePackages()
process.chdir(repoRoot)
process.argv = [
  process.argv[0],
  "typedoc",
  "--options",
  join(repoRoot, "typedoc.json"),
  ...packages.flatMap((pkg) => ["--entryPoints", pkg.dir]),
  ...process.argv.slice(2)
]
console.log(
  `typedoc on ${packages.map((p) => p.name).join(", ")} with TypeScript ${requireFromRoot("typescript-classic").version}`
)
await import(pathToFileURL(join(repoRoot, "node_modules/typedoc/dist/cli.js")).href)
