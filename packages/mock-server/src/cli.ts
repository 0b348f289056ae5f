import { parseArgs } from "node:util"
import { loadConfigFile, type MockServerConfig } from "./config.ts"
import { type MockServer, startMockServer } from "./server.ts"

const USAGE = `Usage: netsuite-auth-mock-server [--port N] [--host ADDR] [--config FILE]

Starts a local NetSuite (token endpoint, REST, RESTlets, SOAP) and prints one JSON line when ready.
  --port N        TCP port (default 0: a free port)
  --host ADDR     interface to bind (default 127.0.0.1)
  --config FILE   JSON configuration (accounts, M2M clients, TBA credentials, faults).
                  Without it the server generates test credentials and prints them.`

/** Where the CLI writes; the defaults are the process streams. */
export interface CliIo {
  readonly stdout: (line: string) => void
  readonly stderr: (line: string) => void
}

/**
 * Runs the mock server as a command: parses `--port`, `--host`, `--config`, starts the server,
 * prints one JSON line (`{"url": …, "accounts": […], "generated": {…}}`) and returns the server.
 * The `netsuite-auth` CLI reuses it.
 *
 * @example
 * ```ts
 * import { runMockServerCli } from "@netsuite-auth/mock-server"
 * const server = await runMockServerCli(["--port", "0"])
 * ```
 */
export const runMockServerCli = async (
  argv: ReadonlyArray<string>,
  io: CliIo = {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`)
  }
): Promise<MockServer | undefined> => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string" },
      host: { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" }
    },
    strict: true
  })
  if (values.help) {
    io.stdout(USAGE)
    return undefined
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`)
  }
  const config: MockServerConfig = values.config === undefined ? {} : await loadConfigFile(values.config)
  const server = await startMockServer(config, {
    port,
    ...(values.host === undefined ? {} : { host: values.host })
  })
  const generated = server.config.generated
  io.stdout(
    JSON.stringify({
      url: server.url,
      tokenUrl: server.endpoints.tokenUrl,
      soapUrl: server.endpoints.soapUrl("2025_2"),
      wsdlUrl: server.endpoints.wsdlUrl("2025_2"),
      accounts: server.config.accounts.map((a) => a.realm),
      // A dev tool: printing the test credentials it generated is the point.
      ...(generated === undefined ? {} : { generated })
    })
  )
  return server
}
