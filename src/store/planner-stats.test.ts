import { sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { createEmbeddingProvider } from '../embed/index.ts'
import { ingestDocument } from '../ingest/pipeline.ts'
import { openStore, type Store } from './db.ts'
import { refreshChunkStats } from './planner-stats.ts'

const embedder = await createEmbeddingProvider({})

const analysed = async (store: Store) =>
  Number(
    (
      await store.rows<{ n: number }>(
        sql`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'chunks'::regclass`,
      )
    )[0]?.n,
  )

const doc = (n: number, topic: string) =>
  Array.from(
    { length: n },
    (_, i) => `## ${topic} ${i}\n\nThe ${topic} step ${i} needs ${i + 2} turns.`,
  ).join('\n\n')

it('refreshes the chunk statistics as autovacuum would: after changes of 50 rows + 10 %, on the filter columns', async () => {
  const store = await openStore()
  const ingest = (source: string, text: string) =>
    ingestDocument({ store, embedder }, { siteId: 'site-a', source, bytes: new TextEncoder().encode(text) })
  await ingest('big.md', doc(150, 'pump'))
  // The ingest analysed the new table: its row estimate is the chunk count.
  const first = await analysed(store)
  expect(first).toBeGreaterThan(100)
  // A small addition changes less than the threshold: no new ANALYZE.
  await ingest('small.md', doc(3, 'fan'))
  expect(await analysed(store)).toBe(first)
  expect(await refreshChunkStats(store)).toBe(false)
  // A large one crosses it.
  await ingest('more.md', doc(120, 'valve'))
  expect(await analysed(store)).toBeGreaterThan(first)
  expect(await refreshChunkStats(store, { force: true })).toBe(true)
  const cols = await store.rows<{ attname: string }>(
    sql`SELECT attname FROM pg_stats WHERE tablename = 'chunks' ORDER BY attname`,
  )
  const names = cols.map((c) => c.attname)
  expect(names).toEqual(expect.arrayContaining(['site_id', 'kind', 'document_id', 'embedding_model']))
  // With BM25 serving the lexical search, the text and tsvector columns are not sampled.
  if (store.features.bm25) expect(names).not.toContain('tsv')
  expect(names).not.toContain('text')
  await store.close()
})
