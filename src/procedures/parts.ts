/**
 * Tools and parts from an asset's work-order history: the part and tool words and part numbers its descriptions
 * mention, counted over the work orders and cited to them. Work orders that speak about the task come first.
 */
import type { WorkOrderRow } from '../analytics/index.ts'

export interface PartMention {
  term: string
  kind: 'part' | 'tool' | 'part_number'
  woIds: string[]
  /** How many of those work orders also mention the task. */
  relevant: number
}

/** Part and tool phrases, longest first so "cartridge seal" wins over "seal". */
const PARTS = [
  'cartridge seal',
  'mechanical seal',
  'casing gasket',
  'coupling element',
  'coupling spacer',
  'drain plug',
  'shaft sleeve',
  'wear ring',
  'bearing kit',
  'bearing isolator',
  'o-ring',
  'impeller',
  'gasket',
  'bearings?',
  'seal',
  'grease',
  'oil',
  'filter',
  'belt',
  'gauge',
  'strainer basket',
  'sleeve',
  'fuse',
  'contactor',
  'thermostat',
  'sensor',
  'refrigerant',
]
const TOOLS = [
  'laser alignment',
  'dial indicator',
  'torque wrench',
  'grease gun',
  'bearing puller',
  'puller',
  'induction heater',
  'voltage tester',
  'insulation tester',
  'megger',
  'vibration (?:meter|analy[sz]er|spectrum)',
  'thermal camera',
  'feeler gauge',
]

/** Asset and instrument tags (P-101, TT-101A, PI-101S, S-101) are not part numbers. */
const TAG_LIKE = /^[A-Z]{1,4}-\d{3}[A-Z]?$/
/** Part numbers: upper-case words with a hyphen and a digit (NMS-55, NPW-310-055-E), or bearing designations. */
const PART_NUMBER = /\b(?:[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|\d{4,5} ?[A-Z]{2,4}|NU ?\d{3} ?[A-Z]{2,4})\b/g

function phrase(words: string): RegExp {
  return new RegExp(`\\b(?:${words})\\b`, 'gi')
}

/** Content words of a task, lower-case, for "does this work order speak about the task". */
export function taskWords(task: string): string[] {
  const stop = new Set(['the', 'a', 'an', 'of', 'on', 'to', 'and', 'for', 'replace', 'replacement', 'change'])
  return task
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .filter((w) => w.length > 2 && !stop.has(w))
}

export function partsFromWorkOrders(rows: WorkOrderRow[], task: string, limit = 12): PartMention[] {
  const words = taskWords(task)
  const found = new Map<string, PartMention>()
  const add = (term: string, kind: PartMention['kind'], wo: string, relevant: boolean) => {
    const key = `${kind}:${term.toLowerCase()}`
    const m = found.get(key) ?? { term, kind, woIds: [], relevant: 0 }
    if (!m.woIds.includes(wo)) {
      m.woIds.push(wo)
      if (relevant) m.relevant++
    }
    found.set(key, m)
  }
  for (const row of rows) {
    const d = row.description ?? ''
    if (!d) continue
    const lower = d.toLowerCase()
    const relevant = words.some((w) => lower.includes(w))
    let rest = d
    for (const p of PARTS) {
      for (const m of rest.matchAll(phrase(p))) add(normal(m[0]), 'part', row.woId, relevant)
      rest = rest.replace(phrase(p), ' ')
    }
    for (const t of TOOLS)
      for (const m of d.matchAll(phrase(t))) add(normal(m[0]), 'tool', row.woId, relevant)
    for (const m of d.matchAll(PART_NUMBER)) {
      const pn = m[0]
      if (TAG_LIKE.test(pn) || !/\d/.test(pn) || !/[A-Z]/.test(pn)) continue
      add(pn, 'part_number', row.woId, relevant)
    }
  }
  return [...found.values()]
    .sort(
      (a, b) => b.relevant - a.relevant || b.woIds.length - a.woIds.length || a.term.localeCompare(b.term),
    )
    .slice(0, limit)
}

function normal(s: string): string {
  const l = s.toLowerCase()
  return l === 'bearings' ? 'bearing' : l
}

/** One list line: "cartridge seal (2 work orders: WO-1, WO-2)". */
export function describeMention(m: PartMention, shown = 5): string {
  const label =
    m.kind === 'part_number' ? `part number ${m.term}` : m.kind === 'tool' ? `${m.term} (tool)` : m.term
  const ids = m.woIds.slice(0, shown).join(', ') + (m.woIds.length > shown ? ', …' : '')
  return `${label} — ${m.woIds.length} work order${m.woIds.length === 1 ? '' : 's'}: ${ids}`
}
