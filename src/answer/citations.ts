/**
 * Citation checking. The model cites sources as [n] (also [1, 3], [1; 3] and [1][2]); a number that is not one
 * of the turn's sources is removed, with the space it leaves behind tidied.
 *
 * One character-driven state machine does the work both for whole strings (validateCitations) and for streamed
 * deltas (CitationStreamFilter): its output does not depend on how the input is split into chunks, so the
 * concatenated deltas of a stream equal the validated text of the whole answer. While a chunk ends in what may
 * still become a citation ("[", "[1", "[1, "), or in whitespace that a removed citation might make redundant,
 * that tail is held back until the next chunk (or end()) decides it.
 *
 * Tidying rules for a removed citation: a space before it is dropped when punctuation, whitespace or the end
 * follows ("pump [7]." -> "pump."; "pump [7] and" -> "pump and"); at the start of a line, the spaces after it
 * go ("[7] Close" -> "Close"). Leading and trailing whitespace of the whole answer is trimmed.
 */
import type { Citation, Source } from './types.ts'

/** A prefix of a citation token: "[", "[1", "[1,", "[1, 2". */
const PARTIAL = /^\[(?:\d{1,4}(?: *[,;] *\d{1,4})*(?: *[,;]? *)?)?$/
/** Longest text held back as a possible citation before it is let through as plain text. */
const MAX_TOKEN = 48
const CLOSING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', ')'])
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u00a0'
const isHorizontalSpace = (c: string) => isSpace(c) && c !== '\n'

export class CitationStreamFilter {
  private readonly valid: Set<number>
  private readonly citedOrder: number[] = []
  /** Whitespace seen but not yet emitted. */
  private ws = ''
  /** A possible citation being read, starting with "[". */
  private token: string | null = null
  /** Nothing but whitespace emitted so far. */
  private atStart = true
  private lastEmitted = ''
  /** Drop horizontal whitespace until the next visible character (after a citation removed at line start). */
  private skipSpaces = false
  /** A citation was removed right after `ws`: drop `ws` if punctuation or whitespace comes next. */
  private dropWsIfEnd = false
  private out = ''

  constructor(validNumbers: Iterable<number>) {
    this.valid = new Set(validNumbers)
  }

  /** Makes more source numbers citable (e.g. passages a tool call found). */
  allow(numbers: Iterable<number>): void {
    for (const n of numbers) this.valid.add(n)
  }

  /** Valid numbers cited so far, in order of first appearance. */
  get cited(): number[] {
    return [...this.citedOrder]
  }

  /** Feeds a chunk; returns the text that is now safe to show (possibly ''). */
  push(chunk: string): string {
    for (const c of chunk) this.step(c)
    return this.take()
  }

  /** Ends the text: an unfinished "[..." is plain text; trailing whitespace is dropped. */
  end(): string {
    if (this.token !== null) {
      const t = this.token
      this.token = null
      this.emit(this.ws + t)
      this.ws = ''
    }
    this.ws = ''
    this.dropWsIfEnd = false
    return this.take()
  }

  private take(): string {
    const s = this.out
    this.out = ''
    return s
  }

  private emit(s: string): void {
    if (s === '') return
    this.out += s
    this.lastEmitted = s[s.length - 1] as string
    this.atStart = false
  }

  private step(c: string): void {
    if (this.token !== null) {
      if (c === ']' && /\d *$/.test(this.token)) {
        const token = this.token + c
        this.token = null
        this.resolve(token)
        return
      }
      const next = this.token + c
      if (next.length <= MAX_TOKEN && PARTIAL.test(next)) {
        this.token = next
        return
      }
      // Not a citation after all: the held text is ordinary text.
      const text = this.token
      this.token = null
      this.dropWsIfEnd = false
      this.emit(this.ws + text)
      this.ws = ''
      this.skipSpaces = false
      // fall through to handle c afresh
    }
    if (this.dropWsIfEnd && c !== '[') {
      if (isSpace(c) || CLOSING_PUNCTUATION.has(c)) this.ws = ''
      this.dropWsIfEnd = false
    }
    if (isSpace(c)) {
      if (this.atStart) return
      if (this.skipSpaces && isHorizontalSpace(c)) return
      if (c === '\n') this.skipSpaces = false
      this.ws += c
      return
    }
    if (c === '[') {
      this.token = c
      return
    }
    this.emit(this.ws + c)
    this.ws = ''
    this.skipSpaces = false
  }

  private resolve(token: string): void {
    const numbers = (token.match(/\d+/g) ?? []).map(Number)
    const kept = [...new Set(numbers.filter((n) => this.valid.has(n)))]
    if (kept.length > 0) {
      for (const n of kept) if (!this.citedOrder.includes(n)) this.citedOrder.push(n)
      const allKept = kept.length === numbers.length
      this.emit(this.ws + (allKept ? token : `[${kept.join(', ')}]`))
      this.ws = ''
      this.dropWsIfEnd = false
      this.skipSpaces = false
      return
    }
    // Every number is invalid: drop the token and tidy the space around it.
    if (this.ws.includes('\n')) {
      this.skipSpaces = true
    } else if (this.ws !== '') {
      this.dropWsIfEnd = true
    } else if (this.atStart || this.lastEmitted === '\n') {
      this.skipSpaces = true
    }
  }
}

/** Removes citations of numbers that are not sources; returns the tidied text and the cited numbers in order. */
export function validateCitations(
  answer: string,
  sources: readonly Pick<Source, 'n'>[],
): { text: string; cited: number[] } {
  const filter = new CitationStreamFilter(sources.map((s) => s.n))
  const text = filter.push(answer) + filter.end()
  return { text, cited: filter.cited }
}

export const SNIPPET_CHARS = 300

/** Up to ~max characters of the passage, cut at a word boundary where one is near. */
export function snippet(text: string, max = SNIPPET_CHARS): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (clean.length <= max) return clean
  const cut = clean.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** Citations for the cited numbers (in the given order); numbers without a source are skipped. */
export function toCitations(cited: readonly number[], sources: readonly Source[]): Citation[] {
  const byNumber = new Map(sources.map((s) => [s.n, s]))
  return cited.flatMap((n) => {
    const s = byNumber.get(n)
    if (!s) return []
    const d = s.hit.document
    return [
      {
        n,
        document: { id: d.id, title: d.title, source: d.source },
        page: s.hit.page,
        section: s.hit.section,
        snippet: snippet(s.hit.text),
      },
    ]
  })
}
