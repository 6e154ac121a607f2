/**
 * What a question is about, read without a model: servicing intent (which brings lockout/tagout passages into
 * the answer), equipment named, and whether it leans on the previous turn.
 */
import { extractAssetTags } from '../ingest/tags.ts'

const SERVICING =
  /\b(repair|replac\w*|servic\w*|overhaul\w*|disassembl\w*|dismantl\w*|remov\w*|open(ing)? (up|the)|take apart|pull (the|a)|chang\w* (the |a |an )?(seal|bearing|oil|filter|belt|element|impeller|coupling|valve)|clean\w* (the |a )?(strainer|tubes?|condenser|filter|basin)|grease|lubricat\w*|realign|align\w*|work on|maintenance on|lock ?out|tag ?out|loto|isolat\w*|de-?energi[sz]\w*|bleed|drain)\b/i

export function isServicingQuestion(question: string): boolean {
  return SERVICING.test(question)
}

/** Equipment tags in a question, also when written loosely: "pump 101" or "p101" for P-101. */
export function assetsInQuestion(question: string, known: string[] = []): string[] {
  const found = new Set(extractAssetTags(question.toUpperCase()))
  const compact = question.toUpperCase().replace(/[\s_-]+/g, '')
  for (const tag of known) {
    const bare = tag.replace(/[\s_-]+/g, '')
    if (compact.includes(bare)) found.add(tag)
    const digits = /\d+[A-Z]?$/.exec(tag)?.[0]
    if (
      digits &&
      new RegExp(
        `\\b(pump|compressor|chiller|tower|fan|valve|tank|dryer|receiver)\\s*#?${digits}\\b`,
        'i',
      ).test(question)
    ) {
      if (nameMatches(question, tag)) found.add(tag)
    }
  }
  return [...found]
}

const PREFIX_NAMES: Record<string, string[]> = {
  P: ['pump'],
  K: ['compressor'],
  C: ['compressor'],
  CH: ['chiller'],
  CT: ['tower', 'fan'],
  HV: ['valve'],
  V: ['receiver', 'tank', 'vessel'],
  D: ['dryer'],
}

function nameMatches(question: string, tag: string): boolean {
  const prefix = /^[A-Z]+/.exec(tag)?.[0] ?? ''
  const names = PREFIX_NAMES[prefix] ?? []
  return names.some((n) => new RegExp(`\\b${n}`, 'i').test(question))
}

/** A short question leaning on the previous turn: "what about P-102?", "and its trip value?", "why?" */
export function isFollowUp(question: string): boolean {
  const q = question.trim().toLowerCase()
  if (q.split(/\s+/).length <= 4) return true
  return (
    /^(and|also|what about|how about|same for|then|why|so)\b/.test(q) ||
    /\b(it|its|that|this|those|them|there)\b/.test(q)
  )
}
