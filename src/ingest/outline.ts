/**
 * Legal-outline numbering as used in U.S. regulations (29 CFR): (a) → (1) → (i) → (A) → (1) → (i), one level
 * inside the other. The pass below gives every block of such a document its locator, e.g. ['(c)', '(7)', '(iv)'].
 */
import type { Block } from './types.ts'

type LevelKind = 'lower-alpha' | 'arabic' | 'lower-roman' | 'upper-alpha'

/** The fixed order of numbering styles from the outermost level inwards. */
export const OUTLINE_LEVELS: readonly LevelKind[] = [
  'lower-alpha',
  'arabic',
  'lower-roman',
  'upper-alpha',
  'arabic',
  'lower-roman',
]

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50 }

function romanValue(token: string): number | null {
  if (!/^[ivxl]{1,7}$/.test(token)) return null
  let total = 0
  for (let k = 0; k < token.length; k++) {
    const v = ROMAN[token[k]!]!
    const next = ROMAN[token[k + 1] ?? ''] ?? 0
    total += v < next ? -v : v
  }
  // Reject non-canonical spellings such as "iiii" or "vv" by writing the value back.
  return toRoman(total) === token ? total : null
}

function toRoman(n: number): string {
  const table: Array<[number, string]> = [
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ]
  let out = ''
  for (const [v, s] of table) {
    while (n >= v) {
      out += s
      n -= v
    }
  }
  return out
}

/** Ordinal value of a marker token read as the given style (a = 1, aa = 27), or null when it is not one. */
export function markerValue(token: string, kind: LevelKind): number | null {
  switch (kind) {
    case 'lower-alpha':
      if (/^[a-z]$/.test(token)) return token.charCodeAt(0) - 96
      if (/^([a-z])\1$/.test(token)) return 26 + token.charCodeAt(0) - 96
      return null
    case 'upper-alpha':
      if (/^[A-Z]$/.test(token)) return token.charCodeAt(0) - 64
      if (/^([A-Z])\1$/.test(token)) return 26 + token.charCodeAt(0) - 64
      return null
    case 'arabic':
      return /^\d{1,3}$/.test(token) ? Number(token) : null
    case 'lower-roman':
      return romanValue(token)
  }
}

const isMarkerToken = (token: string) => OUTLINE_LEVELS.some((k) => markerValue(token, k) !== null)

/**
 * The outline markers a paragraph starts with, e.g. "(2)(i) Text" -> ['2', 'i'] and the text after them.
 * Only parenthesised tokens that are a letter, a number or a roman numeral count ("(See …)" does not).
 */
export function leadingMarkers(text: string): { markers: string[]; rest: string } {
  const markers: string[] = []
  let rest = text.trimStart()
  for (;;) {
    const m = /^\(([a-zA-Z]{1,7}|\d{1,3})\)[ \t\u00a0]*/.exec(rest)
    if (!m || !isMarkerToken(m[1]!)) break
    markers.push(m[1]!)
    rest = rest.slice(m[0].length)
  }
  return { markers, rest }
}

const APPENDIX = /^(Appendix\s+[A-Z0-9]{1,3})\b/

interface Level {
  depth: number
  value: number
  token: string
}

/**
 * Where a marker goes, given the current stack:
 * 1. the next sibling of the deepest level;
 * 2. the first child of the deepest level (value 1 in the next level's style);
 * 3. the next sibling of a shallower level, deepest first;
 * 4. otherwise (numbering restarted) the deepest level whose style can read it;
 * 5. otherwise (first children skipped) a child of the deepest level, if that style can read it.
 * With an empty stack the first style that reads the marker as 1 starts the outline (so an appendix may start
 * at "(1)"). Returns null when the marker fits nowhere.
 */
function place(stack: Level[], token: string): Level[] | null {
  const d = stack.length
  const sibling = (k: number) => {
    const level = stack[k]!
    const v = markerValue(token, OUTLINE_LEVELS[level.depth]!)
    return v !== null && v === level.value + 1
      ? [...stack.slice(0, k), { depth: level.depth, value: v, token }]
      : null
  }
  if (d === 0) {
    let depth = OUTLINE_LEVELS.findIndex((k) => markerValue(token, k) === 1)
    if (depth < 0) depth = OUTLINE_LEVELS.findIndex((k) => markerValue(token, k) !== null)
    if (depth < 0) return null
    return [{ depth, value: markerValue(token, OUTLINE_LEVELS[depth]!)!, token }]
  }
  const deepest = sibling(d - 1)
  if (deepest) return deepest
  const childDepth = stack[d - 1]!.depth + 1
  if (childDepth < OUTLINE_LEVELS.length && markerValue(token, OUTLINE_LEVELS[childDepth]!) === 1) {
    return [...stack, { depth: childDepth, value: 1, token }]
  }
  for (let k = d - 2; k >= 0; k--) {
    const s = sibling(k)
    if (s) return s
  }
  for (let k = d - 1; k >= 0; k--) {
    const v = markerValue(token, OUTLINE_LEVELS[stack[k]!.depth]!)
    if (v !== null) return [...stack.slice(0, k), { depth: stack[k]!.depth, value: v, token }]
  }
  if (childDepth < OUTLINE_LEVELS.length) {
    const v = markerValue(token, OUTLINE_LEVELS[childDepth]!)
    if (v !== null) return [...stack, { depth: childDepth, value: v, token }]
  }
  return null
}

const TEXT_TYPES = new Set<Block['type']>(['paragraph', 'list-item'])

/**
 * True when a meaningful share of the document's paragraphs start with outline markers: at least 5 of them
 * and at least 20% of paragraphs and list items.
 */
export function looksOutlined(blocks: readonly Block[]): boolean {
  let text = 0
  let marked = 0
  for (const b of blocks) {
    if (!TEXT_TYPES.has(b.type)) continue
    text++
    if (leadingMarkers(b.text).markers.length > 0) marked++
  }
  return marked >= 5 && marked >= 0.2 * text
}

/**
 * Returns copies of the blocks with `outline` set. A paragraph starting with markers gets the locator they
 * resolve to; other blocks inherit the current locator (notes, definitions, continuation text). A heading
 * without markers, or a paragraph starting "Appendix X", resets the numbering; blocks under an appendix get
 * locators like ['Appendix A', '(1)']. Blocks before the first marker keep no locator.
 */
export function applyOutline(blocks: readonly Block[]): Block[] {
  let stack: Level[] = []
  let root: string | null = null
  const current = (): string[] | undefined => {
    const parts = [...(root ? [root] : []), ...stack.map((l) => `(${l.token})`)]
    return parts.length ? parts : undefined
  }
  return blocks.map((block) => {
    const copy: Block = { ...block }
    delete copy.outline
    if (block.type === 'page-break') return copy
    const appendix = APPENDIX.exec(block.text)
    if (appendix && block.text.length < 200 && (block.type === 'heading' || block.type === 'paragraph')) {
      stack = []
      root = appendix[1]!.replace(/\s+/g, ' ')
    } else if (block.type === 'heading' || TEXT_TYPES.has(block.type)) {
      const { markers } = leadingMarkers(block.text)
      if (markers.length === 0 && block.type === 'heading') {
        stack = []
        root = null
      }
      for (const token of markers) {
        const next = place(stack, token)
        if (!next) break
        stack = next
      }
    }
    const outline = current()
    if (outline) copy.outline = outline
    return copy
  })
}

/** "(c)(7)(iv)"; a named root is followed by a space: "Appendix A (1)". */
export function formatLocator(parts: readonly string[]): string {
  let out = ''
  for (const p of parts) {
    if (out && (!p.startsWith('(') || !out.endsWith(')'))) out += ' '
    out += p
  }
  return out
}

/** True when `locator` is `section` itself or one of its sub-paragraphs. */
export function isWithin(
  locator: readonly string[] | undefined,
  section: readonly string[] | undefined,
): boolean {
  if (!section || !locator) return !section && !locator
  if (locator.length < section.length) return false
  return section.every((p, k) => locator[k] === p)
}

/** A short caption for a numbered paragraph: its first sentence or first ~80 characters. */
export function outlineCaption(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  const end = /[.:;—]\s|[.:;—]$/.exec(t)
  if (end && end.index < 100) return t.slice(0, end.index + 1).trim()
  if (t.length <= 90) return t
  const cut = t.slice(0, 80)
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 80)}…`
}

/**
 * Captions of every locator a document defines, keyed by formatLocator(locator): the caption of the block that
 * introduced it. Used to put a chunk's ancestors ("(c) General — > (7) Training and communication.") into
 * its index text.
 */
export function outlineCaptions(blocks: readonly Block[]): Map<string, string> {
  const captions = new Map<string, string>()
  for (const b of blocks) {
    if (!b.outline) continue
    const key = formatLocator(b.outline)
    if (captions.has(key)) continue
    const { markers } = leadingMarkers(b.text)
    const isRoot = !markers.length && b.outline.length === 1 && !b.outline[0]!.startsWith('(')
    if (markers.length || isRoot) {
      captions.set(key, outlineCaption(b.text))
      // "(2)(i) Text": the intermediate locators get their marker as caption.
      for (let k = 1; k < markers.length; k++) {
        const parent = formatLocator(b.outline.slice(0, b.outline.length - k))
        if (!captions.has(parent)) captions.set(parent, b.outline[b.outline.length - k - 1]!)
      }
    }
  }
  return captions
}
