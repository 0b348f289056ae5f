// CommonJS consumer: `require()` every installed @netsuite-auth package (Node >= 20.19 loads ESM
// through require), then run the shared checks.
"use strict"
const core = require("@netsuite-auth/core")
const { runChecks } = require("./checks.cjs")
const installed = require("./smoke-packages.json")

const modules = { "@netsuite-auth/core": core }
for (const name of installed) {
  if (!(name in modules)) modules[name] = require(name)
}
runChecks({ style: "CommonJS require", modules }).catch((error) => {
  console.error(error)
  process.exit(1)
})
