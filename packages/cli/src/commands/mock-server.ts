import { CliError } from "../cli-error.ts"
import type { CliIo } from "../credentials.ts"

/** Options of `netsuite-auth mock-server`. */
export interface MockServerOptions {
  readonly port?: number | undefined
  readonly host?: string | undefined
  readonly config?: string | undefined
}

/**
 * Runs the mock NetSuite in the foreground through the mock-server package's own runner (which
 * prints the one JSON ready line), until SIGINT or SIGTERM closes it.
 */
export const mockServerCommand = async (options: MockServerOptions, io: CliIo): Promise<number> => {
  const argv = [
    ...(options.port === undefined ? [] : ["--port", String(options.port)]),
    ...(options.host === undefined ? [] : ["--host", options.host]),
    ...(options.config === undefined ? [] : ["--config", options.config])
  ]
  // Loaded on demand: the other subcommands never pay for the server.
  const { runMockServerCli } = await import("@netsuite-auth/mock-server")
  let server: Awaited<ReturnType<typeof runMockServerCli>>
  try {
    server = await runMockServerCli(argv, {
      stdout: (line) => io.stdout.write(`${line}\n`),
      stderr: (line) => io.stderr.write(`${line}\n`)
    })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new CliError(
      code === "EADDRINUSE" ? "NETSUITE_AUTH_MOCK_PORT_IN_USE" : "NETSUITE_AUTH_MOCK_SERVER",
      code === "EADDRINUSE"
        ? `Port ${options.port ?? 0} is already in use: pick another --port, or --port 0 for a free one.`
        : `The mock server did not start: ${e instanceof Error ? e.message : String(e)}`
    )
  }
  if (server === undefined) return 0
  const running = server
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop)
      process.off("SIGTERM", stop)
      void running.close().then(resolve, resolve)
    }
    process.on("SIGINT", stop)
    process.on("SIGTERM", stop)
  })
  return 0
}
