#!/usr/bin/env node
import { runMockServerCli } from "./cli.ts"

runMockServerCli(process.argv.slice(2)).then(
  (server) => {
    if (server === undefined) return
    const stop = () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1)
      )
    }
    process.once("SIGINT", stop)
    process.once("SIGTERM", stop)
  },
  (error: unknown) => {
    process.stderr.write(`netsuite-auth-mock-server: ${(error as Error).message}\n`)
    process.exit(1)
  }
)
