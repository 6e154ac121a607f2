import { baseName, decodeText } from './textutil.ts'
import type { Block, ParsedDocument } from './types.ts'

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const SETEXT_1 = /^ {0,3}=+[ \t]*$/
const SETEXT_2 = /^ {0,3}-+[ \t]*$/
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/
const TABLE_SEPARATOR = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/
const QUOTE = /^ {0,3}>[ \t]?/

/** Removes inline Markdown markup, keeping the words: emphasis, code spans, links, images, escapes, tags. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])/g, '$1')
    .replace(/(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1')
}

function splitRow(line: string): string[] {
  let row = line.trim()
  if (row.startsWith('|')) row = row.slice(1)
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1)
  return row.split(/(?<!\\)\|/).map((c) => stripInlineMarkdown(c.trim()).replace(/\s+/g, ' '))
}

export interface MarkdownBlocks {
  blocks: Block[]
  /** First level-1 heading, or a `title:` in front matter, or null. */
  title: string | null
}

/**
 * Reads Markdown into blocks: ATX and setext headings, paragraphs (lines joined with a space), list items
 * (continuation lines included), pipe tables (one 'table-row' per body row, with the header row kept as
 * `tableHeader`), fenced and indented code as a paragraph that keeps its line breaks, block quotes as
 * paragraphs. Front matter at the very top is skipped.
 */
export function markdownToBlocks(source: string): MarkdownBlocks {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let frontTitle: string | null = null
  let i = 0
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, k) => k > 0 && /^(---|\.\.\.)\s*$/.test(l))
    if (end > 0) {
      for (const l of lines.slice(1, end)) {
        const m = /^title:\s*["']?(.*?)["']?\s*$/.exec(l)
        if (m?.[1]) frontTitle = m[1]
      }
      i = end + 1
    }
  }

  let para: string[] = []
  let item: { lines: string[]; indent: number } | null = null
  const push = (type: Block['type'], text: string, extra: Partial<Block> = {}) => {
    const clean = stripInlineMarkdown(text).trim()
    if (clean) blocks.push({ type, text: clean, page: null, ...extra })
  }
  const flushPara = () => {
    if (para.length) push('paragraph', para.map((l) => l.trim()).join(' '))
    para = []
  }
  const flushItem = () => {
    if (item) push('list-item', item.lines.map((l) => l.trim()).join(' '))
    item = null
  }
  const flush = () => {
    flushPara()
    flushItem()
  }
  const pushCode = (text: string) => {
    if (text.trim()) blocks.push({ type: 'paragraph', text, page: null })
  }

  for (; i < lines.length; i++) {
    const line = lines[i]!
    if (!line.trim()) {
      flush()
      continue
    }
    const fence = FENCE.exec(line)
    if (fence) {
      flush()
      const marker = fence[1]!
      const code: string[] = []
      for (i++; i < lines.length; i++) {
        const l = lines[i]!
        if (l.trim().startsWith(marker[0]!.repeat(marker.length)) && !l.trim().slice(marker.length).trim())
          break
        code.push(l)
      }
      pushCode(code.join('\n'))
      continue
    }
    const atx = ATX.exec(line)
    if (atx) {
      flush()
      push('heading', atx[2] ?? '', { level: atx[1]!.length })
      continue
    }
    // Setext heading: a one-line paragraph underlined with === or ---.
    if (para.length === 1 && !item && (SETEXT_1.test(line) || SETEXT_2.test(line))) {
      const text = para[0]!
      para = []
      push('heading', text, { level: SETEXT_1.test(line) ? 1 : 2 })
      continue
    }
    if (RULE.test(line)) {
      flush()
      continue
    }
    // Pipe table: a row with pipes followed by a separator row.
    const next = lines[i + 1]
    if (line.includes('|') && next !== undefined && TABLE_SEPARATOR.test(next) && next.includes('-')) {
      flush()
      const header = splitRow(line).join(' | ')
      let rows = 0
      for (i += 2; i < lines.length; i++) {
        const l = lines[i]!
        if (!l.trim() || !l.includes('|')) break
        const cells = splitRow(l)
        if (cells.every((c) => !c)) continue
        blocks.push({ type: 'table-row', text: cells.join(' | '), page: null, tableHeader: header })
        rows++
      }
      if (rows === 0) blocks.push({ type: 'table-row', text: header, page: null })
      i--
      continue
    }
    const li = LIST_ITEM.exec(line)
    if (li && (para.length === 0 || !/^\d/.test(li[2]!) || /^1[.)]$/.test(li[2]!))) {
      flush()
      item = { lines: [li[3]!], indent: li[1]!.length }
      continue
    }
    // Indented code (only where it cannot be a list continuation or paragraph continuation).
    if (/^( {4}|\t)/.test(line) && !item && para.length === 0) {
      const code: string[] = []
      for (; i < lines.length && (/^( {4}|\t)/.test(lines[i]!) || !lines[i]!.trim()); i++) {
        code.push(lines[i]!.replace(/^( {4}|\t)/, ''))
      }
      i--
      pushCode(code.join('\n').replace(/\n+$/, ''))
      continue
    }
    if (QUOTE.test(line)) {
      flushItem()
      para.push(line.replace(QUOTE, '').replace(QUOTE, ''))
      continue
    }
    if (item) {
      ;(item as { lines: string[] }).lines.push(line)
      continue
    }
    para.push(line)
  }
  flush()
  const h1 = blocks.find((b) => b.type === 'heading' && b.level === 1)
  return { blocks, title: h1?.text ?? frontTitle }
}

export function parseMarkdown(bytes: Uint8Array, fileName: string): ParsedDocument {
  const { blocks, title } = markdownToBlocks(decodeText(bytes))
  return {
    title: title ?? baseName(fileName),
    mimeType: 'text/markdown',
    pageCount: null,
    blocks,
    warnings: [],
  }
}
