/**
 * The eval's figures from its per-case rows: retrieval recall@k and MRR per method (overall and per document
 * family), answer hit rates per case kind and per kind of question as the copilot routed it, refusals, and
 * answer length. Pure functions: run.ts collects the rows, these aggregate and print them.
 */
import { percentile } from '../scripts/percentile.ts'
import type { EvalCase } from './cases.ts'
import type { Split } from './split.ts'

export const MODES = ['hybrid', 'bm25', 'fts', 'vector'] as const
export type Mode = (typeof MODES)[number]

/** Ranks are taken to this depth for MRR (a rank beyond it counts as a miss). */
export const MRR_DEPTH = 10

export interface CaseRow {
  id: string
  kind: EvalCase['kind']
  /** The question file the case came from (its base name). */
  set: string
  split: Split
  /** Document family (corpus folder) of the case's first source; null for cases without sources. */
  family: string | null
  /** 1-based rank of the first relevant chunk per method, 0 when not in the top MRR_DEPTH; null if not retrieval. */
  ranks: Record<Mode, number> | null
  /** The kind of question as the copilot routed it (analytics, plant, documents, …). */
  route: string
  answer: string
  refused: boolean
  /** All answer_contains strings found in the answer (false for unanswerable cases). */
  answer_hit: boolean
}

export interface ModeScore {
  n: number
  recall_at_k: number
  mrr: number
}

export interface KindFigures {
  n: number
  /** Share of cases answered correctly: answer_contains all found, or refused for an unanswerable case. */
  hit_rate: number
  refused_rate: number
  median_chars: number
}

export interface Figures {
  retrieval: ModeScore & { k: number; mrr_depth: number }
  baselines: Record<Exclude<Mode, 'hybrid'>, ModeScore>
  /** Per document family: every method's recall@k and MRR on that family's retrieval cases. */
  by_family: Record<string, Record<Mode, ModeScore>>
  answers: { n: number; hit_rate: number; mode: string }
  unanswerable: { n: number; refused_rate: number }
  false_refusals: { n: number; rate: number }
  analytics: { n: number; hit_rate: number }
  /** Answer length in characters over the answers to retrieval cases. */
  answer_length: { n: number; median_chars: number; p90_chars: number }
  /** Per kind of question as routed by the copilot, and which case kinds went there. */
  by_route: Record<string, KindFigures & { case_kinds: Record<string, number> }>
  /** Per case kind (retrieval / analytics / unanswerable), and where the copilot routed them. */
  by_case_kind: Record<string, KindFigures & { routes: Record<string, number> }>
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

const rate = (xs: boolean[]) => round(xs.filter(Boolean).length / Math.max(1, xs.length))

export function scoreRanks(ranks: number[], k: number): ModeScore {
  return {
    n: ranks.length,
    recall_at_k: round(ranks.filter((r) => r > 0 && r <= k).length / Math.max(1, ranks.length)),
    mrr: round(ranks.reduce((a, r) => a + (r > 0 ? 1 / r : 0), 0) / Math.max(1, ranks.length)),
  }
}

/** Correct for its kind: the expected strings found, or (unanswerable) a refusal. */
export function correct(row: CaseRow): boolean {
  return row.kind === 'unanswerable' ? row.refused : row.answer_hit
}

function countBy<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1
  return out
}

function groupBy<T>(xs: T[], key: (x: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const x of xs) {
    const g = key(x)
    if (g === null) continue
    out.set(g, [...(out.get(g) ?? []), x])
  }
  return new Map([...out].sort((a, b) => a[0].localeCompare(b[0])))
}

function kindFigures(rows: CaseRow[]): KindFigures {
  return {
    n: rows.length,
    hit_rate: rate(rows.map(correct)),
    refused_rate: rate(rows.map((r) => r.refused)),
    median_chars: percentile(
      rows.map((r) => r.answer.length),
      50,
    ),
  }
}

export function figures(rows: CaseRow[], k: number, answerMode: string): Figures {
  const retrieval = rows.filter((r) => r.kind === 'retrieval')
  const ranked = retrieval.filter((r) => r.ranks)
  const modeScore = (rs: CaseRow[], m: Mode) =>
    scoreRanks(
      rs.map((r) => r.ranks![m]),
      k,
    )
  const byFamily: Figures['by_family'] = {}
  for (const [family, rs] of groupBy(ranked, (r) => r.family)) {
    byFamily[family] = Object.fromEntries(MODES.map((m) => [m, modeScore(rs, m)])) as Record<Mode, ModeScore>
  }
  const unanswerable = rows.filter((r) => r.kind === 'unanswerable')
  const analytics = rows.filter((r) => r.kind === 'analytics')
  const lengths = retrieval.map((r) => r.answer.length)
  return {
    retrieval: { ...modeScore(ranked, 'hybrid'), k, mrr_depth: MRR_DEPTH },
    baselines: {
      fts: modeScore(ranked, 'fts'),
      vector: modeScore(ranked, 'vector'),
      bm25: modeScore(ranked, 'bm25'),
    },
    by_family: byFamily,
    answers: { n: retrieval.length, hit_rate: rate(retrieval.map((r) => r.answer_hit)), mode: answerMode },
    unanswerable: { n: unanswerable.length, refused_rate: rate(unanswerable.map((r) => r.refused)) },
    false_refusals: {
      n: retrieval.filter((r) => r.refused).length,
      rate: rate(retrieval.map((r) => r.refused)),
    },
    analytics: { n: analytics.length, hit_rate: rate(analytics.map((r) => r.answer_hit)) },
    answer_length: {
      n: lengths.length,
      median_chars: percentile(lengths, 50),
      p90_chars: percentile(lengths, 90),
    },
    by_route: Object.fromEntries(
      [...groupBy(rows, (r) => r.route)].map(([route, rs]) => [
        route,
        { ...kindFigures(rs), case_kinds: countBy(rs, (r) => r.kind) },
      ]),
    ),
    by_case_kind: Object.fromEntries(
      [...groupBy(rows, (r) => r.kind)].map(([kind, rs]) => [
        kind,
        { ...kindFigures(rs), routes: countBy(rs, (r) => r.route) },
      ]),
    ),
  }
}

/** The figures printed as a few readable tables, under a heading. */
export function formatFigures(title: string, f: Figures): string {
  const lines: string[] = [`\n== ${title}`]
  const k = f.retrieval.k
  lines.push(`method     recall@${k}  MRR@${f.retrieval.mrr_depth}   (n=${f.retrieval.n})`)
  const line = (name: string, s: ModeScore) =>
    `${name.padEnd(10)} ${s.recall_at_k.toFixed(3).padStart(8)}  ${s.mrr.toFixed(3).padStart(6)}`
  lines.push(line('hybrid', f.retrieval))
  for (const m of ['bm25', 'fts', 'vector'] as const) lines.push(line(m, f.baselines[m]))
  const families = Object.entries(f.by_family)
  if (families.length) {
    lines.push(
      '',
      `family                  n   ${MODES.map((m) => `${m} R@${k}/MRR`.padStart(16)).join(' ')}`,
    )
    for (const [family, s] of families) {
      const cells = MODES.map((m) => `${s[m].recall_at_k.toFixed(3)}/${s[m].mrr.toFixed(3)}`.padStart(16))
      lines.push(`${family.padEnd(22)} ${String(s.hybrid.n).padStart(3)}   ${cells.join(' ')}`)
    }
  }
  lines.push(
    '',
    `answers (${f.answers.mode}): hit-rate ${f.answers.hit_rate.toFixed(3)} (n=${f.answers.n}); unanswerable refused ${f.unanswerable.refused_rate.toFixed(3)} (n=${f.unanswerable.n}); false refusals ${f.false_refusals.n} (${f.false_refusals.rate.toFixed(3)}); analytics hit-rate ${f.analytics.hit_rate.toFixed(3)} (n=${f.analytics.n})`,
    `answer length (retrieval cases): median ${f.answer_length.median_chars} chars, p90 ${f.answer_length.p90_chars} chars`,
    '',
    `${'routed as'.padEnd(16)} ${'n'.padStart(4)} ${'hit'.padStart(6)} ${'refused'.padStart(8)} ${'median'.padStart(7)}  case kinds`,
  )
  const mix = (xs: Record<string, number>) =>
    Object.entries(xs)
      .map(([a, n]) => `${a} ${n}`)
      .join(', ')
  const kindLine = (name: string, x: KindFigures, rest: string) =>
    `${name.padEnd(16)} ${String(x.n).padStart(4)} ${x.hit_rate.toFixed(3).padStart(6)} ${x.refused_rate.toFixed(3).padStart(8)} ${String(x.median_chars).padStart(7)}  ${rest}`
  for (const [route, x] of Object.entries(f.by_route)) lines.push(kindLine(route, x, mix(x.case_kinds)))
  lines.push(
    '',
    `${'case kind'.padEnd(16)} ${'n'.padStart(4)} ${'hit'.padStart(6)} ${'refused'.padStart(8)} ${'median'.padStart(7)}  routed as`,
  )
  for (const [kind, x] of Object.entries(f.by_case_kind)) lines.push(kindLine(kind, x, mix(x.routes)))
  return `${lines.join('\n')}\n`
}
