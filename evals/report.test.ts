import { describe, expect, it } from 'vitest'
import { type CaseRow, figures, formatFigures } from './report.ts'
import { routedKind } from './route.ts'
import { splitOf } from './split.ts'

describe('tune / untouched / held-out split', () => {
  it('tunes on the first dev set and the even-numbered cases of the second', () => {
    expect(splitOf('../shared/evals/dev-questions.jsonl', 'dev-faa-07')).toBe('tune')
    expect(splitOf('../shared/evals/dev-questions-2.jsonl', 'dev2-faa-02')).toBe('tune')
    expect(splitOf('dev-questions-2.jsonl', 'dev2-osha-14')).toBe('tune')
    expect(splitOf('dev-questions-2.jsonl', 'dev2-faa-07')).toBe('untouched')
    expect(splitOf('dev-questions-2.jsonl', 'dev2-proc-01')).toBe('untouched')
    expect(splitOf('dev-questions-2.jsonl', 'no-number')).toBe('untouched')
  })
  it('never tunes on the held-out sets or on an unknown file', () => {
    expect(splitOf('evals/heldout-doe-pump.jsonl', 'ho-pump-02')).toBe('heldout')
    expect(splitOf('/x/heldout-tm5-ups.jsonl', 'ho-ups-01')).toBe('heldout')
    expect(splitOf('feedback-cases.jsonl', 'fb-02')).toBe('untouched')
  })
})

describe('routed kind of a turn', () => {
  it('takes a route or intent the turn states, else reads it from the tools used', () => {
    expect(routedKind({ route: 'procedure', toolCalls: [] })).toBe('procedure')
    expect(routedKind({ intent: { kind: 'definition' }, toolCalls: [] })).toBe('definition')
    expect(routedKind({ toolCalls: [{ name: 'work_order_stats' }] })).toBe('analytics')
    expect(routedKind({ toolCalls: [{ name: 'get_tag_history' }] })).toBe('plant')
    expect(routedKind({ toolCalls: [{ name: 'search_documents' }] })).toBe('documents')
    expect(routedKind({ toolCalls: [] })).toBe('documents')
  })
})

const row = (over: Partial<CaseRow>): CaseRow => ({
  id: 'x',
  kind: 'retrieval',
  set: 'dev.jsonl',
  split: 'tune',
  family: 'faa',
  ranks: { hybrid: 1, bm25: 1, fts: 1, vector: 1 },
  route: 'documents',
  answer: 'abc',
  refused: false,
  answer_hit: true,
  ...over,
})

describe('eval figures', () => {
  const rows: CaseRow[] = [
    row({ id: 'a', ranks: { hybrid: 1, bm25: 2, fts: 0, vector: 6 }, answer: 'x'.repeat(100) }),
    row({
      id: 'b',
      ranks: { hybrid: 3, bm25: 0, fts: 4, vector: 0 },
      answer: 'x'.repeat(300),
      answer_hit: false,
    }),
    row({
      id: 'c',
      family: 'osha',
      ranks: { hybrid: 0, bm25: 1, fts: 1, vector: 2 },
      answer: "I can't find that",
      refused: true,
      answer_hit: false,
    }),
    row({ id: 'd', kind: 'analytics', family: null, ranks: null, route: 'analytics', answer: '42' }),
    row({ id: 'e', kind: 'unanswerable', family: null, ranks: null, refused: true, answer_hit: false }),
    row({ id: 'f', kind: 'unanswerable', family: null, ranks: null, refused: false, answer_hit: false }),
  ]
  const f = figures(rows, 5, 'offline')

  it('scores retrieval overall and per document family for every method', () => {
    expect(f.retrieval).toMatchObject({ n: 3, recall_at_k: 0.667, k: 5 })
    expect(f.retrieval.mrr).toBeCloseTo((1 + 1 / 3) / 3, 3)
    expect(f.baselines.bm25).toMatchObject({ n: 3, recall_at_k: 0.667 })
    expect(f.by_family.faa!.hybrid).toMatchObject({ n: 2, recall_at_k: 1 })
    expect(f.by_family.faa!.vector).toMatchObject({ n: 2, recall_at_k: 0 })
    expect(f.by_family.osha!.hybrid).toMatchObject({ n: 1, recall_at_k: 0 })
    expect(f.by_family.osha!.bm25).toMatchObject({ n: 1, recall_at_k: 1, mrr: 1 })
  })

  it('counts answers, refusals and answer length as before', () => {
    expect(f.answers).toEqual({ n: 3, hit_rate: 0.333, mode: 'offline' })
    expect(f.false_refusals).toEqual({ n: 1, rate: 0.333 })
    expect(f.unanswerable).toEqual({ n: 2, refused_rate: 0.5 })
    expect(f.analytics).toEqual({ n: 1, hit_rate: 1 })
    expect(f.answer_length).toEqual({ n: 3, median_chars: 100, p90_chars: 300 })
  })

  it('aggregates per routed kind and per case kind', () => {
    expect(f.by_route.analytics).toMatchObject({ n: 1, hit_rate: 1, case_kinds: { analytics: 1 } })
    // documents: a, b, c (retrieval: a hit), e (refused: a hit), f (not refused: a miss)
    expect(f.by_route.documents).toMatchObject({
      n: 5,
      hit_rate: 0.4,
      case_kinds: { retrieval: 3, unanswerable: 2 },
    })
    expect(f.by_case_kind.unanswerable).toMatchObject({ n: 2, hit_rate: 0.5, routes: { documents: 2 } })
    expect(f.by_case_kind.retrieval).toMatchObject({ n: 3, hit_rate: 0.333, refused_rate: 0.333 })
    const text = formatFigures('t', f)
    expect(text).toContain('hybrid        0.667')
    expect(text).toMatch(/osha\s+1/)
    expect(text).toMatch(/analytics\s+1\s+1\.000/)
  })

  it('keeps a new routed kind as its own row', () => {
    const g = figures(
      [row({ route: 'procedure' }), row({ route: 'definition', answer_hit: false })],
      5,
      'offline',
    )
    expect(Object.keys(g.by_route)).toEqual(['definition', 'procedure'])
    expect(g.by_route.definition!.hit_rate).toBe(0)
  })
})
