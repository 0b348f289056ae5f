/** Test vectors from the protocol spec, section 5 (T1 to T3). */
export const T1 = {
  account: "1234567",
  consumerKey: "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
  tokenId: "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82",
  nonce: "6obMKq0tmY8ylVOdEkA1",
  timestamp: 1439829974,
  consumerSecret: "7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd",
  tokenSecret: "060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2",
  signature: "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs=",
  sandboxSignature: "/cDDnQpbaRiT4UOJY7EHF99fSIA3W6YK/liJKJ1CxI8=",
  sha1Signature: "xiuYvYndFGqTEdiY64/C5EjSvsY="
} as const

export const ORACLE = {
  account: "123456",
  consumerKey: "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
  tokenId: "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
  nonce: "fjaLirsIcCGVZWzBX0pg",
  timestamp: 1508242306,
  consumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
  tokenSecret: "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
  passportSignature: "tIcC5zyKUmycB5Ml/cNxOHDusw03Y5KPQiXVNUHHp4U="
} as const
