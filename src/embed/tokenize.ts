/**
 * Tokenisation for the bag-of-words embedder.
 *
 * - Lowercases and splits on anything that is not a letter or digit, so hyphenated technical terms become their
 *   parts ("anti-surge" -> anti, surge; "P-101" -> p, 101) and possessives lose their "s".
 * - Drops pure numbers (the GloVe-derived vocabulary has none; identifiers and values are the lexical index's
 *   job), single characters, and English function words.
 * - `lookupForms` lists the spellings to try, in order, when a token is not in the vocabulary.
 */

const WORD = /[\p{L}\p{N}]+/gu
const DIGITS_ONLY = /^\p{N}+$/u
const HAS_DIGIT = /\p{N}/u
const NON_ASCII = /[^\u0000-\u007f]/

/** Function words that carry no topic; SIF would down-weight most of them anyway, this removes them outright. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each either else etc ever every few for from ' +
    'further had has have having he her here hers herself him himself his how however i if in into is it its ' +
    'itself just least less let may me might mine more most much must my myself neither no nor not now of off ' +
    'on once one only onto or other others otherwise our ours ourselves out over own per rather same shall she ' +
    'should since so some such than that the their theirs them themselves then there therefore these they this ' +
    'those though through thus to too under until up upon us very via was we were what whatever when whenever ' +
    'where whereas wherever whether which while who whom whose why will with within without would yet you your ' +
    'yours yourself yourselves ' +
    // fragments left by splitting contractions on the apostrophe ("don't" -> don, t)
    'aren couldn didn doesn don hadn hasn haven isn ll mustn needn re shan shouldn ve wasn weren won wouldn'
  ).split(' '),
)

/** Lowercased content tokens of `text`, in order, duplicates kept. */
export function tokenize(text: string): string[] {
  const out: string[] = []
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const t = m[0]
    if (t.length < 2 || STOP_WORDS.has(t) || DIGITS_ONLY.test(t)) continue
    out.push(t)
  }
  return out
}

/** Removes combining marks after canonical decomposition: "café" -> "cafe". */
export function foldDiacritics(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '')
}

/**
 * Alternative spellings to look up when `token` itself is out of vocabulary, most specific first:
 * diacritics folded, the letters of a letters+digits token ("120psi" -> psi), then crude de-inflections
 * (plural s/es/ies, -ed, -ing, with e-restoration and consonant un-doubling), then the same without a common
 * prefix (re-, de-, un-, pre-, over-, …).
 */
export function lookupForms(token: string): string[] {
  const forms: string[] = []
  const add = (w: string) => {
    if (w.length >= 2 && w !== token && !forms.includes(w)) forms.push(w)
  }
  let base = token
  if (NON_ASCII.test(base)) {
    base = foldDiacritics(base)
    add(base)
  }
  if (HAS_DIGIT.test(base)) {
    const letters = base.replace(/\p{N}+/gu, '')
    if (letters.length >= 2) {
      base = letters
      add(base)
    }
  }
  for (const stem of deinflect(base)) add(stem)
  // Last resort: drop a common prefix ("regreasing" -> greasing, "descaled" -> scaled). Topic is kept even
  // when the prefix negates, which is what a topical embedding wants.
  const prefix = PREFIXES.find((p) => base.startsWith(p) && base.length - p.length >= 4)
  if (prefix) {
    const rest = base.slice(prefix.length)
    add(rest)
    for (const stem of deinflect(rest)) add(stem)
  }
  return forms
}

const PREFIXES = ['multi', 'under', 'over', 'anti', 'non', 'pre', 'sub', 're', 'de', 'un']

function undouble(stem: string): string | null {
  const n = stem.length
  if (n >= 3 && stem[n - 1] === stem[n - 2] && !'aeiouslz'.includes(stem[n - 1] as string)) {
    return stem.slice(0, -1)
  }
  return null
}

/** Crude suffix stripping; candidates are only ever used if they exist in the vocabulary. */
export function deinflect(w: string): string[] {
  const out: string[] = []
  const n = w.length
  if (n > 4 && w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`)
  if (n > 3 && w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1))
  if (n > 4 && w.endsWith('es')) out.push(w.slice(0, -2))
  if (n > 4 && w.endsWith('ied')) out.push(`${w.slice(0, -3)}y`)
  if (n > 4 && w.endsWith('ed')) {
    const stem = w.slice(0, -2)
    out.push(stem, `${stem}e`)
    const u = undouble(stem)
    if (u) out.push(u)
  }
  if (n > 5 && w.endsWith('ing')) {
    const stem = w.slice(0, -3)
    out.push(stem, `${stem}e`)
    const u = undouble(stem)
    if (u) out.push(u)
  }
  return out
}
