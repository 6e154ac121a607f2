import { baseName, decodeText, extensionOf } from './textutil.ts'
import type { Block, ParsedDocument } from './types.ts'

/**
 * "4 Lubrication", "4.2 Bearing lubrication", "4.2.1. Grease", "Section 3 Shutdown": a short line with a
 * section number and a capitalised title, without sentence punctuation at the end. "1. Remove the cover"
 * (one number with a dot) is a numbered list item, not a heading.
 */
const NUMBERED_HEADING =
  /^(?:(?:Section|Chapter|Part|SECTION|CHAPTER|PART)\s+)?(\d{1,2}(?:\.\d{1,2}){1,4}\.?|\d{1,2})[ \t]+(\p{Lu}[^\n]*)$/u
const BULLET = /^[ \t]*(?:[-*•●▪◦–]|\d{1,3}[.)]|[a-z][.)])[ \t]+\S/
/** A log line starting with a date or time stamp. */
const LOG_LINE = /^\s*(?:\[?\d{4}-\d{2}-\d{2}|\[?\d{1,2}\/\d{1,2}\/\d{2,4}|\[?\d{2}:\d{2}(?::\d{2})?\b)/

/** The heading level if `line` looks like a numbered heading, else 0. */
export function numberedHeadingLevel(line: string): number {
  const t = line.trim()
  if (t.length > 90 || /[.,;:]$/.test(t)) return 0
  const m = NUMBERED_HEADING.exec(t)
  if (!m) return 0
  const title = m[2]!
  if (title.split(/\s+/).length > 12) return 0
  return m[1]!.replace(/\.$/, '').split('.').length
}

/** A short line in capitals ("SAFETY PRECAUTIONS"), not an admonition word. */
export function isCapsHeading(line: string): boolean {
  const t = line.trim()
  if (t.length < 4 || t.length > 60) return false
  const letters = t.replace(/[^\p{L}]/gu, '')
  if (letters.length < 4 || letters !== letters.toUpperCase()) return false
  return !/^(WARNING|CAUTION|NOTE|DANGER|NOTICE|IMPORTANT)\b/.test(t)
}

/**
 * Reads plain text: paragraphs are separated by blank lines; a line that looks like a numbered heading (or a
 * short ALL-CAPS line) becomes a heading; lines starting with a bullet or "1." / "a)" become list items.
 * In `.log` files every time-stamped line is its own paragraph.
 */
export function textToBlocks(source: string, isLog = false): Block[] {
  const blocks: Block[] = []
  const paragraphs = source.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)
  for (const para of paragraphs) {
    const lines = para.split('\n').filter((l) => l.trim())
    let buffer: string[] = []
    let kind: 'paragraph' | 'list-item' = 'paragraph'
    const flush = () => {
      let text = buffer
        .map((l) => l.trim())
        .join(' ')
        .replace(/[ \t]+/g, ' ')
      // Bullet glyphs carry nothing; step numbers ("1.", "a)") stay.
      if (kind === 'list-item') text = text.replace(/^[-*•●▪◦–][ \t]+/, '')
      if (text) blocks.push({ type: kind, text, page: null })
      buffer = []
      kind = 'paragraph'
    }
    for (const line of lines) {
      const level = numberedHeadingLevel(line)
      const caps = !level && lines.length === 1 && isCapsHeading(line)
      if (level || caps) {
        flush()
        blocks.push({ type: 'heading', text: line.trim(), page: null, level: level || 1 })
        continue
      }
      if (BULLET.test(line) || (isLog && LOG_LINE.test(line))) {
        flush()
        kind = BULLET.test(line) ? 'list-item' : 'paragraph'
      }
      buffer.push(line)
    }
    flush()
  }
  return blocks
}

export function parseText(bytes: Uint8Array, fileName: string): ParsedDocument {
  const blocks = textToBlocks(decodeText(bytes), extensionOf(fileName) === 'log')
  return { title: baseName(fileName), mimeType: 'text/plain', pageCount: null, blocks, warnings: [] }
}
