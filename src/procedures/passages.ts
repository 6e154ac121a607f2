/**
 * Reading retrieved passages back as whole sections: a hit names a document and a section path; the section's
 * full text is every chunk of that document with the same path, in order. Also small text helpers that turn a
 * section into list items.
 */
import { sql } from 'drizzle-orm'
import type { SearchHit } from '../retrieve/search.ts'
import type { Store } from '../store/db.ts'
import type { Citation } from './types.ts'

export interface SectionText {
  citation: Extract<Citation, { type: 'document' }>
  text: string
}

/** The last heading of a section path without its numbering: "A > 5 Procedure > 5.3 Isolation" -> "Isolation". */
export function ownHeading(section: string | null): string {
  const last = (section ?? '').split('>').pop() ?? ''
  return last.replace(/^\s*(?:section\s+)?[\d.]+\)?\s*/i, '').trim()
}

export function citationOf(hit: SearchHit): Extract<Citation, { type: 'document' }> {
  return {
    type: 'document',
    documentId: hit.document.id,
    title: hit.document.title,
    source: hit.document.source,
    page: hit.page,
    section: hit.section,
  }
}

/** Every chunk of the hit's document under the hit's section path, joined in document order. */
export async function wholeSection(store: Store, hit: SearchHit): Promise<SectionText> {
  const rows = await store.rows<{ text: string; page: number | null }>(sql`
    SELECT text, page FROM chunks
    WHERE document_id = ${hit.document.id}::uuid AND section IS NOT DISTINCT FROM ${hit.section}
    ORDER BY id`)
  const texts = rows.length ? rows.map((r) => r.text) : [hit.text]
  const pages = rows.map((r) => r.page).filter((p): p is number => p !== null)
  const citation = citationOf(hit)
  if (pages.length) citation.page = Math.min(...pages)
  return { citation, text: texts.join('\n') }
}

const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/
const BULLET = /^\s*[-*•]\s+(.*)$/

/**
 * Splits a section's text into list items: numbered lines start items (a line that continues a chunk cut
 * mid-item joins the item before), as do bullets and, when the text has no numbers, each non-empty line.
 * Lines before the first numbered item are returned as the preamble.
 */
export function toItems(text: string): { preamble: string[]; items: string[] } {
  const lines = text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
  const numbered = lines.some((l) => NUMBERED.test(l))
  const preamble: string[] = []
  const items: string[] = []
  const seen = new Set<string>()
  let current: string | null = null
  const flush = () => {
    if (current !== null && !seen.has(current)) {
      seen.add(current)
      items.push(current)
    }
    current = null
  }
  for (const line of lines) {
    const n = NUMBERED.exec(line)
    const b = BULLET.exec(line)
    if (numbered) {
      if (n) {
        flush()
        current = n[2]!.trim()
      } else if (current !== null && !isNote(line)) current = `${current} ${line}`
      else if (current !== null) {
        flush()
        preamble.push(line)
      } else preamble.push(line)
    } else {
      flush()
      current = (b ? b[1]! : line).trim()
    }
  }
  flush()
  return { preamble, items }
}

/** A warning or note line that should stand apart from the numbered steps. */
function isNote(line: string): boolean {
  return /^(?:WARNING|CAUTION|DANGER|NOTE|NOTICE)\b/.test(line)
}

/** A Markdown/PDF table flattened to "ID | A | B" lines: each row as "A: x; B: y", leaving out some columns. */
export function tableRows(
  text: string,
  dropColumn: (header: string) => boolean = () => false,
): string[] | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('|'))
  if (lines.length < 2) return null
  const header = splitRow(lines[0]!)
  const out: string[] = []
  for (const line of lines.slice(1)) {
    const cells = splitRow(line)
    if (cells.every((c) => /^[-:\s]*$/.test(c))) continue
    if (cells.join('|') === header.join('|')) continue
    const [first, second, ...rest] = cells
    const parts = rest
      .map((v, i) => ({ h: header[i + 2] ?? '', v }))
      .filter(({ h, v }) => v && v !== '-' && !dropColumn(h))
      .map(({ h, v }) => (h ? `${h}: ${v}` : v))
    out.push(`${first}${second ? ` ${second}` : ''}${parts.length ? ` — ${parts.join('; ')}` : ''}`)
  }
  return out
}

function splitRow(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim())
}
