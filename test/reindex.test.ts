/**
 * Changing the embedding model needs no schema change: chunks re-embedded by another provider (here an
 * OpenAI-compatible server with 64-dimensional vectors) get their own partial HNSW index and are searched with it.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmbeddingProvider } from '../src/embed/index.ts'
import { ingestDocument } from '../src/ingest/pipeline.ts'
import { reembedChunks } from '../src/ingest/reindex.ts'
import { search } from '../src/retrieve/search.ts'
import { openStore, type Store } from '../src/store/db.ts'
import { vectorIndexName } from '../src/store/vector-index.ts'
import { type FakeOpenAI, startFakeOpenAI } from './support/fake-openai.ts'
import { utf8 } from './support/fixtures.ts'

let store: Store
let fake: FakeOpenAI

beforeAll(async () => {
  store = await openStore()
  fake = await startFakeOpenAI()
})
afterAll(async () => {
  await store?.close()
  await fake?.close()
})

describe('reindex with another embedding model', () => {
  it('re-embeds every chunk, builds that model’s index and searches with it', async () => {
    const wink = await createEmbeddingProvider({})
    const doc =
      '# Cooling tower\n\n## Fan\n\nCheck the fan belt tension monthly.\n\n## Basin\n\nDrain and clean the basin every spring.\n'
    await ingestDocument({ store, embedder: wink }, { siteId: 's', source: 'ct.md', bytes: utf8(doc) })
    const remote = await createEmbeddingProvider({
      EMBEDDINGS_BASE_URL: fake.baseURL,
      EMBEDDINGS_MODEL: 'fake-embed',
      EMBEDDINGS_API_KEY: 'test',
    })
    expect(remote.id).not.toBe(wink.id)
    const n = await reembedChunks({ store, embedder: remote })
    expect(n).toBeGreaterThan(0)
    const models = await store.rows<{ m: string; dims: number }>(
      sql`SELECT DISTINCT embedding_model AS m, vector_dims(embedding) AS dims FROM chunks`,
    )
    expect(models).toEqual([{ m: remote.id, dims: remote.dimensions }])
    const idx = await store.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = ${vectorIndexName(remote.id)}`,
    )
    expect(idx[0]!.n).toBe(1)
    const hits = await search(
      { store, embedder: remote },
      'fan belt tension',
      { sites: ['s'] },
      { k: 3, mode: 'vector' },
    )
    expect(hits.length).toBeGreaterThan(0)
    expect(hits.some((h) => h.text.includes('belt'))).toBe(true)
    // Nothing left to do on a second run.
    expect(await reembedChunks({ store, embedder: remote })).toBe(0)
  })
})
