import { startMockServer } from "@netsuite-auth/mock-server"
import { startFleet, stopFleet } from "./fleet-harness.ts"
import { startOwnRedis } from "./redis-server.ts"
const server = await startMockServer({ faults: { rest: { latencyMs: 40 }, soap: { latencyMs: 40 } } })
const g = server.config.generated!
const own = await startOwnRedis()
const url = process.argv[2] === "own" ? own.url : "redis://127.0.0.1:6390"
const t0 = performance.now()
const { workers } = await startFleet(8, { redisUrl: url, keyPrefix: "probe" + Date.now(), leaseMillis: 2000, unreachableTimeoutMillis: 10000, accountId: g.accountId, limit: 5, mockUrl: server.url, wsdlUrl: server.endpoints.wsdlUrl("2025_2"), m2m: { clientId: g.clientId, certificateId: g.certificateId, privateKey: g.privateKey }, tba: { consumerKey: g.consumerKey, consumerSecret: g.consumerSecret, tokenId: g.tokenId, tokenSecret: g.tokenSecret }, mode: "adapters" })
console.log("ready", (performance.now() - t0).toFixed(0))
server.resetStats()
const t1 = performance.now()
for (const [i, w] of workers.entries()) w.send({ type: "run", requests: Array.from({ length: 100 }, (_, j) => ({ id: i * 100 + j, kind: j % 2 ? "soap" : "rest" })), concurrency: 5 })
const timer = setInterval(() => { const s = server.stats().surfaces; console.log((performance.now() - t1).toFixed(0), s.rest.accepted + s.soap.accepted, "tokens", server.stats().tokensIssued) }, 250)
await Promise.all(workers.map(w => w.next("done")))
clearInterval(timer)
await stopFleet(workers); await server.close(); own.stop()
