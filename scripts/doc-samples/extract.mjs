// Finds the fenced code blocks of a Markdown file (CommonMark fences: ``` or ~~~, indented up to
// a list item's depth) with their language, attributes and line number.
import { readFileSync } from "node:fs"

/** The languages whose blocks are samples to run, and the file extension each runs as. */
export const RUNNABLE = {
  ts: ".ts",
  typescript: ".ts",
  js: ".mjs",
  javascript: ".mjs"
}

/** The attribute that marks a block as deliberately not runnable (an interface sketch, a fragment). */
export const NO_RUN = "no-run"

/**
 * @returns {Array<{ line: number, lang: string, attributes: string[], code: string }>}
 *   `line` is the 1-based line of the opening fence.
 */
export const fencedBlocks = (file) => {
  const lines = readFileSync(file, "utf8").split(/\r?\n/)
  const blocks = []
  let open
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (open === undefined) {
      const m = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(line)
      if (m === null) continue
      const [lang = "", ...attributes] = m[3].trim().split(/\s+/).filter(Boolean)
      open = { indent: m[1].length, fence: m[2], lang: lang.toLowerCase(), attributes, line: i + 1, body: [] }
      continue
    }
    const close = /^(\s*)(`{3,}|~{3,})\s*$/.exec(line)
    if (close !== null && close[2][0] === open.fence[0] && close[2].length >= open.fence.length) {
      blocks.push({
        line: open.line,
        lang: open.lang,
        attributes: open.attributes,
        code: open.body.join("\n")
      })
      open = undefined
      continue
    }
    // Content lines lose the fence's own indentation (a block inside a list item).
    open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)))
  }
  if (open !== undefined) throw new Error(`${file}:${open.line}: a code fence is never closed`)
  return blocks
}
