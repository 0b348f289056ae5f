import { tbaAxios } from "./axios-clients.ts"
import type { GovernanceCaller } from "./governance.ts"

/** axios + TBA against the mock's REST record endpoint. */
export const governanceAxiosCallers = async (): Promise<Array<GovernanceCaller>> => [
  {
    name: "axios TBA (REST)",
    make: async (server, account, concurrency) => {
      const client = tbaAxios(
        server.url,
        { accountId: account.accountId, ...account.tba },
        {
          concurrency,
          maxSockets: Math.max(concurrency, 5)
        }
      )
      return { call: () => client.get("/services/rest/record/v1/customer/1"), close: () => {} }
    }
  }
]
