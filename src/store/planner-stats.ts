/**
 * Planner statistics for `chunks`, which decide whether a filtered vector search walks the HNSW graph or scans the
 * few rows a filter leaves. PGlite runs no autovacuum, so writers refresh them as autovacuum would: once the table
 * has changed by more than 50 rows + 10 % since the last ANALYZE (PostgreSQL's default analyze thresholds).
 * Only the columns searches filter on are analysed, plus the tsvector where `@@` serves the lexical search (no
 * BM25): sampling text and tsvectors was most of an ANALYZE's cost (~170 ms at 12k chunks against ~25 ms).
 */
import { sql } from 'drizzle-orm'
import type { Store } from './db.ts'

const FILTER_COLUMNS = ['id', 'document_id', 'site_id', 'kind', 'page', 'asset_tags', 'embedding_model']

export async function refreshChunkStats(store: Store, opts: { force?: boolean } = {}): Promise<boolean> {
  if (!opts.force) {
    const [row] = await store.rows<{ now: number; then: number }>(sql`
      SELECT coalesce((SELECT chunks FROM corpus_stats WHERE id = 1), 0)::float8 AS now,
             (SELECT reltuples FROM pg_class WHERE oid = 'chunks'::regclass)::float8 AS then`)
    const now = Number(row?.now ?? 0)
    const then = Number(row?.then ?? -1)
    // reltuples is -1 until the first ANALYZE.
    if (then >= 0 && Math.abs(now - then) <= 50 + 0.1 * then) return false
  }
  const columns = store.features.bm25 ? FILTER_COLUMNS : [...FILTER_COLUMNS, 'tsv']
  await store.rows(sql.raw(`ANALYZE chunks (${columns.join(', ')})`))
  return true
}
