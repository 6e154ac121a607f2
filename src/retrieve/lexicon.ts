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

/** Returns the expansion words for the shorthand found in a question (empty string when none). */
export function expandAbbreviations(question: string): string {
  const out: string[] = []
  for (const m of question.matchAll(KEY_RE)) {
    const key = m[1]!.toLowerCase().replace(/[-\s]+/g, (s) => (s.includes('-') ? '-' : ' '))
    const exp = ABBREVIATIONS[key] ?? ABBREVIATIONS[key.replace('-', ' ')]
    if (exp) out.push(exp)
  }
  return [...new Set(out)].join(' ')
}
