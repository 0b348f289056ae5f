import type { ResolvedAccount } from "./config.ts"
import { type MockResponse, restNotFound } from "./netsuite-error-bodies.ts"

// The canned resources behind authentication: enough for clients to see a realistic success.

const JSON_TYPE = "application/json; charset=UTF-8"
const ok = (value: unknown): MockResponse => ({
  status: 200,
  headers: { "content-type": JSON_TYPE },
  body: JSON.stringify(value)
})

const record = (type: string, id: string, account: ResolvedAccount, base: string) => {
  const self = { rel: "self", href: `${base}/services/rest/record/v1/${type}/${id}` }
  return type === "customer"
    ? {
        links: [self],
        id,
        entityId: `CUST${id}`,
        companyName: `Mock Customer ${id} (${account.realm})`,
        email: `customer${id}@example.com`,
        isInactive: false
      }
    : {
        links: [self],
        id,
        entityId: `EMP${id}`,
        firstName: "Mock",
        lastName: `Employee ${id}`,
        isInactive: false
      }
}

/** REST web services: records `customer` and `employee` (by ID and list), and SuiteQL. */
export const handleRecordRequest = (
  method: string,
  target: string,
  body: string,
  account: ResolvedAccount,
  base: string
): MockResponse => {
  const path = target.split("?")[0]!
  const byId = /^\/services\/rest\/record\/v1\/(customer|employee)\/([0-9]{1,18})$/.exec(path)
  if (byId !== null && method === "GET") return ok(record(byId[1]!, byId[2]!, account, base))
  const list = /^\/services\/rest\/record\/v1\/(customer|employee)$/.exec(path)
  if (list !== null && method === "GET") {
    return ok({
      links: [{ rel: "self", href: `${base}${target}` }],
      count: 2,
      hasMore: false,
      items: ["1", "2"].map((id) => ({
        links: [{ rel: "self", href: `${base}/services/rest/record/v1/${list[1]}/${id}` }],
        id
      })),
      offset: 0,
      totalResults: 2
    })
  }
  if (path === "/services/rest/query/v1/suiteql" && method === "POST") {
    let q = ""
    try {
      q = String((JSON.parse(body) as { q?: unknown }).q ?? "")
    } catch {}
    return ok({
      links: [],
      count: 1,
      hasMore: false,
      items: [{ links: [], id: "1", companyname: `Mock Customer 1 (${account.realm})`, query: q }],
      offset: 0,
      totalResults: 1
    })
  }
  return restNotFound(`The mock server has no REST resource ${method} ${path}.`)
}

/** RESTlet: GET describes the call, POST/PUT echo the JSON body, DELETE answers `{ok:true}`. */
export const handleRestletRequest = (
  method: string,
  target: string,
  body: string,
  contentType: string | undefined,
  account: ResolvedAccount
): MockResponse => {
  const params = new URLSearchParams(target.split("?")[1] ?? "")
  if (!params.get("script") || !params.get("deploy")) {
    return {
      status: 400,
      headers: { "content-type": JSON_TYPE },
      body: JSON.stringify({
        error: {
          code: "INVALID_SCRIPTLET_ID",
          message: "Missing script or deploy parameter in the RESTlet URL."
        }
      })
    }
  }
  if (method === "POST" || method === "PUT") {
    if (/json/i.test(contentType ?? "")) {
      try {
        return ok(JSON.parse(body === "" ? "null" : body))
      } catch {
        return {
          status: 400,
          headers: { "content-type": JSON_TYPE },
          body: JSON.stringify({
            error: { code: "SYNTAX_ERROR", message: "The request body is not valid JSON." }
          })
        }
      }
    }
    return { status: 200, headers: { "content-type": "text/plain; charset=UTF-8" }, body }
  }
  if (method === "DELETE") return ok({ ok: true })
  return ok({
    ok: true,
    method,
    account: account.realm,
    script: params.get("script"),
    deploy: params.get("deploy"),
    params: Object.fromEntries(params)
  })
}
