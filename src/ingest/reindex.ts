/** Re-embedding stored chunks with the current provider, batch by batch, then (re)building its vector index. */
import { sql } from 'drizzle-orm'
import type { EmbeddingProvider } from '../embed/types.ts'
import type { Store } from '../store/db.ts'
import { toPgArray, vectorLiteral } from '../store/documents.ts'
import { refreshChunkStats } from '../store/planner-stats.ts'
import { dropVectorIndex, ensureVectorIndex } from '../store/vector-index.ts'

const BATCH = 256

export async function reembedChunks(
  ctx: { store: Store; embedder: EmbeddingProvider },
  opts: { all?: boolean; onBatch?: (done: number, total: number) => void } = {},
): Promise<number> {
  const { store, embedder } = ctx
  const pending = opts.all ? sql`TRUE` : sql`embedding_model IS DISTINCT FROM ${embedder.id}`
  const [{ n: total } = { n: 0 }] = await store.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM chunks WHERE ${pending}`,
  )
  if (total === 0) {
    await ensureVectorIndex(store, embedder.id, embedder.dimensions)
    return 0
  }
  // Bulk updates are much faster without the index; it is rebuilt once at the end.
  await dropVectorIndex(store, embedder.id)
  let done = 0
  let lastId = 0
  for (;;) {
    const rows = await store.rows<{ id: number; index_text: string }>(sql`
      SELECT id, index_text FROM chunks WHERE id > ${lastId} AND ${pending} ORDER BY id LIMIT ${BATCH}`)
    if (rows.length === 0) break
    const vectors = await embedder.embed(rows.map((r) => r.index_text))
    await store.rows(sql`
      UPDATE chunks SET embedding = x.e::vector, embedding_model = ${embedder.id}
      FROM unnest(${toPgArray(rows.map((r) => Number(r.id)))}::bigint[], ${toPgArray(vectors.map(vectorLiteral))}::text[]) AS x(id, e)
      WHERE chunks.id = x.id`)
    lastId = Number(rows[rows.length - 1]!.id)
    done += rows.length
    opts.onBatch?.(done, total)
  }
  await store.rows(sql`
    UPDATE documents SET metadata = jsonb_set(metadata, '{embeddingModel}', to_jsonb(${embedder.id}::text))`)
  await ensureVectorIndex(store, embedder.id, embedder.dimensions)
  await refreshChunkStats(store, { force: true })
  return done
}
