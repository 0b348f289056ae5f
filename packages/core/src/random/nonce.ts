import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ConfigError } from "../errors.ts"

/** Where TBA nonces come from: a CSPRNG by default, a seeded generator in tests. */
export interface NonceGenerator {
  /** A fresh alphanumeric nonce. */
  readonly next: () => string
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
const ALPHABET_CODES: ReadonlyArray<number> = Array.from(ALPHABET, (c) => c.charCodeAt(0))
// 248 = 4 * 62: bytes at or above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 248

/** NetSuite accepts 6 to 64 characters; 20 is its "ideal" length. */
export const DEFAULT_NONCE_LENGTH = 24

/**
 * Builds a nonce generator from a source of random bytes. The real and the seeded
 * generators are both built here.
 *
 * @example
 * ```ts
 * import { Nonce } from "@netsuite-auth/core"
 * const gen = Nonce.make((n) => crypto.getRandomValues(new Uint8Array(n)), { length: 20 })
 * gen.next().length // 20
 * ```
 * @category constructors
 */
export const make = (
  randomBytes: (size: number) => Uint8Array,
  options: { readonly length?: number } = {}
): NonceGenerator => {
  const length = options.length ?? DEFAULT_NONCE_LENGTH
  if (!Number.isInteger(length) || length < 6 || length > 64) {
    throw new ConfigError({
      reason: "InvalidOption",
      message: `Invalid nonce length ${String(length)}: NetSuite accepts 6 to 64 characters (20 or more is recommended).`
    })
  }
  return {
    next: () => {
      // Character codes first, one string at the end: no intermediate strings per character.
      const codes = new Array<number>(length)
      let filled = 0
      while (filled < length) {
        const bytes = randomBytes(length * 2)
        for (let i = 0; i < bytes.length && filled < length; i++) {
          const byte = bytes[i]!
          if (byte < UNBIASED_LIMIT) codes[filled++] = ALPHABET_CODES[byte % 62]!
        }
      }
      return String.fromCharCode.apply(null, codes)
    }
  }
}

const POOL_SIZE = 4096
let pool = new Uint8Array(0)
let poolOffset = 0

/**
 * Random bytes from the Web Crypto CSPRNG (`globalThis.crypto`), drawn 4 KiB at a time and
 * handed out once each: one `getRandomValues` call per ~80 nonces instead of one per nonce.
 */
export const secureRandomBytes = (size: number): Uint8Array => {
  if (size > POOL_SIZE) return globalThis.crypto.getRandomValues(new Uint8Array(size))
  if (poolOffset + size > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_SIZE))
    poolOffset = 0
  }
  const bytes = pool.subarray(poolOffset, poolOffset + size)
  poolOffset += size
  return bytes
}

/**
 * The CSPRNG generator with the default length: what the {@link Nonce} service uses unless a
 * test provides another, and what adapters that sign synchronously draw from.
 *
 * @example
 * ```ts
 * import { Nonce } from "@netsuite-auth/core"
 * Nonce.secure.next().length // 24
 * ```
 * @category constructors
 */
export const secure: NonceGenerator = make(secureRandomBytes)

/**
 * Deterministic bytes for tests (SplitMix32): the same seed gives the same nonces.
 * Never use it outside tests.
 *
 * @category constructors
 */
export const seededRandomBytes = (seed: number): ((size: number) => Uint8Array) => {
  let state = seed >>> 0
  return (size) => {
    const out = new Uint8Array(size)
    for (let i = 0; i < size; i++) {
      state = (state + 0x9e3779b9) >>> 0
      let z = state
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      out[i] = (z ^ (z >>> 16)) & 0xff
    }
    return out
  }
}

/**
 * The nonce service. Defaults to the CSPRNG; provide {@link seeded} (or any {@link make}) in tests.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { Nonce } from "@netsuite-auth/core"
 * const program = Effect.gen(function* () {
 *   const nonce = yield* Nonce.Nonce
 *   return nonce.next()
 * })
 * Effect.runSync(program.pipe(Effect.provideService(Nonce.Nonce, Nonce.seeded(42))))
 * ```
 * @category services
 */
export const Nonce: Context.Reference<NonceGenerator> = Context.Reference<NonceGenerator>(
  "@netsuite-auth/core/Nonce",
  {
    defaultValue: () => secure
  }
)

/**
 * A seeded generator for tests.
 *
 * @category constructors
 */
export const seeded = (seed: number, options: { readonly length?: number } = {}): NonceGenerator =>
  make(seededRandomBytes(seed), options)

/**
 * A fresh nonce from the current {@link Nonce} service.
 *
 * @category accessors
 */
export const next: Effect.Effect<string> = Effect.map(Nonce, (gen) => gen.next())

/**
 * A layer with this nonce generator as the {@link Nonce} service (the default is the CSPRNG).
 *
 * @category layers
 */
export const layer = (generator: NonceGenerator): Layer.Layer<never> => Layer.succeed(Nonce, generator)
