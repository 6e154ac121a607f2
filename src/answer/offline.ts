/**
 * The offline answerer: no model, only the retrieved passages. It picks the sentences that best match the
 * question, quotes them with numbered citations, and refuses when the passages do not hold what was asked.
 *
 * Evidence: the question's content terms get a weight (a prior: longer words count more, everyday words less,
 * the word right after "what"/"how many" more; see weighTerms for why it is not IDF over the passages). The
 * evidence of an answer is the weighted share of those terms found in the quoted sentences (full credit) or
 * elsewhere in their passage, title or section (part credit). Some terms
 * must be present whatever the share: tokens that name a specific thing (with digits, such as "O-470",
 * "PW4000", "1910.147", numbers) and the quantity a question asks for when it is money or a unit of time
 * ("cost", "hours", "per year"). A passage that talks about the topic but not about that thing does not answer.
 */
import { splitSentences } from '../ingest/textutil.ts'
import { findExpansions, QUESTION_FILLER } from '../retrieve/lexicon.ts'
import type { SearchHit } from '../retrieve/search.ts'
import type { Citation, Source } from './types.ts'

/** Least evidence (0..1) for an answer; below it the answerer refuses. Calibrated on the dev questions. */
export const EVIDENCE_THRESHOLD = 0.3

/** How many of the top hits are read for sentences. */
const PASSAGES = 5
const SNIPPET_CHARS = 300
/** Credit in a sentence's match for a question term found in its passage's title or section path. */
const HEADING_CREDIT = 0.7
/** Credit for a question term found in the passage around the chosen sentences rather than in them. */
const CONTEXT_CREDIT = 0.6
/** Score for a quoted sentence that holds a number when the question asks for an amount, time or setting. */
const NUMBER_BONUS = 0.4
/** A second passage is quoted when its best run scores at least this share of the best run's score. */
const SECOND_SOURCE_SHARE = 0.85
/** Weight of the passage-level evidence in a run's score (the run's own matches weigh 1). */
const CONTEXT_WEIGHT = 0.5
/** Cost of opening a run with a sentence that leans on the one before ("This type of oil …"). */
const LEAN_BACK_COST = 0.1
/** The word a question asks for ("what rpm", "how many days") counts this much more. */
const FOCUS_WEIGHT = 1.5
/** Cost of each sentence beyond the first in a quoted run, so a run grows only when it adds matches. */
const EXTRA_SENTENCE_COST = 0.06

export const REFUSAL = "I can't find that in the documents for this site."

export interface OfflineOptions {
  /** Most sentences quoted in the answer (default 3). */
  maxSentences?: number
  /** Evidence below which the answer is a refusal (default EVIDENCE_THRESHOLD). */
  threshold?: number
}

export interface OfflineAnswer {
  answer: string
  citations: Citation[]
  refused: boolean
  /** Every passage seen: the cited ones first, numbered as cited, then the rest. */
  sources: Source[]
  /** The evidence score of the best answer found (0..1), for calibration and logs. */
  evidence: number
}

const STOPWORDS = new Set(
  `a an the and or but if then than so as at by for from in into of off on onto out over per to up upon with
  within without via vs versus is are was were be been being am do does did done doing have has had having
  can could shall should will would may might must ought it its it's this that these those there here their
  theirs them they he she him her his hers who whom whose which what whats what's when where why how whether
  while not nor too very more most less least some any all both either neither other such same own only
  again once before after during between through under above below until because against among i'm we're
  you're they're isn't aren't don't doesn't didn't can't won't should've i'd i'll let lets go goes going went
  use used using like see look looks looking put puts till since there's`.split(/\s+/),
)

/** Everyday words that say little about where an answer is (compared as written and as stems). */
const GENERIC = new Set(
  `work works worked working run runs running ran set sets setting take takes took taken give gives gave keep
  keeps kept come comes came find finds found hit hits hang put check checks checked test need needs start
  starts started stop stops turn turns turning turned fast slow high low long short new old first last next
  time times part parts point points type types kind way case cases show shows call called look thing
  start-up happen right left back down up off over able try tried able first second third hold holds held
  do done make made go going still instead already`.split(/\s+/),
)

/** Number words and the digits they stand for, so "6 cyl" finds "six-cylinder" and "two blade" finds "2". */
const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
}

/**
 * Quantities that, when a question asks for them, a passage must mention to answer it: money, and units of
 * time (a "per year" question is not answered by a passage that never speaks of years). Each maps to its stem
 * and the stems of the words documents use for it.
 */
const REQUIRED_QUANTITIES: Record<string, string[]> = {
  cost: ['cost', 'price', 'dollar', '$'],
  costs: ['cost', 'price', 'dollar', '$'],
  price: ['price', 'cost', 'dollar', '$'],
  prices: ['price', 'cost', 'dollar', '$'],
  dollars: ['dollar', 'cost', 'price', '$'],
  penalty: ['penalt', 'fine'],
  penalties: ['penalt', 'fine'],
  budget: ['budget'],
  salary: ['salar', 'wage'],
  wage: ['wage', 'salar'],
  wages: ['wage', 'salar'],
  second: ['second', 'sec'],
  seconds: ['second', 'sec'],
  minute: ['minut', 'min'],
  minutes: ['minut', 'min'],
  hour: ['hour', 'hr'],
  hours: ['hour', 'hr'],
  day: ['day', 'daily'],
  days: ['day', 'daily'],
  week: ['week'],
  weeks: ['week'],
  month: ['month'],
  months: ['month'],
  year: ['year', 'annual', 'yr'],
  years: ['year', 'annual', 'yr'],
  yearly: ['year', 'annual', 'yr'],
  annually: ['year', 'annual', 'yr'],
}

/** Questions that want a number, date or amount; sentences holding one score higher. */
const WANTS_NUMBER =
  /\b(how (much|many|long|often|fast|far|soon|big|hot|cold|high|low|tight|thick|wide|old)|when\b|what (year|date|rpm|pressure|temperature|temp|percent|percentage|share|speed|gap|clearance|torque|setting|interval|limit|range|band|ratio|size|value|voltage|weight|capacity|time|number)|at what|which year|\bset\b.*\bto\W*$|setting|\d)/i

/** Figure and table references hold digits that are not answers. */
const FIGURE_REF = /\[?\b(?:figures?|figs?\.|tables?)\s+[\d\-–, and]+\]?/gi

/** A quantity: a number with a unit, a range, a ratio, a fraction or a date. */
const MEASURE = new RegExp(
  [
    String.raw`(\d[\d,.]*|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|hundred))` +
      String.raw`[\s-]*(to|or|-|–)?[\s-]*[\d,.]*\s*(%|°|percent|seconds?|sec|minutes?|min|hours?|hrs?|days?|weeks?|months?|years?|` +
      String.raw`rpm|psi|mph|knots|degrees|inch(es)?|in\.|mm|cm|feet|ft|foot|pounds?|lbs?|gallons?|quarts?|volts?|amps?|` +
      String.raw`ohms?|hp|horsepower|times|octane|cycles?|turns?)\b`,
    String.raw`\b\d+\s*:\s*\d+\b`,
    String.raw`\b(one|two|three)[\s-](half|third|quarter|fourth)s?\b|\bhalf\b`,
    String.raw`\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d`,
    String.raw`\b(19|20)\d\d\b`,
    String.raw`\b\d[\d,.]*\s*(to|-|–)\s*\d[\d,.]*\b`,
  ].join('|'),
  'i',
)
/** Something the answer must hold that no question word names (an amount, a date, a number, someone). */
function needed(text: string): Term {
  return { text, forms: [], acronym: false, specific: false, required: true, weight: 0 }
}
/** A question about money: the answer must hold an amount of it. */
const WANTS_MONEY =
  /\bhow much\b.*\b(cost|costs|costed|price|priced|pay|paid|spend|spent|charge|charged)\b|\b(cost|price)s? of\b|\bwhat did .* cost\b/i
const MONEY =
  /[$€£¥]\s?\d|\d[\d,.]*\s?(usd|eur|gbp|dollars?|euros?|pounds sterling|k\$)\b|\b(usd|eur|gbp)\s?\d/i
const MONEY_TERM = needed('an amount of money')
/** A question about when something happened: the answer must hold a date. */
const WANTS_DATE =
  /^\s*(?:and\s+)?(?:when|what date|what year|in what year|which year) (?:was|were|did|had|has)\b/i
const DATE =
  /\b(?:1[89]|20)\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/i
const DATE_TERM = needed('a date')

/** "How many …": the answer must hold a number (not a paragraph locator such as "(1)" or "(c)(5)"). */
const WANTS_COUNT = /\bhow many\b/i
const LOCATOR = /\((?:[a-z]{1,4}|\d{1,3})\)/gi
const COUNT_TERM = needed('a number')

/**
 * Units a question asks the answer in ("in kg", "how many psi"): the answer must quote the same unit (any of its
 * spellings). Time units are left to the date and quantity rules.
 */
const UNIT_CLASSES: string[][] = [
  ['kg', 'kgs', 'kilogram', 'kilograms', 'kilo', 'kilos'],
  ['lb', 'lbs', 'pound', 'pounds'],
  ['psi', 'psig', 'psia'],
  ['bar', 'barg', 'bars'],
  ['kpa', 'kilopascal', 'kilopascals'],
  ['mpa', 'megapascal', 'megapascals'],
  ['°c', 'celsius', 'centigrade'],
  ['°f', 'fahrenheit'],
  ['rpm'],
  ['mph'],
  ['knots', 'knot', 'kt', 'kts'],
  ['kw', 'kilowatt', 'kilowatts'],
  ['hp', 'horsepower'],
  ['amps', 'amp', 'ampere', 'amperes', 'a'],
  ['volts', 'volt', 'v'],
  ['litres', 'litre', 'liters', 'liter', 'l'],
  ['gallons', 'gallon', 'gal'],
  ['quarts', 'quart', 'qt'],
  ['mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters'],
  ['inches', 'inch', 'in', '"'],
  ['feet', 'foot', 'ft'],
  ['nm', 'newton-metres', 'newton-meters'],
  ['ft-lb', 'ft-lbs', 'foot-pounds', 'foot-pound', 'in-lb', 'in-lbs', 'inch-pounds'],
]
const UNIT_ASKED =
  /\b(?:in|how many)\s+(kgs?|kilo(?:gram)?s?|lbs?|pounds|psi[ga]?|bars?|barg|kpa|mpa|°c|°f|degrees (?:c|f)|celsius|fahrenheit|rpm|mph|knots|kw|kilowatts?|hp|horsepower|amps?|amperes?|volts?|lit(?:re|er)s?|gallons?|quarts?|mm|millimet(?:re|er)s?|inch(?:es)?|feet|ft|nm|newton-met(?:re|er)s?|ft-lbs?|foot-pounds?|in-lbs?|inch-pounds?)(?=[\s?.,;]|$)/i

/** "Who …": the answer must name a person, a role or a body (a capitalised name counts). */
const WANTS_PERSON = /^\s*(?:and\s+)?who(?:m|se)?\b/i
const ROLE =
  /\b(employees?|employers?|holders?|repairm[ae]n|designees?|representatives?|agents?|officers?|parties|party|operators?|technicians?|mechanics?|supervisors?|managers?|engineers?|inspectors?|contractors?|vendors?|suppliers?|manufacturers?|owners?|pilots?|persons?|people|personnel|staff|crews?|teams?|departments?|compan(?:y|ies)|administrators?|agency|authorit(?:y|ies)|planners?|electricians?|fitters?|foremen|foreman|leads?|users?|workers?|individuals?|someone|anyone|OSHA|FAA)\b/i
const PERSON_TERM = needed('a person or role')

/** Words right after "what is the" that name no thing of their own ("what is the best way …"). */
const GENERIC_FOCUS = new Set(
  `best right correct proper recommended usual normal typical main first last next way reason purpose difference
  meaning name role effect result function use step procedure process requirement minimum maximum standard general
  current different important primary common total average approximate exact actual specific type kind amount
  number value level rate size max min design method technique approach category class option variant sort
  form`
    .split(/\s+/)
    .map(stem),
)

/** Any number at all (weaker evidence than a measure). */
const HAS_NUMBER = /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i

/** Sentence openings that lean on the sentence before. */
const LEANS_BACK =
  /^(this|these|that|those|it|they|such|here|however|therefore|thus|also|then|otherwise|in this|in that|as a result|for this)\b/i

interface Term {
  /** The word as written in the question (for the refusal message). */
  text: string
  /** Stems any of which counts as the term being present. */
  forms: string[]
  /** Stems of what shorthand stands for; half of them together stand in for the shorthand itself. */
  spelled?: string[]
  /** Written in capitals in the question ("HRD", "RSA"). */
  acronym: boolean
  /** Specific tokens compare on a normalised spelling, not stems. */
  specific: boolean
  /** Must be present in the passage for an answer. */
  required: boolean
  weight: number
}

interface Candidate {
  hit: SearchHit
  rank: number
  sentences: string[]
  /** Stem sets per sentence. */
  stems: Array<Set<string>>
  /** Normalised tokens per sentence (for specific terms). */
  tokens: Array<Set<string>>
  passageStems: Set<string>
  passageTokens: Set<string>
  /** The document title and section path: what every sentence of the passage is about. */
  headingStems: Set<string>
  headingTokens: Set<string>
  /** The passage's text and section path, without the document's title. */
  bodyStems: Set<string>
  bodyTokens: Set<string>
}

interface Pick {
  cand: Candidate
  /** Sentence indexes, ascending. */
  idx: number[]
  score: number
  evidence: number
  missingRequired: Term[]
}

/** Answers a question from retrieved passages without a model. */
export function offlineAnswer(question: string, hits: SearchHit[], opts: OfflineOptions = {}): OfflineAnswer {
  const maxSentences = Math.max(1, opts.maxSentences ?? 3)
  const threshold = opts.threshold ?? EVIDENCE_THRESHOLD
  const terms = questionTerms(question)
  const focus = focusTerm(question, terms)
  const pool = hits.slice(0, PASSAGES)
  if (pool.length === 0 || terms.length === 0) {
    return {
      answer: REFUSAL,
      citations: [],
      refused: true,
      sources: hits.map((hit, i) => ({ n: i + 1, hit })),
      evidence: 0,
    }
  }
  const cands = pool.map((hit, rank) => candidate(hit, rank))
  weighTerms(terms)
  if (focus) focus.weight *= FOCUS_WEIGHT
  // "What is the warranty period …", "what is the torque for …": the thing named must be in the passage.
  const named = namedThing(question, terms)
  const wantsMoney = WANTS_MONEY.test(question)
  const wantsDate = WANTS_DATE.test(question)
  const wantsNumber = WANTS_NUMBER.test(question)
  const wantsCount = WANTS_COUNT.test(question)
  const wantsPerson = WANTS_PERSON.test(question)
  const unit = unitAsked(question)
  const maxScore = Math.max(1e-9, ...pool.map((h) => h.score))

  const picks: Pick[] = []
  for (const cand of cands) {
    const rankBonus = 0.3 * (cand.hit.score / maxScore) + 0.1 * (1 - cand.rank / PASSAGES)
    const missingRequired = terms.filter((t) => t.required && !inPassage(t, cand))
    // "Which technician …" asks for an instance of the kind: the passage itself must speak of it (a document
    // title such as "Maintenance Technician Handbook" does not).
    const namedMissing = named.terms.filter((t) => !(named.inBody ? inBody(t, cand) : inPassage(t, cand)))
    if (named.terms.length - namedMissing.length < named.need) missingRequired.push(...namedMissing)
    const n = cand.sentences.length
    // Every run of 1..maxSentences consecutive sentences is a candidate answer.
    for (let i = 0; i < n; i++) {
      for (let len = 1; len <= maxSentences && i + len <= n; len++) {
        const idx = Array.from({ length: len }, (_, k) => i + k)
        const text = idx.map((j) => cand.sentences[j]!)
        const evidence = evidenceOf(terms, cand, idx)
        let score = shareIn(terms, cand, idx) + CONTEXT_WEIGHT * evidence + rankBonus
        if (wantsNumber) {
          const plain = text.map((t) => t.replace(FIGURE_REF, ' '))
          if (plain.some((t) => MEASURE.test(t))) score += NUMBER_BONUS
          else if (plain.some((t) => HAS_NUMBER.test(t))) score += NUMBER_BONUS / 3
        }
        score -= Math.max(...text.map(shapePenalty)) + EXTRA_SENTENCE_COST * (len - 1)
        // A run that opens with "This …" reads badly without what it refers to.
        if (LEANS_BACK.test(text[0]!)) score -= LEAN_BACK_COST
        // "How much did it cost": a price, not the word "costs" in "costs 0.7 % more power".
        const missing = [
          ...missingRequired,
          ...(wantsMoney && !text.some((t) => MONEY.test(t)) ? [MONEY_TERM] : []),
          // "When was P-102 commissioned?": a date, not "two weeks after commissioning".
          ...(wantsDate && !text.some((t) => DATE.test(t)) ? [DATE_TERM] : []),
          // "How many locks …": a number, not the "(1)" of a numbered paragraph.
          ...(wantsCount &&
          !text.some((t) => HAS_NUMBER.test(t.replace(LOCATOR, ' ').replace(FIGURE_REF, ' ')))
            ? [COUNT_TERM]
            : []),
          // "What charge in kg …": that unit, not a level check without one.
          ...(unit && !text.some((t) => unit.test(t)) ? [unit.term] : []),
          // "Who is responsible …": someone, not a procedure step.
          ...(wantsPerson && !text.some(namesSomeone) ? [PERSON_TERM] : []),
        ]
        // A run without what the question needs loses to one with it; if the best run still lacks it, no answer.
        if (missing.length) score -= 0.5
        picks.push({ cand, idx, score, evidence, missingRequired: missing })
      }
    }
  }
  picks.sort((a, b) => b.score - a.score)
  const best = picks[0]!
  const refused = best.missingRequired.length > 0 || best.evidence < threshold

  if (refused) return refusal(best, terms, hits)

  // A second passage joins when it is nearly as good and there is room: another page often completes the answer.
  const chosen: Pick[] = [best]
  const room = maxSentences - best.idx.length
  const quoted = best.idx.map((i) => best.cand.sentences[i]!)
  const second = picks.find(
    (p) =>
      p.cand !== best.cand &&
      p.idx.length <= room &&
      p.missingRequired.length === 0 &&
      p.evidence >= threshold &&
      // overlapping chunks repeat sentences
      !p.idx.some((i) => quoted.includes(p.cand.sentences[i]!)),
  )
  if (room > 0 && second && second.score >= SECOND_SOURCE_SHARE * best.score) chosen.push(second)
  return compose(chosen, hits, best.evidence)
}

/** The question's content terms, with shorthand spelled out as alternative forms. */
function questionTerms(question: string): Term[] {
  const expansions = new Map(findExpansions(question).map((e) => [e.term.toLowerCase(), e.expansion]))
  const out: Term[] = []
  const seen = new Set<string>()
  const raw = question.match(/[\p{L}\p{N}$][\p{L}\p{N}'’.\-/]*[\p{L}\p{N}]|[\p{L}\p{N}$]/gu) ?? []
  for (const tok of raw) {
    const lower = tok.toLowerCase().replace(/[’']s$/, '')
    if (/\d/.test(lower)) {
      const norm = normToken(lower)
      if (seen.has(norm)) continue
      seen.add(norm)
      const forms = [norm]
      const word = Object.entries(NUMBER_WORDS).find(([, d]) => d === norm)?.[0]
      if (word) forms.push(word)
      out.push({ text: tok, forms, acronym: false, specific: true, required: true, weight: 0 })
      continue
    }
    const parts = expansions.has(lower) ? [lower] : lower.split(/[-/.]/)
    for (const part of parts) {
      if (!part || STOPWORDS.has(part) || QUESTION_FILLER.has(part.replace(/[’']/g, ''))) continue
      if (part.length < 2) continue
      const st = stem(part)
      if (seen.has(st)) continue
      seen.add(st)
      const forms = [st]
      const expansion = expansions.get(part)
      const spelled = expansion
        ?.split(/\s+/)
        .filter((w) => !STOPWORDS.has(w) && w.length > 3)
        .map(stem)
      const digit = NUMBER_WORDS[part]
      if (digit) forms.push(digit)
      const quantity = REQUIRED_QUANTITIES[part]
      if (quantity) forms.push(...quantity)
      out.push({
        text: part === lower ? tok : part,
        forms,
        ...(spelled?.length ? { spelled } : {}),
        acronym: /^[A-Z]{2,6}$/.test(tok),
        specific: false,
        required: quantity !== undefined,
        weight: 0,
      })
    }
  }
  return out
}

/**
 * The thing named in "what is the X …" / "what's the X Y …" (the words up to a preposition or the end), when it
 * names a thing of its own (not "the best way", "the maximum"), or the X of a question opening "which X …".
 * Its words must be in the passage that answers:
 * both of two ("the warranty period" is not answered from "a period of unloaded running"), all but one of three
 * ("the oil change interval" is answered by "change the oil every 4,000 hours"). Looser forms ("at what point",
 * "roughly what share") are idioms and paraphrases too often to require anything.
 */
function namedThing(question: string, terms: Term[]): { terms: Term[]; need: number; inBody: boolean } {
  const none = { terms: [], need: 0, inBody: false }
  const m =
    /\b(?:what|who)(?:'s| is| are) the ((?:[\p{L}\p{N}][\p{L}\p{N}'-]*\s*){1,3}?)(?=\s+(?:of|on|for|in|at|to|with|from|by|when|if|that|used|required|needed)\b|[?,.;]|$)/iu.exec(
      question.replace(/’/g, "'"),
    )
  // "Which technician replaced …": the kind of thing asked for, one word.
  const which = /^\s*(?:and\s+)?which ([\p{L}][\p{L}'-]*)/iu.exec(question)
  const phrase = m?.[1] ?? which?.[1]
  if (!phrase) return none
  const words = phrase.trim().toLowerCase().split(/\s+/)
  if (GENERIC_FOCUS.has(stem(words[0]!.split(/[-/]/)[0]!))) return none
  const named = words
    .map((w) => terms.find((t) => !t.specific && t.forms[0] === stem(w.split(/[-/]/)[0]!)))
    .filter((t): t is Term => t !== undefined && !GENERIC_FOCUS.has(t.forms[0]!))
  return { terms: named, need: named.length >= 3 ? named.length - 1 : named.length, inBody: !m && !!which }
}

/** The unit a question asks its answer in, as a test for it in a sentence, or null. */
function unitAsked(question: string): { test: (s: string) => boolean; term: Term } | null {
  const m = UNIT_ASKED.exec(question.replace(/’/g, "'"))
  if (!m) return null
  // "in degrees C" is asked as °C; a bare "in C" or "in F" is too often something else ("in F-16 engines").
  const asked = m[1]!.toLowerCase().replace(/^degrees (c|f)$/, '°$1')
  const spellings = UNIT_CLASSES.find((c) => c.includes(asked)) ?? [asked]
  const alternatives = spellings.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  // A unit after a number ("48 kg", "95 °C", "150psi"), or spelled out anywhere ("kilograms").
  const re = new RegExp(
    `\\d\\s*(?:${alternatives.join('|')})(?![\\p{L}])|\\b(?:${alternatives.filter((u) => u.length > 3).join('|') || '(?!)'})\\b`,
    'iu',
  )
  return { test: (s) => re.test(s), term: needed(`a value in ${m[1]!}`) }
}

/** Does a sentence name a person, a role or a body (a capitalised word past its first)? */
function namesSomeone(sentence: string): boolean {
  if (ROLE.test(sentence)) return true
  const words = sentence.trim().split(/\s+/).slice(1)
  return words.some((w) => /^[A-Z][a-z]{2,}/.test(w) && !STOPWORDS.has(w.toLowerCase()))
}

/** The term right after "what", "which", "how many" or "how much": the thing asked for. */
function focusTerm(question: string, terms: Term[]): Term | undefined {
  const m =
    /\b(?:what(?:'s| is| are)?(?: the| a| an)?|which|how (?:many|much))\s+([\p{L}\p{N}][\p{L}\p{N}'-]*)/iu.exec(
      question.replace(/’/g, "'"),
    )
  if (!m) return undefined
  const word = m[1]!.toLowerCase().split(/[-/]/)[0]!
  const st = /\d/.test(word) ? normToken(word) : stem(word)
  return terms.find((t) => t.forms[0] === st)
}

/**
 * Term weights. The retrieved passages are too few, and too alike, for document frequencies among them to say
 * which words are rare (the topic words are in all of them), so the weight is a prior: longer words tend to be
 * the specific ones, everyday verbs and adjectives count half, and tokens that name a specific thing or the
 * quantity asked for count more.
 */
function weighTerms(terms: Term[]): void {
  for (const t of terms) {
    const word = t.text.toLowerCase()
    let w = 1 + 0.1 * Math.min(6, Math.max(0, word.length - 4))
    if (GENERIC.has(word) || GENERIC.has(t.forms[0]!)) w *= 0.5
    if (t.specific || t.required) w *= 1.5
    else if (t.acronym) w *= 1.3
    t.weight = w
  }
}

function candidate(hit: SearchHit, rank: number): Candidate {
  const sentences = splitSentences(hit.text)
  const stems = sentences.map(stemSet)
  const tokens = sentences.map(tokenSet)
  const p = passageIndex(hit)
  const label = `${hit.document.title} ${hit.section ?? ''}`
  return {
    hit,
    rank,
    sentences,
    stems,
    tokens,
    passageStems: p.stems,
    passageTokens: p.tokens,
    headingStems: stemSet(label),
    headingTokens: tokenSet(label),
    bodyStems: stemSet(`${hit.text} ${hit.section ?? ''}`),
    bodyTokens: tokenSet(`${hit.text} ${hit.section ?? ''}`),
  }
}

/** What a passage says, with its document title and section (a question may name the document). */
function passageIndex(hit: SearchHit): { stems: Set<string>; tokens: Set<string> } {
  const label = `${hit.document.title} ${hit.document.source} ${hit.section ?? ''}`
  return { stems: stemSet(`${hit.text} ${label}`), tokens: tokenSet(`${hit.text} ${label}`) }
}

/**
 * Weighted share of the question's terms inside the given sentences; a term in the passage's heading (document
 * title, section path) counts most of the way, as what the sentences under it are about: "the trip at 95 °C"
 * under "6.2 Bearing temperature alarm and trip" of the P-101/P-102 manual answers "P-101 bearing trip".
 */
function shareIn(terms: Term[], cand: Candidate, idx: number[]): number {
  let got = 0
  let total = 0
  for (const t of terms) {
    total += t.weight
    if (idx.some((i) => has(t, cand.stems[i]!, cand.tokens[i]!))) got += t.weight
    else if (has(t, cand.headingStems, cand.headingTokens)) got += HEADING_CREDIT * t.weight
  }
  return total > 0 ? got / total : 0
}

/** Weighted share of the question's terms in the chosen sentences (full credit) or their passage (part). */
function evidenceOf(terms: Term[], cand: Candidate, idx: number[]): number {
  let got = 0
  let total = 0
  for (const t of terms) {
    total += t.weight
    if (idx.some((i) => has(t, cand.stems[i]!, cand.tokens[i]!))) got += t.weight
    else if (inPassage(t, cand)) got += CONTEXT_CREDIT * t.weight
  }
  return total > 0 ? got / total : 0
}

function inPassage(t: Term, cand: Candidate): boolean {
  return has(t, cand.passageStems, cand.passageTokens)
}

/** In the passage's own words or its section path (not only in the document's title). */
function inBody(t: Term, cand: Candidate): boolean {
  return has(t, cand.bodyStems, cand.bodyTokens)
}

function has(t: Term, stems: Set<string>, tokens: Set<string>): boolean {
  if (t.specific) return t.forms.some((f) => tokens.has(f) || stems.has(f))
  if (t.forms.some((f) => hasStem(f, stems))) return true
  if (!t.spelled) return false
  const found = t.spelled.filter((f) => hasStem(f, stems)).length
  return found >= Math.ceil(t.spelled.length / 2)
}

function hasStem(f: string, stems: Set<string>): boolean {
  if (stems.has(f)) return true
  if (f.length < 4) return false
  // Crude stemming misses some inflections; accept a shared prefix covering most of both words.
  for (const s of stems) {
    if (s.length < 4) continue
    const [a, b] = s.length < f.length ? [s, f] : [f, s]
    if (b.startsWith(a) && a.length >= 0.6 * b.length) return true
  }
  return false
}

/** Sentences that are captions, lists of labels or run-ons make poor answers. */
function shapePenalty(sentence: string): number {
  const words = sentence.split(/\s+/).length
  let p = 0
  if (words < 5) p += 0.15
  if (words > 80) p += 0.1
  if (/^(figure|fig\.|table)\s+\d/i.test(sentence)) p += 0.2
  // Label lists from diagrams have almost no function words.
  const lower = sentence.toLowerCase().split(/\s+/)
  const fn = lower.filter((w) => STOPWORDS.has(w.replace(/[^a-z']/g, ''))).length
  if (words >= 12 && fn / words < 0.12) p += 0.3
  return p
}

function stem(word: string): string {
  let w = word.toLowerCase().replace(/[’']/g, '')
  if (w.length <= 3) return w
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`
  else if (w.endsWith('sses')) w = w.slice(0, -2)
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1)
  if (w.endsWith('ing') && /[aeiouy]/.test(w.slice(0, -3)) && w.length > 5) w = w.slice(0, -3)
  else if (w.endsWith('ed') && !w.endsWith('eed') && w.length > 4) w = w.slice(0, -2)
  else if (w.endsWith('ly') && w.length > 4) w = w.slice(0, -2)
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1)
  // doubled final consonant after stripping: "stopped" -> "stopp" -> "stop"
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1)
  return w
}

function stemSet(text: string): Set<string> {
  const out = new Set<string>()
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}$][\p{L}\p{N}'’]*/gu) ?? []) out.add(stem(w))
  return out
}

/** Spelling-insensitive form of a token that holds digits: "O-470", "0-470" and "o470" compare equal. */
function normToken(tok: string): string {
  return tok
    .toLowerCase()
    .replace(/[-./,\s]/g, '')
    .replace(/o/g, '0')
}

function tokenSet(text: string): Set<string> {
  const out = new Set<string>()
  for (const m of text.match(/[\p{L}\p{N}][\p{L}\p{N}.\-/,]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? []) {
    if (!/\d/.test(m)) continue
    out.add(normToken(m))
    // "1,000-hour" and "25-50" also hold their parts.
    for (const part of m.split(/[-/]/)) if (/\d/.test(part)) out.add(normToken(part))
    for (const part of m.match(/\d+(?:[.,]\d+)*/g) ?? []) out.add(normToken(part))
  }
  return out
}

function place(hit: SearchHit): string {
  if (hit.page !== null) return `${hit.document.title}, p. ${hit.page}`
  // Section paths of headed documents start with the document's own title: say it once.
  const parts = (hit.section ?? '').split(' > ').filter((p) => p && p !== hit.document.title)
  if (parts.length) return `${hit.document.title}, ${parts.join(' > ')}`
  return hit.document.title
}

function trim(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim()
  if (t.length <= max) return t
  const cut = t.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`
}

function citationOf(n: number, hit: SearchHit, snippet: string): Citation {
  return {
    n,
    document: { id: hit.document.id, title: hit.document.title, source: hit.document.source },
    page: hit.page,
    section: hit.section,
    snippet: trim(snippet, SNIPPET_CHARS),
  }
}

/** Numbers the cited hits 1..m in the order given and the rest after them. */
function numberSources(cited: SearchHit[], hits: SearchHit[]): Source[] {
  const rest = hits.filter((h) => !cited.includes(h))
  return [...cited, ...rest].map((hit, i) => ({ n: i + 1, hit }))
}

function compose(chosen: Pick[], hits: SearchHit[], evidence: number): OfflineAnswer {
  const lines: string[] = []
  const citations: Citation[] = []
  chosen.forEach((p, k) => {
    const n = k + 1
    const text = p.idx.map((i) => p.cand.sentences[i]!.trim()).join(' ')
    lines.push(`From ${place(p.cand.hit)}: ${text} [${n}]`)
    citations.push(citationOf(n, p.cand.hit, text))
  })
  return {
    answer: lines.join('\n\n'),
    citations,
    refused: false,
    sources: numberSources(
      chosen.map((p) => p.cand.hit),
      hits,
    ),
    evidence,
  }
}

function refusal(best: Pick, terms: Term[], hits: SearchHit[]): OfflineAnswer {
  const found = terms.filter((t) => inPassage(t, best.cand)).map((t) => t.text)
  const missing = best.missingRequired.length
    ? best.missingRequired.map((t) => t.text)
    : terms.filter((t) => !inPassage(t, best.cand)).map((t) => t.text)
  if (found.length === 0) {
    return { answer: REFUSAL, citations: [], refused: true, sources: numberSources([], hits), evidence: 0 }
  }
  const covers = `mentions ${list(found.slice(0, 4))}${missing.length ? ` but not ${list(missing.slice(0, 3))}` : ''}`
  const answer = `${REFUSAL} The closest passage (${place(best.cand.hit)}) ${covers}. [1]`
  const snippet = best.idx.map((i) => best.cand.sentences[i]!).join(' ')
  return {
    answer,
    citations: [citationOf(1, best.cand.hit, snippet)],
    refused: true,
    sources: numberSources([best.cand.hit], hits),
    evidence: best.evidence,
  }
}

function list(words: string[]): string {
  const q = words.map((w) => `"${w}"`)
  if (q.length <= 1) return q.join('')
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`
}
