/**
 * The database schema: the single source for migrations (drizzle-kit generate) and for typed queries.
 * Vector columns carry no fixed dimension so the embedding model can change without a schema change;
 * each model gets its own partial HNSW index (see vector-index.ts).
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

/** pgvector `vector` without a dimension: each row may come from a different model. */
export const vector = customType<{ data: number[] | Float32Array; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${Array.from(value).join(',')}]`,
  fromDriver: (value) =>
    String(value)
      .slice(1, -1)
      .split(',')
      .filter((s) => s.length > 0)
      .map(Number),
})

export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}

export const sites = pgTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  createdAt: timestamps.createdAt,
})

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    title: text('title').notNull(),
    /** The file name (or relative path) the document came from; a re-ingest of the same source replaces it. */
    source: text('source').notNull(),
    kind: text('kind', { enum: ['manual', 'sop', 'log', 'other'] }).notNull(),
    mimeType: text('mime_type').notNull(),
    contentHash: text('content_hash').notNull(),
    version: integer('version').notNull().default(1),
    pageCount: integer('page_count'),
    byteSize: integer('byte_size').notNull(),
    assetTags: text('asset_tags').array().notNull().default(sql`'{}'::text[]`),
    metadata: jsonb('metadata').$type<DocumentMetadata>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('documents_site_source_uq').on(t.siteId, t.source),
    index('documents_asset_tags_idx').using('gin', t.assetTags),
  ],
)

export interface DocumentMetadata {
  warnings?: string[]
  chunkCount?: number
  workOrderCount?: number
  embeddingModel?: string
  [key: string]: unknown
}

/** The original bytes of each document, for "open the source" links. */
export const documentFiles = pgTable('document_files', {
  documentId: uuid('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  data: customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })(
    'data',
  ).notNull(),
})

export const chunks = pgTable(
  'chunks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** Copied from the document so filters stay inside one table scan. */
    siteId: text('site_id').notNull(),
    kind: text('kind').notNull(),
    ordinal: integer('ordinal').notNull(),
    page: integer('page'),
    section: text('section'),
    text: text('text').notNull(),
    indexText: text('index_text').notNull(),
    assetTags: text('asset_tags').array().notNull().default(sql`'{}'::text[]`),
    /**
     * Always `to_tsvector('english', index_text)`, written by the one chunk insert (`insertChunks`): computed there in
     * SQL, or, for large embedded loads, computed beforehand by the same function in the ingest helper thread's own
     * PGlite (`src/ingest/prepare.ts`), which takes the tokenising off the store's thread. It was a generated column
     * until migration 0012; the values are the same either way (checked by `prepare.test.ts`).
     */
    tsv: tsvector('tsv').notNull(),
    embedding: vector('embedding'),
    embeddingModel: text('embedding_model'),
  },
  (t) => [
    index('chunks_document_idx').on(t.documentId, t.ordinal),
    index('chunks_site_kind_idx').on(t.siteId, t.kind),
    // Dropped again by migration 0011 where BM25 (pg_textsearch) is on: only the ts_rank fallback uses it.
    index('chunks_tsv_idx').using('gin', t.tsv),
    index('chunks_asset_tags_idx').using('gin', t.assetTags),
  ],
)

/**
 * Lexeme document frequencies and corpus totals for BM25 weighting in the reranker. Kept in step with `chunks`
 * by statement triggers (migration 0003), so every writer, including a cascade delete, updates them.
 */
export const lexemeStats = pgTable('lexeme_stats', {
  lexeme: text('lexeme').primaryKey(),
  df: integer('df').notNull(),
})

export const corpusStats = pgTable('corpus_stats', {
  id: integer('id').primaryKey(),
  chunks: bigint('chunks', { mode: 'number' }).notNull(),
  /** Sum over chunks of their distinct lexemes: BM25's document length, averaged. */
  lexemes: bigint('lexemes', { mode: 'number' }).notNull(),
})

export const workOrders = pgTable(
  'work_orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    siteId: text('site_id').notNull(),
    woId: text('wo_id').notNull(),
    equipmentId: text('equipment_id'),
    equipmentName: text('equipment_name'),
    description: text('description'),
    failureCode: text('failure_code'),
    failureDescription: text('failure_description'),
    problemCode: text('problem_code'),
    problemDescription: text('problem_description'),
    workType: text('work_type', { enum: ['preventive', 'corrective'] }),
    priority: text('priority'),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationHours: real('duration_hours'),
    laborHours: real('labor_hours'),
    status: text('status'),
    extra: jsonb('extra').$type<Record<string, string>>().notNull().default({}),
    raw: jsonb('raw').$type<Record<string, string>>().notNull(),
  },
  (t) => [
    index('work_orders_site_equipment_idx').on(t.siteId, t.equipmentId),
    index('work_orders_site_finished_idx').on(t.siteId, t.finishedAt),
    index('work_orders_wo_idx').on(t.siteId, t.woId),
    index('work_orders_document_idx').on(t.documentId),
  ],
)

export const ingestJobs = pgTable(
  'ingest_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: text('site_id').notNull(),
    source: text('source').notNull(),
    status: text('status', { enum: ['running', 'done', 'unchanged', 'failed'] }).notNull(),
    error: text('error'),
    documentId: uuid('document_id'),
    stats: jsonb('stats').$type<Record<string, unknown>>().notNull().default({}),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('ingest_jobs_started_idx').on(t.startedAt)],
)

export const ROLES = ['operator', 'planner', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** sha256 of the secret; the secret itself is shown once and never stored. */
  keyHash: text('key_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  /** Site ids this key may see; '*' means every site. */
  sites: text('sites').array().notNull(),
  createdAt: timestamps.createdAt,
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
})

/** A browser sign-in: a random token in an HttpOnly cookie stands for an API key until it expires or the key is revoked. */
export const webSessions = pgTable('web_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** sha256 of the cookie's token; the token itself is never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  keyId: uuid('key_id')
    .notNull()
    .references(() => apiKeys.id, { onDelete: 'cascade' }),
  createdAt: timestamps.createdAt,
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
})

/**
 * Slack deliveries already taken (event ids, channel:ts of a message, slash-command trigger ids): kept in the
 * store so a redelivery after a restart, or to another replica on the same database, is not answered twice.
 */
export const slackDeliveries = pgTable(
  'slack_deliveries',
  {
    key: text('key').primaryKey(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('slack_deliveries_seen_idx').on(t.seenAt)],
)

/** A chat thread. `state` carries what offline follow-ups need (the asset and topic in play). */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: text('site_id'),
    keyId: uuid('key_id'),
    /** Who asked beyond the key, e.g. a Slack user id. */
    userRef: text('user_ref'),
    channel: text('channel').notNull().default('api'),
    title: text('title'),
    state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [index('conversations_key_idx').on(t.keyId, t.updatedAt)],
)

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    citations: jsonb('citations').$type<unknown[]>().notNull().default([]),
    toolCalls: jsonb('tool_calls').$type<unknown[]>().notNull().default([]),
    mode: text('mode'),
    refused: boolean('refused'),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('messages_conversation_idx').on(t.conversationId, t.createdAt)],
)

/** One row per answered turn: who asked what, what was retrieved and called, with which model and how fast. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    keyId: uuid('key_id'),
    principal: text('principal'),
    userRef: text('user_ref'),
    channel: text('channel').notNull(),
    siteId: text('site_id'),
    conversationId: uuid('conversation_id'),
    messageId: uuid('message_id'),
    question: text('question').notNull(),
    /** The query retrieval ran with (the question, or its standalone rewrite for a follow-up). */
    searchQuery: text('search_query'),
    retrieved: jsonb('retrieved').$type<unknown[]>().notNull().default([]),
    toolCalls: jsonb('tool_calls').$type<unknown[]>().notNull().default([]),
    mode: text('mode'),
    model: text('model'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    latencyMs: integer('latency_ms'),
    error: text('error'),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
)

export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    keyId: uuid('key_id'),
    rating: text('rating', { enum: ['up', 'down'] }).notNull(),
    comment: text('comment'),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex('feedback_message_key_uq').on(t.messageId, t.keyId)],
)

/**
 * The plant simulator's own history store: one row per tag and hour with the minute samples as an array
 * (index = minute of the hour, NaN where missing). 7 days x 25 tags is ~4,200 rows.
 */
export const simHistory = pgTable(
  'sim_history',
  {
    siteId: text('site_id').notNull(),
    tag: text('tag').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    values: real('values').array().notNull(),
  },
  (t) => [uniqueIndex('sim_history_pk').on(t.siteId, t.tag, t.hour)],
)

/** Work orders the copilot drafted: stored for a person to approve, sent nowhere. */
export const workOrderDrafts = pgTable(
  'work_order_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: text('site_id').notNull(),
    asset: text('asset'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    priority: integer('priority'),
    workType: text('work_type', { enum: ['preventive', 'corrective'] }),
    status: text('status', { enum: ['awaiting_approval', 'approved', 'rejected'] })
      .notNull()
      .default('awaiting_approval'),
    requestedBy: uuid('requested_by'),
    conversationId: uuid('conversation_id'),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('work_order_drafts_site_idx').on(t.siteId, t.createdAt)],
)

/** Drafted procedures (defined beside their code, part of the one schema). */
export {
  PROCEDURE_STATUSES,
  type ProcedureStatus,
  procedures,
  procedureVersions,
} from '../procedures/schema.ts'
