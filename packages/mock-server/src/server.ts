import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { AccessTokenStore } from "./access-tokens.ts"
import {
  type AccountConfig,
  accountFromGenerated,
  type GeneratedCredentials,
  generateCredentials,
  type M2mClientConfig,
  type MockServerConfig,
  normalizeAccountId,
  type ResolvedAccount,
  resolveAccount,
  resolveM2mClient,
  type TbaConfig
} from "./config.ts"
import { MockConfigError } from "./config-error.ts"
import {
  emptyFaultState,
  type FaultState,
  faultStateOf,
  nextFault,
  parseRouteFaults,
  ROUTES,
  type Route,
  type RouteFaults
} from "./faults.ts"
import {
  GOVERNANCE_LIMITS_PATH,
  type GovernanceState,
  type GovernanceUpdate,
  governanceLimitsResponse,
  parseGovernanceUpdate
} from "./governance.ts"
import {
  type MockResponse,
  restConcurrencyLimit,
  restInvalidLogin,
  restletConcurrencyLimit,
  restletInvalidLogin,
  restletMalformed,
  restMalformed,
  soapClientError,
  soapConcurrencyLimit,
  soapInvalidLogin
} from "./netsuite-error-bodies.ts"
import { NonceStore } from "./nonce-store.ts"
import { realmOfHeader, verifyOAuth1 } from "./oauth1-verification.ts"
import { handleRecordRequest, handleRestletRequest } from "./resources.ts"
import { parseSoapEnvelope, passportAccount, runSoapOperation, verifyPassport } from "./soap-endpoint.ts"
import { mockWsdl, SOAP_VERSION } from "./soap-wsdl.ts"
import {
  emptyStats,
  recordAccepted,
  recordConcurrencyRejected,
  recordFault,
  recordRejected,
  type Stats
} from "./stats.ts"
import { handleTokenRequest, TOKEN_PATH } from "./token-endpoint.ts"

/** Where to listen. */
export interface MockServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number
  /** Interface to bind; default `127.0.0.1` (the mock is a test tool, keep it off the network). */
  readonly host?: string
}

/** The mock's configuration after defaults and generation. */
export interface ResolvedMockConfig {
  readonly accounts: ReadonlyArray<ResolvedAccount>
  /** Set when the mock was started without accounts and made its own credentials. */
  readonly generated: GeneratedCredentials | undefined
  readonly tokenLifetimeSeconds: number
  readonly bodyLimitBytes: number
}

/** URLs of the mock's surfaces. */
export interface MockEndpoints {
  readonly tokenUrl: string
  readonly restBaseUrl: string
  readonly restletUrl: string
  readonly soapUrl: (version: string) => string
  readonly wsdlUrl: (version: string) => string
}

/** A running mock NetSuite. */
export interface MockServer {
  /** `http://127.0.0.1:<port>`: the base URL for every account. */
  readonly url: string
  readonly endpoints: MockEndpoints
  readonly config: ResolvedMockConfig
  /** A snapshot of the counters. */
  stats(): Stats
  resetStats(): void
  /** Replaces the faults of one route. */
  setFaults(route: Route, faults: RouteFaults): void
  /** Clears the faults of one route, or of all routes. */
  clearFaults(route?: Route): void
  /** Adds an M2M client (creating the account if needed). */
  registerM2m(accountId: string, client: M2mClientConfig): void
  /** Adds TBA credentials (creating the account if needed). */
  registerTba(accountId: string, tba: TbaConfig): void
  /** Revokes issued access tokens (all, or one account's). Returns how many. */
  revokeTokens(accountId?: string): number
  /**
   * Moves an account's governance during a run: the slots "another integration" holds, and
   * whether `governanceLimits` may be read. Every account when `accountId` is left out.
   */
  setGovernance(update: GovernanceUpdate): void
  /** Each account's governance now, by realm. */
  governance(): Record<string, GovernanceState>
  close(): Promise<void>
}

const JSON_TYPE = "application/json; charset=UTF-8"
const RESTLET_PATH = "/app/site/hosting/restlet.nl"

const json = (status: number, value: unknown, reason?: string): MockResponse => ({
  status,
  headers: { "content-type": JSON_TYPE },
  body: JSON.stringify(value),
  ...(reason === undefined ? {} : { reason })
})

type Routed =
  | { readonly route: "token" | "rest" | "restlet" }
  | { readonly route: "soap"; readonly version: string }
  | { readonly route: "wsdl"; readonly version: string }
  | { readonly route: "admin" }
  | { readonly route: "notFound" }

const classify = (method: string, path: string, query: string): Routed => {
  if (path.startsWith("/_mock/")) return { route: "admin" }
  if (path === TOKEN_PATH) return { route: "token" }
  if (path.startsWith("/services/rest/")) return { route: "rest" }
  if (path === RESTLET_PATH) return { route: "restlet" }
  const soap = /^\/services\/NetSuitePort_([0-9]{4}_[0-9])$/.exec(path)
  if (soap !== null && SOAP_VERSION.test(soap[1]!)) {
    if (method === "GET" && /^wsdl$/i.test(query)) return { route: "wsdl", version: soap[1]! }
    return { route: "soap", version: soap[1]! }
  }
  const wsdl = /^\/wsdl\/v([0-9]{4}_[0-9])_0\/netsuite\.wsdl$/.exec(path)
  if (wsdl !== null && SOAP_VERSION.test(wsdl[1]!)) return { route: "wsdl", version: wsdl[1]! }
  return { route: "notFound" }
}

const readBody = (req: IncomingMessage, limit: number): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0)
    if (declared > limit) return resolve(undefined)
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        resolve(undefined)
        req.pause()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

const hostOrigins = (req: IncomingMessage, ownUrl: string): Array<string> => {
  const origins = new Set([ownUrl])
  const host = req.headers.host?.trim().toLowerCase()
  if (host && /^[a-z0-9.\-[\]:]+$/.test(host)) {
    origins.add(`http://${host.replace(/:80$/, "")}`)
    // Behind a TLS-terminating proxy the client signed an https URL.
    if (String(req.headers["x-forwarded-proto"] ?? "").toLowerCase() === "https") {
      origins.add(`https://${host.replace(/:443$/, "")}`)
    }
  }
  return [...origins]
}

/**
 * Starts a local NetSuite. With no accounts it generates one (`1234567_SB1`) with an EC P-256
 * key, a self-signed certificate, an M2M client and TBA credentials (see `config.generated`).
 *
 * @example
 * ```ts
 * import { startMockServer } from "@netsuite-auth/mock-server"
 * const server = await startMockServer()
 * server.url // "http://127.0.0.1:54321"
 * server.config.generated?.clientId
 * server.setFaults("rest", { status5xx: { count: 2 } }) // the next two REST calls get 503
 * await server.close()
 * ```
 */
export const startMockServer = async (
  config: MockServerConfig = {},
  options: MockServerOptions = {}
): Promise<MockServer> => {
  const generated =
    config.accounts === undefined || config.accounts.length === 0 ? generateCredentials() : undefined
  const accountConfigs: ReadonlyArray<AccountConfig> =
    generated === undefined ? (config.accounts ?? []) : [accountFromGenerated(generated)]
  const accounts = new Map<string, ResolvedAccount>()
  accountConfigs.forEach((a, i) => {
    const resolved = resolveAccount(a, `accounts[${i}]`)
    accounts.set(resolved.realm, resolved)
  })
  const tokenLifetimeSeconds = config.tokenLifetimeSeconds ?? 3600
  const bodyLimitBytes = config.bodyLimitBytes ?? 1024 * 1024
  const faults = Object.fromEntries(ROUTES.map((r) => [r, emptyFaultState()])) as Record<Route, FaultState>
  for (const [route, f] of Object.entries(config.faults ?? {})) {
    faults[route as Route] = faultStateOf(parseRouteFaults(f, `faults.${route}`))
  }
  let stats = emptyStats()
  const nonces = new NonceStore()
  const tokens = new AccessTokenStore()
  const inFlight = new Map<string, number>()
  let url = ""

  const accountFor = (accountId: string): ResolvedAccount => {
    const id = normalizeAccountId(accountId)
    if (id === undefined)
      throw new MockConfigError("accountId", `${JSON.stringify(accountId)} is not a NetSuite account ID`)
    let account = accounts.get(id.realm)
    if (account === undefined) {
      account = resolveAccount({ accountId })
      accounts.set(account.realm, account)
    }
    return account
  }

  const routeNow = (route: Route) => Date.now() + faults[route].clockOffsetSeconds * 1000

  const send = (res: ServerResponse, route: Route | undefined, response: MockResponse) => {
    if (res.headersSent || res.destroyed) return
    const body = Buffer.from(response.body, "utf8")
    res.setHeader("date", new Date(route === undefined ? Date.now() : routeNow(route)).toUTCString())
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value)
    // Mock-only debugging aid: NetSuite keeps the reason in the Login Audit Trail, not the response.
    if (response.reason !== undefined) res.setHeader("x-mock-reason", response.reason)
    res.setHeader("content-length", body.length)
    res.writeHead(response.status)
    res.end(body)
  }

  const reply = (res: ServerResponse, route: Route, response: MockResponse, rejected: boolean) => {
    if (rejected) recordRejected(stats, route, response.reason ?? "Rejected")
    else recordAccepted(stats, route)
    send(res, route, response)
  }

  /** Takes a concurrency slot for the account, or says no. The slot is freed when the response closes. */
  const admit = (realm: string | undefined, res: ServerResponse): boolean => {
    if (realm === undefined) return true
    const account = accounts.get(realm)
    if (account === undefined) return true
    const current = inFlight.get(realm) ?? 0
    // Slots another integration holds count as if in flight.
    if (current + account.occupiedSlots >= account.concurrencyLimit) {
      recordConcurrencyRejected(stats, realm)
      return false
    }
    inFlight.set(realm, current + 1)
    stats.peakConcurrency[realm] = Math.max(stats.peakConcurrency[realm] ?? 0, current + 1)
    let released = false
    res.once("close", () => {
      if (released) return
      released = true
      inFlight.set(realm, (inFlight.get(realm) ?? 1) - 1)
    })
    return true
  }

  /** Applies the route's faults; true if a fault answered (or dropped) the request. */
  const applyFaults = async (route: Route, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const state = faults[route]
    if (state.latencyMs > 0) await sleep(state.latencyMs)
    const action = nextFault(state)
    if (action === undefined) return false
    recordFault(stats, route, action.kind)
    switch (action.kind) {
      case "reset":
        req.socket.destroy()
        return true
      case "garbage":
        send(res, route, {
          status: 200,
          headers: {
            "content-type": route === "soap" || route === "wsdl" ? "text/xml; charset=utf-8" : JSON_TYPE
          },
          body: '\u0000<<garbage{"not": json or xml'
        })
        return true
      case "status5xx":
        send(res, route, {
          status: action.status,
          headers: { "content-type": "text/html; charset=UTF-8" },
          body: "<html><body><h1>Service Temporarily Unavailable</h1></body></html>"
        })
        return true
      case "status429":
        send(res, route, {
          ...(route === "restlet" ? restletConcurrencyLimit() : restConcurrencyLimit()),
          status: 429,
          headers: { "content-type": JSON_TYPE, "retry-after": String(action.retryAfterSeconds) }
        })
        return true
    }
  }

  /**
   * Admin routes change what the mock answers, so a web page open in a developer's browser must
   * not reach them: a foreign `Origin` (or `Sec-Fetch-Site` of another site) is refused, and a POST
   * must say `Content-Type: application/json`, which a cross-site "simple" request cannot.
   */
  const adminRefusal = (req: IncomingMessage, method: string): MockResponse | undefined => {
    const origin = req.headers.origin
    const site = String(req.headers["sec-fetch-site"] ?? "").toLowerCase()
    if (
      (origin !== undefined && !hostOrigins(req, url).includes(origin.trim().toLowerCase())) ||
      site === "cross-site" ||
      site === "same-site"
    ) {
      return json(
        403,
        {
          error: `Mock admin routes refuse cross-origin requests (Origin ${JSON.stringify(String(origin ?? site).slice(0, 100))}): call them from a test or a script, not from a web page.`
        },
        "ForeignOrigin"
      )
    }
    if (method === "POST" && !/^\s*application\/json\s*(?:;|$)/i.test(req.headers["content-type"] ?? "")) {
      return json(
        415,
        { error: "Mock admin POSTs need Content-Type: application/json (and a JSON body, or none)." },
        "UnsupportedMediaType"
      )
    }
    return undefined
  }

  const handleAdmin = (method: string, path: string, body: string): MockResponse => {
    const parse = (): unknown => (body.trim() === "" ? {} : JSON.parse(body))
    try {
      if (path === "/_mock/stats" && method === "GET") return json(200, server.stats())
      if (path === "/_mock/governance" && method === "GET")
        return json(200, { accounts: server.governance() })
      if (path === "/_mock/governance" && method === "POST") {
        server.setGovernance(parseGovernanceUpdate(parse()))
        return json(200, { accounts: server.governance() })
      }
      if (path === "/_mock/stats/reset" && method === "POST") {
        server.resetStats()
        return json(200, { ok: true })
      }
      if (path === "/_mock/faults" && method === "POST") {
        const input = parse()
        if (typeof input !== "object" || input === null)
          throw new MockConfigError("(body)", "expected an object")
        const parsed = Object.entries(input).map(([route, f]) => {
          if (!(ROUTES as ReadonlyArray<string>).includes(route)) {
            throw new MockConfigError(route, `unknown route; expected one of ${ROUTES.join(", ")}`)
          }
          return [route as Route, parseRouteFaults(f, route)] as const
        })
        for (const [route, f] of parsed) server.setFaults(route, f)
        return json(200, { ok: true })
      }
      if (path === "/_mock/faults" && method === "DELETE") {
        server.clearFaults()
        return json(200, { ok: true })
      }
      if (path === "/_mock/revoke" && method === "POST") {
        const input = parse() as { accountId?: unknown }
        const revoked = server.revokeTokens(typeof input.accountId === "string" ? input.accountId : undefined)
        return json(200, { revoked })
      }
    } catch (error) {
      return json(400, { error: (error as Error).message })
    }
    return json(404, { error: `No mock admin route ${method} ${path}` })
  }

  const handleRestOrRestlet = async (
    route: "rest" | "restlet",
    req: IncomingMessage,
    res: ServerResponse,
    target: string,
    body: string
  ) => {
    const authorization = req.headers.authorization?.trim()
    const bearer = /^Bearer\s+(.*)$/is.exec(authorization ?? "")
    const isOAuth = /^OAuth\s/i.test(authorization ?? "")
    const claimedRealm =
      bearer !== null
        ? tokens.realmOf(bearer[1]!.trim())
        : isOAuth
          ? realmOfHeader(authorization!, accounts)
          : undefined
    if (!admit(claimedRealm, res)) {
      return reply(res, route, route === "rest" ? restConcurrencyLimit() : restletConcurrencyLimit(), true)
    }
    if (await applyFaults(route, req, res)) return
    const defaultRealm = claimedRealm ?? accounts.keys().next().value ?? ""
    const invalidLogin = (reason: string, bearerRealm?: string) =>
      route === "rest" ? restInvalidLogin(reason, bearerRealm) : restletInvalidLogin(reason, bearerRealm)
    const malformed = (reason: string, bearerRealm?: string) =>
      route === "rest" ? restMalformed(reason, bearerRealm) : restletMalformed(reason)
    let account: ResolvedAccount
    if (authorization === undefined || authorization === "") {
      return reply(res, route, invalidLogin("MissingAuthorization"), true)
    } else if (bearer !== null) {
      const token = bearer[1]!.trim()
      if (token === "" || /\s/.test(token))
        return reply(res, route, malformed("MalformedHeader", defaultRealm), true)
      const checked = tokens.check(token, Date.now())
      if (typeof checked === "string") return reply(res, route, invalidLogin(checked, defaultRealm), true)
      const needed = route === "rest" ? "rest_webservices" : "restlets"
      if (!checked.scopes.includes(needed))
        return reply(res, route, invalidLogin("ScopeMismatched", defaultRealm), true)
      account = accounts.get(checked.realm)!
    } else if (isOAuth) {
      const result = verifyOAuth1(
        authorization,
        {
          method: req.method ?? "GET",
          target,
          origins: hostOrigins(req, url),
          contentType: req.headers["content-type"],
          body
        },
        { accounts, nonces, nowSeconds: Math.floor(routeNow(route) / 1000), realNowMillis: Date.now() }
      )
      stats.noncesSeen = nonces.size
      if (!result.ok) {
        return reply(
          res,
          route,
          result.malformed ? malformed(result.reason) : invalidLogin(result.reason),
          true
        )
      }
      account = result.account
    } else {
      return reply(res, route, invalidLogin("UnsupportedAuthorizationScheme"), true)
    }
    const method = req.method ?? "GET"
    const response =
      route === "restlet"
        ? handleRestletRequest(method, target, body, req.headers["content-type"], account)
        : method === "GET" && target.split("?")[0] === GOVERNANCE_LIMITS_PATH
          ? governanceLimitsResponse(account)
          : handleRecordRequest(method, target, body, account, url)
    reply(res, route, response, response.status === 403)
  }

  const handleSoap = async (
    version: string,
    req: IncomingMessage,
    res: ServerResponse,
    body: string
  ): Promise<void> => {
    if (req.method !== "POST") {
      return reply(
        res,
        "soap",
        soapClientError(version, "SOAP requests must be POSTed.", "MethodNotAllowed"),
        true
      )
    }
    const envelope = parseSoapEnvelope(body)
    const claimed = envelope === undefined ? undefined : passportAccount(envelope)
    const realm = claimed !== undefined && accounts.has(claimed) ? claimed : undefined
    if (!admit(realm, res)) return reply(res, "soap", soapConcurrencyLimit(version), true)
    if (await applyFaults("soap", req, res)) return
    if (envelope === undefined) {
      return reply(
        res,
        "soap",
        soapClientError(version, "The request is not a well-formed SOAP 1.1 envelope.", "MalformedEnvelope"),
        true
      )
    }
    const nowMillis = routeNow("soap")
    const result = verifyPassport(envelope, {
      version,
      cookie: req.headers.cookie,
      accounts,
      nonces,
      nowSeconds: Math.floor(nowMillis / 1000),
      realNowMillis: Date.now()
    })
    stats.noncesSeen = nonces.size
    if (!result.ok) return reply(res, "soap", soapInvalidLogin(version, result.reason, result.message), true)
    const response = runSoapOperation(envelope, version, result.account, nowMillis)
    reply(res, "soap", response, response.reason !== undefined)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? "/"
    const q = target.indexOf("?")
    const path = q === -1 ? target : target.slice(0, q)
    const method = req.method ?? "GET"
    const routed = classify(method, path, q === -1 ? "" : target.slice(q + 1))
    if (routed.route === "notFound") {
      req.resume()
      return send(res, undefined, json(404, { error: `The mock server has no route ${method} ${path}` }))
    }
    if (routed.route === "admin") {
      const refusal = adminRefusal(req, method)
      if (refusal !== undefined) {
        req.resume()
        return send(res, undefined, refusal)
      }
    }
    const body = await readBody(req, bodyLimitBytes)
    if (body === undefined) {
      res.setHeader("connection", "close")
      return send(res, undefined, json(413, { error: `Request body larger than ${bodyLimitBytes} bytes` }))
    }
    switch (routed.route) {
      case "admin":
        return send(res, undefined, handleAdmin(method, path, body))
      case "token": {
        if (method !== "POST")
          return reply(res, "token", json(405, { error: "invalid_request" }, "MethodNotAllowed"), true)
        if (await applyFaults("token", req, res)) return
        const origins = hostOrigins(req, url)
        const outcome = await handleTokenRequest({
          contentType: req.headers["content-type"],
          authorization: req.headers.authorization,
          body,
          audiences: origins.map((o) => `${o}${TOKEN_PATH}`),
          accounts: [...accounts.values()],
          tokens,
          nowMillis: routeNow("token"),
          realNowMillis: Date.now(),
          lifetimeSeconds: faults.token.tokenLifetimeSeconds ?? tokenLifetimeSeconds
        })
        if (outcome.issued) stats.tokensIssued++
        return reply(res, "token", outcome.response, !outcome.issued)
      }
      case "rest":
      case "restlet":
        return handleRestOrRestlet(routed.route, req, res, target, body)
      case "soap":
        return handleSoap(routed.version, req, res, body)
      case "wsdl": {
        if (await applyFaults("wsdl", req, res)) return
        return reply(
          res,
          "wsdl",
          {
            status: 200,
            headers: { "content-type": "text/xml; charset=utf-8" },
            body: mockWsdl(routed.version, `${url}/services/NetSuitePort_${routed.version}`)
          },
          false
        )
      }
    }
  }

  const httpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, undefined, json(500, { error: `Mock server error: ${(error as Error).message}` }))
    })
  })
  const host = options.host ?? "127.0.0.1"
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject)
    httpServer.listen(options.port ?? 0, host, () => {
      httpServer.off("error", reject)
      resolve()
    })
  })
  const address = httpServer.address() as AddressInfo
  url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`

  const server: MockServer = {
    url,
    endpoints: {
      tokenUrl: `${url}${TOKEN_PATH}`,
      restBaseUrl: `${url}/services/rest`,
      restletUrl: `${url}${RESTLET_PATH}`,
      soapUrl: (version) => `${url}/services/NetSuitePort_${version}`,
      wsdlUrl: (version) => `${url}/wsdl/v${version}_0/netsuite.wsdl`
    },
    get config(): ResolvedMockConfig {
      return { accounts: [...accounts.values()], generated, tokenLifetimeSeconds, bodyLimitBytes }
    },
    stats: () => structuredClone({ ...stats, noncesSeen: nonces.size }),
    resetStats: () => {
      stats = emptyStats()
    },
    setFaults: (route, f) => {
      if (!(ROUTES as ReadonlyArray<string>).includes(route)) {
        throw new MockConfigError(String(route), `unknown route; expected one of ${ROUTES.join(", ")}`)
      }
      faults[route] = faultStateOf(parseRouteFaults(f, route))
    },
    clearFaults: (route) => {
      for (const r of route === undefined ? ROUTES : [route]) faults[r] = emptyFaultState()
    },
    registerM2m: (accountId, client) => {
      const account = accountFor(accountId)
      account.m2m.push(resolveM2mClient(client))
    },
    registerTba: (accountId, tba) => {
      const account = accountFor(accountId)
      account.tba.push({ ...tba })
    },
    revokeTokens: (accountId) => {
      const realm = accountId === undefined ? undefined : normalizeAccountId(accountId)?.realm
      return tokens.revoke(realm)
    },
    setGovernance: (input) => {
      const update = parseGovernanceUpdate(input, "governance")
      let targets = [...accounts.values()]
      if (update.accountId !== undefined) {
        const realm = normalizeAccountId(update.accountId)?.realm
        const account = realm === undefined ? undefined : accounts.get(realm)
        if (account === undefined) {
          throw new MockConfigError(
            "governance.accountId",
            `${JSON.stringify(update.accountId)} is not an account of this mock (${[...accounts.keys()].join(", ")})`
          )
        }
        targets = [account]
      }
      for (const account of targets) {
        if (update.occupiedSlots !== undefined) account.occupiedSlots = update.occupiedSlots
        if (update.governanceLimitsReadable !== undefined)
          account.governanceLimitsReadable = update.governanceLimitsReadable
      }
    },
    governance: () =>
      Object.fromEntries(
        [...accounts.values()].map((a) => {
          const busy = inFlight.get(a.realm) ?? 0
          return [
            a.realm,
            {
              concurrencyLimit: a.concurrencyLimit,
              occupiedSlots: a.occupiedSlots,
              inFlight: busy,
              free: Math.max(0, a.concurrencyLimit - a.occupiedSlots - busy),
              governanceLimitsReadable: a.governanceLimitsReadable
            }
          ]
        })
      ),
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.close((error) => (error ? reject(error) : resolve()))
        httpServer.closeAllConnections()
      })
  }
  return server
}
