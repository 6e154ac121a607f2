/**
 * Stored procedures: each edit is a new version (the whole draft as JSON, its author and time); the status goes
 * draft -> in_review -> approved. Only a planner or admin approves, only from review, and never a procedure they
 * drafted or last edited. Every read is scoped to the caller's sites; a procedure of another site is not found.
 */
import { and, desc, eq, sql } from 'drizzle-orm'
import type { Store } from '../store/db.ts'
import { inSites } from '../store/documents.ts'
import type { Role } from '../store/schema.ts'
import { type DiffLine, diffLines, formatDiff } from './diff.ts'
import { toMarkdown } from './markdown.ts'
import { type ProcedureStatus, procedures, procedureVersions } from './schema.ts'
import type { ProcedureDraft } from './types.ts'

export type Sites = string[] | '*'

export interface Actor {
  keyId: string
  role: Role
  sites: Sites
}

export class ProcedureError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden' | 'conflict',
    message: string,
  ) {
    super(message)
    this.name = 'ProcedureError'
  }
}

export interface ProcedureSummary {
  id: string
  siteId: string
  asset: string
  task: string
  title: string
  status: ProcedureStatus
  version: number
  authorKeyId: string | null
  approvedBy: string | null
  approvedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface ProcedureVersion extends ProcedureSummary {
  /** The version shown (the latest unless another was asked for). */
  shownVersion: number
  versionAuthorKeyId: string | null
  versionCreatedAt: string
  content: ProcedureDraft
}

const EDITORS: Role[] = ['planner', 'admin']

function iso(d: Date | string | null): string | null {
  if (d === null) return null
  return (d instanceof Date ? d : new Date(d)).toISOString()
}

function summary(row: typeof procedures.$inferSelect): ProcedureSummary {
  return {
    id: row.id,
    siteId: row.siteId,
    asset: row.asset,
    task: row.task,
    title: row.title,
    status: row.status,
    version: row.latestVersion,
    authorKeyId: row.authorKeyId,
    approvedBy: row.approvedBy,
    approvedAt: iso(row.approvedAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  }
}

function siteVisible(sites: Sites) {
  return inSites(procedures.siteId, sites)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function findRow(store: Store, id: string, sites: Sites) {
  if (!UUID.test(id)) throw new ProcedureError('not_found', `no procedure ${id}`)
  const [row] = await store.db
    .select()
    .from(procedures)
    .where(and(eq(procedures.id, id), siteVisible(sites)))
  if (!row) throw new ProcedureError('not_found', `no procedure ${id}`)
  return row
}

function mustEdit(actor: Actor): void {
  if (!EDITORS.includes(actor.role))
    throw new ProcedureError('forbidden', `this needs the role planner or admin; your key is ${actor.role}`)
}

export async function createProcedure(
  store: Store,
  draft: ProcedureDraft,
  author: Actor,
): Promise<ProcedureVersion> {
  mustEdit(author)
  const id = await store.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(procedures)
      .values({
        siteId: draft.asset.site,
        asset: draft.asset.tag,
        task: draft.task,
        title: draft.title,
        authorKeyId: author.keyId,
      })
      .returning({ id: procedures.id })
    await tx
      .insert(procedureVersions)
      .values({ procedureId: row!.id, version: 1, content: draft, authorKeyId: author.keyId })
    return row!.id
  })
  return getProcedure(store, id, author.sites)
}

export async function listProcedures(
  store: Store,
  sites: Sites,
  filters: { asset?: string; status?: ProcedureStatus } = {},
): Promise<ProcedureSummary[]> {
  const rows = await store.db
    .select()
    .from(procedures)
    .where(
      and(
        siteVisible(sites),
        filters.asset ? sql`upper(${procedures.asset}) = ${filters.asset.toUpperCase()}` : undefined,
        filters.status ? eq(procedures.status, filters.status) : undefined,
      ),
    )
    .orderBy(desc(procedures.updatedAt))
    .limit(500)
  return rows.map(summary)
}

export async function getProcedure(
  store: Store,
  id: string,
  sites: Sites,
  version?: number,
): Promise<ProcedureVersion> {
  const row = await findRow(store, id, sites)
  const v = version ?? row.latestVersion
  const [ver] = await store.db
    .select()
    .from(procedureVersions)
    .where(and(eq(procedureVersions.procedureId, id), eq(procedureVersions.version, v)))
  if (!ver) throw new ProcedureError('not_found', `procedure ${id} has no version ${v}`)
  return {
    ...summary(row),
    shownVersion: ver.version,
    versionAuthorKeyId: ver.authorKeyId,
    versionCreatedAt: iso(ver.createdAt)!,
    content: ver.content,
  }
}

export async function listVersions(
  store: Store,
  id: string,
  sites: Sites,
): Promise<Array<{ version: number; authorKeyId: string | null; createdAt: string }>> {
  await findRow(store, id, sites)
  const rows = await store.db
    .select({
      version: procedureVersions.version,
      authorKeyId: procedureVersions.authorKeyId,
      createdAt: procedureVersions.createdAt,
    })
    .from(procedureVersions)
    .where(eq(procedureVersions.procedureId, id))
    .orderBy(procedureVersions.version)
  return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt)! }))
}

/** Saves an edit as the next version; an edited procedure goes back to draft (a new review is needed). */
export async function updateProcedure(
  store: Store,
  id: string,
  content: ProcedureDraft,
  actor: Actor,
): Promise<ProcedureVersion> {
  mustEdit(actor)
  const row = await findRow(store, id, actor.sites)
  if (content.asset.site !== row.siteId || content.asset.tag.toUpperCase() !== row.asset.toUpperCase())
    throw new ProcedureError('conflict', 'an edit may not move the procedure to another asset or site')
  await store.db.transaction(async (tx) => {
    const [next] = await tx
      .update(procedures)
      .set({
        latestVersion: sql`${procedures.latestVersion} + 1`,
        title: content.title,
        task: content.task,
        status: 'draft',
        approvedBy: null,
        approvedAt: null,
        updatedAt: new Date(),
      })
      .where(eq(procedures.id, id))
      .returning({ version: procedures.latestVersion })
    await tx
      .insert(procedureVersions)
      .values({ procedureId: id, version: next!.version, content, authorKeyId: actor.keyId })
  })
  return getProcedure(store, id, actor.sites)
}

export async function submitProcedure(store: Store, id: string, actor: Actor): Promise<ProcedureSummary> {
  mustEdit(actor)
  const row = await findRow(store, id, actor.sites)
  if (row.status !== 'draft')
    throw new ProcedureError(
      'conflict',
      `only a draft can be submitted for review; this one is ${row.status}`,
    )
  return setStatus(store, id, 'draft', { status: 'in_review' })
}

export async function approveProcedure(store: Store, id: string, actor: Actor): Promise<ProcedureSummary> {
  mustEdit(actor)
  const row = await findRow(store, id, actor.sites)
  if (row.status !== 'in_review')
    throw new ProcedureError(
      'conflict',
      `only a procedure in review can be approved; this one is ${row.status}`,
    )
  const [latest] = await store.db
    .select({ author: procedureVersions.authorKeyId })
    .from(procedureVersions)
    .where(and(eq(procedureVersions.procedureId, id), eq(procedureVersions.version, row.latestVersion)))
  if (row.authorKeyId === actor.keyId || latest?.author === actor.keyId)
    throw new ProcedureError(
      'forbidden',
      'you drafted or last edited this procedure; someone else must approve it',
    )
  return setStatus(store, id, 'in_review', {
    status: 'approved',
    approvedBy: actor.keyId,
    approvedAt: new Date(),
  })
}

/** Changes the status only if it is still `from` (a concurrent change loses with a conflict). */
async function setStatus(
  store: Store,
  id: string,
  from: ProcedureStatus,
  set: { status: ProcedureStatus; approvedBy?: string; approvedAt?: Date },
): Promise<ProcedureSummary> {
  const [row] = await store.db
    .update(procedures)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(procedures.id, id), eq(procedures.status, from)))
    .returning()
  if (!row) throw new ProcedureError('conflict', 'the procedure changed meanwhile; reload and try again')
  return summary(row)
}

export interface VersionDiff {
  from: number
  to: number
  lines: DiffLine[]
  unified: string
  added: number
  removed: number
}

/** A line diff of the Markdown of two versions. */
export async function compareVersions(
  store: Store,
  id: string,
  from: number,
  to: number,
  sites: Sites,
): Promise<VersionDiff> {
  const [a, b] = await Promise.all([getProcedure(store, id, sites, from), getProcedure(store, id, sites, to)])
  const lines = diffLines(toMarkdown(a.content), toMarkdown(b.content))
  return {
    from,
    to,
    lines,
    unified: formatDiff(lines),
    added: lines.filter((l) => l.op === 'add').length,
    removed: lines.filter((l) => l.op === 'remove').length,
  }
}
