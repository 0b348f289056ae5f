/**
 * Per-request control, typed on axios' own config through module augmentation.
 *
 * @module
 */

/** `false` or `{ skip: true }` sends the request untouched (no header, no limiter, no retries). */
export type NetSuiteAuthRequestOption =
  | false
  | {
      /** Send this request without NetSuite authentication. */
      readonly skip?: boolean | undefined
      /**
       * This POST/PATCH is safe to repeat (it reads, or it is idempotent on your side): retry it on
       * 5xx and connection resets like GET. Concurrency-limit answers are retried for every method.
       */
      readonly idempotent?: boolean | undefined
    }

declare module "axios" {
  interface AxiosRequestConfig {
    /**
     * NetSuite authentication for this request (see `installNetSuiteAuth`): `false` or
     * `{ skip: true }` opts out; `{ idempotent: true }` lets a POST be retried on 5xx.
     */
    netsuiteAuth?: NetSuiteAuthRequestOption | undefined
  }
}

/** True when the request opted out. */
export const isSkipped = (option: NetSuiteAuthRequestOption | undefined): boolean =>
  option === false || (typeof option === "object" && option !== null && option.skip === true)
