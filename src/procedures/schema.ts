/**
 * Tables for drafted procedures (re-exported by src/store/schema.ts, created by migration 0008_procedures).
 * A procedure belongs to its asset's site; each edit adds a version holding the whole draft as JSON.
 */
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type { ProcedureDraft } from './types.ts'

export const PROCEDURE_STATUSES = ['draft', 'in_review', 'approved'] as const
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number]

export const procedures = pgTable(
  'procedures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: text('site_id').notNull(),
    asset: text('asset').notNull(),
    task: text('task').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: PROCEDURE_STATUSES }).notNull().default('draft'),
    latestVersion: integer('latest_version').notNull().default(1),
    /** The API key that drafted it; it may never approve it. */
    authorKeyId: uuid('author_key_id'),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('procedures_site_idx').on(t.siteId, t.updatedAt)],
)

export const procedureVersions = pgTable(
  'procedure_versions',
  {
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').$type<ProcedureDraft>().notNull(),
    authorKeyId: uuid('author_key_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'procedure_versions_pk', columns: [t.procedureId, t.version] })],
)
