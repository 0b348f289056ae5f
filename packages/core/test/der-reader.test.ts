import { describe, expect, it } from "vitest"
import { children, read } from "../src/keys/der-reader.ts"

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replaceAll(" ", ""), "hex"))

describe("DER reader (what asRsaKey needs)", () => {
  it("reads a SEQUENCE's elements: tags and contents", () => {
    // SEQUENCE { INTEGER 5, NULL, UTF8String "é" }
    const seq = read(bytes("30 09 02 01 05 05 00 0c 02 c3 a9"))
    expect(seq.tag).toBe(0x30)
    const parts = children(seq.contents)
    expect(parts.map((p) => p.tag)).toEqual([0x02, 0x05, 0x0c])
    expect(Buffer.from(parts[2]!.contents).toString("utf8")).toBe("é")
    expect(parts[0]!.raw).toEqual(bytes("02 01 05"))
  })

  it("reads long-form lengths", () => {
    const long = new Uint8Array(304)
    long.set(bytes("04 82 01 2c"))
    expect(read(long).contents.length).toBe(300)
    expect(read(bytes(`04 81 80 ${"00".repeat(128)}`)).contents.length).toBe(128)
  })

  it("refuses truncated input and lengths it does not support", () => {
    expect(() => read(bytes("30 09 02 01 05 05 00 0c 02 c3"))).toThrow(RangeError)
    expect(() => read(bytes("30"))).toThrow(RangeError)
    expect(() => read(bytes("04 80"))).toThrow(/unsupported length/)
    expect(() => read(bytes("04 85 00 00 00 00 01 00"))).toThrow(/unsupported length/)
    expect(() => children(bytes("02 01"))).toThrow(RangeError)
  })
})
