/**
 * Second-stage ranking of fused candidates. Each candidate carries its BM25 score, its BM25 score for the
 * expansion query, its cosine similarity and its lexeme positions; the score is a weighted sum of normalised
 * signals. Pure functions: no I/O here.
 */

export interface Candidate {
  id: number
  bm25: number
  bm25Expansion: number
  cosine: number
  /** lexeme -> positions, from the chunk's tsvector. */
  positions: Map<string, number[]>
  assetTags: string[]
}

export interface RerankWeights {
  bm25: number
  expansion: number
  vector: number
  coverage: number
  proximity: number
  phrase: number
  asset: number
}

export const DEFAULT_WEIGHTS: RerankWeights = {
  bm25: 1,
  expansion: 0.3,
  vector: 0.5,
  coverage: 0.6,
  proximity: 0.3,
  phrase: 0.2,
  asset: 0.3,
}

export interface RerankQuery {
  lexemes: string[]
  expansion: string[]
  df: Map<string, number>
  totalChunks: number
  assetTags: string[]
  weights: RerankWeights
}

export interface Ranked {
  id: number
  score: number
  signals: Record<string, number>
}

export function idf(df: number, total: number): number {
  return Math.log(1 + (total - df + 0.5) / (df + 0.5))
}

export function rerank(cands: Candidate[], q: RerankQuery): Ranked[] {
  if (cands.length === 0) return []
  const w = q.weights
  const maxBm25 = Math.max(1e-9, ...cands.map((c) => c.bm25))
  const maxExp = Math.max(1e-9, ...cands.map((c) => c.bm25Expansion))
  const cosines = cands.map((c) => c.cosine)
  const minCos = Math.min(...cosines)
  const cosRange = Math.max(1e-9, Math.max(...cosines) - minCos)
  const weightOf = new Map(q.lexemes.map((l) => [l, idf(q.df.get(l) ?? 0, Math.max(1, q.totalChunks))]))
  const totalWeight = [...weightOf.values()].reduce((a, b) => a + b, 0) || 1
  const tags = new Set(q.assetTags.map((t) => t.toUpperCase()))

  return cands
    .map((c) => {
      const signals = {
        bm25: c.bm25 / maxBm25,
        expansion: c.bm25Expansion / maxExp,
        vector: (c.cosine - minCos) / cosRange,
        coverage: coverage(c.positions, weightOf, totalWeight),
        proximity: proximity(c.positions, weightOf, totalWeight),
        phrase: phrase(c.positions, q.lexemes),
        asset: tags.size && c.assetTags.some((t) => tags.has(t.toUpperCase())) ? 1 : 0,
      }
      const score =
        w.bm25 * signals.bm25 +
        w.expansion * signals.expansion +
        w.vector * signals.vector +
        w.coverage * signals.coverage +
        w.proximity * signals.proximity +
        w.phrase * signals.phrase +
        w.asset * signals.asset
      return { id: c.id, score, signals }
    })
    .sort((a, b) => b.score - a.score || a.id - b.id)
}

/** IDF-weighted share of the question's lexemes that the chunk contains. */
function coverage(pos: Map<string, number[]>, weightOf: Map<string, number>, total: number): number {
  let got = 0
  for (const [lex, wt] of weightOf) if (pos.has(lex)) got += wt
  return got / total
}

const WINDOW = 12

/** IDF-weighted share of the question's lexemes found together inside one window of the chunk. */
function proximity(pos: Map<string, number[]>, weightOf: Map<string, number>, total: number): number {
  const events: Array<[number, string]> = []
  for (const lex of weightOf.keys()) for (const p of pos.get(lex) ?? []) events.push([p, lex])
  if (events.length < 2) return 0
  events.sort((a, b) => a[0] - b[0])
  let best = 0
  const inWindow = new Map<string, number>()
  let sum = 0
  let lo = 0
  for (let hi = 0; hi < events.length; hi++) {
    const [p, lex] = events[hi]!
    const n = inWindow.get(lex) ?? 0
    if (n === 0) sum += weightOf.get(lex)!
    inWindow.set(lex, n + 1)
    while (p - events[lo]![0] > WINDOW) {
      const old = events[lo]![1]
      const m = inWindow.get(old)! - 1
      if (m === 0) {
        inWindow.delete(old)
        sum -= weightOf.get(old)!
      } else inWindow.set(old, m)
      lo++
    }
    if (inWindow.size > 1) best = Math.max(best, sum)
  }
  return best / total
}

/** Share of the question's adjacent lexeme pairs that also stand next to each other in the chunk. */
function phrase(pos: Map<string, number[]>, lexemes: string[]): number {
  if (lexemes.length < 2) return 0
  let hits = 0
  for (let i = 0; i + 1 < lexemes.length; i++) {
    const a = pos.get(lexemes[i]!)
    const b = pos.get(lexemes[i + 1]!)
    if (a && b && a.some((x) => b.some((y) => y - x >= 1 && y - x <= 2))) hits++
  }
  return hits / (lexemes.length - 1)
}

/** Parses Postgres's tsvector text form: 'lexeme':1,5A 'other':3 */
export function parseTsvector(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>()
  const re = /'((?:[^']|'')*)'(?::([\d,A-D]+))?/g
  for (const m of text.matchAll(re)) {
    const lex = m[1]!.replace(/''/g, "'")
    const positions = m[2] ? m[2].split(',').map((p) => Number.parseInt(p, 10)) : []
    out.set(lex, positions)
  }
  return out
}
