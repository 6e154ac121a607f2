/**
 * Offline routing of plant-data questions without a model: "why is P-101 alarming?", "any active alarms?",
 * "current discharge pressure of pump 101", "trend of TT-101A over the last 3 days", "what is K-201?". The tools
 * run exactly as the model would call them (so they are shown and audited); the answer is written from their
 * results, and for alarms from the site's documents too, cited.
 */

import type { Plant, Sites, TagInfo } from '../plant/index.ts'
import { assetsMentioned, tagsMentioned } from '../plant/index.ts'
import type { SearchHit } from '../retrieve/search.ts'
import { withSummary } from './tool-summary.ts'
import type { CopilotTool } from './tools.ts'
import type { Citation, EventSink, Source, ToolCallRecord } from './types.ts'

export interface PlantAnswer {
  answer: string
  citations: Citation[]
  sources: Source[]
  toolCalls: ToolCallRecord[]
}

export interface PlantIntentDeps {
  plant: Plant
  sites: Sites
  tools: CopilotTool[]
  /** Document search for explanations (site-scoped), e.g. the manual's troubleshooting passage. */
  searchDocs(query: string, asset: string | null): Promise<SearchHit[]>
  /** Picks the answering sentences of document passages (the offline answerer). */
  extract(
    question: string,
    hits: SearchHit[],
  ): { answer: string; citations: Citation[]; sources: Source[]; refused: boolean }
}

const WHY_ALARM =
  /\b(why|what'?s wrong|what is wrong|cause|reason|explain)\b.*\b(alarm\w*|trip\w*|high|low)\b|\balarm(ing)?\b.*\bwhy\b/i
const ALARMS = /\balarms?\b|\balarming\b/i
const TREND =
  /\b(trend\w*|history|histor\w*|over the (last|past)|since|past \d+|last \d+|last (hour|day|week|night|shift)|chang\w*|rising|falling|creep\w*)\b/i
/** A live reading is asked for: "now", "current", "reading", "how hot is it". */
const LIVE =
  /\b(current(ly)?|now|right now|at the moment|presently|at present|reading|readings|live|actual|value of|values)\b|\bhow (hot|cold|high|low|fast|loaded) is\b|\bwhat (is|are|'s) \S+ (reading|showing|doing)\b/i
/**
 * The question is about a setting, a specification, a quantity in the documents or a way of working, not about
 * the plant's state: "the trip setting", "oil capacity", "impeller diameter", "how do I", "how often". Those go
 * to the documents even when they name equipment and an instrument.
 */
const DOCUMENT_FACT =
  /\b(trip|trips|set ?points?|settings?|limits?|rated|rating|ratings|design|capacity|capacities|diameter|size|sizes|torque|clearances?|gap|interval|intervals|frequency|often|procedures?|steps?|how (do|to|should|must|can)|should|recommended|specifications?|specs?|maximum|minimum|max|min|normal|range|allowed|permissible|warranty|part numbers?|serial|model|manufacturer|vendor|supplier|cost|price|type of|grade|lubricant|grease|oil type|who|which technician|when was|commissioned|installed)\b/i
/** "What is K-201?", "tell me about the chiller": the equipment itself is what is asked about. */
const INFO =
  /^\s*(what is|what'?s|what are|tell me about|describe|info(rmation)? (on|about)|details (of|on|about))\b/i

/** Hours of history a question asks about (default 24). */
export function windowHours(q: string): number {
  const m = /\b(?:last|past|previous)\s+(\d+)\s*(h|hours?|d|days?|w|weeks?)\b/i.exec(q)
  if (m) {
    const n = Number(m[1])
    const u = m[2]!.toLowerCase()
    return u.startsWith('w') ? n * 168 : u.startsWith('d') ? n * 24 : n
  }
  if (/\b(last|past) week\b|\bthis week\b/i.test(q)) return 168
  if (/\byesterday\b|\blast day\b/i.test(q)) return 24
  if (/\b(last|this) shift\b/i.test(q)) return 8
  if (/\blast hour\b/i.test(q)) return 1
  return 24
}

/** The asset's tags the question's words point at ("bearing temperature" -> TT-101A/B), else all of them. */
function pickTags(question: string, tags: TagInfo[]): TagInfo[] {
  const words = new Set(question.toLowerCase().match(/[a-z]{3,}/g) ?? [])
  const scored = tags.map((t) => ({
    t,
    s: (t.description.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter(
      (w) => words.has(w) || words.has(w.replace(/s$/, '')),
    ).length,
  }))
  const best = Math.max(0, ...scored.map((x) => x.s))
  return best > 0 ? scored.filter((x) => x.s === best).map((x) => x.t) : tags
}

export async function routePlantQuestion(
  question: string,
  d: PlantIntentDeps,
  onEvent: EventSink,
): Promise<PlantAnswer | null> {
  const assets = assetsMentioned(question, d.plant.assets(d.sites))
  const allTags = await d.plant.listTags(d.sites)
  const named = tagsMentioned(question, allTags)
  const asset = assets[0] ?? named[0]?.asset ?? null
  const calls: ToolCallRecord[] = []
  const tool = async (name: string, args: Record<string, unknown>) => {
    const t = d.tools.find((x) => x.definition.type === 'function' && x.definition.function.name === name)!
    const { result } = await t.execute(args)
    calls.push({ name, arguments: args, result })
    onEvent({
      type: 'tool',
      name,
      arguments: args,
      result: result.length > 300 ? `${result.slice(0, 297)}...` : result,
      ...withSummary(name, result),
    })
    if (result.startsWith('error:')) throw new Error(result.slice(7))
    return JSON.parse(result)
  }
  const done = (
    lines: string[],
    docs?: { answer: string; citations: Citation[]; sources: Source[] },
  ): PlantAnswer => ({
    answer: [...lines, ...(docs?.answer ? ['', docs.answer] : [])].join('\n'),
    citations: docs?.citations ?? [],
    sources: docs?.sources ?? [],
    toolCalls: calls,
  })

  try {
    if (ALARMS.test(question) && (WHY_ALARM.test(question) || asset)) {
      if (!asset) return null
      const alarms = (await tool('list_active_alarms', { asset })) as Array<{
        tag: string
        message: string
        state: string
        activeSince: string
        priority: number
      }>
      const lines: string[] = []
      if (alarms.length === 0) lines.push(`${asset} has no active or unacknowledged alarms right now.`)
      else {
        lines.push(`${asset} has ${alarms.length} alarm${alarms.length > 1 ? 's' : ''}:`)
        for (const a of alarms) {
          lines.push(
            `- ${a.tag}: ${a.message}, ${a.state.replace(/_/g, ' ')} since ${when(a.activeSince)} (priority ${a.priority}).`,
          )
        }
      }
      const hours = windowHours(question)
      for (const tag of [...new Set(alarms.map((a) => a.tag))].slice(0, 3)) {
        const h = (await tool('get_tag_history', { tag, hours })) as { summary: Trend }
        lines.push(trendLine(h.summary, hours))
      }
      const focus = alarms[0] ? allTags.find((t) => t.name === alarms[0]!.tag) : null
      const hits = await d.searchDocs(
        `${asset} ${focus ? focus.description : ''} high alarm causes troubleshooting what to do`,
        asset,
      )
      const docs = d.extract(`${focus?.description ?? asset} high causes remedy`, hits)
      return done(
        lines,
        docs.refused ? undefined : { ...docs, answer: `What the documents say: ${docs.answer}` },
      )
    }
    if (ALARMS.test(question) && !asset) {
      const alarms = (await tool('list_active_alarms', {})) as Array<{
        tag: string
        asset: string
        message: string
        state: string
        activeSince: string
      }>
      if (alarms.length === 0) return done(['There are no active or unacknowledged alarms.'])
      return done([
        `${alarms.length} alarm${alarms.length > 1 ? 's' : ''}:`,
        ...alarms.map(
          (a) =>
            `- ${a.asset ?? ''} ${a.tag}: ${a.message}, ${a.state.replace(/_/g, ' ')} since ${when(a.activeSince)}.`,
        ),
      ])
    }
    if (!asset && named.length === 0) return null
    const live = LIVE.test(question)
    // A setting, a specification or a procedure is answered from the documents, even for a named instrument.
    if (DOCUMENT_FACT.test(question) && !live) return null
    const candidates = named.length
      ? named
      : pickTags(
          question,
          allTags.filter((t) => t.asset === asset),
        )
    if (TREND.test(question) && candidates.length) {
      const hours = windowHours(question)
      const lines: string[] = []
      for (const t of candidates.slice(0, 3)) {
        const h = (await tool('get_tag_history', { tag: t.name, hours })) as { summary: Trend }
        lines.push(trendLine(h.summary, hours))
      }
      return done(lines)
    }
    if (
      (live || (named.length > 0 && INFO.test(question))) &&
      candidates.length &&
      (named.length || candidates.length < allTags.filter((t) => t.asset === asset).length || live)
    ) {
      const values = (await tool('get_tag_values', {
        tags: candidates.slice(0, 6).map((t) => t.name),
      })) as Array<{
        tag: string
        value: number | null
        unit?: string
        timestamp: string
        quality: string
      }>
      return done(
        values.map((v) => {
          const info = allTags.find((t) => t.name === v.tag)
          return `${v.tag} (${info?.description ?? ''}): ${fmt(v.value)} ${v.unit ?? info?.unit ?? ''} at ${when(v.timestamp)}${v.quality !== 'good' ? ` (quality ${v.quality})` : ''}.`
        }),
      )
    }
    if (
      INFO.test(question) &&
      asset &&
      assets.length &&
      !TREND.test(question) &&
      asksAboutItself(
        question,
        assets.flatMap((t) => d.plant.findAsset(t, d.sites) ?? []),
      )
    ) {
      const a = (await tool('get_asset', { tag: asset })) as {
        tag: string
        name: string
        type?: string
        area: { name: string }
        manufacturer?: string
        model?: string
        description?: string
        tags: Array<{ name: string; description: string; unit: string }>
        documents?: Array<{ title: string }>
        work_orders?: { corrective_count: number | null }
      }
      const lines = [
        `${a.tag} is the ${a.name}${a.type ? ` (${a.type})` : ''} in the ${a.area.name} area${a.manufacturer ? `, ${a.manufacturer}${a.model ? ` ${a.model}` : ''}` : ''}.`,
      ]
      if (a.description) lines.push(a.description)
      if (a.tags.length)
        lines.push(`Instruments: ${a.tags.map((t) => `${t.name} (${t.description}, ${t.unit})`).join('; ')}.`)
      return done(lines)
    }
  } catch {
    return null
  }
  return null
}

/**
 * "What is K-201?" or "tell me about the air compressor": once the equipment's own words and the asking words
 * are taken away, at most one word is left. "What is the K-201 oil capacity?" leaves two and is not about the
 * equipment as a whole.
 */
function asksAboutItself(question: string, assets: Array<{ tag: string; name: string }>): boolean {
  const own = new Set(assets.flatMap((a) => `${a.tag} ${a.name}`.toLowerCase().match(/[a-z0-9]+/g) ?? []))
  const rest = (
    question
      .toLowerCase()
      .replace(INFO, ' ')
      .match(/[a-z0-9]+/g) ?? []
  ).filter((w) => !own.has(w) && !INFO_FILLER.has(w))
  return rest.length <= 1
}

const INFO_FILLER = new Set(
  'the a an this that our of on about for in at please me us is are what whats its it pump compressor chiller unit equipment machine asset'.split(
    ' ',
  ),
)

interface Trend {
  tag: string
  unit: string
  first: number | null
  last: number | null
  min: number | null
  max: number | null
  change: number | null
  direction: string
}

function trendLine(s: Trend, hours: number): string {
  if (s.last === null) return `${s.tag}: no data in the last ${hours} h.`
  const span = hours >= 48 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} h`
  return `${s.tag} over the last ${span}: ${s.direction}, from ${fmt(s.first)} to ${fmt(s.last)} ${s.unit} (min ${fmt(s.min)}, max ${fmt(s.max)}).`
}

function fmt(v: number | null | undefined): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'n/a'
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)
}

function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`
}
