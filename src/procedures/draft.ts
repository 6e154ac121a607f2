/**
 * Drafts a maintenance procedure offline: no model, only retrieved passages and the work-order log, put into
 * a fixed template (scope, hazards and PPE, energy isolation with the lockout/tagout stages in their required
 * order, tools and parts, task steps, return to service, references). Every section says where its text came from.
 */
import { sql } from 'drizzle-orm'
import { searchWorkOrders } from '../analytics/index.ts'
import type { LlmConfig } from '../answer/copilot.ts'
import type { EmbeddingProvider } from '../embed/types.ts'
import type { DocKind } from '../ingest/types.ts'
import { compactTag, type Plant } from '../plant/index.ts'
import { type SearchHit, search } from '../retrieve/search.ts'
import type { Store } from '../store/db.ts'
import { inSites } from '../store/documents.ts'
import { writeProse } from './llm.ts'
import { describeMention, partsFromWorkOrders, taskWords } from './parts.ts'
import { ownHeading, type SectionText, tableRows, toItems, wholeSection } from './passages.ts'
import { type Citation, LOTO_STEPS, type ProcedureDraft, type ProcedureSection } from './types.ts'

export interface DraftContext {
  store: Store
  embedder: EmbeddingProvider
  plant?: Plant | null
  /** LLM mode: the model rewrites the prose sections (src/procedures/llm.ts); absent = offline. */
  llm?: LlmConfig | null
}

export interface DraftRequest {
  asset: string
  task: string
  /** Sites the caller may see; '*' for all. */
  sites: string[] | '*'
}

export class UnknownAssetError extends Error {
  constructor(readonly asset: string) {
    super(`no asset "${asset}" on the sites you can see`)
    this.name = 'UnknownAssetError'
  }
}

interface ResolvedAsset {
  tag: string
  name: string | null
  site: string
  area: string | null
}

/** How many hits each section search reads before giving up on a heading match. */
const SEARCH_K = 10
/** Work orders cited per part or tool (the list line names the same ones). */
const MAX_WO_CITED = 5
const LOTO_TITLE = /lock\s*-?\s*out|tag\s*-?\s*out|\bLOTO\b|isolation/i

export async function draftProcedure(ctx: DraftContext, req: DraftRequest): Promise<ProcedureDraft> {
  const task = req.task.trim()
  if (!task) throw new Error('say which task the procedure is for')
  const asset = await resolveAsset(ctx, req.asset, req.sites)
  const finder = new SectionFinder(ctx, asset)
  const loto = await finder.lotoDocument()

  const scope = await finder.find('purpose and scope', /scope|purpose/i, { kinds: ['sop'], documentId: loto })
  const hazards = await finder.find('hazards personal protective equipment PPE', /hazard|protective|ppe/i, {
    kinds: ['sop'],
    documentId: loto,
  })
  const manualHazards = await finder.find('safety hazards', /hazard/i, { kinds: ['manual'] })
  const energy = await finder.find('energy sources isolation points', /energy\s+source|isolation\s+point/i, {
    kinds: ['sop'],
    documentId: loto,
  })
  const steps: ProcedureSection[] = []
  for (const step of LOTO_STEPS) {
    const found = await finder.find(step.heading, step.match, { kinds: ['sop'], documentId: loto })
    steps.push(
      listSection(
        step.key,
        step.heading,
        found,
        true,
        `no "${step.heading}" step found in the SOPs of ${asset.tag}`,
      ),
    )
  }
  const equipment = await finder.find('equipment needed tools', /equipment\s+needed|tools|materials/i, {
    kinds: ['sop'],
    documentId: loto,
  })
  const taskSection = await finder.taskSection(task)
  const back = await finder.find('return to service', /return\s+to\s+service|restor/i, {
    kinds: ['sop'],
    documentId: loto,
  })

  const sections: ProcedureSection[] = []
  sections.push(scopeSection(asset, task, scope, taskSection))
  sections.push(hazardSection(hazards, manualHazards))
  sections.push(energySection(asset, energy, steps))
  sections.push(await toolsSection(ctx.store, asset, task, equipment))
  sections.push(
    listSection('steps', `Steps: ${task}`, taskSection, true, `no manual passage found about "${task}"`),
  )
  sections.push(
    listSection('return_to_service', 'Return to service', back, true, 'no return-to-service steps found'),
  )
  sections.push(referencesSection(sections))
  const draft: ProcedureDraft = {
    title: `${capitalise(task)} — ${asset.tag}${asset.name ? ` ${asset.name}` : ''}`,
    asset: { tag: asset.tag, name: asset.name, site: asset.site },
    task,
    generatedAt: new Date().toISOString(),
    sections,
    writtenBy: { mode: 'offline' },
  }
  if (!ctx.llm) return draft
  try {
    return await writeProse(ctx.llm, draft)
  } catch (err) {
    // The assembled draft stands on its own: a model that is down costs the prose, not the draft.
    console.warn(`[procedures] the model could not write the draft's prose; kept the assembled text: ${err}`)
    return draft
  }
}

async function resolveAsset(ctx: DraftContext, name: string, sites: string[] | '*'): Promise<ResolvedAsset> {
  if (!name.trim()) throw new UnknownAssetError(name)
  if (ctx.plant) {
    const a = ctx.plant.findAsset(name, sites)
    if (!a) throw new UnknownAssetError(name)
    return { tag: a.tag, name: a.name, site: a.site, area: a.area.name }
  }
  // Without a plant registry: an asset is known when a document on a visible site is tagged with it.
  const siteFilter = inSites(sql`site_id`, sites) ?? sql`TRUE`
  const rows = await ctx.store.rows<{ site_id: string; tag: string }>(sql`
    SELECT site_id, tag FROM (SELECT DISTINCT site_id, unnest(asset_tags) AS tag FROM chunks WHERE ${siteFilter}) t
    WHERE regexp_replace(upper(tag), '[[:space:]_.-]+', '', 'g') = ${compactTag(name)}
    ORDER BY site_id LIMIT 1`)
  const row = rows[0]
  if (!row) throw new UnknownAssetError(name)
  return { tag: row.tag, name: null, site: row.site_id, area: null }
}

interface FindOptions {
  kinds: DocKind[]
  /** Search this document first, then the asset's other documents of those kinds. */
  documentId?: string | null
}

/** Finds whole sections of the asset's documents by searching for a heading. */
class SectionFinder {
  constructor(
    private readonly ctx: DraftContext,
    private readonly asset: ResolvedAsset,
  ) {}

  private search(query: string, kinds: DocKind[], documentId?: string | null): Promise<SearchHit[]> {
    return search(
      this.ctx,
      `${this.asset.tag} ${query}`,
      {
        sites: [this.asset.site],
        kinds,
        assetTags: [this.asset.tag],
        ...(documentId ? { documentIds: [documentId] } : {}),
      },
      { k: SEARCH_K },
    )
  }

  /** The asset's lockout/tagout SOP: the best SOP hit whose title speaks of lockout, tagout or isolation. */
  async lotoDocument(): Promise<string | null> {
    const hits = await this.search('lockout tagout isolation procedure', ['sop'])
    const hit = hits.find((h) => LOTO_TITLE.test(`${h.document.title} ${h.document.source}`)) ?? null
    return hit?.document.id ?? null
  }

  async find(query: string, heading: RegExp, opts: FindOptions): Promise<SectionText | null> {
    const tries = opts.documentId ? [opts.documentId, null] : [null]
    for (const doc of tries) {
      const hits = await this.search(query, opts.kinds, doc)
      const hit = hits.find((h) => heading.test(ownHeading(h.section)))
      if (hit) return wholeSection(this.ctx.store, hit)
    }
    return null
  }

  /** The manual section about the task: the best hit whose own heading shares a word with the task. */
  async taskSection(task: string): Promise<SectionText | null> {
    const words = taskWords(task)
    for (const kinds of [['manual'], ['sop']] as DocKind[][]) {
      const hits = await this.search(task, kinds)
      if (!hits.length) continue
      const headed = hits.find((h) => words.some((w) => ownHeading(h.section).toLowerCase().includes(w)))
      return wholeSection(this.ctx.store, headed ?? hits[0]!)
    }
    return null
  }
}

function empty(key: ProcedureSection['key'], heading: string): ProcedureSection {
  return { key, heading, text: [], items: [], ordered: false, citations: [] }
}

function listSection(
  key: ProcedureSection['key'],
  heading: string,
  found: SectionText | null,
  ordered: boolean,
  missing: string,
): ProcedureSection {
  const s = { ...empty(key, heading), ordered }
  if (!found) return { ...s, missing }
  const { preamble, items } = toItems(found.text)
  return { ...s, text: preamble, items, citations: [found.citation] }
}

function scopeSection(
  asset: ResolvedAsset,
  task: string,
  scope: SectionText | null,
  taskSection: SectionText | null,
): ProcedureSection {
  const s = empty('scope', 'Scope')
  const where = [asset.area ? `area ${asset.area}` : null, `site ${asset.site}`].filter(Boolean).join(', ')
  s.text.push(`Task: ${task} on ${asset.tag}${asset.name ? ` (${asset.name})` : ''}, ${where}.`)
  if (scope) {
    s.text.push(...toItems(scope.text).items)
    s.citations.push(scope.citation)
  }
  if (taskSection) s.citations.push(taskSection.citation)
  if (!s.citations.length) s.missing = 'no scope passage found'
  return s
}

function hazardSection(sop: SectionText | null, manual: SectionText | null): ProcedureSection {
  const s = empty('hazards', 'Hazards and PPE')
  for (const found of [sop, manual]) {
    if (!found) continue
    const { preamble, items } = toItems(found.text)
    s.items.push(...preamble, ...items)
    s.citations.push(found.citation)
  }
  s.items = [...new Set(s.items)]
  if (!s.citations.length) s.missing = 'no hazards or PPE passage found'
  return s
}

function energySection(
  asset: ResolvedAsset,
  table: SectionText | null,
  steps: ProcedureSection[],
): ProcedureSection {
  const s = empty('energy', 'Energy sources and isolation (lockout/tagout)')
  if (table) {
    // Columns for another asset ("Isolation point P-102") are left out.
    const other = (h: string) => {
      const tags = h.match(/\b[A-Z]{1,4}-\d{2,4}[A-Z]?\b/g) ?? []
      return tags.length > 0 && !tags.some((t) => compactTag(t) === compactTag(asset.tag))
    }
    const rows = tableRows(table.text, other)
    if (rows) s.items.push(...rows)
    else s.items.push(...toItems(table.text).items)
    s.citations.push(table.citation)
  }
  s.text.push('Isolate in this order; do not start work before the isolation is verified.')
  s.subsections = steps
  s.citations = dedupe([...s.citations, ...steps.flatMap((x) => x.citations)])
  if (!s.citations.length) s.missing = 'no lockout/tagout SOP found for this asset'
  return s
}

async function toolsSection(
  store: Store,
  asset: ResolvedAsset,
  task: string,
  equipment: SectionText | null,
): Promise<ProcedureSection> {
  const s = empty('tools_parts', 'Tools and parts')
  const rows = await searchWorkOrders(store, { equipment: [asset.tag], sites: [asset.site] }, 500)
  const mentions = partsFromWorkOrders(rows, task)
  const titles = new Map(rows.map((r) => [r.woId, r.description ?? r.woId]))
  s.items.push(...mentions.map((m) => describeMention(m, MAX_WO_CITED)))
  const wos = [...new Set(mentions.flatMap((m) => m.woIds.slice(0, MAX_WO_CITED)))]
  s.citations.push(
    ...wos.map(
      (woId): Citation => ({
        type: 'work_order',
        woId,
        title: shorten(titles.get(woId) ?? woId),
        source: 'work orders',
        page: null,
        section: null,
      }),
    ),
  )
  if (equipment) {
    s.items.push(...toItems(equipment.text).items.map((x) => `Lockout equipment: ${x}`))
    s.citations.push(equipment.citation)
  }
  if (!s.citations.length) s.missing = 'no work orders or equipment lists found for this asset'
  return s
}

function referencesSection(sections: ProcedureSection[]): ProcedureSection {
  const s = empty('references', 'References')
  const all = dedupe(
    sections.flatMap((x) => [...x.citations, ...(x.subsections ?? []).flatMap((y) => y.citations)]),
  )
  s.citations = all
  s.items = all.map(describeCitation)
  return s
}

export function citationKey(c: Citation): string {
  return c.type === 'work_order' ? `wo:${c.woId}` : `doc:${c.documentId}:${c.section ?? ''}:${c.page ?? ''}`
}

export function describeCitation(c: Citation): string {
  if (c.type === 'work_order') return `${c.woId} (work order): ${c.title}`
  const where = [
    c.section ? `section "${ownHeading(c.section) || c.section}"` : null,
    c.page ? `page ${c.page}` : null,
  ]
    .filter(Boolean)
    .join(', ')
  return `${c.title} (${c.source})${where ? `, ${where}` : ''}`
}

function dedupe(cs: Citation[]): Citation[] {
  const seen = new Set<string>()
  return cs.filter((c) => {
    const k = citationKey(c)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

function shorten(s: string, n = 120): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s
}
