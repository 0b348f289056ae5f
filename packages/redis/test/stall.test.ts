/**
 * A live process whose lease ran out (its event loop or the host stalled longer than the
 * lease): Redis gave its permits back, but the requests it had in flight are still running, so
 * it registers them again as soon as it runs.
 */
import { randomBytes } from "node:crypto"
import { createClient } from "redis"
import { describe, expect, it } from "vitest"
import { redisCoordination } from "../src/index.ts"
import { spawnWorker } from "./fleet-harness.ts"
import type { WorkerSetup } from "./fleet-messages.ts"
import { REDIS_URL, redisSkipReason } from "./redis-server.ts"

const skip = redisSkipReason()
const REALM = "1234567_SB1"

describe.skipIf(skip !== undefined)(
  skip === undefined ? "a stalled process (Redis)" : `a stalled process (skipped: ${skip})`,
  () => {
    it("counts its permits again after its lease ran out while it was stopped", async () => {
      const setup: WorkerSetup = {
        redisUrl: REDIS_URL,
        keyPrefix: `stall-${randomBytes(6).toString("hex")}`,
        leaseMillis: 1_000,
        unreachableTimeoutMillis: 10_000,
        accountId: REALM,
        limit: 5,
        mockUrl: "http://127.0.0.1:9",
        wsdlUrl: "http://127.0.0.1:9/wsdl",
        m2m: { clientId: "unused", certificateId: "unused", privateKey: "unused" },
        tba: { consumerKey: "unused", consumerSecret: "unused", tokenId: "unused", tokenSecret: "unused" },
        mode: "pool"
      }
      const worker = spawnWorker()
      const closers: Array<() => Promise<void>> = []
      const raw = createClient({ url: REDIS_URL })
      await raw.connect()
      const holders = () => raw.hLen(`${setup.keyPrefix}:{${REALM}}:pool:holders`)
      const until = async (check: () => Promise<boolean>, what: string) => {
        for (let i = 0; i < 500; i++) {
          if (await check()) return
          await new Promise((r) => setTimeout(r, 20))
        }
        throw new Error(`timed out waiting for ${what}`)
      }
      try {
        worker.send({ type: "start", setup })
        await worker.next("ready")
        worker.send({ type: "hold", count: 2, queued: 0 })
        await worker.next("holding")
        expect(await holders()).toBe(2)
        // Another process of the fleet: its heartbeats are what notices the lease ran out.
        const other = await redisCoordination({
          url: REDIS_URL,
          keyPrefix: setup.keyPrefix,
          leaseMillis: 1_000
        })
        other.permitPool(REALM, { limit: 5 })
        closers.push(other.close)
        worker.child.kill("SIGSTOP")
        await until(async () => (await holders()) === 0, "the stopped process's lease to run out")
        worker.child.kill("SIGCONT")
        await until(async () => (await holders()) === 2, "the process to register its permits again")
      } finally {
        worker.child.kill("SIGKILL")
        await Promise.all(closers.map((close) => close()))
        await raw.close()
      }
    }, 30_000)
  }
)
