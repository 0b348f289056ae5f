/** The entries of plain-object headers or of AxiosHeaders. */
export const headerEntries = (headers: unknown): Array<[string, unknown]> => {
  if (typeof headers !== "object" || headers === null) return []
  const plain =
    typeof (headers as { toJSON?: unknown }).toJSON === "function"
      ? (headers as { toJSON: () => Record<string, unknown> }).toJSON()
      : (headers as Record<string, unknown>)
  return Object.entries(plain)
}
