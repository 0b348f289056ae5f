import { describe, expect, it } from "vitest"
import * as Der from "../src/der-writer.ts"

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")

describe("DER writer", () => {
  it("encodes integers as positive, minimal two's complement", () => {
    expect(hex(Der.integer(0))).toBe("020100")
    expect(hex(Der.integer(127))).toBe("02017f")
    expect(hex(Der.integer(128))).toBe("02020080")
    expect(hex(Der.integer(256))).toBe("02020100")
    expect(hex(Der.integer(Uint8Array.of(0, 0, 0x7f)))).toBe("02017f")
    expect(hex(Der.integer(Uint8Array.of(0xff)))).toBe("020200ff")
    expect(() => Der.integer(-1)).toThrow(RangeError)
  })
  it("encodes OIDs (known encodings)", () => {
    expect(hex(Der.oid("1.2.840.10045.4.3.2"))).toBe("06082a8648ce3d040302")
    expect(hex(Der.oid("2.5.4.3"))).toBe("0603550403")
    expect(hex(Der.oid("1.2.840.113549.1.1.10"))).toBe("06092a864886f70d01010a")
  })
  it("uses long-form lengths above 127 bytes", () => {
    const long = Der.octetString(new Uint8Array(300))
    expect(hex(long.subarray(0, 4))).toBe("0482012c")
    expect(long.length).toBe(4 + 300)
    expect(hex(Der.octetString(new Uint8Array(127)).subarray(0, 2))).toBe("047f")
    expect(hex(Der.octetString(new Uint8Array(128)).subarray(0, 3))).toBe("048180")
  })
  it("encodes times as UTCTime before 2050 and GeneralizedTime after", () => {
    expect(
      Buffer.from(Der.time(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))))
        .subarray(2)
        .toString()
    ).toBe("260102030405Z")
    expect(Der.time(new Date(Date.UTC(2026, 0, 1)))[0]).toBe(0x17)
    expect(
      Buffer.from(Der.time(new Date(Date.UTC(2050, 0, 1))))
        .subarray(2)
        .toString()
    ).toBe("20500101000000Z")
    expect(Der.time(new Date(Date.UTC(2050, 0, 1)))[0]).toBe(0x18)
  })
  it("nests elements as complete TLVs (a SEQUENCE of INTEGER, NULL, UTF8String)", () => {
    expect(hex(Der.sequence(Der.integer(5), Der.nullValue(), Der.utf8String("é")))).toBe(
      "300902010505000c02c3a9"
    )
    expect(hex(Der.explicit(0, Der.integer(2)))).toBe("a003020102")
    expect(hex(Der.bitString(Uint8Array.of(0xab)))).toBe("030200ab")
  })
})
