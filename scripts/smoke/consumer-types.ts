// A TypeScript consumer: the published .d.ts files must typecheck under `module: nodenext`
// (as ESM and as CommonJS) and `moduleResolution: bundler`.
import { AccountId, type Passport, signPassport, TbaCredentials } from "@netsuite-auth/core"

const account: AccountId.AccountId = AccountId.parseOrThrow("1234567_sb1")
const creds: TbaCredentials = TbaCredentials.make({
  accountId: account,
  consumerKey: "ck",
  consumerSecret: "cs",
  tokenId: "tok",
  tokenSecret: "ts"
})
const passport: Passport = signPassport(creds, { nonce: "6obMKq0tmY8ylVOdEkA1", timestamp: 1439829974 })
export const signature: string = passport.signature

// If the .d.ts imports failed to resolve, these values would silently become `any` and the
// expected errors below would go unused, which is itself an error: this file fails when types degrade.
// @ts-expect-error nonce must be a string
signPassport(creds, { nonce: 6, timestamp: 1439829974 })
// @ts-expect-error realm is read-only data, not a function
account.realm()
