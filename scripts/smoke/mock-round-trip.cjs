// One authenticated request per scheme through the axios adapter against the packed mock server:
// M2M (a signed client assertion exchanged for a bearer token) and TBA (an OAuth 1.0a header).
"use strict"

async function mockRoundTrip({ core, mock, adapter, axios }, { expectEqual }) {
  const server = await mock.startMockServer()
  try {
    const generated = server.config.generated
    if (generated === undefined) throw new Error("startMockServer() made no credentials")
    const account = core.NetSuiteAccount.make({ accountId: generated.accountId, baseUrl: server.url })
    const axiosDefault = axios.default ?? axios
    const schemes = {
      m2m: {
        accountId: generated.accountId,
        clientId: generated.clientId,
        certificateId: generated.certificateId,
        privateKey: generated.privateKey
      },
      tba: {
        accountId: generated.accountId,
        consumerKey: generated.consumerKey,
        consumerSecret: generated.consumerSecret,
        tokenId: generated.tokenId,
        tokenSecret: generated.tokenSecret
      }
    }
    for (const [scheme, credentials] of Object.entries(schemes)) {
      const client = axiosDefault.create({ baseURL: account.endpoints.restBaseUrl })
      const uninstall = adapter.installNetSuiteAuth(client, { scheme, account, credentials, retry: false })
      try {
        const response = await client.get("/record/v1/customer/1")
        expectEqual(
          `${scheme}: GET ${server.url}/services/rest/record/v1/customer/1 status`,
          response.status,
          200
        )
        expectEqual(`${scheme}: customer id`, String(response.data.id), "1")
      } finally {
        uninstall()
      }
    }
  } finally {
    await server.close()
  }
}

module.exports = { mockRoundTrip }
