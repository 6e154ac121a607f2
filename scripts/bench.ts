/**
 * npm run bench [-- --sizes 10000,100000 --queries 200]
 * Ingest throughput (chunks/s, embedding and storage included, parsing excluded) and hybrid search latency
 * on the embedded default, at growing store sizes. Two ingest figures: `load/s` loads up to the size the way
 * `npm run ingest` loads a folder of files (a load large next to what is stored is a bulk load: the search indexes
 * are built once at the end, their time included; a smaller one keeps them up row by row); `upload/s` then adds
 * 2,000 more chunks as single documents with the indexes kept up row by row, as an upload does. `wait/s` is
 * chunks per second of time the store spent waiting for embeddings (they are prepared on a helper thread while the
 * store writes). Chunks are synthetic, drawn from the demo plant's and (when
 * present) ../shared/corpus's vocabulary with a Zipf-like word frequency.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { parseArgs, runCli } from '../src/cli/run.ts'
import { DEMO_DOCS_DIR } from '../src/demo/index.ts'
import { createEmbeddingProvider } from '../src/embed/index.ts'
import { collectFiles } from '../src/ingest/files.ts'
import { storeChunks } from '../src/ingest/pipeline.ts'
import { ChunkPreparer } from '../src/ingest/prepare.ts'
import type { Chunk } from '../src/ingest/types.ts'
import { type SearchMode, search } from '../src/retrieve/search.ts'
import { openStore } from '../src/store/db.ts'
import { ensureSite } from '../src/store/documents.ts'
import { bulkLoad, ensureVectorIndex, worthBulkLoad } from '../src/store/vector-index.ts'
import { percentile } from './percentile.ts'

const SHARED = join(import.meta.dirname, '..', '..', 'shared')

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { values: ['sizes', 'queries', 'per-doc'] })
  const sizes = (args.values.sizes ?? '10000,100000').split(',').map(Number)
  const nQueries = Number(args.values.queries ?? 200)
  const perDoc = Number(args.values['per-doc'] ?? 1000)
  const vocab = vocabulary()
  const rnd = lcg(7)
  const word = () => vocab[Math.floor(rnd() ** 2.2 * vocab.length)]!
  const sentence = (n: number) => Array.from({ length: n }, word).join(' ')
  const questions = benchQuestions(sentence, rnd, nQueries)

  // BENCH_STORE keeps the loaded store in a folder for profiling runs (loading is skipped when it is full).
  const keep = process.env.BENCH_STORE
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'copilot-bench-'))
  const store = await openStore({ dataDir: dir })
  const embedder = await createEmbeddingProvider()
  const preparer = new ChunkPreparer(store, embedder)
  const ctx = { store, embedder, preparer }
  // The helper thread starts with the store (as the CLI starts it while reading files), before the clock runs.
  await preparer.whenReady()
  await ensureSite(store, 'bench')
  await ensureVectorIndex(store, embedder.id, embedder.dimensions)
  const rows: string[][] = []
  let have = Number((await store.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM chunks`))[0]?.n ?? 0)
  try {
    /**
     * Adds n synthetic chunks as documents of perDoc chunks through the ingest path after parsing (storeChunks:
     * embedding and tsvectors prepared on the helper thread a batch ahead, then stored); returns the time the store
     * waited for embeddings. The synthetic texts stand for parsed documents: they are made before the clock runs.
     */
    const load = async (n: number): Promise<{ embedMs: number; ms: number }> => {
      let embedMs = 0
      let ms = 0
      const target = have + n
      while (have < target) {
        const m = Math.min(perDoc, target - have)
        const chunks: Chunk[] = Array.from({ length: m }, (_, i) => {
          const text = `${sentence(6)}. ${sentence(120 + Math.floor(rnd() * 60))}.`
          return { ordinal: i, page: 1 + Math.floor(i / 4), section: null, text, indexText: text }
        })
        const t0 = performance.now()
        const r = await storeChunks(
          ctx,
          {
            siteId: 'bench',
            title: `bench ${have}`,
            source: `bench-${have}.txt`,
            kind: 'manual',
            mimeType: 'text/plain',
            contentHash: String(have),
            pageCount: null,
            bytes: new Uint8Array(1),
            metadata: {},
          },
          chunks,
          [],
        )
        ms += performance.now() - t0
        embedMs += r.embedMs
        have += m
        process.stderr.write(`\rloading ${have} chunks`)
      }
      return { embedMs, ms }
    }
    for (const size of sizes) {
      // Loading up to the size as `npm run ingest` would: a bulk load into a near-empty store (vector index built once
      // at the end, included in the time), row by row into a fuller one.
      const start = have
      let indexMs = 0
      const loaded = worthBulkLoad(have, size - have)
        ? await bulkLoad(
            store,
            () => load(size - have),
            () => {
              indexMs = performance.now()
            },
          ).then((r) => ({ ...r, ms: r.ms + (performance.now() - indexMs) }))
        : await load(size - have)
      process.stderr.write('\n')
      const rate = (have - start) / (loaded.ms / 1000)
      const embedRate = (have - start) / (loaded.embedMs / 1000)
      const lat: Record<string, number[]> = {}
      for (const mode of ['hybrid', 'bm25', 'vector'] as SearchMode[]) {
        lat[mode] = []
        for (const [i, q] of questions.entries()) {
          const t = performance.now()
          await search({ store, embedder }, q, { sites: i % 4 === 0 ? ['bench'] : '*' }, { k: 5, mode })
          lat[mode]!.push(performance.now() - t)
        }
      }
      // Single uploads on top of this size, the index kept up row by row (as POST /v1/documents does).
      const extra = Math.min(2000, size)
      const uploads = await load(extra)
      process.stderr.write('\n')
      const single = extra / (uploads.ms / 1000)
      rows.push([
        String(size),
        rate.toFixed(0),
        single.toFixed(0),
        embedRate.toFixed(0),
        ...(['hybrid', 'bm25', 'vector'] as const).flatMap((m) => [pct(lat[m]!, 50), pct(lat[m]!, 95)]),
      ])
    }
  } finally {
    await preparer.close()
    await store.close()
    if (!keep) rmSync(dir, { recursive: true, force: true })
  }
  const head = [
    'chunks',
    'load/s',
    'upload/s',
    'wait/s',
    'hybrid p50',
    'hybrid p95',
    'bm25 p50',
    'bm25 p95',
    'vector p50',
    'vector p95',
  ]
  process.stdout.write(`\nembedded PGlite, ${embedder.id}, ${nQueries} queries per size (ms)\n`)
  process.stdout.write(`${head.map((h) => h.padStart(11)).join('')}\n`)
  for (const r of rows) process.stdout.write(`${r.map((c) => c.padStart(11)).join('')}\n`)
  return 0
})

function pct(xs: number[], p: number): string {
  return percentile(xs, p).toFixed(1)
}

function lcg(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

/** Words of the demo documents and the shared corpus (when present), most frequent first. */
function vocabulary(): string[] {
  const counts = new Map<string, number>()
  const texts: string[] = []
  for (const f of collectFiles([DEMO_DOCS_DIR]))
    if (/\.(md|txt|csv|html)$/.test(f.path)) texts.push(readFileSync(f.path, 'utf8'))
  const osha = join(SHARED, 'corpus', 'osha-loto', '29-CFR-1910.147.md')
  if (existsSync(osha)) texts.push(readFileSync(osha, 'utf8'))
  for (const t of texts)
    for (const w of t.toLowerCase().match(/[a-z]{3,}/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w)
}

function benchQuestions(sentence: (n: number) => string, rnd: () => number, n: number): string[] {
  const dev = join(SHARED, 'evals', 'dev-questions.jsonl')
  const real = existsSync(dev)
    ? readFileSync(dev, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).question as string)
    : []
  return Array.from(
    { length: n },
    (_, i) => real[i % Math.max(1, real.length)] ?? `${sentence(4 + Math.floor(rnd() * 8))}?`,
  )
}
