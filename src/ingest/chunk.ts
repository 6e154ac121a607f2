/**
 * Structure-first chunking: blocks are packed into chunks along the document's structure (pages, headings,
 * legal-outline paragraphs); only a block that is too big on its own is cut, at sentence boundaries first.
 */
import {
  applyOutline,
  formatLocator,
  isWithin,
  leadingMarkers,
  looksOutlined,
  outlineCaptions,
} from './outline.ts'
import { sentenceSpans } from './textutil.ts'
import { type Block, type Chunk, IngestError } from './types.ts'

export interface ChunkOptions {
  /** Document title, put in front of every chunk's index text. */
  title: string
  /** Largest chunk text in characters (before the optional overlap sentence). Default 900. */
  maxChars?: number
  /**
   * Below this size a chunk keeps absorbing neighbours it could otherwise leave alone: sub-paragraphs of a
   * regulation, further definitions. Default 200 (at most a third of maxChars).
   */
  minChars?: number
  /**
   * When a paragraph is cut across two chunks, the second starts with the first part's last sentence if that
   * sentence is at most this long. 0 turns overlap off. Default 150 (at most a quarter of maxChars).
   */
  overlapChars?: number
  /** Legal-outline pass: 'auto' (default) runs it when the document looks outlined. */
  outline?: 'auto' | boolean
}

export const CHUNK_DEFAULTS = { maxChars: 900, minChars: 200, overlapChars: 150 } as const

/** One piece of content waiting to be packed. */
interface Unit {
  text: string
  type: Block['type']
  page: number | null
  /** Heading path, e.g. ['4 Lubrication', '4.2 Bearing lubrication']. */
  path: string[]
  locator: string[] | undefined
  tableHeader: string | undefined
  /** A "Term.   Meaning" paragraph of a definitions list. */
  definition: boolean
  /** Index of the source block; pieces of one block share it. */
  block: number
  /** Starts with outline markers, i.e. introduces its locator. */
  numbered: boolean
  /** A numbered paragraph that is only a caption, e.g. "(7) Training and communication." */
  title: boolean
}

interface Building {
  units: Unit[]
  size: number
  page: number | null
  path: string[]
  locator: string[] | undefined
  lastHeader: string | undefined
  /** Overlap sentence carried over from the previous chunk, and the block it came from. */
  lead: string
  leadBlock: number
  /** Only captions so far, each inside the one before (outlines). */
  chain: boolean
}

/**
 * A numbered paragraph that is only a caption: "(7) Training and communication.", "(c) General —".
 * At most six words, ending with a period, a dash or nothing (a lead-in ending with ':' or a list entry ending
 * with ';' is content).
 */
export function isCaption(text: string): boolean {
  const { markers, rest } = leadingMarkers(text)
  if (!markers.length) return false
  const t = rest.trim()
  return t.length <= 60 && t.split(/\s+/).length <= 6 && !/[.:;—–]\s+\S/.test(t) && !/[:;,]$/.test(t)
}

const DEFINITION = /^[A-Z][\w’'/,()-]*(?: [\w’'/,()-]+){0,7}\.(?:\s{2,}|\u00a0)\S/
const ITEM_TYPES = new Set<Block['type']>(['list-item', 'table-row'])

function checkOptions(o: Required<Omit<ChunkOptions, 'title' | 'outline'>>): void {
  if (!Number.isFinite(o.maxChars) || o.maxChars < 100) {
    throw new IngestError(`maxChars must be at least 100 (got ${o.maxChars})`, 'invalid_option', 'maxChars')
  }
  if (!Number.isFinite(o.minChars) || o.minChars < 0 || o.minChars >= o.maxChars) {
    throw new IngestError(
      `minChars must be between 0 and maxChars (got ${o.minChars})`,
      'invalid_option',
      'minChars',
    )
  }
  if (!Number.isFinite(o.overlapChars) || o.overlapChars < 0 || o.overlapChars > o.maxChars / 2) {
    throw new IngestError(
      `overlapChars must be between 0 and half of maxChars (got ${o.overlapChars})`,
      'invalid_option',
      'overlapChars',
    )
  }
}

/**
 * Cuts text that is longer than `max` into pieces of at most `max` characters: at sentence boundaries, with
 * the pieces balanced in size; a single sentence longer than `max` is cut at the last paragraph break, line
 * break, clause mark or space that fits (characters only as a last resort).
 */
export function splitOversized(text: string, max: number): string[] {
  if (text.length <= max) return [text]
  const spans: Array<[number, number]> = []
  for (const [a, b] of sentenceSpans(text)) {
    if (b - a <= max) spans.push([a, b])
    else for (const s of hardSplit(text, a, b, max)) spans.push(s)
  }
  const pieces = Math.ceil(text.trim().length / max)
  const target = Math.min(max, Math.ceil(text.length / pieces) + 40)
  const out: string[] = []
  let start = spans[0]?.[0] ?? 0
  let end = start
  for (const [a, b] of spans) {
    if (b - start > max || (end > start && b - start > target)) {
      out.push(text.slice(start, end).trim())
      start = a
    }
    end = b
  }
  out.push(text.slice(start, end).trim())
  return out.filter(Boolean)
}

/** Splits text[a, b) into spans of at most `max` characters at the coarsest separator that works. */
function hardSplit(text: string, a: number, b: number, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  let start = a
  while (b - start > max) {
    const window = text.slice(start, start + max)
    let cut = -1
    for (const sep of ['\n\n', '\n', '; ', ', ', ' ']) {
      const at = window.lastIndexOf(sep)
      if (at > max * 0.3) {
        cut = at + sep.length
        break
      }
    }
    if (cut <= 0) cut = max
    out.push([start, start + cut])
    start += cut
  }
  if (start < b) out.push([start, b])
  return out
}

/** The last sentence of a text if it is at most `max` characters, else ''. */
function lastSentence(text: string, max: number): string {
  const spans = sentenceSpans(text)
  const last = spans[spans.length - 1]
  if (!last) return ''
  const s = text.slice(last[0], last[1]).trim()
  return s.length <= max && s.length < text.length ? s : ''
}

const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((p, k) => p === b[k])

/**
 * Turns parsed blocks into chunks.
 *
 * - A chunk never spans two pages, two sections (any heading starts a new chunk) or a page-break block.
 * - Small neighbouring blocks are packed up to `maxChars`; list items and table rows are kept whole (only an
 *   item longer than `maxChars` on its own is cut); a longer paragraph is cut at sentence boundaries into
 *   balanced pieces, each after the first starting with the previous piece's last sentence (`overlapChars`).
 * - A table's header row is repeated at the top of every chunk that holds rows of that table.
 * - Outlined documents (29 CFR style): `section` is the locator of the chunk's first block, e.g. '(c)(7)(iv)';
 *   a chunk only holds blocks of that locator or its sub-paragraphs, and a sub-paragraph joins only while the
 *   chunk or the sub-paragraph is smaller than `minChars`, so most paragraphs keep their own locator. Each
 *   definition of a definitions list starts a new chunk once the current one reaches `minChars`.
 * - `indexText` is the title, the section path (for outlines also the ancestors' captions) and the text.
 */
export function chunkBlocks(input: readonly Block[], options: ChunkOptions): Chunk[] {
  const max = options.maxChars ?? CHUNK_DEFAULTS.maxChars
  // With a small maxChars the other defaults shrink along.
  const opts = {
    maxChars: max,
    minChars: options.minChars ?? Math.min(CHUNK_DEFAULTS.minChars, Math.floor(max / 3)),
    overlapChars: options.overlapChars ?? Math.min(CHUNK_DEFAULTS.overlapChars, Math.floor(max / 4)),
  }
  checkOptions(opts)
  const { maxChars, minChars, overlapChars } = opts
  const mode = options.outline ?? 'auto'
  let blocks = input
  let outlined = input.some((b) => b.outline)
  if (!outlined && (mode === true || (mode === 'auto' && looksOutlined(input)))) {
    blocks = applyOutline(input)
    outlined = blocks.some((b) => b.outline)
  }
  if (mode === false) outlined = false
  const captions = outlined ? outlineCaptions(blocks) : new Map<string, string>()

  const chunks: Chunk[] = []
  let path: Array<{ level: number; text: string }> = []
  let cur: Building | null = null

  const emit = () => {
    if (!cur || cur.units.length === 0) {
      cur = null
      return
    }
    const c: Building = cur
    cur = null
    let text = c.lead
    let header: string | undefined
    let prev: Unit | undefined
    for (const u of c.units) {
      const sep = !text
        ? ''
        : (prev ? prev.block : c.leadBlock) === u.block
          ? ' '
          : prev && ITEM_TYPES.has(prev.type) && ITEM_TYPES.has(u.type)
            ? '\n'
            : '\n\n'
      if (u.type === 'table-row' && u.tableHeader && u.tableHeader !== header) {
        text += `${sep}${u.tableHeader}\n${u.text}`
        header = u.tableHeader
      } else {
        text += `${sep}${u.text}`
        if (u.type !== 'table-row') header = undefined
      }
      prev = u
    }
    const locatorLabel = outlined && c.locator ? formatLocator(c.locator) : null
    const pathLabel = c.path.length ? c.path.join(' > ') : null
    const section = locatorLabel ?? pathLabel
    const context: string[] = []
    if (locatorLabel && c.locator) {
      // Captions of the ancestors, plus the chunk's own locator when its first block does not introduce it.
      const shown = new Set(
        c.units.filter((x) => x.numbered && x.locator).map((x) => formatLocator(x.locator!)),
      )
      for (let k = 1; k <= c.locator.length; k++) {
        const key = formatLocator(c.locator.slice(0, k))
        const caption = captions.get(key)
        if (caption && !shown.has(key)) context.push(caption)
      }
    }
    const sectionLine = [
      locatorLabel && pathLabel ? `${pathLabel} > ${locatorLabel}` : section,
      context.join(' > '),
    ]
      .filter(Boolean)
      .join('\n')
    chunks.push({
      ordinal: chunks.length,
      page: c.page,
      section,
      text,
      indexText: [options.title, sectionLine, text].filter(Boolean).join('\n'),
    })
  }

  const added = (c: Building, u: Unit) => {
    const last = c.units[c.units.length - 1]
    const sep = last
      ? last.block === u.block
        ? 1
        : ITEM_TYPES.has(u.type) && ITEM_TYPES.has(last.type)
          ? 1
          : 2
      : 0
    const header =
      u.type === 'table-row' && u.tableHeader && u.tableHeader !== c.lastHeader ? u.tableHeader.length + 1 : 0
    return c.size + sep + header + u.text.length
  }

  const continuesChain = (c: Building, u: Unit) => {
    const last = c.units[c.units.length - 1]!.locator
    return c.chain && !!last && !!u.locator && u.locator.length > last.length && isWithin(u.locator, last)
  }

  /** Why `u` cannot join the chunk being built: 'size', 'structure', or null when it can. */
  const blocker = (c: Building, u: Unit): 'size' | 'structure' | null => {
    if (c.page !== u.page || !samePath(c.path, u.path)) return 'structure'
    if (outlined) {
      if (!isWithin(u.locator, c.locator)) return 'structure'
      // Captions in front of their first sub-paragraph: that sub-paragraph anchors the chunk.
      if (continuesChain(c, u)) return added(c, u) > maxChars ? 'size' : null
      const same = (u.locator?.length ?? 0) === (c.locator?.length ?? 0)
      if (same && u.definition && c.size >= minChars) return 'structure'
      if (!same && c.size >= minChars && u.text.length >= minChars) return 'structure'
    }
    return added(c, u) > maxChars ? 'size' : null
  }

  const add = (u: Unit) => {
    let lead = ''
    let leadBlock = -1
    if (cur) {
      const why = blocker(cur, u)
      if (!why) {
        if (continuesChain(cur, u)) {
          if (!u.title) {
            cur.locator = u.locator
            cur.chain = false
          }
        } else cur.chain = false
        cur.size = added(cur, u)
        cur.units.push(u)
        if (u.type === 'table-row') cur.lastHeader = u.tableHeader
        return
      }
      // A paragraph cut in two repeats the last sentence of the first part at the start of the second.
      const last = cur.units[cur.units.length - 1]!
      if (
        why === 'size' &&
        overlapChars > 0 &&
        !outlined &&
        !ITEM_TYPES.has(u.type) &&
        last.block === u.block
      ) {
        lead = lastSentence(last.text, overlapChars)
        leadBlock = last.block
      }
      emit()
    }
    const header = u.type === 'table-row' && u.tableHeader ? u.tableHeader.length + 1 : 0
    cur = {
      units: [u],
      size: (lead ? lead.length + 1 : 0) + header + u.text.length,
      page: u.page,
      path: u.path,
      locator: u.locator,
      lastHeader: u.type === 'table-row' ? u.tableHeader : undefined,
      lead,
      leadBlock,
      chain: u.title,
    }
  }

  blocks.forEach((block, index) => {
    if (block.type === 'page-break') {
      emit()
      return
    }
    const text = block.text.trim()
    if (!text) return
    const numbered = outlined && leadingMarkers(text).markers.length > 0
    if (block.type === 'heading' && !numbered) {
      emit()
      const level = block.level ?? 1
      path = [...path.filter((h) => h.level < level), { level, text: text.replace(/\s+/g, ' ') }]
      return
    }
    const base = {
      type: block.type === 'heading' ? ('paragraph' as const) : block.type,
      page: block.page,
      path: path.map((h) => h.text),
      locator: outlined ? block.outline : undefined,
      tableHeader: block.tableHeader,
      definition: DEFINITION.test(text),
      block: index,
      numbered,
      title: numbered && isCaption(text),
    }
    const room = Math.max(100, maxChars - (block.tableHeader ? block.tableHeader.length + 1 : 0))
    const pieces = splitOversized(text, room)
    pieces.forEach((piece, k) => {
      add({ ...base, text: piece, numbered: numbered && k === 0, title: base.title && pieces.length === 1 })
    })
  })
  emit()
  return chunks
}
