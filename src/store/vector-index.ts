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
  await store.rows(
    sql.raw(
      `CREATE INDEX IF NOT EXISTS ${vectorIndexName(model)} ON chunks USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WITH (m = 8, ef_construction = 32) WHERE embedding_model = ${modelLiteral(model)}`,
    ),
  )
}

export async function dropVectorIndex(store: Store, model: string): Promise<void> {
  await store.rows(sql.raw(`DROP INDEX IF EXISTS ${vectorIndexName(model)}`))
}
