/**
 * Hybrid search: BM25 (pg_textsearch; ts_rank over the GIN index where the server lacks it) and HNSW cosine
 * search run as two SQL queries with the same filters; their candidates are fused with weights and reranked
 * on term coverage, proximity and phrase evidence read from each candidate's tsvector.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { EmbeddingProvider } from '../embed/types.ts'
import { extractAssetTags } from '../ingest/tags.ts'
import type { DocKind } from '../ingest/types.ts'
import type { Store } from '../store/db.ts'
import { inSites, toPgArray, vectorLiteral } from '../store/documents.ts'
import { inBulkLoad, modelLiteral } from '../store/vector-index.ts'
import { findExpansions, lexicalQuery } from './lexicon.ts'
import {
  type Candidate,
  type Concept,
  type CorpusStats,
  DEFAULT_WEIGHTS,
  idf,
  parseTsvector,
  type RerankWeights,
  rerank,
} from './rerank.ts'

export interface SearchFilters {
  /** Sites the caller may see; '*' for all. */
  sites: string[] | '*'
  kinds?: DocKind[]
  documentIds?: string[]
  assetTags?: string[]
}

/** hybrid: the product; bm25, fts (OR of terms, ts_rank) and vector: single retrievers, for baselines. */
export type SearchMode = 'hybrid' | 'bm25' | 'fts' | 'vector'

export interface SearchOptions {
  k?: number
  mode?: SearchMode
  /** How many candidates each retriever contributes before fusion. */
  candidates?: number
  weights?: RerankWeights
}

export interface SearchHit {
  chunkId: number
  document: { id: string; title: string; source: string; kind: DocKind; site: string }
  page: number | null
  section: string | null
  text: string
  score: number
  signals: Record<string, number>
}

export interface SearchContext {
  store: Store
  embedder: EmbeddingProvider
}

export async function search(
  ctx: SearchContext,
  question: string,
  filters: SearchFilters,
  opts: SearchOptions = {},
): Promise<SearchHit[]> {
  const k = opts.k ?? 5
  const mode = opts.mode ?? 'hybrid'
  const pool = opts.candidates ?? 25
  const q = question.trim()
  if (!q) return []
  const where = filterSql(filters)
  const lexicalQ = lexicalQuery(q)
  const expansions = findExpansions(q)
  const expansion = [...new Set(expansions.map((e) => e.expansion))].join(' ')

  const queryVector =
    mode === 'hybrid' || mode === 'vector' ? await ctx.embedder.embedQuery(`${q} ${expansion}`) : null
  const [lexical, expanded, vectorHits, analysis] = await Promise.all([
    mode === 'vector'
      ? []
      : lexicalSearch(
          ctx.store,
          mode === 'hybrid' ? lexicalQ : q,
          where,
          mode === 'hybrid' ? pool : k,
          mode === 'fts',
        ),
    mode === 'hybrid' && expansion ? lexicalSearch(ctx.store, expansion, where, pool, false) : [],
    queryVector ? vectorSearch(ctx, queryVector, where, mode === 'hybrid' ? pool : k) : [],
    mode === 'hybrid'
      ? analyse(ctx.store, [lexicalQ, ...expansions.flatMap((e) => [e.term, e.expansion])])
      : null,
  ])
  if (mode !== 'hybrid') {
    const ranked = (mode === 'vector' ? vectorHits : lexical).slice(0, k)
    const rows = await loadHits(
      ctx.store,
      ranked.map((h) => h.id),
    )
    return ranked.flatMap((h) => {
      const row = rows.get(h.id)
      return row ? [toHit(row, h.score, { [mode]: h.score })] : []
    })
  }
  const ids = new Set<number>([...lexical, ...expanded, ...vectorHits].map((h) => h.id))
  if (ids.size === 0) return []
  const rows = await loadCandidates(ctx, [...ids], queryVector!)
  const { lexemes: lexemeLists, stats } = analysis!
  const [queryLexemes, ...expansionLexemes] = lexemeLists
  const alternatives = new Map<string, string[]>()
  const expansionTerms = new Set<string>()
  for (let i = 0; i + 1 < expansionLexemes.length; i += 2) {
    for (const term of expansionLexemes[i]!) {
      alternatives.set(term, [...(alternatives.get(term) ?? []), ...expansionLexemes[i + 1]!])
    }
    for (const l of expansionLexemes[i + 1]!) expansionTerms.add(l)
  }
  const forms = queryLexemes!.map((l) => [l, ...(alternatives.get(l) ?? [])])
  const concepts: Concept[] = forms.map((f) => {
    // A concept is as specific as its commonest form found in the store.
    const seen = f.map((x) => stats.df.get(x) ?? 0).filter((n) => n > 0)
    return { forms: f, weight: idf(seen.length ? Math.max(...seen) : 0, Math.max(1, stats.chunks)) }
  })
  const candidates: Candidate[] = [...rows.values()].map((row) => ({
    id: row.id,
    cosine: row.cosine,
    positions: parseTsvector(row.tsv),
    assetTags: row.asset_tags,
    documentId: row.document_id,
  }))
  const queryTags = extractAssetTags(q)
  const ranked = rerank(candidates, {
    lexemes: queryLexemes!,
    expansionLexemes: [...expansionTerms],
    concepts,
    stats,
    assetTags: queryTags,
    weights: opts.weights ?? DEFAULT_WEIGHTS,
  })
  const top = ranked.slice(0, k)
  const hits = await loadHits(
    ctx.store,
    top.map((r) => r.id),
  )
  return top.flatMap((r) => {
    const row = hits.get(r.id)
    return row ? [toHit(row, r.score, r.signals)] : []
  })
}

interface RankedId {
  id: number
  score: number
}

const NO_FILTER = sql`TRUE`

function filterSql(f: SearchFilters): SQL {
  const parts: SQL[] = []
  const scope = inSites(sql`site_id`, f.sites)
  if (scope) parts.push(scope)
  if (f.kinds?.length) parts.push(sql`kind = ANY(${toPgArray(f.kinds)}::text[])`)
  if (f.documentIds?.length) parts.push(sql`document_id = ANY(${toPgArray(f.documentIds)}::uuid[])`)
  if (f.assetTags?.length)
    parts.push(sql`asset_tags && ${toPgArray(f.assetTags.map((t) => t.toUpperCase()))}::text[]`)
  return parts.length ? sql.join(parts, sql` AND `) : NO_FILTER
}

async function lexicalSearch(
  store: Store,
  text: string,
  where: SQL,
  limit: number,
  baseline: boolean,
): Promise<RankedId[]> {
  // During a bulk load the BM25 index is being rebuilt: ts_rank serves until it is back.
  if (store.features.bm25 && !baseline && !inBulkLoad(store)) {
    // Rank with the BM25 index first and filter the ranked rows after: computing BM25 row by row for every
    // chunk a filter lets through is orders of magnitude slower. The ranked window grows until it holds
    // `limit` rows that pass the filters or the index has no more matches.
    for (let window = limit * 2; ; window *= 10) {
      const ranked = await store.rows<{ id: number; d: number }>(sql`
        SELECT id, index_text <@> to_bm25query(${text}, 'chunks_bm25_idx') AS d
        FROM chunks ORDER BY index_text <@> to_bm25query(${text}, 'chunks_bm25_idx') LIMIT ${window}`)
      const matched = ranked.filter((r) => Number(r.d) < 0)
      let allowed: Set<number> | null = null
      if (matched.length && where !== NO_FILTER) {
        const ok = await store.rows<{ id: number }>(sql`
          SELECT id FROM chunks WHERE id = ANY(${toPgArray(matched.map((r) => Number(r.id)))}::bigint[]) AND ${where}`)
        allowed = new Set(ok.map((r) => Number(r.id)))
      }
      const hits = matched
        .filter((r) => !allowed || allowed.has(Number(r.id)))
        .slice(0, limit)
        .map((r) => ({ id: Number(r.id), score: -Number(r.d) }))
      if (hits.length >= limit || matched.length < window || window >= 10_000_000) return hits
    }
  }
  // Without BM25: an OR of the question's terms ranked by ts_rank (the strongest simple method measured).
  const rows = await store.rows<{ id: number; score: number }>(sql`
    WITH q AS (SELECT ${orQuery(text)} AS tq)
    SELECT id, ts_rank(tsv, q.tq) AS score FROM chunks, q
    WHERE q.tq IS NOT NULL AND tsv @@ q.tq AND ${where}
    ORDER BY score DESC LIMIT ${limit}`)
  return rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }))
}

async function vectorSearch(
  ctx: SearchContext,
  query: Float32Array,
  where: SQL,
  limit: number,
): Promise<RankedId[]> {
  const { embedder, store } = ctx
  const dims = embedder.dimensions
  const v = vectorLiteral(query)
  const model = sql.raw(modelLiteral(embedder.id))
  const cast = sql.raw(`::vector(${dims})`)
  const rows = await store.rows<{ id: number; score: number }>(sql`
    SELECT id, 1 - ((embedding${cast}) <=> ${v}${cast}) AS score
    FROM chunks WHERE embedding_model = ${model} AND ${where}
    ORDER BY (embedding${cast}) <=> ${v}${cast} LIMIT ${limit}`)
  return rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }))
}

interface CandidateRow {
  id: number
  tsv: string
  asset_tags: string[]
  document_id: string
  cosine: number
}

/** Loads what the reranker needs of each candidate: its tsvector, tags, document and cosine to the query. */
async function loadCandidates(
  ctx: SearchContext,
  ids: number[],
  queryVector: Float32Array,
): Promise<Map<number, CandidateRow>> {
  const { store, embedder } = ctx
  const cast = sql.raw(`::vector(${embedder.dimensions})`)
  const model = sql.raw(modelLiteral(embedder.id))
  const rows = await store.rows<CandidateRow>(sql`
    SELECT id, tsv::text AS tsv, asset_tags, document_id,
           CASE WHEN embedding_model = ${model}
             THEN 1 - ((embedding${cast}) <=> ${vectorLiteral(queryVector)}${cast}) ELSE 0 END AS cosine
    FROM chunks WHERE id = ANY(${toPgArray(ids)}::bigint[])`)
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id), cosine: Number(r.cosine) }]))
}

interface HitRow {
  id: number
  page: number | null
  section: string | null
  text: string
  document_id: string
  title: string
  source: string
  kind: DocKind
  site_id: string
}

/** Loads what a result shows: text, page, section and document, for the few chunks returned. */
async function loadHits(store: Store, ids: number[]): Promise<Map<number, HitRow>> {
  if (ids.length === 0) return new Map()
  const rows = await store.rows<HitRow>(sql`
    SELECT c.id, c.page, c.section, c.text, c.document_id, d.title, d.source, d.kind, d.site_id
    FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id = ANY(${toPgArray(ids)}::bigint[])`)
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]))
}

/** An OR of the text's lexemes as a tsquery expression (NULL when the text has none). */
function orQuery(text: string): SQL {
  return sql`(NULLIF(replace(strip(to_tsvector('english', ${text}))::text, ' ', ' | '), '')::tsquery)`
}

function toHit(row: HitRow, score: number, signals: Record<string, number>): SearchHit {
  return {
    chunkId: row.id,
    document: {
      id: row.document_id,
      title: row.title,
      source: row.source,
      kind: row.kind,
      site: row.site_id,
    },
    page: row.page,
    section: row.section,
    text: row.text,
    score,
    signals,
  }
}

/**
 * Each text's lexemes in text order (Postgres's english stemmer, stop words removed) with the corpus statistics
 * of those lexemes (kept by triggers on chunks), in one round trip.
 */
async function analyse(store: Store, texts: string[]): Promise<{ lexemes: string[][]; stats: CorpusStats }> {
  const rows = await store.rows<{
    tsv: string
    df: Record<string, number> | string
    chunks: number
    lexemes: number
  }>(sql`
    WITH t AS (
      SELECT i, to_tsvector('english', x) AS v FROM unnest(${toPgArray(texts)}::text[]) WITH ORDINALITY AS u(x, i)),
    s AS (
      SELECT coalesce(json_object_agg(lexeme, df), '{}'::json) AS df FROM lexeme_stats
      WHERE lexeme IN (SELECT unnest(tsvector_to_array(v)) FROM t))
    SELECT t.v::text AS tsv, s.df, c.chunks, c.lexemes
    FROM t CROSS JOIN s LEFT JOIN corpus_stats c ON c.id = 1 ORDER BY t.i`)
  const first = rows[0]
  const df = typeof first?.df === 'string' ? JSON.parse(first.df) : (first?.df ?? {})
  const chunks = Number(first?.chunks ?? 0)
  return {
    lexemes: rows.map((r) => {
      const pos = parseTsvector(r.tsv)
      return [...pos.entries()].sort((a, b) => a[1][0]! - b[1][0]!).map(([lex]) => lex)
    }),
    stats: {
      df: new Map(Object.entries(df as Record<string, number>).map(([k, v]) => [k, Number(v)])),
      chunks,
      avgLength: chunks ? Number(first!.lexemes) / chunks : 1,
    },
  }
}
