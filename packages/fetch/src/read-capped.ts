/** The body went past the cap: the caller decides what that means (a coded error, or "unreadable"). */
export class BodyTooLarge {
  readonly _tag = "BodyTooLarge"
}

/**
 * Reads a response body as UTF-8 text, at most `maxBytes` of it: past the cap the stream is
 * canceled (nothing more is downloaded) and it rejects with {@link BodyTooLarge}.
 */
export const readCapped = async (
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number
): Promise<string> => {
  if (body === null) return ""
  const reader = body.getReader()
  const chunks: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      // Not awaited: a branch of a cloned body settles its cancel only once the other branch is
      // canceled too, which happens after the caller is done with it.
      reader.cancel().catch(() => {})
      throw new BodyTooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString("utf8")
}
