/**
 * Remembers (consumer key, nonce, timestamp) triples so a replay is refused with `NonceUsed`.
 * Bounded: an entry lives a little longer than the ±5 minute timestamp window (after which the
 * timestamp check refuses the replay anyway), and past `maxEntries` the oldest entries go.
 */
export class NonceStore {
  private readonly seen = new Map<string, number>()
  private readonly maxEntries: number
  private readonly ttlMillis: number
  constructor(options: { readonly maxEntries?: number; readonly ttlMillis?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 100_000
    this.ttlMillis = options.ttlMillis ?? 11 * 60_000
  }

  get size(): number {
    return this.seen.size
  }

  /** Records the triple; false if it was already seen. `nowMillis` is the real clock. */
  use(consumerKey: string, nonce: string, timestamp: string, nowMillis: number): boolean {
    this.purge(nowMillis)
    const key = `${consumerKey}\u0000${nonce}\u0000${timestamp}`
    if (this.seen.has(key)) return false
    this.seen.set(key, nowMillis + this.ttlMillis)
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value
      if (oldest === undefined) break
      this.seen.delete(oldest)
    }
    return true
  }

  private purge(nowMillis: number) {
    // Insertion order is expiry order (the TTL is constant), so stop at the first live entry.
    for (const [key, expires] of this.seen) {
      if (expires > nowMillis) break
      this.seen.delete(key)
    }
  }
}
