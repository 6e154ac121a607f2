/**
 * A deterministic reader for work-order questions ("# of preventive WOs on Chiller 4 in 2014?", "which chiller
 * needed the most corrective work in 2021?"). It recognises equipment, codes and collections from what the store
 * holds (see vocabulary.ts), consuming each phrase it recognises so the rest of the question is read without it,
 * and returns null unless the question is plainly about work-order data.
 */
import type { AnalyticsQuery, GroupBy, HoursField, Operation, WorkOrderFilters, WorkType } from './types.ts'
import type { CodeEntry, KnownVocabulary } from './vocabulary.ts'

export type { KnownVocabulary } from './vocabulary.ts'

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const SEP = '[\\s\\-_/.#]*'
const WORD_SEP = '[\\s\\-_/]+'
const bounded = (body: string) => new RegExp(`(?<![a-z0-9])(?:${body})(?![a-z0-9])`, 'g')

/** Words a tag prefix may be written as: "pump 101" for P-101, "compressor 201" for K-201, … */
const TAG_WORDS: Record<string, string[]> = {
  p: ['pump'],
  k: ['compressor'],
  c: ['compressor'],
  ch: ['chiller'],
  ct: ['cooling tower', 'tower'],
  d: ['dryer', 'drier'],
  v: ['vessel', 'receiver', 'tank'],
  tk: ['tank'],
  t: ['tank'],
  psv: ['safety valve', 'relief valve'],
  prv: ['relief valve'],
  s: ['strainer'],
  m: ['motor'],
  e: ['exchanger', 'heat exchanger'],
  hx: ['exchanger', 'heat exchanger'],
  f: ['fan', 'filter'],
  b: ['boiler', 'blower'],
  ahu: ['air handler', 'air handling unit'],
  ag: ['agitator'],
  gen: ['generator'],
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
}
const numberOf = (s: string): number => NUMBER_WORDS[s] ?? Number(s)

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Equipment words that mean "any equipment" in "which chiller/asset/unit …". */
const GENERIC_EQUIPMENT = new Set([
  'equipment',
  'asset',
  'unit',
  'machine',
  'tag',
  'chiller',
  'item',
  'system',
])

interface Match {
  start: number
  end: number
  apply: () => void
  /** Tie-break between equal lengths: lower first. */
  rank: number
}

/** The parser's working copy of the question: recognised spans are blanked out as they are consumed. */
class Text {
  constructor(public s: string) {}
  consume(re: RegExp): RegExpExecArray[] {
    const found = [
      ...this.s.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)),
    ]
    for (const m of found) this.blank(m.index, m.index + m[0].length)
    return found
  }
  blank(start: number, end: number): void {
    this.s = this.s.slice(0, start) + ' '.repeat(end - start) + this.s.slice(end)
  }
  has(re: RegExp): boolean {
    return new RegExp(re.source, re.flags.replace('g', '')).test(this.s)
  }
}

function equipmentBodies(name: string): string[] {
  const parts = name.toLowerCase().match(/[a-z]+|\d+/g)
  if (!parts?.length) return []
  let body = escapeRe(parts[0]!)
  for (let i = 1; i < parts.length; i++) {
    const alphaToDigit = /[a-z]$/.test(parts[i - 1]!) && /^\d/.test(parts[i]!)
    body += alphaToDigit ? `${SEP}(?:(?:no|nr|number)\\.?${SEP})?` : SEP
    body += escapeRe(parts[i]!)
  }
  const bodies = [body]
  const tag = /^([a-z]{1,4})[\s-]?(\d+[a-z]?)$/i.exec(name.trim())
  if (tag) {
    for (const word of TAG_WORDS[tag[1]!.toLowerCase()] ?? []) {
      bodies.push(
        `${word.split(' ').map(escapeRe).join(WORD_SEP)}s?${SEP}(?:no\\.?${SEP})?${escapeRe(tag[2]!.toLowerCase())}`,
      )
    }
  }
  return bodies
}

function phraseBody(phrase: string): string | null {
  const words = phrase.toLowerCase().match(/[a-z0-9]+/g)
  if (!words?.length) return null
  return words
    .map((w) => escapeRe(w) + (/[a-z]$/.test(w) && !w.endsWith('s') ? '(?:s|es)?' : ''))
    .join(WORD_SEP)
}

/** Descriptions to look for: the description itself and, for 'VFD (Variable Frequency Drive) Failure', its parts. */
function descriptionVariants(desc: string): string[] {
  const out = new Set([desc])
  const paren = /^(.*?)\s*\(([^)]*)\)\s*(.*)$/.exec(desc)
  if (paren) {
    out.add(`${paren[1]} ${paren[3]}`.trim())
    out.add(`${paren[2]} ${paren[3]}`.trim())
  }
  return [...out].filter((d) => d.replace(/[^a-z0-9]/gi, '').length >= 4)
}

/** Years 1970-2099 only, so manual numbers like 1910.147 never read as years. */
const YEAR = '(19[7-9]\\d|20\\d\\d)'

interface TimeRange {
  yearFrom?: number
  yearTo?: number
  from?: string
  to?: string
}

function readTime(t: Text, latest: string | null | undefined): TimeRange | null {
  const now = latest ? new Date(latest) : new Date()
  const maxYear = now.getUTCFullYear()
  let m = t.consume(
    new RegExp(`\\b(?:between|from)\\s+${YEAR}\\s+(?:and|to|through|thru|until|-|–)\\s+${YEAR}\\b`, 'g'),
  )[0]
  if (!m) m = t.consume(new RegExp(`\\b${YEAR}\\s*(?:-|–|to|through|thru)\\s*${YEAR}\\b`, 'g'))[0]
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])]
    return { yearFrom: Math.min(a, b), yearTo: Math.max(a, b) }
  }
  m = t.consume(new RegExp(`\\b(since|after|before|until|through|up to|prior to)\\s+${YEAR}\\b`, 'g'))[0]
  if (m) {
    const y = Number(m[2])
    switch (m[1]) {
      case 'since':
        return { yearFrom: y }
      case 'after':
        return { yearFrom: y + 1 }
      case 'before':
      case 'prior to':
        return { yearTo: y - 1 }
      default:
        return { yearTo: y }
    }
  }
  m = t.consume(new RegExp(`\\b(${MONTHS.join('|')})[a-z]*\\.?\\s+(?:of\\s+)?${YEAR}\\b`, 'g'))[0]
  if (m) {
    const mo = MONTHS.indexOf(m[1]!) + 1
    const y = Number(m[2])
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
    const mm = String(mo).padStart(2, '0')
    return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` }
  }
  const years = t.consume(new RegExp(`\\b${YEAR}\\b`, 'g')).map((x) => Number(x[1]))
  if (years.length) return { yearFrom: Math.min(...years), yearTo: Math.max(...years) }
  m = t.consume(
    /\b(?:in\s+|over\s+|during\s+)?(?:the\s+)?(?:last|past|previous)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(years?|months?)\b/g,
  )[0]
  if (m) {
    const n = numberOf(m[1]!)
    if (m[2]!.startsWith('year')) return { yearFrom: maxYear - n + 1, yearTo: maxYear }
    const d = new Date(now)
    d.setUTCMonth(d.getUTCMonth() - n)
    return { from: d.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) }
  }
  if (t.consume(/\b(?:last|previous|prior)\s+year\b/g).length)
    return { yearFrom: maxYear - 1, yearTo: maxYear - 1 }
  if (t.consume(/\b(?:this|current|the latest)\s+year\b/g).length)
    return { yearFrom: maxYear, yearTo: maxYear }
  if (t.consume(/\b(?:the\s+)?past\s+year\b/g).length) {
    const d = new Date(now)
    d.setUTCFullYear(d.getUTCFullYear() - 1)
    return { from: d.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) }
  }
  return null
}

const PRIORITY_NUM = '(\\d|one|two|three|four|five)'

function readPriorities(t: Text): string[] {
  const out: string[] = []
  const re = new RegExp(
    `\\bpriority\\s*(?:level\\s*|of\\s*|=\\s*|#\\s*)?${PRIORITY_NUM}(?:\\s*(?:,|or|and|/)\\s*${PRIORITY_NUM})?\\b|\\bp([1-5])\\b`,
    'g',
  )
  for (const m of t.consume(re)) {
    for (const g of [m[1], m[2], m[3]]) if (g) out.push(String(numberOf(g)))
  }
  return [...new Set(out)]
}

/** Phrases that name a grouping or a statistic and would otherwise be read as work-type words. */
const NEUTRAL_PHRASES =
  /\b(?:(?:primary|secondary)\s+)?(?:failure|fault)\s+(?:codes?|modes?|descriptions?|types?|causes?)\b|\bmean\s+time\s+between\s+(?:failures?|breakdowns?|repairs?)\b/g

const PREVENTIVE = /\b(?:preventive|preventative|pm|pms|planned|scheduled|routine)\b/
const CORRECTIVE =
  /\b(?:corrective|cm|cms|repairs?|repaired|breakdowns?|failures?|failed|fix(?:es|ed)?|reactive|unplanned|unscheduled|emergency|faults?)\b/

const LABOR = /\b(?:labou?r|man[\s-]?hours?|manhours|wrench\s+time|hours\s+worked|work(?:ed)?\s+hours)\b/
const DURATION =
  /\b(?:durations?|downtime|down\s+time|elapsed|how\s+long|time\s+to\s+(?:complete|repair|finish))\b/

/** Fields the work-order data does not have: such questions are not analytics (they are unanswerable). */
const UNSUPPORTED =
  /\b(?:cost|costs|costing|price|prices|dollars?|budget|invoice|vendors?|suppliers?|technicians?|who\s+(?:did|performed|worked|fixed|was))\b|\$/

/** A tag (P-101) or numbered unit (chiller 15) still in the text after known equipment was consumed. */
const UNKNOWN_EQUIPMENT =
  /\b[a-z]{1,4}-\d{2,}[a-z]?\b|\b(?:chiller|pump|compressor|boiler|tower|fan|motor|unit)s?\s*(?:#|no\.?)?\s*\d+\b/

/** Words that on their own say "work-order data". */
const STRONG_TERMS =
  /\b(?:work[\s-]?orders?|workorders?|wos?|wo's|w\/o|cmms|mtbf|coded|maintenance\s+(?:records?|history|logs?|events?|tasks?|activit(?:y|ies))|service\s+history)\b/
/** Words that say it with an anchor (an equipment, code, collection, year or priority). */
const WEAK_TERMS =
  /\b(?:corrective|preventive|preventative|pms?|cms?|repairs?|repaired|breakdowns?|failures?|failed|maintenance|serviced|maintained|fixed|overhauled|inspected|work|jobs)\b/

/**
 * Reads a question into an analytics query, or null when it is not (plainly) a question about work-order data.
 * `known` is what the store holds (see loadVocabulary); only those equipment names, codes and collections are
 * recognised.
 */
export function parseAnalyticsQuestion(question: string, known: KnownVocabulary): AnalyticsQuery | null {
  const original = question
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/#\s*of\b/g, 'number of')
    .replace(/\s+/g, ' ')
    .trim()
  if (!original || UNSUPPORTED.test(original)) return null
  const t = new Text(` ${original} `)
  const filters: WorkOrderFilters = {}

  // Work-order ids first, so their digits are never read as years or tags.
  const woIds = t.consume(/\bwo[-\s#]?\d[\d-]*\b/g).map((m) => m[0].replace(/\s|#/g, '').toUpperCase())
  if (woIds.length) filters.woIds = [...new Set(woIds)]

  // Codes written out: MT004a, CS005, BRG-OVHT.
  readCodeLiterals(t, known.failureCodes, (c) => {
    filters.failureCodes = [...(filters.failureCodes ?? []), c]
  })
  readCodeLiterals(t, known.problemCodes, (c) => {
    filters.problemCodes = [...(filters.problemCodes ?? []), c]
  })
  const codedLiterally = Boolean(filters.failureCodes?.length || filters.problemCodes?.length)

  const time = readTime(t, known.latest)
  if (time) Object.assign(filters, time)

  // Equipment, code descriptions and collections compete for the same words: longest match wins.
  const matches: Match[] = []
  const equipmentFound: string[] = []
  for (const name of known.equipment) {
    for (const body of equipmentBodies(name)) {
      for (const m of t.s.matchAll(bounded(body))) {
        matches.push({
          start: m.index,
          end: m.index + m[0].length,
          rank: 0,
          apply: () => equipmentFound.push(name),
        })
      }
    }
  }
  const descFound = { failure: new Set<string>(), problem: new Set<string>() }
  addDescriptionMatches(t, known.failureCodes, 1, (c) => descFound.failure.add(c), matches)
  addDescriptionMatches(t, known.problemCodes, 2, (c) => descFound.problem.add(c), matches)
  let collection: string | undefined
  for (const c of known.collections) {
    const body = phraseBody(c)
    if (!body || c.includes('|')) continue
    for (const m of t.s.matchAll(bounded(body))) {
      matches.push({ start: m.index, end: m.index + m[0].length, rank: 3, apply: () => (collection ??= c) })
    }
  }
  matches.sort((a, b) => b.end - b.start - (a.end - a.start) || a.rank - b.rank || a.start - b.start)
  const taken: Array<[number, number]> = []
  for (const m of matches) {
    if (taken.some(([s, e]) => m.start < e && s < m.end)) continue
    taken.push([m.start, m.end])
    m.apply()
  }
  for (const [s, e] of taken) t.blank(s, e)
  if (equipmentFound.length) filters.equipment = [...new Set(equipmentFound)]
  if (descFound.failure.size) filters.failureCodes = [...(filters.failureCodes ?? []), ...descFound.failure]
  if (descFound.problem.size) filters.problemCodes = [...(filters.problemCodes ?? []), ...descFound.problem]
  if (collection !== undefined) filters.collection = collection

  const priorities = readPriorities(t)
  if (priorities.length) filters.priorities = priorities

  // Operation words are read before work-type words, whose list shares "failure(s)".
  const isMtbf = t.has(
    /\bmtbf\b|\bmean\s+time\s+between\b|\b(?:average|mean|avg)\s+(?:time|days|interval|gap)\s+between\b/,
  )
  const groupTarget = readGroupTarget(t, known)
  t.consume(NEUTRAL_PHRASES)

  const preventive = t.has(PREVENTIVE)
  const corrective = t.has(CORRECTIVE)
  let workType: WorkType | undefined
  if (preventive && !corrective) workType = 'preventive'
  else if (corrective && !preventive) workType = 'corrective'
  if (workType) filters.workType = workType

  const operation = readOperation(t, groupTarget, isMtbf, preventive && corrective, filters)
  if (!operation) return null

  // Only questions that are plainly about the work-order data are taken.
  const anchored = Boolean(
    filters.equipment?.length ||
      filters.failureCodes?.length ||
      filters.problemCodes?.length ||
      filters.collection !== undefined ||
      time ||
      filters.priorities?.length ||
      groupTarget?.equipmentClass,
  )
  const strong = STRONG_TERMS.test(original) || codedLiterally || Boolean(filters.woIds?.length)
  const weak =
    WEAK_TERMS.test(original) || LABOR.test(original) || DURATION.test(original) || Boolean(workType)
  const equipmentQuestion = Boolean(filters.equipment?.length) && (operation.op !== 'count' || weak)
  const described = descFound.failure.size + descFound.problem.size > 0
  const describedAnchor = described && Boolean(filters.equipment?.length || time)
  if (!strong && !(weak && anchored) && !(equipmentQuestion && weak) && !describedAnchor) return null
  // Equipment the store does not know (a tag or a numbered unit left unread) must not widen to all equipment.
  if (UNKNOWN_EQUIPMENT.test(t.s)) return null
  if (groupTarget?.equipmentClass && !filters.equipment?.length)
    filters.equipmentClass = groupTarget.equipmentClass
  return { filters, operation }
}

function readCodeLiterals(t: Text, codes: CodeEntry[], add: (code: string) => void): void {
  const sorted = [...codes].sort((a, b) => b.code.length - a.code.length)
  for (const { code } of sorted) {
    // Codes are at least two characters with a digit or a dash, so ordinary words are never read as codes.
    if (code.length < 3 || !/[\d-]/.test(code)) continue
    if (t.consume(bounded(escapeRe(code.toLowerCase()))).length) add(code)
  }
}

function addDescriptionMatches(
  t: Text,
  codes: CodeEntry[],
  rank: number,
  add: (code: string) => void,
  into: Match[],
): void {
  for (const { code, description } of codes) {
    if (!description) continue
    for (const variant of descriptionVariants(description)) {
      const body = phraseBody(variant)
      if (!body) continue
      for (const m of t.s.matchAll(bounded(body))) {
        into.push({ start: m.index, end: m.index + m[0].length, rank, apply: () => add(code) })
      }
    }
  }
}

interface GroupTarget {
  by: GroupBy
  equipmentClass?: string
}

function readGroupTarget(t: Text, known: KnownVocabulary): GroupTarget | null {
  if (t.consume(/\b(?:secondary|problem|sub)[\s-]*(?:failure\s+|fault\s+)?codes?\b/g).length)
    return { by: 'problem_code' }
  if (
    t.consume(
      /\b(?:primary\s+)?(?:failure|fault)\s+(?:codes?|modes?|types?|causes?)\b|\bprimary\s+codes?\b|\b(?:which|what)\s+codes?\b|\bmost\s+(?:common|frequent)\s+(?:codes?|failures?|faults?|problems?|issues?|causes?|reasons?)\b/g,
    ).length
  ) {
    return { by: 'failure_code' }
  }
  if (
    t.consume(/\b(?:which|what)\s+year\b|\b(?:by|per|each|every)\s+year\b|\byearly\b|\bannual(?:ly)?\b/g)
      .length
  )
    return { by: 'year' }
  if (t.consume(/\b(?:which|what)\s+month\b|\b(?:by|per|each|every)\s+month\b|\bmonthly\b/g).length)
    return { by: 'month' }
  if (t.consume(/\b(?:which|what)\s+priorit(?:y|ies)\b|\b(?:by|per|each)\s+priority\b/g).length)
    return { by: 'priority' }
  if (
    t.consume(
      /\b(?:which|what)\s+(?:collection|component|subsystem)s?\b|\b(?:by|per|each)\s+(?:collection|component|subsystem)\b/g,
    ).length
  ) {
    return { by: 'collection' }
  }
  if (
    t.consume(/\b(?:by|per)\s+(?:work\s+)?type\b|\b(?:split|ratio)\s+(?:of|between)\s+preventive\b/g).length
  ) {
    return { by: 'work_type' }
  }
  const nameWords = new Set(known.equipment.flatMap((e) => e.toLowerCase().match(/[a-z]+/g) ?? []))
  const which =
    /\b(?:which|what)\s+(?:one\s+of\s+the\s+|of\s+the\s+)?([a-z]+)\b|\b(?:by|per|each|every)\s+([a-z]+)\b/g
  for (const m of t.s.matchAll(which)) {
    const raw = (m[1] ?? m[2])!
    const word = raw.replace(/s$/, '')
    if (!GENERIC_EQUIPMENT.has(word) && !nameWords.has(word)) continue
    t.blank(m.index, m.index + m[0].length)
    return nameWords.has(word) && word !== 'equipment' && word !== 'unit'
      ? { by: 'equipment', equipmentClass: word }
      : { by: 'equipment' }
  }
  return null
}

function hoursField(t: Text): HoursField | null {
  if (t.has(DURATION)) return 'duration_hours'
  if (t.has(LABOR)) return 'labor_hours'
  if (t.has(/\bhours?\b|\bhrs\b/)) return 'labor_hours'
  return null
}

function readOperation(
  t: Text,
  group: GroupTarget | null,
  isMtbf: boolean,
  bothTypes: boolean,
  filters: WorkOrderFilters,
): Operation | null {
  if (isMtbf) return { op: 'mtbf' }
  const n =
    /\b(?:last|latest|most\s+recent|first|earliest|oldest|top)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\b/.exec(
      t.s,
    )
  const limit = n ? Math.min(50, numberOf(n[1]!)) : undefined
  const ascending = t.has(/\b(?:least|fewest|lowest|minimum|min|smallest|rarest)\b/)
  const superlative =
    ascending ||
    t.has(/\bmost\b(?!\s+recent)|\b(?:highest|top|maximum|max|largest|biggest|greatest|commonest)\b/)
  const latest = t.has(/\b(?:latest|last|most\s+recent|newest|recent|previous)\b/)
  const earliest = t.has(/\b(?:first|earliest|oldest)\b/)
  if ((latest || earliest) && !(superlative && group)) {
    return { op: latest ? 'latest' : 'earliest', ...(limit ? { limit } : {}) }
  }
  const field = hoursField(t)
  const measure = field && t.has(/\b(?:total|sum|hours?|most|least|highest|lowest)\b/) ? field : 'count'
  if (group) {
    return {
      op: 'group',
      by: group.by,
      measure,
      order: ascending ? 'asc' : 'desc',
      ...(limit ? { limit } : {}),
    }
  }
  if (bothTypes && t.has(/\b(?:vs\.?|versus|split|breakdown|compared?|ratio|and)\b/)) {
    return { op: 'group', by: 'work_type' }
  }
  if (t.has(/\b(?:average|avg|mean|typical)\b/)) return field ? { op: 'avg', field } : null
  if (
    field &&
    t.has(
      /\b(?:total|sum|summed|cumulative|combined|overall|altogether)\b|\bhow\s+many\s+(?:\w+\s+)?(?:hours?|hrs)\b|\bhow\s+much\b/,
    )
  ) {
    return { op: 'sum', field }
  }
  if (t.has(/\bhow\s+many\b|\bnumber\s+of\b|\bcount\b|\bhow\s+often\b|\btally\b|\btotal\b/)) {
    if ((filters.equipment?.length ?? 0) > 1) return { op: 'group', by: 'equipment' }
    return { op: 'count' }
  }
  if (t.has(/\bwhen\b/) || filters.woIds?.length) {
    return { op: 'latest', limit: limit ?? Math.max(filters.woIds?.length ?? 0, 5) }
  }
  return null
}
