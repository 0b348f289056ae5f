/** Starts fleet workers (separate processes) and talks to them. */
import { type ChildProcess, fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { FromWorker, ToWorker, WorkerSetup } from "./fleet-messages.ts"

const WORKER = fileURLToPath(new URL("./fleet-worker.ts", import.meta.url))

export interface FleetWorker {
  readonly child: ChildProcess
  readonly send: (message: ToWorker) => void
  /** The next message of this type (messages that arrived earlier are kept). */
  readonly next: <T extends FromWorker["type"]>(type: T) => Promise<Extract<FromWorker, { type: T }>>
  readonly exited: Promise<number | null>
}

export const spawnWorker = (): FleetWorker => {
  const child = fork(WORKER, [], {
    execPath: process.execPath,
    execArgv: ["--conditions=@netsuite-auth/source", "--disable-warning=ExperimentalWarning"],
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const inbox: Array<FromWorker> = []
  const waiting: Array<{ type: string; resolve: (m: FromWorker) => void }> = []
  child.on("message", (message: FromWorker) => {
    const i = waiting.findIndex((w) => w.type === message.type)
    if (i >= 0) waiting.splice(i, 1)[0]?.resolve(message)
    else inbox.push(message)
  })
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return {
    child,
    send: (message) => {
      child.send(message)
    },
    next: (type) => {
      const i = inbox.findIndex((m) => m.type === type)
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as never)
      return new Promise((resolve, reject) => {
        waiting.push({ type, resolve: resolve as (m: FromWorker) => void })
        exited.then((code) => reject(new Error(`worker exited (${code}) before sending ${type}`)))
      })
    },
    exited
  }
}

/** `n` workers, each connected and ready (their process IDs in the fleet are in `processIds`). */
export const startFleet = async (n: number, setup: WorkerSetup) => {
  const workers = Array.from({ length: n }, spawnWorker)
  for (const w of workers) w.send({ type: "start", setup })
  const ready = await Promise.all(workers.map((w) => w.next("ready")))
  return { workers, processIds: ready.map((r) => r.processId) }
}

export const stopFleet = async (workers: ReadonlyArray<FleetWorker>): Promise<void> => {
  await Promise.all(
    workers.map(async (w) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) return
      w.send({ type: "close" })
      const timer = setTimeout(() => w.child.kill("SIGKILL"), 5_000)
      await w.exited
      clearTimeout(timer)
    })
  )
}
