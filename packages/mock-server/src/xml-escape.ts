const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;"
}

/** Escapes text for XML character data and attribute values. */
export const escapeXmlText = (value: string): string => value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
