/** Writing and reading documents with their chunks and work orders. Every write is one transaction. */
import { and, eq, type SQL, type SQLWrapper, sql } from 'drizzle-orm'
import type { Chunk, DocKind, WorkOrderRecord } from '../ingest/types.ts'
import type { Db, Store } from './db.ts'
import { chunks, type DocumentMetadata, documentFiles, documents, sites, workOrders } from './schema.ts'

export interface NewDocument {
  siteId: string
  title: string
  source: string
  kind: DocKind
  mimeType: string
  contentHash: string
  pageCount: number | null
  bytes: Uint8Array
  assetTags: string[]
  metadata: DocumentMetadata
}

export interface StoredChunk extends Chunk {
  assetTags: string[]
  embedding: Float32Array
  /** `to_tsvector('english', indexText)` computed beforehand (the ingest helper thread), or null/absent: computed by the insert. */
  tsv?: string | null
}

export interface DocumentRow {
  id: string
  siteId: string
  title: string
  source: string
  kind: DocKind
  mimeType: string
  contentHash: string
  version: number
  pageCount: number | null
  byteSize: number
  assetTags: string[]
  metadata: DocumentMetadata
  createdAt: Date
  updatedAt: Date
}

export async function ensureSite(store: Store, id: string, name = id, description?: string): Promise<void> {
  await store.db
    .insert(sites)
    .values({ id, name, description: description ?? null })
    .onConflictDoNothing()
}

export async function findDocumentBySource(
  store: Store,
  siteId: string,
  source: string,
): Promise<DocumentRow | null> {
  const rows = await store.db
    .select()
    .from(documents)
    .where(and(eq(documents.siteId, siteId), eq(documents.source, source)))
  return (rows[0] as DocumentRow | undefined) ?? null
}

export async function getDocument(store: Store, id: string): Promise<DocumentRow | null> {
  if (!isUuid(id)) return null
  const rows = await store.db.select().from(documents).where(eq(documents.id, id))
  return (rows[0] as DocumentRow | undefined) ?? null
}

export async function getDocumentFile(store: Store, id: string): Promise<Uint8Array | null> {
  if (!isUuid(id)) return null
  const rows = await store.db.select().from(documentFiles).where(eq(documentFiles.documentId, id))
  return rows[0]?.data ?? null
}

export async function listDocuments(store: Store, siteIds: string[] | '*'): Promise<DocumentRow[]> {
  const q = store.db.select().from(documents)
  const rows =
    siteIds === '*'
      ? await q.orderBy(documents.siteId, documents.title)
      : await q.where(inSites(documents.siteId, siteIds)).orderBy(documents.title)
  return rows as DocumentRow[]
}

export async function deleteDocument(store: Store, id: string): Promise<boolean> {
  if (!isUuid(id)) return false
  const rows = await store.db.delete(documents).where(eq(documents.id, id)).returning({ id: documents.id })
  return rows.length > 0
}

/** A document's passages in reading order (optionally one page), for showing a cited passage in context. */
export async function listDocumentChunks(store: Store, documentId: string, page?: number) {
  return store.db
    .select({ ordinal: chunks.ordinal, page: chunks.page, section: chunks.section, text: chunks.text })
    .from(chunks)
    .where(
      page
        ? and(eq(chunks.documentId, documentId), eq(chunks.page, page))
        : eq(chunks.documentId, documentId),
    )
    .orderBy(chunks.ordinal)
}

export async function countChunks(store: Store): Promise<number> {
  const rows = await store.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM chunks`)
  return rows[0]?.n ?? 0
}

/**
 * Stores a document with everything derived from it, replacing an earlier version with the same source in the
 * same transaction: readers see either the old version or the new one, never a half document.
 */
export async function saveDocument(
  store: Store,
  doc: NewDocument,
  docChunks: StoredChunk[] | AsyncIterable<StoredChunk[]>,
  orders: WorkOrderRecord[],
  embeddingModel: string,
  onChunks: (stored: number) => void = () => {},
): Promise<{ id: string; version: number; replaced: string | null }> {
  return store.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const old = await db
      .select({ id: documents.id, version: documents.version })
      .from(documents)
      .where(and(eq(documents.siteId, doc.siteId), eq(documents.source, doc.source)))
    const previous = old[0]
    if (previous) await db.delete(documents).where(eq(documents.id, previous.id))
    const version = (previous?.version ?? 0) + 1
    const [row] = await db
      .insert(documents)
      .values({
        siteId: doc.siteId,
        title: doc.title,
        source: doc.source,
        kind: doc.kind,
        mimeType: doc.mimeType,
        contentHash: doc.contentHash,
        version,
        pageCount: doc.pageCount,
        byteSize: doc.bytes.byteLength,
        assetTags: doc.assetTags,
        metadata: doc.metadata,
      })
      .returning({ id: documents.id })
    const id = row!.id
    await db.insert(documentFiles).values({ documentId: id, data: doc.bytes })
    // The document's lexeme statistics are added once, after all its chunks, not by the trigger per statement.
    await db.execute(sql`SELECT set_config('copilot.chunk_stats_by_writer', 'on', true)`)
    await insertChunks(db, id, doc, docChunks, embeddingModel, onChunks)
    await db.execute(sql`SELECT set_config('copilot.chunk_stats_by_writer', 'off', true)`)
    await addChunkStats(db, id)
    await insertWorkOrders(db, id, doc.siteId, orders)
    return { id, version, replaced: previous?.id ?? null }
  })
}

/** Chunks per insert statement (and per prepared batch in the ingest pipeline). */
export const CHUNK_BATCH = 500

async function* inBatches(chunks: StoredChunk[]): AsyncGenerator<StoredChunk[]> {
  for (let i = 0; i < chunks.length; i += CHUNK_BATCH) yield chunks.slice(i, i + CHUNK_BATCH)
}

async function insertChunks(
  db: Db,
  documentId: string,
  doc: NewDocument,
  docChunks: StoredChunk[] | AsyncIterable<StoredChunk[]>,
  model: string,
  onChunks: (stored: number) => void,
): Promise<void> {
  let stored = 0
  for await (const batch of Array.isArray(docChunks) ? inBatches(docChunks) : docChunks) {
    // One statement per batch: unnest() of parallel arrays is far faster than row-by-row inserts. A tsvector
    // prepared beforehand is taken as it is (the same function's output); otherwise it is computed here.
    await db.execute(sql`
      INSERT INTO chunks (document_id, site_id, kind, ordinal, page, section, text, index_text, asset_tags, embedding, embedding_model, tsv)
      SELECT ${documentId}::uuid, ${doc.siteId}, ${doc.kind}, o, p, s, t, it, string_to_array(tags, ' '), e::vector, ${model},
             coalesce(v::tsvector, to_tsvector('english', it))
      FROM unnest(${toPgArray(batch.map((c) => c.ordinal))}::int[], ${toPgArray(batch.map((c) => c.page))}::int[],
                  ${toPgArray(batch.map((c) => c.section))}::text[], ${toPgArray(batch.map((c) => c.text))}::text[],
                  ${toPgArray(batch.map((c) => c.indexText))}::text[], ${toPgArray(batch.map((c) => c.assetTags.join(' ')))}::text[],
                  ${toPgArray(batch.map((c) => vectorLiteral(c.embedding)))}::text[], ${toPgArray(batch.map((c) => c.tsv ?? null))}::text[])
        AS x(o, p, s, t, it, tags, e, v)`)
    stored += batch.length
    onChunks(stored)
  }
}

/**
 * Adds a stored document's chunks to the lexeme statistics in one pass, with the routine the insert trigger uses
 * per statement (chunk_stats_add, migration 0013): one upsert per distinct lexeme of the document.
 */
async function addChunkStats(db: Db, documentId: string): Promise<void> {
  await db.execute(
    sql`SELECT chunk_stats_add(ARRAY(SELECT tsv FROM chunks WHERE document_id = ${documentId}::uuid))`,
  )
}

async function insertWorkOrders(
  db: Db,
  documentId: string,
  siteId: string,
  orders: WorkOrderRecord[],
): Promise<void> {
  for (let i = 0; i < orders.length; i += CHUNK_BATCH) {
    const batch = orders.slice(i, i + CHUNK_BATCH)
    await db.insert(workOrders).values(
      batch.map((w) => ({
        documentId,
        siteId,
        woId: w.woId,
        equipmentId: w.equipmentId,
        equipmentName: w.equipmentName,
        description: w.description,
        failureCode: w.failureCode,
        failureDescription: w.failureDescription,
        problemCode: w.problemCode,
        problemDescription: w.problemDescription,
        workType: w.workType,
        priority: w.priority,
        reportedAt: w.reportedAt ? new Date(w.reportedAt) : null,
        finishedAt: w.finishedAt ? new Date(w.finishedAt) : null,
        durationHours: w.durationHours,
        laborHours: w.laborHours,
        status: w.status,
        extra: w.extra,
        raw: w.raw,
      })),
    )
  }
}

export function vectorLiteral(v: Float32Array | number[]): string {
  let out = '['
  for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + (v[i] as number).toPrecision(7)
  return out + ']'
}

/** A query's site scope: `column = ANY(sites)`, or undefined when every site may be read ('*'). */
export function inSites(column: SQLWrapper, sites: string[] | '*'): SQL | undefined {
  return sites === '*' ? undefined : sql`${column} = ANY(${toPgArray(sites)}::text[])`
}

/**
 * A Postgres array literal, passed as one text parameter and cast in SQL. Both drivers (PGlite and node-postgres)
 * then treat it identically, whatever their own array serialisation does with nulls and quotes.
 */
export function toPgArray(values: ReadonlyArray<string | number | null>): string {
  const parts = values.map((v) => {
    if (v === null || v === undefined) return 'NULL'
    if (typeof v === 'number') return String(v)
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
  })
  return `{${parts.join(',')}}`
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export function isUuid(s: string): boolean {
  return UUID_RE.test(s)
}
