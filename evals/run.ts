/**
 * npm run eval -- --corpus <dir> --questions <file.jsonl> [--questions <more.jsonl> …] [--k 5] [--split]
 *   [--json out.json]
 * Builds a fresh embedded store in a temp folder, ingests every supported file under --corpus once, runs every
 * case of every question file, prints the figures per file and for all files together (with --split also per
 * split: tuned on, untouched, held out; see split.ts) and writes the JSON report. Baselines (BM25 only, full text
 * only, vector only) run on the same store; retrieval is also scored per document family.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { percentile } from '../scripts/percentile.ts'
import { llmFromEnv, runTurn } from '../src/answer/index.ts'
import { Progress } from '../src/cli/progress.ts'
import { parseArgs, runCli } from '../src/cli/run.ts'
import { createEmbeddingProvider } from '../src/embed/index.ts'
import { type SearchHit, type SearchMode, search } from '../src/retrieve/search.ts'
import { openStore } from '../src/store/db.ts'
import { type EvalCase, matchesSource, type RetrievedRef, readCases } from './cases.ts'
import { EVAL_SITE, loadCorpus } from './corpus.ts'
import { type CaseRow, type Figures, figures, formatFigures, MRR_DEPTH, round } from './report.ts'
import { routedKind } from './route.ts'
import { SPLITS, splitOf } from './split.ts'

const EVAL_KEY = '00000000-0000-4000-8000-000000000000'
const USAGE =
  'usage: npm run eval -- --corpus <dir> --questions <file.jsonl> [--questions <more.jsonl>] [--k 5] [--split] [--json out.json]'

interface LoadedCase extends EvalCase {
  set: string
}

runCli(async () => {
  const argv = process.argv.slice(2)
  const args = parseArgs(argv, { values: ['corpus', 'questions', 'k', 'json'], flags: ['split'] })
  const corpus = args.values.corpus
  const questionFiles = repeated(argv, 'questions')
  if (!corpus || questionFiles.length === 0) throw new Error(USAGE)
  const k = Number(args.values.k ?? 5)
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new Error('--k must be a whole number from 1 to 50')
  const sets = questionFiles.map((f) => ({ file: f, name: basename(f) }))
  if (new Set(sets.map((s) => s.name)).size < sets.length)
    throw new Error('two --questions files share a name')
  const cases: LoadedCase[] = sets.flatMap((s) => readCases(s.file).map((c) => ({ ...c, set: s.name })))

  const dir = mkdtempSync(join(tmpdir(), 'copilot-eval-'))
  const store = await openStore({ dataDir: dir })
  try {
    const embedder = await createEmbeddingProvider()
    const ctx = { store, embedder }
    const loaded = await loadCorpus(ctx, corpus)
    for (const f of loaded.failed) process.stderr.write(`not ingested: ${f}\n`)
    const familyOf = (c: EvalCase) => {
      const doc = c.sources[0]?.document
      return doc ? (loaded.families.get(doc) ?? doc) : null
    }

    const depth = Math.max(k, MRR_DEPTH)
    const latencies: number[] = []
    const rows = new Map<LoadedCase, CaseRow>()
    const retrieved = new Map<LoadedCase, RetrievedRef[]>()
    for (const c of cases) {
      let ranks: CaseRow['ranks'] = null
      if (c.kind === 'retrieval') {
        const run = async (mode: SearchMode) =>
          search(ctx, c.question, { sites: [EVAL_SITE] }, { k: depth, mode })
        const t = performance.now()
        const hits = await run('hybrid')
        latencies.push(performance.now() - t)
        ranks = { hybrid: rankOf(hits, c), bm25: 0, fts: 0, vector: 0 }
        for (const mode of ['fts', 'vector', 'bm25'] as const) ranks[mode] = rankOf(await run(mode), c)
        retrieved.set(c, hits.slice(0, k).map(refOf))
      }
      rows.set(c, {
        id: c.id,
        kind: c.kind,
        set: c.set,
        split: splitOf(c.set, c.id),
        family: familyOf(c),
        ranks,
        route: '',
        answer: '',
        refused: false,
        answer_hit: false,
      })
    }

    // Answers: every case through the copilot (offline unless a model is configured), scored on answer_contains.
    const llm = llmFromEnv()
    const principal = { keyId: EVAL_KEY, name: 'eval', role: 'admin' as const, sites: [EVAL_SITE] }
    const answerProgress = new Progress(cases.length, 'answer')
    const citations = new Map<LoadedCase, unknown[]>()
    for (const c of cases) {
      const t = await runTurn(
        { store, embedder, llm },
        { message: c.question, sites: [EVAL_SITE], principal, channel: 'api' },
      )
      const lower = t.answer.toLowerCase()
      Object.assign(rows.get(c)!, {
        route: routedKind(t),
        answer: t.answer,
        refused: t.refused,
        answer_hit:
          c.answer_contains.length > 0 && c.answer_contains.every((x) => lower.includes(x.toLowerCase())),
      })
      citations.set(c, t.citations)
      answerProgress.tick(c.id)
    }

    const mode = llm ? 'llm' : 'offline'
    const all = [...rows.values()]
    const of = (pred: (r: CaseRow) => boolean) => figures(all.filter(pred), k, mode)
    const bySet = Object.fromEntries(sets.map((s) => [s.name, of((r) => r.set === s.name)]))
    const bySplit = args.flags.has('split')
      ? Object.fromEntries(
          SPLITS.filter((s) => all.some((r) => r.split === s)).map((s) => [s, of((r) => r.split === s)]),
        )
      : undefined
    const report = {
      corpus,
      questions: questionFiles.length === 1 ? questionFiles[0] : questionFiles,
      store: {
        chunks: loaded.chunks,
        files: loaded.files,
        failed: loaded.failed,
        bm25: store.features.bm25,
        embeddings: embedder.id,
      },
      ...figures(all, k, mode),
      ...(sets.length > 1 ? { sets: bySet } : {}),
      ...(bySplit ? { splits: bySplit } : {}),
      cases: cases.map((c) => {
        const r = rows.get(c)!
        const rank = r.ranks?.hybrid ?? 0
        return {
          id: c.id,
          kind: c.kind,
          set: r.set,
          split: r.split,
          family: r.family,
          route: r.route,
          hit: r.ranks ? rank > 0 && rank <= k : null,
          rank: r.ranks ? (rank > 0 ? rank : null) : null,
          ranks: r.ranks,
          retrieved: retrieved.get(c) ?? [],
          answer: r.answer,
          answer_chars: r.answer.length,
          citations: citations.get(c),
          refused: r.refused,
          answer_hit: r.answer_hit,
        }
      }),
      timing: {
        ingest_s: round(loaded.ingestS, 1),
        search_p50_ms: round(percentile(latencies, 50), 1),
        search_p95_ms: round(percentile(latencies, 95), 1),
      },
    }
    printCases(report.cases, cases)
    const out = process.stdout
    if (sets.length > 1) for (const s of sets) out.write(formatFigures(`${s.name}`, bySet[s.name]!))
    if (bySplit)
      for (const [s, f] of Object.entries(bySplit))
        out.write(formatFigures(`split: ${s}${SPLIT_NOTE[s] ?? ''}`, f))
    out.write(
      formatFigures(sets.length > 1 ? `all ${sets.length} question files` : sets[0]!.name, report as Figures),
    )
    out.write(
      `\ningest ${report.timing.ingest_s} s for ${loaded.chunks} chunks; search p50 ${report.timing.search_p50_ms} ms, p95 ${report.timing.search_p95_ms} ms\n`,
    )
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

const SPLIT_NOTE: Record<string, string> = {
  tune: ' (dev-questions.jsonl + even-numbered dev-questions-2 cases)',
  untouched: ' (odd-numbered dev-questions-2 cases: never tuned on)',
  heldout: ' (evals/heldout-*.jsonl: never tuned on)',
}

/** Every value given for a repeatable option (--name v or --name=v). */
function repeated(argv: string[], name: string): string[] {
  const out: string[] = []
  argv.forEach((a, i) => {
    if (a === `--${name}` && argv[i + 1] !== undefined) out.push(argv[i + 1]!)
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3))
  })
  return out
}

function refOf(h: SearchHit): RetrievedRef {
  return { document: h.document.source, page: h.page, section: h.section }
}

function rankOf(hits: SearchHit[], c: EvalCase): number {
  const i = hits.findIndex((h) => matchesSource(refOf(h), c.sources))
  return i < 0 || i >= MRR_DEPTH ? 0 : i + 1
}

function printCases(
  rows: Array<{ id: string; kind: string; set: string; rank: number | null; retrieved: RetrievedRef[] }>,
  cases: LoadedCase[],
): void {
  const out = process.stdout
  out.write(`\n${'case'.padEnd(16)} ${'rank'.padStart(4)}  top source\n`)
  rows.forEach((row, i) => {
    if (row.kind !== 'retrieval') return
    const top = row.retrieved[0]
    const c = cases[i]!
    const want = c.sources.map((s) => `${s.document}${s.page ? `:${s.page}` : ` ${s.section}`}`).join(', ')
    out.write(
      `${row.id.padEnd(16)} ${String(row.rank ?? '-').padStart(4)}  ${top ? `${top.document}${top.page ? `:${top.page}` : ` ${top.section ?? ''}`}` : '-'}   (want ${want})\n`,
    )
  })
}
