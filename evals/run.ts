/**
 * npm run eval -- --corpus <dir> --questions <file.jsonl> [--k 5] [--json out.json]
 * Builds a fresh embedded store in a temp folder, ingests every supported file under --corpus, runs every case,
 * prints a table and writes the JSON report. Baselines (full-text only, vector only) run on the same store.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { percentile } from '../scripts/percentile.ts'
import { llmFromEnv, runTurn } from '../src/answer/index.ts'
import { Progress } from '../src/cli/progress.ts'
import { parseArgs, runCli } from '../src/cli/run.ts'
import { createEmbeddingProvider } from '../src/embed/index.ts'
import { collectFiles } from '../src/ingest/files.ts'
import { ingestDocument } from '../src/ingest/pipeline.ts'
import { type SearchHit, type SearchMode, search } from '../src/retrieve/search.ts'
import { openStore } from '../src/store/db.ts'
import { bulkLoad } from '../src/store/vector-index.ts'
import { type EvalCase, matchesSource, type RetrievedRef, readCases } from './cases.ts'

const SITE = 'eval'
const EVAL_KEY = '00000000-0000-4000-8000-000000000000'
const MRR_DEPTH = 10

interface ModeScore {
  n: number
  recall_at_k: number
  mrr: number
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { values: ['corpus', 'questions', 'k', 'json'] })
  const corpus = args.values.corpus
  const questions = args.values.questions
  if (!corpus || !questions)
    throw new Error(
      'usage: npm run eval -- --corpus <dir> --questions <file.jsonl> [--k 5] [--json out.json]',
    )
  const k = Number(args.values.k ?? 5)
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new Error('--k must be a whole number from 1 to 50')
  const cases = readCases(questions)
  const files = collectFiles([corpus])
  if (files.length === 0) throw new Error(`no supported files under ${corpus}`)

  const dir = mkdtempSync(join(tmpdir(), 'copilot-eval-'))
  const store = await openStore({ dataDir: dir })
  try {
    const embedder = await createEmbeddingProvider()
    const ctx = { store, embedder }

    const progress = new Progress(files.length, 'ingest')
    const failures: string[] = []
    let chunks = 0
    const t0 = performance.now()
    await bulkLoad(store, async () => {
      for (const f of files) {
        try {
          const r = await ingestDocument(ctx, {
            siteId: SITE,
            source: f.source,
            bytes: new Uint8Array(readFileSync(f.path)),
          })
          chunks += r.chunks
        } catch (err) {
          failures.push(`${f.source}: ${err instanceof Error ? err.message : String(err)}`)
        }
        progress.tick(f.source)
      }
    })
    const ingestS = (performance.now() - t0) / 1000
    for (const f of failures) process.stderr.write(`not ingested: ${f}\n`)

    const depth = Math.max(k, MRR_DEPTH)
    const latencies: number[] = []
    const perMode: Record<'hybrid' | 'fts' | 'vector' | 'bm25', number[]> = {
      hybrid: [],
      fts: [],
      vector: [],
      bm25: [],
    }
    const caseRows: Array<Record<string, unknown>> = []
    for (const c of cases) {
      if (c.kind !== 'retrieval') {
        caseRows.push({ id: c.id, kind: c.kind, hit: null, rank: null, retrieved: [] })
        continue
      }
      const run = async (mode: SearchMode) => search(ctx, c.question, { sites: [SITE] }, { k: depth, mode })
      const t = performance.now()
      const hits = await run('hybrid')
      latencies.push(performance.now() - t)
      const rank = rankOf(hits, c)
      perMode.hybrid.push(rank)
      for (const mode of ['fts', 'vector', 'bm25'] as const) perMode[mode].push(rankOf(await run(mode), c))
      caseRows.push({
        id: c.id,
        kind: c.kind,
        hit: rank > 0 && rank <= k,
        rank: rank > 0 ? rank : null,
        retrieved: hits.slice(0, k).map(refOf),
      })
    }

    // Answers: every case through the copilot (offline unless a model is configured), scored on answer_contains.
    const llm = llmFromEnv()
    const principal = { keyId: EVAL_KEY, name: 'eval', role: 'admin' as const, sites: [SITE] }
    const answerProgress = new Progress(cases.length, 'answer')
    const answered = new Map<
      string,
      { answer: string; refused: boolean; citations: unknown[]; hit: boolean }
    >()
    for (const c of cases) {
      const t = await runTurn(
        { store, embedder, llm },
        { message: c.question, sites: [SITE], principal, channel: 'api' },
      )
      const lower = t.answer.toLowerCase()
      const hit =
        c.answer_contains.length > 0 && c.answer_contains.every((x) => lower.includes(x.toLowerCase()))
      answered.set(c.id, { answer: t.answer, refused: t.refused, citations: t.citations, hit })
      answerProgress.tick(c.id)
    }
    for (const row of caseRows) {
      const a = answered.get(row.id as string)
      if (a)
        Object.assign(row, {
          answer: a.answer,
          citations: a.citations,
          refused: a.refused,
          answer_hit: a.hit,
        })
    }
    const ofKind = (kind: EvalCase['kind']) =>
      cases.filter((c) => c.kind === kind).map((c) => answered.get(c.id)!)
    const rate = (xs: boolean[]) => round(xs.filter(Boolean).length / Math.max(1, xs.length))
    const retrievalAnswers = ofKind('retrieval')
    const unanswerable = ofKind('unanswerable')
    const analytics = ofKind('analytics')

    const score = (ranks: number[]): ModeScore => ({
      n: ranks.length,
      recall_at_k: round(ranks.filter((r) => r > 0 && r <= k).length / Math.max(1, ranks.length)),
      mrr: round(ranks.reduce((a, r) => a + (r > 0 ? 1 / r : 0), 0) / Math.max(1, ranks.length)),
    })
    const report = {
      corpus,
      questions,
      store: {
        chunks,
        files: files.length,
        failed: failures,
        bm25: store.features.bm25,
        embeddings: embedder.id,
      },
      retrieval: { ...score(perMode.hybrid), k, mrr_depth: MRR_DEPTH },
      baselines: { fts: score(perMode.fts), vector: score(perMode.vector), bm25: score(perMode.bm25) },
      answers: {
        n: retrievalAnswers.length,
        hit_rate: rate(retrievalAnswers.map((a) => a.hit)),
        mode: llm ? 'llm' : 'offline',
      },
      unanswerable: { n: unanswerable.length, refused_rate: rate(unanswerable.map((a) => a.refused)) },
      false_refusals: {
        n: retrievalAnswers.filter((a) => a.refused).length,
        rate: rate(retrievalAnswers.map((a) => a.refused)),
      },
      analytics: { n: analytics.length, hit_rate: rate(analytics.map((a) => a.hit)) },
      cases: caseRows,
      timing: {
        ingest_s: round(ingestS, 1),
        search_p50_ms: round(percentile(latencies, 50), 1),
        search_p95_ms: round(percentile(latencies, 95), 1),
      },
    }
    printReport(report, cases)
    if (args.values.json) {
      writeFileSync(args.values.json, `${JSON.stringify(report, null, 2)}\n`)
      process.stderr.write(`wrote ${args.values.json}\n`)
    }
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return 0
})

function refOf(h: SearchHit): RetrievedRef {
  return { document: h.document.source, page: h.page, section: h.section }
}

function rankOf(hits: SearchHit[], c: EvalCase): number {
  const i = hits.findIndex((h) => matchesSource(refOf(h), c.sources))
  return i < 0 || i >= MRR_DEPTH ? 0 : i + 1
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

interface Report {
  retrieval: ModeScore & { k: number }
  answers: { n: number; hit_rate: number; mode: string }
  unanswerable: { n: number; refused_rate: number }
  false_refusals: { n: number; rate: number }
  analytics: { n: number; hit_rate: number }
  baselines: Record<'fts' | 'vector' | 'bm25', ModeScore>
  cases: Array<Record<string, unknown>>
  store: { chunks: number }
  timing: { ingest_s: number; search_p50_ms: number; search_p95_ms: number }
}

function printReport(r: Report, cases: EvalCase[]): void {
  const out = process.stdout
  out.write(`\n${'case'.padEnd(16)} ${'rank'.padStart(4)}  top source\n`)
  for (const row of r.cases as Array<{
    id: string
    kind: string
    rank: number | null
    retrieved: RetrievedRef[]
  }>) {
    if (row.kind !== 'retrieval') continue
    const top = row.retrieved[0]
    const c = cases.find((x) => x.id === row.id)!
    const want = c.sources.map((s) => `${s.document}${s.page ? `:${s.page}` : ` ${s.section}`}`).join(', ')
    out.write(
      `${row.id.padEnd(16)} ${String(row.rank ?? '-').padStart(4)}  ${top ? `${top.document}${top.page ? `:${top.page}` : ` ${top.section ?? ''}`}` : '-'}   (want ${want})\n`,
    )
  }
  out.write(`\nmethod     recall@${r.retrieval.k}  MRR@${MRR_DEPTH}   (n=${r.retrieval.n})\n`)
  const line = (name: string, s: ModeScore) =>
    out.write(`${name.padEnd(10)} ${s.recall_at_k.toFixed(3).padStart(8)}  ${s.mrr.toFixed(3).padStart(6)}\n`)
  line('hybrid', r.retrieval)
  line('bm25', r.baselines.bm25)
  line('fts', r.baselines.fts)
  line('vector', r.baselines.vector)
  out.write(
    `\nanswers (${r.answers.mode}): hit-rate ${r.answers.hit_rate.toFixed(3)} (n=${r.answers.n}); unanswerable refused ${r.unanswerable.refused_rate.toFixed(3)} (n=${r.unanswerable.n}); false refusals ${r.false_refusals.n} (${r.false_refusals.rate.toFixed(3)}); analytics hit-rate ${r.analytics.hit_rate.toFixed(3)} (n=${r.analytics.n})\n`,
  )
  out.write(
    `\ningest ${r.timing.ingest_s} s for ${r.store.chunks} chunks; search p50 ${r.timing.search_p50_ms} ms, p95 ${r.timing.search_p95_ms} ms\n`,
  )
}
