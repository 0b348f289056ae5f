/**
 * The netsuite-auth demo: every flow end to end. With no configuration it starts a mock
 * NetSuite, makes a key pair and certificate and registers them; with NETSUITE_* variables it
 * runs the same read-only calls against that account. Exits 1 if any step fails.
 */
import { fleetFlow } from "./fleet.ts"
import { m2mFlow, soapFlow, tbaRestFlow } from "./flows.ts"
import { makeReport } from "./report.ts"
import { environmentTarget, hasEnvironmentAccount, mockTarget, type Target } from "./target.ts"

const main = async (): Promise<number> => {
  const started = performance.now()
  let target: Target
  try {
    target = hasEnvironmentAccount(process.env) ? environmentTarget(process.env) : await mockTarget()
  } catch (e) {
    const code = (e as { code?: unknown }).code
    console.error(
      `error${typeof code === "string" ? ` [${code}]` : ""}: ${e instanceof Error ? e.message : String(e)}`
    )
    return 1
  }
  console.log(`netsuite-auth demo against ${target.label}\n`)
  const report = makeReport()
  try {
    await m2mFlow(target, report)
    await soapFlow(target, report)
    await tbaRestFlow(target, report)
    await fleetFlow(target, report, process.env.REDIS_URL)
  } finally {
    await target.close()
  }
  report.print((line) => console.log(line))
  const tokens = target.tokensIssued()
  console.log(
    `Total ${(performance.now() - started).toFixed(0)} ms${tokens === undefined ? "" : `; token requests the server answered: ${tokens}`}.`
  )
  return report.passed() ? 0 : 1
}

process.exitCode = await main()
