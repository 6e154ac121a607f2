/**
 * Second-stage ranking of the candidates both retrievers found. Each candidate carries its cosine similarity
 * and its lexeme positions; BM25 (for the question and for the spelled-out shorthand), term coverage, proximity
 * and phrase order are computed here from those positions and the corpus statistics, the same way for every
 * candidate whichever retriever found it. The score is a weighted sum of normalised signals. No I/O here.
 */

export interface Candidate {
  id: number
  cosine: number
  /** lexeme -> positions, from the chunk's tsvector. */
  positions: Map<string, number[]>
  assetTags: string[]
  documentId: string
}

export interface RerankWeights {
  bm25: number
  expansion: number
  vector: number
  coverage: number
  proximity: number
  phrase: number
  asset: number
  /** Evidence from the best other candidates of the same document. */
  document: number
}

export const DEFAULT_WEIGHTS: RerankWeights = {
  bm25: 1,
  expansion: 0.5,
  vector: 0.5,
  coverage: 0.6,
  proximity: 0.3,
  phrase: 0.2,
  asset: 0.3,
  document: 0.3,
}

/** One idea of the question: its own lexeme plus what shorthand for it stands for ('tach' ~ 'tachomet'). */
export interface Concept {
  forms: string[]
  weight: number
}

export interface CorpusStats {
  /** Chunks containing each lexeme. */
  df: Map<string, number>
  chunks: number
  /** Mean distinct lexemes per chunk. */
  avgLength: number
}

export interface RerankQuery {
  /** The question's lexemes in order (for BM25 and phrase evidence). */
  lexemes: string[]
  /** Lexemes of the spelled-out shorthand. */
  expansionLexemes: string[]
  concepts: Concept[]
  stats: CorpusStats
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
  const bm25s = cands.map((c) => bm25(c.positions, q.lexemes, q.stats))
  const exps = cands.map((c) => bm25(c.positions, q.expansionLexemes, q.stats))
  const maxBm25 = Math.max(1e-9, ...bm25s)
  const maxExp = Math.max(1e-9, ...exps)
  const cosines = cands.map((c) => c.cosine)
  const minCos = Math.min(...cosines)
  const cosRange = Math.max(1e-9, Math.max(...cosines) - minCos)
  const totalWeight = q.concepts.reduce((a, c) => a + c.weight, 0) || 1
  const tags = new Set(q.assetTags.map((t) => t.toUpperCase()))

  const scored = cands.map((c, i) => {
    const signals: Record<string, number> = {
      bm25: bm25s[i]! / maxBm25,
      expansion: exps[i]! / maxExp,
      vector: (c.cosine - minCos) / cosRange,
      coverage: coverage(c.positions, q.concepts, totalWeight),
      proximity: proximity(c.positions, q.concepts, totalWeight),
      phrase: phrase(c.positions, q.lexemes),
      asset: tags.size && c.assetTags.some((t) => tags.has(t.toUpperCase())) ? 1 : 0,
    }
    const score =
      w.bm25 * signals.bm25! +
      w.expansion * signals.expansion! +
      w.vector * signals.vector! +
      w.coverage * signals.coverage! +
      w.proximity * signals.proximity! +
      w.phrase * signals.phrase! +
      w.asset * signals.asset!
    return { id: c.id, doc: c.documentId, score, signals }
  })
  // A passage is more likely the answer when its document also holds other strong candidates: the mean of the
  // document's best three scores, relative to the best document's.
  const byDoc = new Map<string, number[]>()
  for (const s of scored) byDoc.set(s.doc, [...(byDoc.get(s.doc) ?? []), s.score])
  const docScore = new Map(
    [...byDoc].map(([d, xs]) => [
      d,
      xs
        .sort((a, b) => b - a)
        .slice(0, 3)
        .reduce((a, b) => a + b, 0) / 3,
    ]),
  )
  const maxDoc = Math.max(1e-9, ...docScore.values())
  return scored
    .map((s) => {
      const document = docScore.get(s.doc)! / maxDoc
      return { id: s.id, score: s.score + w.document * document, signals: { ...s.signals, document } }
    })
    .sort((a, b) => b.score - a.score || a.id - b.id)
}

const K1 = 1.2
const B = 0.75

/** Okapi BM25 of a chunk for the given lexemes; document length is the chunk's count of distinct lexemes. */
export function bm25(pos: Map<string, number[]>, lexemes: string[], stats: CorpusStats): number {
  if (lexemes.length === 0) return 0
  const norm = 1 - B + (B * pos.size) / Math.max(1, stats.avgLength)
  let score = 0
  for (const lex of new Set(lexemes)) {
    const tf = pos.get(lex)?.length ?? 0
    if (tf === 0) continue
    score += (idf(stats.df.get(lex) ?? 1, Math.max(1, stats.chunks)) * (tf * (K1 + 1))) / (tf + K1 * norm)
  }
  return score
}

/** Positions of a concept in a chunk: of any of its forms. */
function conceptPositions(pos: Map<string, number[]>, c: Concept): number[] {
  if (c.forms.length === 1) return pos.get(c.forms[0]!) ?? []
  return c.forms.flatMap((f) => pos.get(f) ?? [])
}

/** IDF-weighted share of the question's concepts that the chunk contains. */
function coverage(pos: Map<string, number[]>, concepts: Concept[], total: number): number {
  let got = 0
  for (const c of concepts) if (c.forms.some((f) => pos.has(f))) got += c.weight
  return got / total
}

const WINDOW = 12

/** IDF-weighted share of the question's concepts found together inside one window of the chunk. */
function proximity(pos: Map<string, number[]>, concepts: Concept[], total: number): number {
  const events: Array<[number, number]> = []
  concepts.forEach((c, i) => {
    for (const p of conceptPositions(pos, c)) events.push([p, i])
  })
  if (events.length < 2) return 0
  events.sort((a, b) => a[0] - b[0])
  let best = 0
  const inWindow = new Map<number, number>()
  let sum = 0
  let lo = 0
  for (let hi = 0; hi < events.length; hi++) {
    const [p, ci] = events[hi]!
    const n = inWindow.get(ci) ?? 0
    if (n === 0) sum += concepts[ci]!.weight
    inWindow.set(ci, n + 1)
    while (p - events[lo]![0] > WINDOW) {
      const old = events[lo]![1]
      const m = inWindow.get(old)! - 1
      if (m === 0) {
        inWindow.delete(old)
        sum -= concepts[old]!.weight
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
