import { describe, expect, it } from "vitest"
import { ClockSkew, ConfigError } from "../src/index.ts"

// Issue 13.5: one absurd Date header must not become the account's clock.
const LOCAL = Date.parse("2025-06-01T12:00:00Z")
const at = (offsetMillis: number) => new Date(LOCAL + offsetMillis).toUTCString()

describe("ClockSkew: plausible samples, median of recent ones", () => {
  it("learns a real skew from a single response (10 minutes ahead)", () => {
    const skew = ClockSkew.make()
    expect(skew.observe(at(600_000), LOCAL)).toBe(600_000)
    expect(skew.offsetMillis()).toBe(600_000)
  })

  it("ignores a Date header more than a day off (1900, year 9999), and keeps the offset it had", () => {
    const skew = ClockSkew.make()
    skew.observe(at(180_000), LOCAL)
    expect(skew.observe("Mon, 01 Jan 1900 00:00:00 GMT", LOCAL)).toBe(180_000)
    expect(skew.observe("Fri, 31 Dec 9999 23:59:59 GMT", LOCAL)).toBe(180_000)
    expect(skew.observe(at(ClockSkew.MAX_PLAUSIBLE_SKEW_MILLIS + 1000), LOCAL)).toBe(180_000)
    expect(skew.offsetMillis()).toBe(180_000)
  })

  it("a first sample dated 1900 leaves the offset at 0, so timestamps stay positive and signing works", () => {
    const skew = ClockSkew.make()
    skew.observe("Mon, 01 Jan 1900 00:00:00 GMT", LOCAL)
    expect(skew.offsetMillis()).toBe(0)
    expect(ClockSkew.netSuiteSeconds(skew, LOCAL)).toBe(Math.floor(LOCAL / 1000))
  })

  it("one plausible outlier among good samples does not move the estimate", () => {
    const skew = ClockSkew.make()
    for (let i = 0; i < 4; i++) skew.observe(at(i * 1000 + 120_000), LOCAL + i * 1000)
    // 20 hours off: plausible on its own, but alone against four agreeing samples.
    expect(skew.observe(at(72_000_000), LOCAL + 5000)).toBe(120_000)
  })

  it("with two samples, one outlier does not drag the estimate halfway", () => {
    const skew = ClockSkew.make()
    skew.observe(at(120_000), LOCAL)
    expect(skew.observe(at(7_200_000), LOCAL + 1000)).toBe(120_000)
  })

  it("follows a real change once most recent samples agree on it", () => {
    const skew = ClockSkew.make()
    for (let i = 0; i < 5; i++) skew.observe(at(0), LOCAL + i * 1000)
    expect(skew.offsetMillis()).toBe(0)
    for (let i = 5; i < 8; i++) skew.observe(at(i * 1000 + 300_000), LOCAL + i * 1000)
    expect(skew.offsetMillis()).toBe(300_000)
  })

  it("within 2 s of no skew the offset is 0 (one-second Date resolution)", () => {
    const skew = ClockSkew.make()
    expect(skew.observe(new Date(LOCAL - 900).toUTCString(), LOCAL)).toBe(0)
  })

  it("unparseable, empty and missing headers change nothing", () => {
    const skew = ClockSkew.make(60_000)
    for (const header of ["", "yesterday", undefined, null]) skew.observe(header, LOCAL)
    expect(skew.offsetMillis()).toBe(60_000)
  })

  it("an initial offset beyond a day, or not a number, is a ConfigError", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 2 * 86_400_000, "5" as unknown as number]) {
      expect(() => ClockSkew.make(bad)).toThrow(ConfigError)
    }
    expect(ClockSkew.make(-86_400_000).offsetMillis()).toBe(-86_400_000)
  })
})
