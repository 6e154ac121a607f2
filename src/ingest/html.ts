import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser'
import { baseName, collapseSpace, decodeText } from './textutil.ts'
import type { Block, ParsedDocument } from './types.ts'

/** Elements whose content is never document text. */
const SKIP = new Set([
  'script',
  'style',
  'nav',
  'footer',
  'noscript',
  'template',
  'svg',
  'head',
  'iframe',
  'button',
  'select',
  'canvas',
  'object',
  'math',
])

const HEADING = /^h([1-6])$/

/** Elements that separate text the way a paragraph boundary would. */
const BLOCK_BOUNDARY = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'form',
  'header',
  'hgroup',
  'html',
  'main',
  'p',
  'section',
  'summary',
  'caption',
  'ul',
  'ol',
  'li',
  'table',
  'tr',
  'td',
  'th',
  'hr',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
])

const tagOf = (el: HTMLElement) => (el.rawTagName ?? '').toLowerCase()
const isElement = (n: Node): n is HTMLElement => n.nodeType === NodeType.ELEMENT_NODE

/** Plain text of an element: entities decoded, skipped elements left out, block boundaries become spaces. */
function inlineText(el: HTMLElement, exclude: ReadonlySet<string> = new Set()): string {
  const parts: string[] = []
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      parts.push(node.text)
      return
    }
    if (!isElement(node)) return
    const tag = tagOf(node)
    if (SKIP.has(tag) || exclude.has(tag)) return
    if (tag === 'br' || BLOCK_BOUNDARY.has(tag)) parts.push(' ')
    for (const child of node.childNodes) walk(child)
    if (BLOCK_BOUNDARY.has(tag)) parts.push(' ')
  }
  for (const child of el.childNodes) walk(child)
  return collapseSpace(parts.join(''))
}

const NESTED_LISTS = new Set(['ul', 'ol'])

/** Looks like a header row: every cell filled, short and not a bare number. */
function headerLike(cells: string[]): boolean {
  return cells.length >= 2 && cells.every((c) => c.length > 0 && c.length <= 40 && !/^[\d\s.,:/%-]+$/.test(c))
}

class BlockCollector {
  readonly blocks: Block[] = []
  private inline: string[] = []

  private push(type: Block['type'], text: string, extra: Partial<Block> = {}) {
    const clean = collapseSpace(text)
    if (clean) this.blocks.push({ type, text: clean, page: null, ...extra })
  }

  flush() {
    const text = collapseSpace(this.inline.join(''))
    this.inline = []
    if (text) this.blocks.push({ type: 'paragraph', text, page: null })
  }

  visit(node: Node) {
    if (node.nodeType === NodeType.TEXT_NODE) {
      this.inline.push(node.text)
      return
    }
    if (!isElement(node)) return
    const tag = tagOf(node)
    if (SKIP.has(tag)) return
    const heading = HEADING.exec(tag)
    if (heading) {
      this.flush()
      this.push('heading', inlineText(node), { level: Number(heading[1]) })
      return
    }
    switch (tag) {
      case 'br':
        this.inline.push(' ')
        return
      case 'hr':
        this.flush()
        return
      case 'pre': {
        this.flush()
        const text = node.text.replace(/[ \t]+$/gm, '').replace(/^\n+|\n+$/g, '')
        if (text.trim()) this.blocks.push({ type: 'paragraph', text, page: null })
        return
      }
      case 'li': {
        this.flush()
        this.push('list-item', inlineText(node, NESTED_LISTS))
        this.visitNestedLists(node)
        return
      }
      case 'table':
        this.flush()
        this.table(node)
        return
    }
    const boundary = BLOCK_BOUNDARY.has(tag)
    if (boundary) this.flush()
    for (const child of node.childNodes) this.visit(child)
    if (boundary) this.flush()
  }

  private visitNestedLists(el: HTMLElement) {
    for (const child of el.childNodes) {
      if (!isElement(child)) continue
      const tag = tagOf(child)
      if (NESTED_LISTS.has(tag)) this.visit(child)
      else if (!SKIP.has(tag) && tag !== 'table') this.visitNestedLists(child)
    }
  }

  private table(table: HTMLElement) {
    const caption = table.childNodes.find((n): n is HTMLElement => isElement(n) && tagOf(n) === 'caption')
    if (caption) this.push('paragraph', inlineText(caption))
    const rows: Array<{ cells: string[]; header: boolean }> = []
    for (const tr of table.querySelectorAll('tr')) {
      if (tr.closest('table') !== table) continue // row of a nested table
      const cellEls = tr.childNodes.filter((n): n is HTMLElement => isElement(n) && /^t[dh]$/.test(tagOf(n)))
      const cells = cellEls.map((c) => inlineText(c))
      if (cells.every((c) => !c)) continue
      const inHead = tr.closest('thead') !== null && tr.closest('thead')?.closest('table') === table
      const allTh = cellEls.length > 0 && cellEls.every((c) => tagOf(c) === 'th')
      rows.push({ cells, header: inHead || allTh })
    }
    if (rows.length === 0) return
    // One-column "tables" are layout: their cells are paragraphs.
    if (rows.every((r) => r.cells.length <= 1)) {
      for (const r of rows) this.push('paragraph', r.cells[0] ?? '')
      return
    }
    let header: string | undefined
    const first = rows[0]!
    if (!rows.some((r) => r.header) && rows.length >= 3 && headerLike(first.cells)) first.header = true
    for (const row of rows) {
      const text = row.cells.join(' | ')
      if (row.header) {
        // A header row is context for the rows under it; it becomes a block only if nothing follows it.
        header = text
        continue
      }
      this.push('table-row', text, header ? { tableHeader: header } : {})
    }
    const last = rows[rows.length - 1]!
    if (last.header && header) this.push('table-row', header)
  }
}

export interface HtmlBlocks {
  blocks: Block[]
  /** Text of the first h1, else the <title>, else null. */
  title: string | null
}

/** Extracts headings, paragraphs, list items, table rows and preformatted text from an HTML string. */
export function htmlToBlocks(html: string): HtmlBlocks {
  const root = parse(html, { comment: false, blockTextElements: { script: true, style: true, pre: true } })
  const collector = new BlockCollector()
  const body = root.querySelector('body') ?? root
  collector.visit(body)
  collector.flush()
  const blocks = collector.blocks
  const h1 = blocks.find((b) => b.type === 'heading' && b.level === 1)
  const titleEl = root.querySelector('title')
  const title = h1?.text ?? (titleEl ? collapseSpace(titleEl.text) || null : null)
  return { blocks, title }
}

export function parseHtml(bytes: Uint8Array, fileName: string): ParsedDocument {
  const { blocks, title } = htmlToBlocks(decodeText(bytes))
  return { title: title ?? baseName(fileName), mimeType: 'text/html', pageCount: null, blocks, warnings: [] }
}
