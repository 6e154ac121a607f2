/**
 * From positioned text runs (what a PDF text layer holds) to blocks: lines, running headers and footers,
 * paragraphs, headings, list items and words hyphenated across line ends. Pure functions, no PDF library.
 */
import { isCapsHeading, numberedHeadingLevel } from './text.ts'
import type { Block } from './types.ts'

/** One piece of text as the PDF places it (PDF user space: y grows upwards). */
export interface TextRun {
  text: string
  x: number
  y: number
  width: number
  fontSize: number
  /** The run is followed by a line break in the content stream. */
  eol?: boolean
}

export interface Line {
  text: string
  x: number
  xEnd: number
  y: number
  fontSize: number
  /** Where the line falls apart at wide gaps (table columns): each piece's start and text; absent for one piece. */
  cells?: Array<{ x: number; text: string }>
}

/** A gap this many font sizes wide separates table cells, not words. */
const CELL_GAP_EM = 1.5

export interface PageLines {
  /** 1-based page number. */
  page: number
  lines: Line[]
}

/**
 * Groups runs into lines, in content-stream order: a new line starts after an end-of-line mark or when the
 * baseline moves by more than ~40% of the font size. Runs on one line are joined with a space when there is a
 * visible gap between them.
 */
export function buildLines(runs: readonly TextRun[]): Line[] {
  const lines: Line[] = []
  let cur: Line | null = null
  let breakNext = false
  let cellBreak = false
  for (const r of runs) {
    if (!r.text) {
      if (r.eol) breakNext = true
      continue
    }
    const size = r.fontSize || 10
    const sameLine = cur && !breakNext && Math.abs(r.y - cur.y) <= 0.4 * Math.max(size, cur.fontSize)
    if (cur && sameLine) {
      const gap = r.x - cur.xEnd
      const needsSpace = gap > 0.15 * size && !cur.text.endsWith(' ') && !r.text.startsWith(' ')
      cur.text += (needsSpace ? ' ' : '') + r.text
      const cells = cur.cells!
      // pdf.js reports the space between table cells as a wide blank run: that, or a wide gap, starts a cell.
      const blank = r.text.trim() === ''
      if (blank && r.width > CELL_GAP_EM * size) cellBreak = true
      else if (!blank && (cellBreak || gap > CELL_GAP_EM * size)) {
        cells.push({ x: r.x, text: r.text })
        cellBreak = false
      } else cells[cells.length - 1]!.text += (needsSpace ? ' ' : '') + r.text
      cur.xEnd = Math.max(cur.xEnd, r.x + r.width)
      cur.fontSize = Math.max(cur.fontSize, size)
    } else {
      if (cur) lines.push(cur)
      cellBreak = false
      cur = {
        text: r.text,
        x: r.x,
        xEnd: r.x + r.width,
        y: r.y,
        fontSize: size,
        cells: [{ x: r.x, text: r.text }],
      }
    }
    breakNext = !!r.eol
  }
  if (cur) lines.push(cur)
  return lines
    .map((l) => {
      const cells = (l.cells ?? []).map((c) => ({ x: c.x, text: tidy(c.text) })).filter((c) => c.text)
      const { cells: _, ...rest } = l
      return { ...rest, text: tidy(l.text), ...(cells.length >= 2 ? { cells } : {}) }
    })
    .filter((l) => l.text.length > 0)
}

/** Dot leaders of a table of contents ("Camshaft ........ 1-18") carry no text; spaces collapse. */
function tidy(text: string): string {
  return text
    .replace(/(?:\s*\.){4,}\s*/g, ' … ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Which lines are rows of a table: lines in several cells whose columns line up with a neighbouring line's
 * (at least two cell starts within a few points). A lone line with a wide gap (a figure label, a dot-leader
 * entry) is not a table.
 */
export function tableRows(lines: readonly Line[]): boolean[] {
  const aligned = (a: Line | undefined, b: Line | undefined) => {
    if (!a?.cells || !b?.cells) return false
    const near = a.cells.filter((c) => b.cells!.some((d) => Math.abs(d.x - c.x) <= 3)).length
    return near >= 2
  }
  return lines.map((l, k) => aligned(l, lines[k - 1]) || aligned(l, lines[k + 1]))
}

/** "1-16", "G-2", "iv", "12", "Page 3", "3 of 40": what a printed page number looks like. */
const PAGE_LABEL =
  /^(?:page\s+)?(?:[A-Z]{1,3}[-–.])?(\d{1,4})(?:[-–.](\d{1,4}))?(?:\s+of\s+\d{1,4})?$|^([ivxlc]{1,7})$/i

function romanToInt(s: string): number | null {
  const v: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 }
  let total = 0
  const t = s.toLowerCase()
  for (let k = 0; k < t.length; k++) {
    const a = v[t[k]!]
    const b = v[t[k + 1] ?? ''] ?? 0
    if (a === undefined) return null
    total += a < b ? -a : a
  }
  return total
}

/** The running number of a page label ("1-16" -> 16, "G-2" -> 2, "iv" -> 4), or null. */
export function pageLabelNumber(token: string): number | null {
  const m = PAGE_LABEL.exec(token.trim())
  if (!m) return null
  if (m[3]) return romanToInt(m[3])
  return Number(m[2] ?? m[1])
}

/** Line text with digits and roman page numbers generalised, to compare running headers across pages. */
function shapeOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b[ivxlc]{1,7}\b(?=\s*$)|^[ivxlc]{1,7}\b/g, '#')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
}

export interface HeaderFooterResult {
  pages: PageLines[]
  /** Distinct shapes of the lines or labels that were removed, for diagnostics. */
  removed: string[]
}

/**
 * Removes running headers and footers, conservatively. Looks only at the two top-most and two bottom-most
 * lines of each page, and only when at least 3 pages have text:
 * - a short line (≤ 80 chars) that recurs at the top or bottom of at least half of the pages is removed where
 *   it recurs: either the very same text (a chapter title, a company name) or the same text up to a number
 *   that counts up with the pages ("Page 3 of 40", "G-2");
 * - a page label glued to the first or last line ("1-16 Single-Row Radial …") is cut off when the labels
 *   count up with the pages on at least 60% of them (so "1-5-3-6-2-4" in body text is never touched).
 * A page's only line is never removed.
 */
export function removeRunningHeadersFooters(input: readonly PageLines[]): HeaderFooterResult {
  const pages = input.map((p) => ({ page: p.page, lines: [...p.lines] }))
  const withText = pages.filter((p) => p.lines.length > 0)
  const removed = new Set<string>()
  if (withText.length < 3) return { pages, removed: [] }

  const edgeLines = (p: PageLines) => {
    const byY = [...p.lines].sort((a, b) => b.y - a.y)
    const picked = new Set<Line>([...byY.slice(0, 2), ...byY.slice(-2)])
    return [...picked]
  }

  // 1. Whole short lines that repeat at the page edges: the same text, or the same shape with a number that
  //    counts up with the pages ("Page 3 of 40").
  const threshold = Math.max(3, Math.ceil(withText.length * 0.5))
  const candidates = (p: PageLines) => edgeLines(p).filter((l) => l.text.length <= 80)
  const byShape = new Map<string, Array<{ page: number; text: string }>>()
  for (const p of withText) {
    const seen = new Set<string>()
    for (const l of candidates(p)) {
      const shape = shapeOf(l.text)
      if (seen.has(shape)) continue
      seen.add(shape)
      byShape.set(shape, [...(byShape.get(shape) ?? []), { page: p.page, text: l.text }])
    }
  }
  const running = new Set<string>()
  for (const [shape, hits] of byShape) {
    if (hits.length < threshold) continue
    const sameText = new Map<string, number>()
    for (const h of hits) sameText.set(h.text, (sameText.get(h.text) ?? 0) + 1)
    if (Math.max(...sameText.values()) >= threshold) {
      running.add(shape)
      continue
    }
    // Some number in the line keeps a constant offset to the page number on enough pages.
    const offsets = new Map<number, number>()
    for (const h of hits) {
      const numbers = new Set(
        [...h.text.matchAll(/\d+|\b[ivxlc]{1,7}\b/gi)]
          .map((m) => pageLabelNumber(m[0]) ?? -1)
          .filter((n) => n >= 0),
      )
      for (const n of numbers) offsets.set(n - h.page, (offsets.get(n - h.page) ?? 0) + 1)
    }
    if (Math.max(0, ...offsets.values()) >= threshold) running.add(shape)
  }
  for (const p of withText) {
    if (p.lines.length < 2) continue
    const drop = new Set(candidates(p).filter((l) => running.has(shapeOf(l.text))))
    if (drop.size >= p.lines.length) continue
    for (const l of drop) removed.add(shapeOf(l.text))
    p.lines = p.lines.filter((l) => !drop.has(l))
  }

  // 2. Page labels glued to the first token of the top line or the last token of the bottom line.
  for (const where of ['first', 'last'] as const) {
    const found: Array<{ p: PageLines; line: Line; token: string; n: number }> = []
    for (const p of withText) {
      if (p.lines.length === 0) continue
      const byY = [...p.lines].sort((a, b) => b.y - a.y)
      const line = where === 'first' ? byY[0]! : byY[byY.length - 1]!
      const tokens = line.text.split(' ')
      if (tokens.length < 2) continue
      const token = where === 'first' ? tokens[0]! : tokens[tokens.length - 1]!
      const n = pageLabelNumber(token)
      if (n !== null) found.push({ p, line, token, n })
    }
    // Labels count up with the page: the offset between label and page index is the same on most pages.
    const offsets = new Map<number, number>()
    for (const f of found) offsets.set(f.n - f.p.page, (offsets.get(f.n - f.p.page) ?? 0) + 1)
    const best = [...offsets].sort((a, b) => b[1] - a[1])[0]
    if (!best || best[1] < Math.max(3, Math.ceil(withText.length * 0.6))) continue
    for (const f of found) {
      if (f.n - f.p.page !== best[0]) continue
      const rest =
        where === 'first'
          ? f.line.text.slice(f.token.length).trim()
          : f.line.text.slice(0, -f.token.length).trim()
      f.p.lines = f.p.lines.map((l) => (l === f.line ? { ...l, text: rest } : l)).filter((l) => l.text)
      removed.add(shapeOf(f.token))
    }
  }
  return { pages, removed: [...removed] }
}

const WORD = /[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*/g

/**
 * Lowercased words and hyphenated compounds of a sequence of lines, for de-hyphenation decisions. The halves
 * of a word broken across a line end ("lubri-" / "cation") are left out, so they do not vouch for themselves.
 */
export function collectVocabulary(lines: readonly string[], into = new Set<string>()): Set<string> {
  let prevBroken = false
  for (const line of lines) {
    let t = line
    if (prevBroken) t = t.replace(/^\S+/, '')
    prevBroken = /[A-Za-z]-$/.test(line)
    if (prevBroken) t = t.replace(/\S+$/, '')
    for (const m of t.matchAll(WORD)) {
      const w = m[0].toLowerCase()
      into.add(w)
      if (w.includes('-')) for (const part of w.split('-')) into.add(part)
    }
  }
  return into
}

/** Word endings that only occur as the second half of a word broken by hyphenation. */
const SUFFIX_FRAGMENT =
  /^(ing|ings|tion|tions|sion|sions|ment|ments|ness|ity|ities|ed|er|ers|es|ly|al|ally|ance|ances|ence|ences|ive|ous|able|ible|ism|ist|ists|ure|ures)$/

/**
 * Joins two lines where the first ends with a hyphen after a letter, deciding whether the hyphen belongs to
 * the text or only to the line break:
 * 1. the document writes the hyphenated compound elsewhere and never the joined word: keep ("four-cylinder");
 * 2. the joined word occurs elsewhere: join ("lubri-" + "cation" -> "lubrication");
 * 3. the second half is only a word ending ("-ings", "-tion"): join;
 * 4. the first half is a word of its own ("torque-" + "measuring"): keep;
 * 5. otherwise join.
 */
export function joinHyphenated(left: string, right: string, vocabulary: ReadonlySet<string>): string {
  const head = /([A-Za-z]+)-$/.exec(left)?.[1]
  const tail = /^([a-z][a-z'’]*)/.exec(right)?.[1]
  if (!head || !tail) return `${left}${right}`
  const joined = `${head}${tail}`.toLowerCase()
  const compound = `${head}-${tail}`.toLowerCase()
  let keepHyphen: boolean
  if (vocabulary.has(compound) && !vocabulary.has(joined)) keepHyphen = true
  else if (vocabulary.has(joined)) keepHyphen = false
  else if (SUFFIX_FRAGMENT.test(tail)) keepHyphen = false
  else keepHyphen = head.length > 1 && vocabulary.has(head.toLowerCase())
  return keepHyphen ? `${left}${right}` : `${left.slice(0, -1)}${right}`
}

const BULLET = /^(?:[•●▪◦○■□‣⁃∙·*]|[-–](?=\s))\s*/
const ENUMERATED = /^(?:\d{1,2}[.)]|[a-z][.)])\s+\S/
const OUTLINE_START = /^\((?:[a-z]{1,2}|\d{1,3}|[ivxl]{1,6}|[A-Z])\)\s/
const ADMONITION = /^(WARNING|CAUTION|NOTE|DANGER|NOTICE)\b/

function median(values: number[]): number {
  if (values.length === 0) return 0
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** The font size most of the characters of the document are set in. */
export function bodyFontSize(pages: readonly PageLines[]): number {
  const weight = new Map<number, number>()
  for (const p of pages) {
    for (const l of p.lines) {
      const size = Math.round(l.fontSize * 2) / 2
      weight.set(size, (weight.get(size) ?? 0) + l.text.length)
    }
  }
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10
}

interface Draft {
  type: Block['type']
  lines: Line[]
  level?: number
  /** Table rows: the cells, and the table's first row as its header. */
  cells?: string[]
  header?: string
}

const endsSentence = (t: string) => /[.!?:;]["”’)]?$/.test(t)

/**
 * Turns the lines of one page into blocks. Paragraphs break at vertical gaps larger than ~1.5 times the
 * usual line spacing, at font-size changes, at a jump back up the page (next column), and after a short line
 * that ends a sentence. Lines set clearly larger than the body text, short numbered lines ("4.2 Bearing
 * lubrication") and short ALL-CAPS lines are headings; a line starting with a bullet, "1." or "a)" starts a
 * list item that runs on until the next item or paragraph break.
 */
export function pageToBlocks(
  page: PageLines,
  ctx: { bodySize: number; vocabulary: ReadonlySet<string>; headingSizes: readonly number[] },
): Block[] {
  const lines = page.lines
  if (lines.length === 0) return []
  const gaps: number[] = []
  for (let k = 1; k < lines.length; k++) {
    const g = lines[k - 1]!.y - lines[k]!.y
    if (g > 0 && Math.abs(lines[k]!.fontSize - lines[k - 1]!.fontSize) < 0.5) gaps.push(g)
  }
  const lineGap = median(gaps) || ctx.bodySize * 1.2
  // The right margin: a high percentile of where longer lines end (robust to a few wide figure labels).
  const longEnds = lines
    .filter((l) => l.text.length > 30)
    .map((l) => l.xEnd)
    .sort((a, b) => a - b)
  const rightEdge =
    longEnds.length >= 3
      ? longEnds[Math.floor((longEnds.length - 1) * 0.8)]!
      : Math.max(...lines.map((l) => l.xEnd))
  const leftEdge = Math.min(...lines.map((l) => l.x))
  const fullWidth = rightEdge - leftEdge

  const isShort = (l: Line) => l.xEnd < leftEdge + fullWidth * 0.75
  const headingLevelOf = (l: Line, prev: Line | undefined, next: Line | undefined): number => {
    const t = l.text
    if (t.length > 120 || ADMONITION.test(t)) return 0
    const big = l.fontSize >= ctx.bodySize * 1.15
    if (big && /\p{L}/u.test(t)) {
      const rank = ctx.headingSizes.findIndex((s) => Math.abs(s - l.fontSize) < 0.5)
      return rank >= 0 ? Math.min(rank + 1, 3) : 1
    }
    // Numbered and capitals headings must stand on their own line between sentence ends.
    const afterBreak =
      !prev || endsSentence(prev.text) || isShort(prev) || Math.abs(prev.fontSize - l.fontSize) >= 0.5
    const standsAlone = afterBreak && isShort(l)
    if (!standsAlone || next === undefined) return 0
    const numbered = numberedHeadingLevel(t)
    if (numbered) return numbered
    if (isCapsHeading(t)) return 2
    return 0
  }

  const drafts: Draft[] = []
  let cur: Draft | null = null
  const isRow = tableRows(lines)
  let header: string | undefined
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!
    const prev = lines[k - 1]
    if (isRow[k]) {
      // A table row is one block, cells joined with ' | '. The table's first row is its header: kept on every
      // row (the chunker repeats it where a chunk starts mid-table), not a row of its own, as for Markdown.
      const cells = l.cells!.map((c) => c.text)
      cur = null
      if (!isRow[k - 1]) {
        header = cells.join(' | ')
        if (isRow[k + 1]) continue
      }
      drafts.push({ type: 'table-row', lines: [l], cells, header })
      continue
    }
    const level = headingLevelOf(l, prev, lines[k + 1])
    if (level) {
      const last = drafts[drafts.length - 1]
      // A heading set on two lines: same size, directly below.
      if (
        cur === null &&
        last?.type === 'heading' &&
        prev &&
        Math.abs(prev.fontSize - l.fontSize) < 0.5 &&
        prev.y - l.y <= lineGap * 1.6 &&
        l.fontSize >= ctx.bodySize * 1.15
      ) {
        last.lines.push(l)
        continue
      }
      cur = null
      drafts.push({ type: 'heading', lines: [l], level })
      continue
    }
    const startsItem =
      BULLET.test(l.text) || (ENUMERATED.test(l.text) && (!prev || endsSentence(prev.text) || isShort(prev)))
    let newBlock = cur === null || startsItem || OUTLINE_START.test(l.text)
    if (!newBlock && prev) {
      const gap = prev.y - l.y
      // Jumping back up the page is a new column; a sentence cut there goes on.
      const nextColumn = gap < -lineGap * 0.5
      if (nextColumn && !(!endsSentence(prev.text) && /^[a-z]/.test(l.text))) newBlock = true
      else if (gap > lineGap * 1.5) newBlock = true
      else if (Math.abs(prev.fontSize - l.fontSize) >= 0.5) newBlock = true
      else if (endsSentence(prev.text) && isShort(prev) && cur?.type !== 'list-item') newBlock = true
      else if (
        endsSentence(prev.text) &&
        isShort(prev) &&
        cur?.type === 'list-item' &&
        l.x <= cur.lines[0]!.x + 1
      )
        newBlock = true
    }
    if (newBlock) {
      cur = { type: startsItem ? 'list-item' : 'paragraph', lines: [l] }
      drafts.push(cur)
    } else cur!.lines.push(l)
  }

  const blocks: Block[] = []
  for (const d of drafts) {
    let text = ''
    for (const l of d.lines) {
      if (!text) text = l.text
      else if (/[A-Za-z]-$/.test(text) && /^[a-z]/.test(l.text))
        text = joinHyphenated(text, l.text, ctx.vocabulary)
      else text = `${text} ${l.text}`
    }
    text = text.replace(/\s+/g, ' ').trim()
    if (d.type === 'list-item') text = text.replace(BULLET, '')
    if (d.cells) text = d.cells.join(' | ')
    if (!text) continue
    const block: Block = { type: d.type, text, page: page.page }
    if (d.type === 'heading') block.level = d.level ?? 1
    if (d.type === 'table-row' && d.header && d.header !== text) block.tableHeader = d.header
    blocks.push(block)
  }
  return blocks
}

export interface LayoutResult {
  blocks: Block[]
  /** Pages (1-based) without any text. */
  textlessPages: number[]
  removedRunning: string[]
}

/** The whole path for a document: headers/footers out, vocabulary for de-hyphenation, blocks per page. */
export function layoutPages(input: readonly PageLines[]): LayoutResult {
  const textlessPages = input.filter((p) => p.lines.length === 0).map((p) => p.page)
  const { pages, removed } = removeRunningHeadersFooters(input)
  const vocabulary = collectVocabulary(pages.flatMap((p) => p.lines.map((l) => l.text)))
  const bodySize = bodyFontSize(pages)
  const headingSizes = [
    ...new Set(
      pages
        .flatMap((p) => p.lines.map((l) => Math.round(l.fontSize * 2) / 2))
        .filter((s) => s >= bodySize * 1.15),
    ),
  ].sort((a, b) => b - a)
  const blocks = pages.flatMap((p) => pageToBlocks(p, { bodySize, vocabulary, headingSizes }))
  return { blocks, textlessPages, removedRunning: removed }
}
