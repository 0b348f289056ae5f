import { createPrivateKey, type KeyObject } from "node:crypto"
import { KeyError } from "../errors.ts"

/**
 * The longest private key text accepted, in characters (64 KiB). A PKCS#8 RSA 4096 key is about
 * 3.3 KB and a key file with its certificate chain a few KB more; anything longer is not a key
 * file, and is refused before it is read.
 */
export const MAX_PRIVATE_KEY_PEM_LENGTH = 65_536

const PRIVATE_LABELS: ReadonlySet<string> = new Set(["PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"])

// A `-----BEGIN X-----` or `-----END X-----` line. Every match attempt reads at most ~80
// characters (the label is bounded), so one pass over the text is linear in its length.
const BOUNDARY = /-----(BEGIN|END) ([A-Z0-9 ]{1,64})-----/g

/** One complete PEM block: its label and its text from the BEGIN line to the END line. */
interface PemBlock {
  readonly label: string
  readonly text: string
}

/**
 * The complete blocks of a PEM text and the label of every BEGIN line, in one pass. A block is a
 * BEGIN line whose next boundary is the END line of the same label (as OpenSSL reads PEM); a
 * BEGIN without its END is counted as a label and never searched for again.
 */
const scanPem = (text: string): { readonly blocks: Array<PemBlock>; readonly labels: Array<string> } => {
  const blocks: Array<PemBlock> = []
  const labels: Array<string> = []
  let open: { readonly label: string; readonly start: number } | undefined
  for (const match of text.matchAll(BOUNDARY)) {
    const label = match[2]!
    if (match[1] === "BEGIN") {
      labels.push(label)
      open = { label, start: match.index }
    } else {
      if (open?.label === label)
        blocks.push({ label, text: text.slice(open.start, match.index + match[0].length) })
      open = undefined
    }
  }
  return { blocks, labels }
}

const keyError = (reason: KeyError["reason"], message: string) => new KeyError({ reason, message })

/**
 * Reads the private key of a PEM text into a `KeyObject`, turning every way it can be wrong into
 * its own {@link KeyError}: too long to be a key file, encrypted, a public key or certificate, no
 * PEM at all, or a damaged block. Linear in the text's length (issue: many BEGIN lines without an
 * END took seconds with a backtracking regex).
 *
 * @internal
 */
export const readPrivateKeyPem = (text: string): KeyObject => {
  if (text.length > MAX_PRIVATE_KEY_PEM_LENGTH) {
    throw keyError(
      "Unparseable",
      `privateKey is ${text.length} characters long, more than the ${MAX_PRIVATE_KEY_PEM_LENGTH} (64 KiB) a private key file can be ` +
        "(an RSA 4096 key is about 3.3 KB): pass the key file itself (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----), not a bundle or another file."
    )
  }
  // .env files often keep the PEM on one line with literal \n sequences.
  const pem = text.includes("\\n") && !text.includes("\n") ? text.replaceAll("\\n", "\n") : text
  const { blocks, labels } = scanPem(pem)
  if (labels.includes("ENCRYPTED PRIVATE KEY") || /Proc-Type:[ \t]*4,[ \t]*ENCRYPTED/i.test(pem)) {
    throw keyError(
      "Encrypted",
      "The private key PEM is encrypted with a passphrase, and a token request cannot prompt for it. " +
        "Decrypt it once with `openssl pkcs8 -in encrypted-key.pem -out key.pem` " +
        "(for a `Proc-Type: 4,ENCRYPTED` key: `openssl pkey -in encrypted-key.pem -out key.pem`) and keep key.pem in your secret store, " +
        "or pass `crypto.createPrivateKey({ key, passphrase })` as privateKey."
    )
  }
  const privateBlock = blocks.find((block) => PRIVATE_LABELS.has(block.label))
  if (privateBlock === undefined) {
    const publicLabel = blocks.map((block) => block.label).find((l) => /PUBLIC KEY|CERTIFICATE/.test(l))
    if (publicLabel !== undefined) {
      throw keyError(
        "NotPrivateKey",
        `privateKey holds a ${publicLabel.includes("CERTIFICATE") ? "certificate" : "public key"} (-----BEGIN ${publicLabel}-----), not a private key. ` +
          "The certificate is what you upload to NetSuite; pass the private key it was made from " +
          "(-----BEGIN PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)."
      )
    }
    const found =
      blocks[0] !== undefined
        ? ` (found -----BEGIN ${blocks[0].label}-----)`
        : labels[0] !== undefined
          ? ` (found -----BEGIN ${labels[0]}----- without its -----END ${labels[0]}----- line)`
          : ""
    throw keyError(
      "Unparseable",
      `privateKey is not a PEM private key${found}. ` +
        "Pass the whole file including the -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- lines; " +
        "from an environment variable, keep the line breaks (literal \\n sequences are accepted)."
    )
  }
  try {
    return createPrivateKey({ key: privateBlock.text, format: "pem" })
  } catch {
    // OpenSSL's message says nothing useful and must not be echoed with key bytes; ours says what to check.
    throw keyError(
      "Unparseable",
      `The -----BEGIN ${privateBlock.label}----- block cannot be read: it is truncated or damaged. ` +
        "Check that no line is missing or wrapped differently, that nothing was added inside it, and that the line breaks survived " +
        "(literal \\n sequences in an environment variable are accepted)."
    )
  }
}
