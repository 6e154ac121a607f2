import { describe, expect, it } from 'vitest'
import { bm25, type Candidate, DEFAULT_WEIGHTS, idf, parseTsvector, rerank } from './rerank.ts'

const cand = (id: number, tsv: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  cosine: 0,
  positions: parseTsvector(tsv),
  assetTags: [],
  documentId: `doc-${id}`,
  ...over,
})

describe('parseTsvector', () => {
  it('reads lexemes with positions and weights', () => {
    const m = parseTsvector("'oil':1,5A 'pressur':2 'it''s':7 'bare'")
    expect(m.get('oil')).toEqual([1, 5])
    expect(m.get('pressur')).toEqual([2])
    expect(m.get("it's")).toEqual([7])
    expect(m.get('bare')).toEqual([])
  })
})

describe('rerank', () => {
  const stats = { df: new Map<string, number>(), chunks: 1000, avgLength: 4 }
  const base = { assetTags: [], weights: DEFAULT_WEIGHTS, expansionLexemes: [], stats }
  const concepts = (df: Map<string, number>, alt: Record<string, string[]> = {}) =>
    [...df.keys()].map((l) => ({ forms: [l, ...(alt[l] ?? [])], weight: idf(df.get(l)!, 1000) }))
  it('prefers the chunk that has the rare question term over one with only the common term', () => {
    const df = new Map([
      ['oil', 400],
      ['oilit', 2],
    ])
    const common = cand(1, "'oil':1,4,9")
    const rare = cand(2, "'oilit':3")
    const [first] = rerank([common, rare], { ...base, lexemes: ['oil', 'oilit'], concepts: concepts(df) })
    expect(first!.id).toBe(2)
    expect(idf(2, 1000)).toBeGreaterThan(idf(400, 1000))
  })
  it('rewards question terms that stand close together and in order', () => {
    const df = new Map([
      ['relief', 10],
      ['valv', 10],
    ])
    const near = cand(1, "'relief':10 'valv':11")
    const far = cand(2, "'relief':1 'valv':80")
    const ranked = rerank([far, near], { ...base, lexemes: ['relief', 'valv'], concepts: concepts(df) })
    expect(ranked.map((r) => r.id)).toEqual([1, 2])
    expect(ranked[0]!.signals.phrase).toBe(1)
    expect(ranked[1]!.signals.proximity).toBe(0)
  })
  it('boosts chunks tagged with an asset the question names', () => {
    const df = new Map([['bear', 5]])
    const a = cand(1, "'bear':1", { assetTags: ['P-102'] })
    const b = cand(2, "'bear':1", { assetTags: ['P-101'] })
    const [first] = rerank([a, b], {
      ...base,
      lexemes: ['bear'],
      concepts: concepts(df),
      assetTags: ['p-101'],
    })
    expect(first!.id).toBe(2)
  })
  it('returns nothing for no candidates', () => {
    expect(rerank([], { ...base, lexemes: ['x'], concepts: [] })).toEqual([])
  })
  it('counts shorthand and its spelled-out form as one concept', () => {
    const df = new Map([
      ['tach', 3],
      ['accuraci', 20],
    ])
    const spelled = cand(1, "'tachomet':4 'accuraci':5")
    const neither = cand(2, "'accuraci':5")
    const ranked = rerank([neither, spelled], {
      ...base,
      lexemes: ['tach', 'accuraci'],
      concepts: concepts(df, { tach: ['tachomet'] }),
    })
    expect(ranked[0]!.id).toBe(1)
    expect(ranked[0]!.signals.coverage).toBeCloseTo(1)
  })
  it('lifts a passage whose document holds other strong candidates', () => {
    const df = new Map([['pump', 10]])
    const lone = cand(1, "'pump':1,2,3", { documentId: 'a' })
    const mates = [2, 3, 4].map((id) => cand(id, "'pump':1", { documentId: 'b' }))
    const ranked = rerank([lone, ...mates], { ...base, lexemes: ['pump'], concepts: concepts(df) })
    for (const id of [2, 3, 4]) expect(ranked.find((r) => r.id === id)!.signals.document).toBe(1)
    expect(ranked.find((r) => r.id === 1)!.signals.document).toBeLessThan(1)
  })
})

describe('bm25', () => {
  const stats = {
    df: new Map([
      ['rare', 2],
      ['common', 500],
    ]),
    chunks: 1000,
    avgLength: 3,
  }
  it('weighs rare terms above common ones, saturates term frequency and favours shorter chunks', () => {
    const rare = bm25(parseTsvector("'rare':1 'x':2 'y':3"), ['rare'], stats)
    const common = bm25(parseTsvector("'common':1 'x':2 'y':3"), ['common'], stats)
    expect(rare).toBeGreaterThan(common)
    const once = bm25(parseTsvector("'rare':1 'x':2 'y':3"), ['rare'], stats)
    const thrice = bm25(parseTsvector("'rare':1,4,7 'x':2 'y':3"), ['rare'], stats)
    expect(thrice).toBeGreaterThan(once)
    expect(thrice).toBeLessThan(3 * once)
    const long = bm25(parseTsvector("'rare':1 'a':2 'b':3 'c':4 'd':5 'e':6 'f':7"), ['rare'], stats)
    expect(long).toBeLessThan(once)
    expect(bm25(parseTsvector("'x':1"), ['rare'], stats)).toBe(0)
  })
})
