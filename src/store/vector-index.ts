/**
 * One partial HNSW index per embedding model, over the embedding cast to that model's dimension
 * (pgvector's pattern for mixed-dimension columns). Queries must repeat the same cast and predicate.
 */
import { sql } from 'drizzle-orm'
import type { Store } from './db.ts'
import { refreshChunkStats } from './planner-stats.ts'

/** A model id safe to inline as a SQL literal (the partial index predicate needs a literal, not a parameter). */
export function modelLiteral(model: string): string {
  if (!/^[\w.:/@+-]{1,120}$/.test(model))
    throw new Error(`embedding model id has unexpected characters: ${model}`)
  return `'${model}'`
}

export function vectorIndexName(model: string): string {
  return `chunks_emb_${model.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_idx`.slice(0, 63)
}

export function assertDimensions(dims: number): number {
  if (!Number.isInteger(dims) || dims < 1 || dims > 2000)
    throw new Error(`HNSW supports 1..2000 dimensions, got ${dims}`)
  return dims
}

/**
 * m = 8 / ef_construction = 32 rather than pgvector's 16 / 64: index upkeep is the largest single cost of an
 * embedded insert (~0.3 ms a row at 16/64 in PGlite), and the vector list is one of three candidate sources
 * that the reranker re-scores, so the small loss of graph recall does not reach the results.
 */
export async function ensureVectorIndex(store: Store, model: string, dims: number): Promise<void> {
  assertDimensions(dims)
  const pending = bulk.get(store)
  if (pending) pending.set(model, dims)
  else await store.rows(sql.raw(vectorIndexSql(model, dims)))
}

function vectorIndexSql(model: string, dims: number): string {
  return `CREATE INDEX IF NOT EXISTS ${vectorIndexName(model)} ON chunks USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WITH (m = 8, ef_construction = 32) WHERE embedding_model = ${modelLiteral(model)}`
}

export async function dropVectorIndex(store: Store, model: string): Promise<void> {
  await store.rows(sql.raw(`DROP INDEX IF EXISTS ${vectorIndexName(model)}`))
}

/**
 * Is loading about `incoming` chunks into a store of `stored` chunks better done as a bulk load (indexes dropped,
 * rebuilt once at the end)? Rebuilding costs for every chunk in the table, keeping up only for the new ones.
 * Measured in PGlite at 100k chunks: HNSW rebuilt 0.03 ms a chunk against 0.10 ms a new chunk kept up, BM25
 * rebuilt 0.16-0.19 against 0.23-0.26; so a load of half the stored size or more is a bulk load, and any load into
 * a store of under BULK_LOAD_BELOW_CHUNKS.
 */
export function worthBulkLoad(stored: number, incoming: number): boolean {
  return stored < BULK_LOAD_BELOW_CHUNKS || incoming >= stored / 2
}

export const BULK_LOAD_BELOW_CHUNKS = 5000

/** Stores in a bulk load: their search indexes are built once at the end instead of row by row. */
const bulk = new WeakMap<Store, Map<string, number>>()

/** Is this store in a bulk load (per-document index upkeep and statistics are deferred to its end)? */
export function inBulkLoad(store: Store): boolean {
  return bulk.has(store)
}

/**
 * Loads many documents with the HNSW and BM25 indexes dropped and built once at the end: pgvector builds an HNSW
 * graph in one pass about three times cheaper than it inserts into one, pg_textsearch a BM25 index about a third
 * cheaper (see worthBulkLoad for the figures). This pays when the load is large next to what is stored (first
 * loads, a new site). Searches during the load stay correct but slower (an exact vector scan; ts_rank over
 * tsvectors instead of BM25). An earlier measurement (session 2) saw uploads slow down in a BM25 index built in one
 * pass; repeated with 40k chunks added after the build it did not (0.72 ms a chunk against 0.69-0.95 for an index
 * grown row by row), so BM25 is rebuilt too. A load that dies half-way leaves the indexes missing: opening the
 * store builds them again. Nested calls join the outer load.
 */
export async function bulkLoad<T>(
  store: Store,
  fn: () => Promise<T>,
  onIndexing: () => void = () => {},
): Promise<T> {
  if (bulk.has(store)) return fn()
  const existing = await store.rows<{ indexname: string; indexdef: string }>(sql`
    SELECT indexname, indexdef FROM pg_indexes
    WHERE tablename = 'chunks' AND schemaname = current_schema()
      AND (indexdef ILIKE '%USING hnsw%' OR indexdef ILIKE '%USING bm25%')`)
  const wanted = new Map<string, number>()
  bulk.set(store, wanted)
  for (const ix of existing) await store.rows(sql.raw(`DROP INDEX IF EXISTS ${ix.indexname}`))
  try {
    return await fn()
  } finally {
    bulk.delete(store)
    onIndexing()
    await store.db.transaction(async (tx) => {
      // The graph is built in memory while it fits: give the build room for a few hundred thousand chunks.
      await tx.execute(sql`SET LOCAL maintenance_work_mem = '512MB'`)
      for (const ix of existing)
        await tx.execute(sql.raw(ix.indexdef.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')))
      for (const [model, dims] of wanted) await tx.execute(sql.raw(vectorIndexSql(model, dims)))
    })
    await refreshChunkStats(store, { force: true })
  }
}
