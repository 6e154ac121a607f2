/**
 * Question -> query -> one short sentence with the exact figure(s) and what was counted, e.g.
 * "21 preventive work orders on Chiller 4 finished in 2014."
 */
import type { Store } from '../store/db.ts'
import { parseAnalyticsQuestion } from './intent.ts'
import { workOrderStats } from './query.ts'
import type {
  AnalyticsQuery,
  GroupBy,
  HoursField,
  StatsGroup,
  StatsResult,
  WorkOrderFilters,
  WorkOrderRow,
} from './types.ts'
import { type KnownVocabulary, loadVocabulary } from './vocabulary.ts'

export interface AnalyticsAnswer {
  answer: string
  result: StatsResult
  query: AnalyticsQuery
}

/**
 * Answers a work-order question from the store, or null when the question is not one (so it can go to
 * retrieval). `known` may be passed to skip reading the vocabulary again.
 */
export async function answerAnalytics(
  store: Store,
  question: string,
  sites: string[],
  known?: KnownVocabulary,
): Promise<AnalyticsAnswer | null> {
  const vocabulary = known ?? (await loadVocabulary(store, sites))
  const parsed = parseAnalyticsQuestion(question, vocabulary)
  if (!parsed) return null
  const query: AnalyticsQuery = {
    ...parsed,
    filters: { ...parsed.filters, ...(sites.length ? { sites } : {}) },
  }
  const result = await workOrderStats(store, query)
  const codes = new Map(
    [...vocabulary.failureCodes, ...vocabulary.problemCodes].map((c) => [c.code, c.description]),
  )
  return { answer: describeResult(result, codes), result, query }
}

/** Hours with up to two decimals; when rounding to one decimal changes the figure, both are shown. */
export function formatHours(v: number): string {
  const two = trimZeros(v.toFixed(2))
  const one = trimZeros(v.toFixed(1))
  return two === one ? `${two} h` : `${two} h (≈${one} h)`
}

export function formatDays(v: number): string {
  return `${trimZeros(v.toFixed(1))} days`
}

const trimZeros = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s)

/** '2023-07-24T10:30:00Z' -> '2023-07-24 10:30' (midnight shows the date only). */
export function formatWhen(iso: string | null): string {
  if (!iso) return 'with no finish date'
  const date = iso.slice(0, 10)
  const time = iso.slice(11, 16)
  return time && time !== '00:00' ? `${date} ${time}` : date
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)

function equipmentLabel(id: string | null, name: string | null): string {
  if (id && name && /^[A-Za-z]{1,4}-\d/.test(id)) return `${id} (${name})`
  return name ?? id ?? 'unknown equipment'
}

/** "preventive work orders" / "priority 2 corrective work orders coded CS005" and the rest of the scope. */
function nounPhrase(f: WorkOrderFilters, count = 2): string {
  const words: string[] = []
  if (f.priorities?.length) words.push(`priority ${f.priorities.join('/')}`)
  if (f.workType) words.push(f.workType)
  words.push(plural(count, 'work order', 'work orders'))
  return words.join(' ')
}

/** Code -> description, for "coded CS005 (Control System Malfunction)"; set per describeResult call. */
let codeNames: ReadonlyMap<string, string | null> = new Map()
const named = (code: string) => (codeNames.get(code) ? `${code} (${codeNames.get(code)})` : code)

function scopePhrase(f: WorkOrderFilters): string {
  const parts: string[] = []
  if (f.woIds?.length) parts.push(f.woIds.join(', '))
  if (f.failureCodes?.length) parts.push(`coded ${f.failureCodes.map(named).join(' or ')}`)
  if (f.problemCodes?.length) parts.push(`with secondary code ${f.problemCodes.map(named).join(' or ')}`)
  if (f.collection !== undefined) parts.push(`in collection "${f.collection}"`)
  if (f.text) parts.push(`mentioning "${f.text}"`)
  if (f.equipment?.length) parts.push(`on ${f.equipment.join(' or ')}`)
  else if (f.equipmentClass) parts.push(`on ${f.equipmentClass} equipment`)
  const when = timePhrase(f)
  if (when) parts.push(when)
  return parts.length ? ` ${parts.join(' ')}` : ''
}

function timePhrase(f: WorkOrderFilters): string {
  const parts: string[] = []
  if (f.yearFrom !== undefined && f.yearFrom === f.yearTo) parts.push(`in ${f.yearFrom}`)
  else if (f.yearFrom !== undefined && f.yearTo !== undefined) parts.push(`in ${f.yearFrom}–${f.yearTo}`)
  else if (f.yearFrom !== undefined) parts.push(`from ${f.yearFrom} on`)
  else if (f.yearTo !== undefined) parts.push(`up to the end of ${f.yearTo}`)
  if (f.from && f.to) parts.push(`between ${f.from} and ${f.to}`)
  else if (f.from) parts.push(`from ${f.from}`)
  else if (f.to) parts.push(`up to ${f.to}`)
  return parts.length ? `finished ${parts.join(' ')}` : ''
}

const FIELD_NAME: Record<HoursField, string> = { labor_hours: 'labor hours', duration_hours: 'duration' }

const GROUP_NOUN: Record<GroupBy, string> = {
  equipment: 'equipment',
  work_type: 'work type',
  failure_code: 'failure code',
  problem_code: 'secondary (problem) code',
  priority: 'priority',
  year: 'year',
  month: 'month',
  collection: 'collection',
}

function groupLabel(by: GroupBy, g: StatsGroup): string {
  if (by === 'equipment') return equipmentLabel(g.key, g.label)
  if (by === 'priority') return g.key === null ? 'no priority' : `priority ${g.key}`
  if (g.key === null) return `(no ${GROUP_NOUN[by]})`
  if ((by === 'failure_code' || by === 'problem_code') && g.label) return `${g.key} (${g.label})`
  return g.key
}

function groupValue(measure: 'count' | HoursField, g: StatsGroup): string {
  if (measure === 'count') return String(g.count)
  return formatHours(measure === 'labor_hours' ? g.laborHours : g.durationHours)
}

function rowSentence(r: WorkOrderRow): string {
  const code = r.failureCode
    ? `, ${r.failureCode}${r.failureDescription ? ` ${r.failureDescription}` : ''}`
    : ''
  const sub = r.problemCode
    ? ` / ${r.problemCode}${r.problemDescription ? ` ${r.problemDescription}` : ''}`
    : ''
  const what = r.description ? `: ${r.description}` : ''
  return `${r.woId} on ${equipmentLabel(r.equipmentId, r.equipmentName)}, finished ${formatWhen(r.finishedAt)}${code}${sub}${what}`
}

/** The sentence for a result. */
export function describeResult(
  result: StatsResult,
  codeDescriptions: ReadonlyMap<string, string | null> = new Map(),
): string {
  codeNames = codeDescriptions
  const f = result.filters
  switch (result.kind) {
    case 'count':
      return `${result.count} ${nounPhrase(f, result.count)}${scopePhrase(f)}.`
    case 'sum':
    case 'avg': {
      const scope = `${result.count} ${nounPhrase(f, result.count)}${scopePhrase(f)}`
      if (result.value === null) return `No ${FIELD_NAME[result.field]} recorded on the ${scope}.`
      const missing =
        result.withValue < result.count ? ` (${result.count - result.withValue} without a value)` : ''
      return result.kind === 'sum'
        ? `Total ${FIELD_NAME[result.field]}: ${formatHours(result.value)} over ${scope}${missing}.`
        : `Average ${FIELD_NAME[result.field]}: ${formatHours(result.value)} per work order, over ${scope}${missing}.`
    }
    case 'group': {
      const groups = result.groups
      if (!groups.length || result.count === 0) {
        return `No ${nounPhrase(f)}${scopePhrase(f)} were found.`
      }
      const most = result.order === 'desc' ? 'the most' : 'the fewest'
      const what =
        result.measure === 'count' ? nounPhrase(f) : `${FIELD_NAME[result.measure]} on ${nounPhrase(f)}`
      const [top, ...others] = groups
      const tied = others.filter((g) => groupValue(result.measure, g) === groupValue(result.measure, top!))
      const rest = others.filter((g) => !tied.includes(g)).slice(0, 2)
      const lead = [top!, ...tied].map((g) => groupLabel(result.by, g)).join(' and ')
      const verb = tied.length ? 'are tied for' : 'had'
      let s = `${lead} ${verb} ${most} ${what}${scopePhrase(f)} (${groupValue(result.measure, top!)})`
      if (result.by === 'failure_code' || result.by === 'problem_code') {
        s = `The ${result.order === 'desc' ? 'most' : 'least'} frequent ${GROUP_NOUN[result.by]} on ${nounPhrase(f)}${scopePhrase(f)} is ${lead} (${groupValue(result.measure, top!)})`
      }
      if (rest.length) {
        s += `, then ${rest.map((g) => `${groupLabel(result.by, g)} (${groupValue(result.measure, g)})`).join(', ')}`
      }
      return `${s}.`
    }
    case 'latest':
    case 'earliest': {
      const which = result.kind === 'latest' ? 'latest' : 'earliest'
      if (!result.rows.length) return `No ${nounPhrase(f)}${scopePhrase(f)} with a finish date were found.`
      if (result.rows.length === 1) {
        return `The ${which} ${nounPhrase(f, 1)}${scopePhrase(f)} is ${rowSentence(result.rows[0]!)}.`
      }
      const list = result.rows.map((r) => rowSentence(r)).join('; ')
      return `The ${which} ${result.rows.length} of ${result.count} ${nounPhrase(f)}${scopePhrase(f)}: ${list}.`
    }
    case 'mtbf': {
      const withGap = result.equipment.filter((e) => e.meanDays !== null)
      if (!withGap.length) {
        return `Too few corrective work orders${scopePhrase({ ...f, workType: undefined })} to compute a mean time between failures.`
      }
      const scope = scopePhrase({ ...f, workType: undefined })
      if (result.equipment.length === 1) {
        const e = withGap[0]!
        return `Mean time between corrective work orders on ${equipmentLabel(e.equipmentId, e.equipmentName)}: ${formatDays(e.meanDays!)} (${e.failures} corrective work orders${scope}, ${formatWhen(e.first)} to ${formatWhen(e.last)}).`
      }
      const shortest = withGap
        .slice(0, 3)
        .map((e) => `${equipmentLabel(e.equipmentId, e.equipmentName)} ${formatDays(e.meanDays!)}`)
        .join(', ')
      return `Mean time between corrective work orders${scope}: ${formatDays(result.overallDays!)} overall across ${withGap.length} equipment; shortest: ${shortest}.`
    }
  }
}
