// ESM consumer: `import` every installed @netsuite-auth package, then run the shared checks.
import { readFileSync } from "node:fs"
import * as core from "@netsuite-auth/core"
import checks from "./checks.cjs"

const installed = JSON.parse(readFileSync(new URL("./smoke-packages.json", import.meta.url), "utf8"))
const modules = { "@netsuite-auth/core": core }
for (const name of installed) {
  if (!(name in modules)) modules[name] = await import(name)
}
await checks.runChecks({ style: "ESM import", modules })
