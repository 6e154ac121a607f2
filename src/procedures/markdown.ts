/**
 * A procedure as Markdown: numbered sections, numbered lists for steps, and per section the numbers of its
 * sources in the references list at the end.
 */
import { citationKey, describeCitation } from './draft.ts'
import type { Citation, ProcedureDraft, ProcedureSection } from './types.ts'

/** Numbers every distinct citation of the draft in the order sections first use them. */
export function numberCitations(draft: ProcedureDraft): Map<string, { n: number; citation: Citation }> {
  const out = new Map<string, { n: number; citation: Citation }>()
  const visit = (s: ProcedureSection) => {
    for (const c of s.citations) {
      const k = citationKey(c)
      if (!out.has(k)) out.set(k, { n: out.size + 1, citation: c })
    }
    for (const sub of s.subsections ?? []) visit(sub)
  }
  for (const s of draft.sections) if (s.key !== 'references') visit(s)
  for (const s of draft.sections) if (s.key === 'references') visit(s)
  return out
}

export function toMarkdown(draft: ProcedureDraft): string {
  const refs = numberCitations(draft)
  const sources = (s: ProcedureSection) => {
    const ns = [...new Set(s.citations.map((c) => refs.get(citationKey(c))!.n))]
    return ns.length ? `_Sources: ${ns.map((n) => `[${n}]`).join(', ')}_` : ''
  }
  const lines: string[] = [`# ${draft.title}`, '']
  lines.push(`- Asset: ${draft.asset.tag}${draft.asset.name ? ` (${draft.asset.name})` : ''}`)
  lines.push(`- Site: ${draft.asset.site}`)
  lines.push(`- Task: ${draft.task}`)
  lines.push(`- Drafted: ${draft.generatedAt}`)
  if (draft.writtenBy?.mode === 'llm')
    lines.push(
      `- Written by: ${draft.writtenBy.model ?? 'a language model'} (${(draft.writtenBy.sections ?? []).join(', ')}) from the cited sources; lockout/tagout steps copied from the SOP`,
    )
  lines.push('')
  const body = (s: ProcedureSection, level: number, number: string) => {
    lines.push(`${'#'.repeat(level)} ${number} ${s.heading}`, '')
    if (s.missing) lines.push(`> Not found: ${s.missing}. Write this section before review.`, '')
    for (const t of s.text) lines.push(t, '')
    if (s.key === 'references') {
      for (const { n, citation } of refs.values()) lines.push(`${n}. ${describeCitation(citation)}`)
      lines.push('')
      return
    }
    if (s.items.length) {
      for (const [i, item] of s.items.entries()) lines.push(`${s.ordered ? `${i + 1}.` : '-'} ${item}`)
      lines.push('')
    }
    const src = sources(s)
    if (src) lines.push(src, '')
    for (const [i, sub] of (s.subsections ?? []).entries()) body(sub, level + 1, `${number}${i + 1}.`)
  }
  for (const [i, s] of draft.sections.entries()) body(s, 2, `${i + 1}.`)
  return `${lines.join('\n').trimEnd()}\n`
}
