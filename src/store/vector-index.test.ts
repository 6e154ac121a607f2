import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createEmbeddingProvider } from '../embed/index.ts'
import { ingestDocument } from '../ingest/pipeline.ts'
import { search } from '../retrieve/search.ts'
import { openStore, type Store } from './db.ts'
import { BULK_LOAD_BELOW_CHUNKS, bulkLoad, vectorIndexName, worthBulkLoad } from './vector-index.ts'

const embedder = await createEmbeddingProvider({})
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const DOCS = [
  [
    'pump.md',
    '# Pump P-7\n\n## Seal\n\nReplace the mechanical seal when the flush leaks more than 10 drops a minute.\n',
  ],
  ['fan.md', '# Fan F-2\n\n## Belts\n\nRetension the fan belts monthly; a deflection of 12 mm is right.\n'],
  [
    'valve.md',
    '# Valve V-9\n\n## Packing\n\nTighten the gland packing a sixth of a turn at a time until it weeps.\n',
  ],
] as const

async function indexes(store: Store): Promise<string[]> {
  const rows = await store.rows<{ indexname: string }>(
    sql`SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' ORDER BY indexname`,
  )
  return rows.map((r) => r.indexname)
}

async function load(store: Store) {
  for (const [source, text] of DOCS)
    await ingestDocument({ store, embedder }, { siteId: 's', source, bytes: new TextEncoder().encode(text) })
}

const top = async (store: Store, q: string) =>
  (await search({ store, embedder }, q, { sites: ['s'] }, { k: 3 })).map((h) => h.document.source)

describe('bulk loads', () => {
  it('build the vector and BM25 indexes once at the end, search during the load, and search like a row-by-row load', async () => {
    const rowByRow = await openStore()
    await load(rowByRow)
    const bulk = await openStore()
    let during: string[] = []
    let foundDuring: string[] = []
    await bulkLoad(bulk, async () => {
      await load(bulk)
      during = await indexes(bulk)
      // Without its indexes the store still answers (an exact vector scan, ts_rank instead of BM25).
      foundDuring = await top(bulk, 'gland packing')
    })
    const vector = vectorIndexName(embedder.id)
    expect(during).not.toContain(vector)
    expect(during).not.toContain('chunks_bm25_idx')
    expect(foundDuring[0]).toBe('valve.md')
    expect(await indexes(bulk)).toEqual(await indexes(rowByRow))
    expect(await indexes(bulk)).toEqual(expect.arrayContaining([vector, 'chunks_bm25_idx']))
    for (const q of ['how much may the seal flush leak', 'belt deflection', 'gland packing'])
      expect(await top(bulk, q)).toEqual(await top(rowByRow, q))
    await rowByRow.close()
    await bulk.close()
  })

  it('are chosen for loads large next to what is stored', () => {
    expect(worthBulkLoad(0, 10)).toBe(true)
    expect(worthBulkLoad(BULK_LOAD_BELOW_CHUNKS - 1, 1)).toBe(true)
    expect(worthBulkLoad(100_000, 60_000)).toBe(true)
    expect(worthBulkLoad(100_000, 2_000)).toBe(false)
  })

  it('rebuilds the indexes when the load fails part-way', async () => {
    const store = await openStore()
    await load(store)
    const before = await indexes(store)
    await expect(
      bulkLoad(store, async () => {
        throw new Error('disk full')
      }),
    ).rejects.toThrow('disk full')
    expect(await indexes(store)).toEqual(before)
    await store.close()
  })

  it('a store whose BM25 index went missing gets it back when opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulk-'))
    dirs.push(dir)
    const first = await openStore({ dataDir: dir })
    await load(first)
    await first.rows(sql`DROP INDEX chunks_bm25_idx`)
    await first.close()
    const again = await openStore({ dataDir: dir })
    expect(again.features.bm25).toBe(true)
    expect(await indexes(again)).toContain('chunks_bm25_idx')
    expect((await top(again, 'seal flush leak'))[0]).toBe('pump.md')
    await again.close()
  })
})
