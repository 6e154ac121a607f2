/** The eval question format of ../shared/evals (README.md there) and how a retrieved chunk scores against it. */
import { readFileSync } from 'node:fs'

export interface EvalSource {
  document: string
  page?: number
  section?: string
}

export interface EvalCase {
  id: string
  kind: 'retrieval' | 'analytics' | 'unanswerable'
  question: string
  sources: EvalSource[]
  answer_contains: string[]
  notes?: string
}

export function readCases(file: string): EvalCase[] {
  const lines = readFileSync(file, 'utf8').split('\n')
  const cases: EvalCase[] = []
  lines.forEach((line, i) => {
    if (!line.trim()) return
    let c: EvalCase
    try {
      c = JSON.parse(line)
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`)
    }
    if (!c.id || !c.question || !['retrieval', 'analytics', 'unanswerable'].includes(c.kind)) {
      throw new Error(`${file}:${i + 1}: a case needs id, question and kind retrieval|analytics|unanswerable`)
    }
    cases.push({ ...c, sources: c.sources ?? [], answer_contains: c.answer_contains ?? [] })
  })
  return cases
}

export interface RetrievedRef {
  document: string
  page: number | null
  section: string | null
}

/** The legal-outline locator at the end of a section path, e.g. '(c)(7)(iv)'. */
export function locatorOf(section: string | null): string | null {
  if (!section) return null
  const last = section.split(' > ').pop() ?? ''
  const m = /^(?:\([A-Za-z0-9]+\))+/.exec(last.trim())
  return m ? m[0] : null
}

/** Does a retrieved chunk come from one of the case's sources (same file and page, or the paragraph or below)? */
export function matchesSource(ref: RetrievedRef, sources: EvalSource[]): boolean {
  const file = ref.document.split('/').pop()
  return sources.some((s) => {
    if (s.document !== file) return false
    if (s.page !== undefined) return ref.page === s.page
    if (s.section !== undefined) {
      const loc = locatorOf(ref.section)
      return loc?.startsWith(s.section)
    }
    return true
  })
}
