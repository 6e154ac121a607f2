/**
 * One partial HNSW index per embedding model, over the embedding cast to that model's dimension
 * (pgvector's pattern for mixed-dimension columns). Queries must repeat the same cast and predicate.
 */
import { sql } from 'drizzle-orm'
import type { Store } from './db.ts'

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
 * Below this many stored chunks a load of several documents is a bulk load. Above it, rebuilding the indexes
 * over everything stored costs more than keeping them up for the new chunks (measured: 10k stored + 90k new
 * loads slower in bulk than row by row).
 */
export const BULK_LOAD_BELOW_CHUNKS = 5000

/** Stores in a bulk load: their vector indexes are built once at the end instead of row by row. */
const bulk = new WeakMap<Store, Map<string, number>>()

/** Is this store in a bulk load (per-document index upkeep and statistics are deferred to its end)? */
export function inBulkLoad(store: Store): boolean {
  return bulk.has(store)
}

/**
 * Loads many documents with the vector indexes dropped and built once at the end: pgvector builds an HNSW graph
 * in memory several times faster than it inserts into one (measured in PGlite at 6k chunks: 0.08 against 0.3 ms a
 * chunk). This pays when the load is large next to what is stored (first loads, a new site). Searches during the
 * load stay correct (an exact scan) but slower. The BM25 index is kept up row by row: rebuilt in one pass it is a
 * little faster to load, but later uploads into it slow down by half once it has grown (measured: 423 against
 * 874 chunks/s at 100k). Nested calls join the outer load.
 */
export async function bulkLoad<T>(
  store: Store,
  fn: () => Promise<T>,
  onIndexing: () => void = () => {},
): Promise<T> {
  if (bulk.has(store)) return fn()
  const existing = await store.rows<{ indexname: string; indexdef: string }>(sql`
    SELECT indexname, indexdef FROM pg_indexes
    WHERE tablename = 'chunks' AND schemaname = current_schema() AND indexdef ILIKE '%USING hnsw%'`)
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
    await store.rows(sql`ANALYZE chunks`)
  }
}
