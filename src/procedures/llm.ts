/**
 * LLM mode for procedure drafts: the model rewrites the prose of the sections a planner reads as prose (scope,
 * hazards, task steps, return to service) from the same cited sources the offline draft was assembled from.
 * The lockout/tagout stages, the tools and parts and the references stay exactly as assembled: isolation steps
 * are copied from the site's approved SOP, never paraphrased. Every sentence the model writes must cite one of
 * the numbered sources; a marker that is not one is removed, and a section it cannot cite keeps its assembled
 * text. A model that fails or answers out of shape leaves the offline draft as it is.
 */
import type { LlmConfig } from '../answer/copilot.ts'
import { escapeAttr, escapeText, loadPrompt } from '../answer/prompts.ts'
import { citationKey, describeCitation } from './draft.ts'
import type { Citation, ProcedureDraft, ProcedureSection, SectionKey } from './types.ts'

/** The sections the model writes; everything else is kept as assembled. */
export const PROSE_SECTIONS: readonly SectionKey[] = ['scope', 'hazards', 'steps', 'return_to_service']

const TIMEOUT_MS = 60_000
const MAX_TEXT = 2000

interface ModelSection {
  key?: unknown
  text?: unknown
  items?: unknown
}

export async function writeProse(llm: LlmConfig, draft: ProcedureDraft): Promise<ProcedureDraft> {
  const targets = draft.sections.filter((s) => PROSE_SECTIONS.includes(s.key) && !s.missing)
  if (targets.length === 0) return draft
  // One numbered list of sources across the sections the model writes.
  const sources: Citation[] = []
  const numberOf = new Map<string, number>()
  for (const s of targets) {
    for (const c of s.citations) {
      const k = citationKey(c)
      if (!numberOf.has(k)) {
        sources.push(c)
        numberOf.set(k, sources.length)
      }
    }
  }
  const res = await llm.client.chat.completions.create(
    {
      model: llm.model,
      temperature: 0.2,
      messages: [
        { role: 'system', content: loadPrompt('procedure') },
        { role: 'user', content: renderRequest(draft, targets, sources, numberOf) },
      ],
    },
    { timeout: TIMEOUT_MS, maxRetries: 1 },
  )
  const written = parseSections(res.choices[0]?.message?.content ?? '')
  const byKey = new Map(targets.map((s) => [s.key, s]))
  const replaced = new Map<SectionKey, ProcedureSection>()
  for (const w of written) {
    const original = byKey.get(w.key as SectionKey)
    if (!original || replaced.has(original.key)) continue
    const section = rewritten(original, w, sources)
    if (section) replaced.set(original.key, section)
  }
  // Nothing usable (prose without citations, no JSON): the assembled draft stands, marked as such.
  if (replaced.size === 0) return draft
  return {
    ...draft,
    sections: draft.sections.map((s) => replaced.get(s.key) ?? s),
    writtenBy: { mode: 'llm', model: llm.model, sections: [...replaced.keys()] },
  }
}

/** The task, the equipment and each section's assembled content, its sources fenced and numbered. */
function renderRequest(
  draft: ProcedureDraft,
  targets: ProcedureSection[],
  sources: Citation[],
  numberOf: Map<string, number>,
): string {
  const parts = [
    `Task: ${draft.task}`,
    `Equipment: ${draft.asset.tag}${draft.asset.name ? ` (${draft.asset.name})` : ''}, site ${draft.asset.site}`,
    `Write these sections: ${targets.map((s) => s.key).join(', ')}.`,
    '',
  ]
  for (const s of targets) {
    parts.push(`Section "${s.key}" (${s.heading}), assembled from the documents:`)
    const body = [...s.text, ...s.items.map((i, k) => `${s.ordered ? `${k + 1}.` : '-'} ${i}`)].join('\n')
    const ns = s.citations.map((c) => numberOf.get(citationKey(c))!)
    parts.push(
      `<source n="${ns.join(',')}" from="${escapeAttr(s.citations.map(describeCitation).join('; '))}">\n${escapeText(body)}\n</source>`,
    )
    parts.push('')
  }
  parts.push('Sources by number:')
  for (const [n, c] of sources.entries()) parts.push(`[${n + 1}] ${escapeText(describeCitation(c))}`)
  return parts.join('\n')
}

function parseSections(content: string): ModelSection[] {
  const json = content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1)
  try {
    const v = JSON.parse(json) as { sections?: unknown }
    return Array.isArray(v.sections) ? (v.sections as ModelSection[]) : []
  } catch {
    return []
  }
}

/**
 * The model's version of a section, its citations those it cited (the markers themselves are taken out: a
 * section lists its sources as the assembled ones do). Null when it wrote nothing usable or cited nothing (the
 * assembled section is kept then).
 */
function rewritten(
  original: ProcedureSection,
  w: ModelSection,
  sources: Citation[],
): ProcedureSection | null {
  const cited = new Set<number>()
  const clean = (v: unknown): string[] =>
    (Array.isArray(v) ? v : [])
      .filter((x): x is string => typeof x === 'string')
      .map((x) =>
        x
          .slice(0, MAX_TEXT)
          .replace(/\[(\d+)\]/g, (_, d: string) => {
            const n = Number(d)
            if (n >= 1 && n <= sources.length) cited.add(n)
            return ''
          })
          .replace(/\s+([.,;:])/g, '$1')
          .replace(/\s{2,}/g, ' ')
          .trim(),
      )
      .filter(Boolean)
      .slice(0, 200)
  const text = clean(w.text)
  const items = clean(w.items)
  if ((text.length === 0 && items.length === 0) || cited.size === 0) return null
  return {
    ...original,
    text,
    items,
    citations: [...cited].sort((a, b) => a - b).map((n) => sources[n - 1]!),
  }
}
