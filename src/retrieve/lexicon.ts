/**
 * Plant and maintenance shorthand → the words documents use. Operators type "LOTO", "PM", "VFD"; manuals and
 * regulations spell them out. Keys are matched case-insensitively as whole words (multi-word keys as phrases).
 * Expansions are searched as a second, lower-weighted lexical query, so a wrong guess costs little.
 */
export const ABBREVIATIONS: Record<string, string> = {
  // safety and procedures
  loto: 'lockout tagout energy control',
  'lock out': 'lockout',
  'tag out': 'tagout',
  ppe: 'personal protective equipment',
  sop: 'standard operating procedure',
  jha: 'job hazard analysis',
  jsa: 'job safety analysis',
  msds: 'safety data sheet',
  sds: 'safety data sheet',
  ptw: 'permit to work',
  // maintenance management
  pm: 'preventive maintenance',
  cm: 'corrective maintenance',
  wo: 'work order',
  wos: 'work orders',
  cmms: 'maintenance management system work order',
  mtbf: 'mean time between failures',
  mttr: 'mean time to repair',
  rca: 'root cause analysis',
  oem: 'original equipment manufacturer',
  tbo: 'time between overhaul',
  smoh: 'since major overhaul',
  ad: 'airworthiness directive',
  // electrical and controls
  vfd: 'variable frequency drive',
  vsd: 'variable speed drive',
  mcc: 'motor control center',
  plc: 'programmable logic controller',
  hmi: 'operator interface panel screen',
  dcs: 'distributed control system',
  rtd: 'resistance temperature detector',
  ups: 'uninterruptible power supply',
  gfci: 'ground fault circuit interrupter',
  // mechanical and process
  psv: 'pressure safety valve relief',
  prv: 'pressure relief valve',
  npsh: 'net positive suction head',
  dp: 'differential pressure',
  'delta p': 'differential pressure',
  bep: 'best efficiency point',
  rpm: 'revolutions per minute speed',
  gpm: 'gallons per minute flow',
  temp: 'temperature',
  temps: 'temperatures',
  vib: 'vibration',
  brg: 'bearing',
  brgs: 'bearings',
  hx: 'heat exchanger',
  // engines and powerplants
  cyl: 'cylinder',
  cyls: 'cylinders',
  carb: 'carburetor',
  mag: 'magneto',
  mags: 'magnetos',
  prop: 'propeller',
  props: 'propellers',
  tach: 'tachometer',
  egt: 'exhaust gas temperature',
  cht: 'cylinder head temperature',
  itt: 'interstage turbine temperature',
  fadec: 'full authority digital engine control',
  apu: 'auxiliary power unit',
  hrd: 'high rate discharge',
  avgas: 'aviation gasoline',
  mogas: 'automotive gasoline',
  ll: 'low lead',
  hp: 'horsepower',
  disconnect: 'disconnect switch energy isolating device',
  padlock: 'lock lockout device',
  padlocks: 'locks lockout devices',
  'e-stop': 'emergency stop',
  estop: 'emergency stop',
  // everyday shop words
  'zip tie': 'cable tie nylon',
  'zip ties': 'cable ties nylon',
  'plug in': 'cord and plug connected',
  'plug-in': 'cord and plug connected',
  'break in': 'break-in run-in',
  teardown: 'disassembly overhaul',
  gauge: 'gage',
  gage: 'gauge',
  oz: 'ounce',
  lbs: 'pounds',
  lb: 'pound',
}

const KEYS = Object.keys(ABBREVIATIONS).sort((a, b) => b.length - a.length)
const KEY_RE = new RegExp(
  `(?<![\\w-])(${KEYS.map((k) => k.replace(/[-\s]/g, '[-\\s]')).join('|')})(?![\\w-])`,
  'gi',
)

export interface Expansion {
  /** The shorthand as written in the question. */
  term: string
  /** The words documents use for it. */
  expansion: string
}

/** The shorthand found in a question with what each one stands for. */
export function findExpansions(question: string): Expansion[] {
  const out = new Map<string, Expansion>()
  for (const m of question.matchAll(KEY_RE)) {
    const key = m[1]!.toLowerCase().replace(/[-\s]+/g, (s) => (s.includes('-') ? '-' : ' '))
    const exp = ABBREVIATIONS[key] ?? ABBREVIATIONS[key.replace('-', ' ')]
    if (exp && !out.has(key)) out.set(key, { term: m[1]!, expansion: exp })
  }
  return [...out.values()]
}

/** Returns the expansion words for the shorthand found in a question (empty string when none). */
export function expandAbbreviations(question: string): string {
  return [...new Set(findExpansions(question).map((e) => e.expansion))].join(' ')
}

/**
 * Words that carry how a question is asked, not what it is about ("what does the handbook say…", "quick way to
 * tell…", "roughly how much…"). They are dropped from the lexical query; the embedding still sees them.
 */
export const QUESTION_FILLER = new Set(
  `handbook manual document documents doc docs book guide says say said tell tells told mention mentions
  according typical typically usually usual generally general common commonly normal normally really actually
  basically just still even also quick quickly way ways roughly approximately approx about around exactly
  need needs needed want wants know knows anyone someone somebody something anything thing things stuff kind
  sort lot lots pretty quite much many every each one ones us we our you your i me my guys folks please thanks
  hey hi ok okay right yes no gonna wanna got get gets getting make makes sure good best better big small little
  happen happens mean means supposed allowed`.split(/\s+/),
)

/** The question without filler words, for lexical search (falls back to the question when nothing is left). */
export function lexicalQuery(question: string): string {
  const kept = question
    .split(/\s+/)
    .filter((tok) => tok && !QUESTION_FILLER.has(tok.toLowerCase().replace(/[^a-z']/g, '')))
    .join(' ')
  return kept.length ? kept : question
}
