/**
 * What core's request lifecycle itself costs per request when nothing waits: the same transport
 * (an answer that is already there) called through `RequestLifecycle.run` and called directly.
 */
import { AuthMethod, NetSuiteAccount, TbaCredentials } from "@netsuite-auth/core"
import { RequestLifecycle, type RequestPlan } from "@netsuite-auth/core/internal"
import { compareThroughputAsync } from "./measure.ts"
import { opsLabel, type Row } from "./report.ts"
import { T1 } from "./signing.ts"

interface Answer {
  readonly status: number
}

const ANSWER: Answer = { status: 200 }
const send = (): Promise<Answer> => Promise.resolve(ANSWER)

export const runLifecycleCost = async (log: (line: string) => void): Promise<Array<Row>> => {
  const account = NetSuiteAccount.make({ accountId: T1.accountId, concurrency: 5 })
  const credentials = TbaCredentials.make(T1)
  // An auth method whose authorization is ready: the row is about the lifecycle, not signing.
  const auth: AuthMethod = {
    ...AuthMethod.oauth1({ account, credentials }),
    authorizeUnsafe: () => ({ value: "OAuth ready" })
  }
  const lifecycle = RequestLifecycle.make({ account, auth })
  const plan: RequestPlan<Answer> = {
    operation: "GET /bench",
    method: "GET",
    url: () => "https://bench.invalid/",
    idempotent: true,
    replayable: true,
    send,
    inspect: () => ({}),
    transportFailure: () => ({})
  }
  log("lifecycle: cost per request without waiting")
  const result = await compareThroughputAsync(() => lifecycle.run(plan), send, { rounds: 7, millis: 200 })
  const micros = (1 / result.candidateOpsPerSecond - 1 / result.baselineOpsPerSecond) * 1e6
  return [
    {
      section: "lifecycle",
      item: "RequestLifecycle.run, a free permit and a ready authorization",
      ratio: result.ratio,
      ratioMeaning: "x of the bare transport's throughput",
      candidate: opsLabel(result.candidateOpsPerSecond),
      baseline: `${opsLabel(result.baselineOpsPerSecond)} (the transport alone)`,
      note: `${micros.toFixed(2)} µs per request: admission, attempt, classification, release, outcome`,
      raw: { ...result, microsPerRequest: micros }
    }
  ]
}
