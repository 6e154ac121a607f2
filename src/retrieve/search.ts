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
import { toPgArray, vectorLiteral } from '../store/documents.ts'
import { modelLiteral } from '../store/vector-index.ts'
import { findExpansions, lexicalQuery } from './lexicon.ts'
import {
  type Candidate,
  type Concept,
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
  const pool = opts.candidates ?? 40
  const q = question.trim()
  if (!q) return []
  const where = filterSql(filters)
  const lexicalQ = lexicalQuery(q)
  const expansions = findExpansions(q)
  const expansion = [...new Set(expansions.map((e) => e.expansion))].join(' ')

  const queryVector =
    mode === 'hybrid' || mode === 'vector' ? await ctx.embedder.embedQuery(`${q} ${expansion}`) : null
  const [lexical, expanded, vectorHits] = await Promise.all([
    mode === 'vector'
      ? []
      : lexicalSearch(
          ctx.store,
          mode === 'hybrid' ? lexicalQ : q,
          where,
          mode === 'hybrid' ? pool : k,
          mode === 'fts',
        ),
    mode === 'hybrid' && expansion ? lexicalSearch(ctx.store, expansion, where, pool * 2, false) : [],
    queryVector ? vectorSearch(ctx, queryVector, where, mode === 'hybrid' ? pool : k) : [],
  ])
  const ids = new Set<number>([...lexical, ...expanded, ...vectorHits].map((h) => h.id))
  if (ids.size === 0) return []
  if (mode !== 'hybrid') {
    const ranked = (mode === 'vector' ? vectorHits : lexical).slice(0, k)
    const rows = await loadCandidates(
      ctx,
      ranked.map((h) => h.id),
      null,
    )
    return ranked.flatMap((h) => {
      const row = rows.get(h.id)
      return row ? [toHit(row, h.score, { [mode]: h.score })] : []
    })
  }
  const known = {
    bm25: new Map(lexical.map((h) => [h.id, h.score])),
    expansion: new Map(expanded.map((h) => [h.id, h.score])),
  }
  const rows = await loadCandidates(ctx, [...ids], {
    question: lexicalQ,
    expansion,
    vector: queryVector!,
    known,
  })
  const [queryLexemes, ...expansionLexemes] = await lexemesOfEach(ctx.store, [
    lexicalQ,
    ...expansions.flatMap((e) => [e.term, e.expansion]),
  ])
  const alternatives = new Map<string, string[]>()
  for (let i = 0; i + 1 < expansionLexemes.length; i += 2) {
    for (const term of expansionLexemes[i]!)
      alternatives.set(term, [...(alternatives.get(term) ?? []), ...expansionLexemes[i + 1]!])
  }
  const forms = queryLexemes!.map((l) => [l, ...(alternatives.get(l) ?? [])])
  const df = await documentFrequencies(ctx.store, [...new Set(forms.flat())])
  const concepts: Concept[] = forms.map((f) => {
    // A concept is as specific as its commonest form found in the store.
    const seen = f.map((x) => df.perLexeme.get(x) ?? 0).filter((n) => n > 0)
    return { forms: f, weight: idf(seen.length ? Math.max(...seen) : 0, Math.max(1, df.total)) }
  })
  const candidates: Candidate[] = [...rows.values()].map((row) => ({
    id: row.id,
    bm25: known.bm25.get(row.id) ?? row.bm25,
    bm25Expansion: known.expansion.get(row.id) ?? row.bm25_expansion,
    cosine: row.cosine,
    positions: parseTsvector(row.tsv),
    assetTags: row.asset_tags,
    documentId: row.document_id,
  }))
  const queryTags = extractAssetTags(q)
  const ranked = rerank(candidates, {
    lexemes: queryLexemes!,
    concepts,
    assetTags: queryTags,
    weights: opts.weights ?? DEFAULT_WEIGHTS,
  })
  return ranked.slice(0, k).map((r) => toHit(rows.get(r.id)!, r.score, r.signals))
}

interface RankedId {
  id: number
  score: number
}

const NO_FILTER = sql`TRUE`

function filterSql(f: SearchFilters): SQL {
  const parts: SQL[] = []
  if (f.sites !== '*') parts.push(sql`site_id = ANY(${toPgArray(f.sites)}::text[])`)
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
  if (store.features.bm25 && !baseline) {
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
  bm25: number
  bm25_expansion: number
  cosine: number
  id: number
  page: number | null
  section: string | null
  text: string
  tsv: string
  asset_tags: string[]
  document_id: string
  title: string
  source: string
  kind: DocKind
  site_id: string
}

/** Loads candidates with every signal computed for each of them, whichever retriever found it. */
async function loadCandidates(
  ctx: SearchContext,
  ids: number[],
  query: {
    question: string
    expansion: string
    vector: Float32Array
    /** BM25 scores the lexical retrievers already computed; the rest are computed here. */
    known: { bm25: Map<number, number>; expansion: Map<number, number> }
  } | null,
): Promise<Map<number, CandidateRow>> {
  if (ids.length === 0) return new Map()
  const { store, embedder } = ctx
  let signals = sql`0::float8 AS bm25, 0::float8 AS bm25_expansion, 0::float8 AS cosine`
  if (query) {
    const cast = sql.raw(`::vector(${embedder.dimensions})`)
    const model = sql.raw(modelLiteral(embedder.id))
    const cosine = sql`CASE WHEN c.embedding_model = ${model}
      THEN 1 - ((c.embedding${cast}) <=> ${vectorLiteral(query.vector)}${cast}) ELSE 0 END`
    // Scoring one row with BM25 costs ~0.2 ms, against nothing for rows read from the ranked index: only the
    // question's score is filled in for candidates the lexical list missed; the expansion's stays 0 for them.
    const missing = toPgArray(ids.filter((id) => !query.known.bm25.has(id)))
    signals = store.features.bm25
      ? sql`CASE WHEN c.id = ANY(${missing}::bigint[])
              THEN -(c.index_text <@> to_bm25query(${query.question}, 'chunks_bm25_idx')) ELSE 0 END AS bm25,
            0::float8 AS bm25_expansion,
            ${cosine} AS cosine`
      : sql`ts_rank(c.tsv, ${orQuery(query.question)}) AS bm25,
            ${query.expansion ? sql`ts_rank(c.tsv, ${orQuery(query.expansion)})` : sql`0::float8`} AS bm25_expansion,
            ${cosine} AS cosine`
  }
  const rows = await store.rows<CandidateRow>(sql`
    SELECT c.id, c.page, c.section, c.text, c.tsv::text AS tsv, c.asset_tags, c.document_id,
           d.title, d.source, d.kind, d.site_id, ${signals}
    FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id = ANY(${toPgArray(ids)}::bigint[])`)
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        ...r,
        id: Number(r.id),
        bm25: Number(r.bm25),
        bm25_expansion: Number(r.bm25_expansion),
        cosine: Number(r.cosine),
      },
    ]),
  )
}

/** An OR of the text's lexemes as a tsquery expression (NULL when the text has none). */
function orQuery(text: string): SQL {
  return sql`(NULLIF(replace(strip(to_tsvector('english', ${text}))::text, ' ', ' | '), '')::tsquery)`
}

function toHit(row: CandidateRow, score: number, signals: Record<string, number>): SearchHit {
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

/** Each text's lexemes in text order (Postgres's english stemmer, stop words removed), in one round trip. */
async function lexemesOfEach(store: Store, texts: string[]): Promise<string[][]> {
  const rows = await store.rows<{ i: number; tsv: string }>(sql`
    SELECT i::int, to_tsvector('english', t)::text AS tsv FROM unnest(${toPgArray(texts)}::text[]) WITH ORDINALITY AS x(t, i)
    ORDER BY i`)
  return rows.map((r) => {
    const pos = parseTsvector(r.tsv)
    return [...pos.entries()].sort((a, b) => a[1][0]! - b[1][0]!).map(([lex]) => lex)
  })
}

const DF_TTL_MS = 60_000

interface StatsCache {
  df: Map<string, { n: number; at: number }>
  total: { n: number; at: number } | null
}
const statsCaches = new WeakMap<Store, StatsCache>()

/** Chunk counts per lexeme, for IDF weights in the reranker; cached per store for a minute. */
async function documentFrequencies(
  store: Store,
  lexemes: string[],
): Promise<{ perLexeme: Map<string, number>; total: number }> {
  let cache = statsCaches.get(store)
  if (!cache) {
    cache = { df: new Map(), total: null }
    statsCaches.set(store, cache)
  }
  const now = Date.now()
  const missing = lexemes.filter((l) => {
    const c = cache.df.get(l)
    return !c || now - c.at > DF_TTL_MS
  })
  if (missing.length) {
    const rows = await store.rows<{ lex: string; n: number }>(sql`
      SELECT l AS lex, (SELECT count(*)::int FROM chunks WHERE tsv @@ to_tsquery('simple', quote_literal(l))) AS n
      FROM unnest(${toPgArray(missing)}::text[]) AS l`)
    for (const r of rows) cache.df.set(r.lex, { n: Number(r.n), at: now })
  }
  if (!cache.total || now - cache.total.at > DF_TTL_MS) {
    const rows = await store.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM chunks`)
    cache.total = { n: Number(rows[0]?.n ?? 0), at: now }
  }
  return { perLexeme: new Map(lexemes.map((l) => [l, cache.df.get(l)?.n ?? 0])), total: cache.total.n }
}

/** Forget cached statistics of a store (after an ingest changes them). */
export function clearSearchCaches(store: Store): void {
  statsCaches.delete(store)
}
