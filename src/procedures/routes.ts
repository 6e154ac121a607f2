/**
 * /procedures: draft a procedure for an asset and task, edit it as versions, submit, approve, compare and export.
 * A procedure belongs to its asset's site; callers of other sites get 404. Planners and admins write.
 */
import { type Context, Hono } from 'hono'
import type { Services } from '../http/app.ts'
import { type AuthEnv, readableSites, requireRole } from '../http/auth.ts'
import { badRequest, forbidden, HttpProblem, notFound } from '../http/problem.ts'
import type { Principal } from '../store/keys.ts'
import { toDocx } from './docx.ts'
import { draftProcedure, UnknownAssetError } from './draft.ts'
import { toMarkdown } from './markdown.ts'
import { PROCEDURE_STATUSES, type ProcedureStatus } from './schema.ts'
import {
  type Actor,
  approveProcedure,
  compareVersions,
  createProcedure,
  getProcedure,
  listProcedures,
  listVersions,
  ProcedureError,
  submitProcedure,
  updateProcedure,
} from './store.ts'
import { parseProcedureDraft } from './validate.ts'

const actor = (p: Principal): Actor => ({ keyId: p.keyId, role: p.role, sites: p.sites })

/** Runs a store call and turns its errors into problem responses. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof ProcedureError) {
      if (err.code === 'not_found') throw notFound(err.message)
      if (err.code === 'forbidden') throw forbidden(err.message)
      throw new HttpProblem(409, 'Conflict', err.message)
    }
    if (err instanceof UnknownAssetError) throw new HttpProblem(404, 'Unknown asset', err.message, 'asset')
    throw err
  }
}

function positiveInt(v: string | undefined, field: string): number {
  const n = Number(v)
  if (!v || !Number.isInteger(n) || n < 1)
    throw badRequest(`${field} must be a version number (1, 2, …)`, field)
  return n
}

async function jsonBody(req: { json(): Promise<unknown> }): Promise<Record<string, unknown>> {
  try {
    const body = await req.json()
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>
  } catch {}
  throw badRequest('send a JSON object')
}

function fileName(title: string, ext: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
  return `${base || 'procedure'}.${ext}`
}

export function procedureRoutes(s: Services) {
  const r = new Hono<AuthEnv>()

  r.post('/procedures/draft', async (c) => {
    const p = c.get('principal')
    requireRole(p, 'planner', 'admin')
    const body = await jsonBody(c.req)
    const { asset, task, site } = body
    if (typeof asset !== 'string' || !asset.trim())
      throw badRequest('asset is required (a tag such as P-101)', 'asset')
    if (typeof task !== 'string' || !task.trim()) throw badRequest('task is required', 'task')
    if (task.length > 300) throw badRequest('task is at most 300 characters', 'task')
    if (site !== undefined && typeof site !== 'string') throw badRequest('site must be a string', 'site')
    const sites = readableSites(p, site)
    const stored = await guard(async () => {
      const draft = await draftProcedure(
        { store: s.store, embedder: s.embedder, plant: s.plant ?? null },
        { asset, task, sites },
      )
      return createProcedure(s.store, draft, actor(p))
    })
    return c.json(stored, 201)
  })

  r.get('/procedures', async (c) => {
    const p = c.get('principal')
    const sites = readableSites(p, c.req.query('site'))
    const status = c.req.query('status')
    if (status && !PROCEDURE_STATUSES.includes(status as ProcedureStatus))
      throw badRequest(`status must be one of ${PROCEDURE_STATUSES.join(', ')}`, 'status')
    const rows = await listProcedures(s.store, sites, {
      asset: c.req.query('asset'),
      status: status as ProcedureStatus | undefined,
    })
    return c.json({ procedures: rows })
  })

  r.get('/procedures/:id', async (c) => {
    const sites = c.get('principal').sites
    const id = c.req.param('id')
    return c.json(
      await guard(async () => ({
        ...(await getProcedure(s.store, id, sites)),
        versions: await listVersions(s.store, id, sites),
      })),
    )
  })

  r.get('/procedures/:id/versions/:v', async (c) => {
    const v = positiveInt(c.req.param('v'), 'v')
    return c.json(await guard(() => getProcedure(s.store, c.req.param('id'), c.get('principal').sites, v)))
  })

  r.put('/procedures/:id', async (c) => {
    const p = c.get('principal')
    requireRole(p, 'planner', 'admin')
    const body = await jsonBody(c.req)
    const parsed = parseProcedureDraft(body.content)
    if (!parsed.ok) throw badRequest(`content: ${parsed.error}`, parsed.field)
    return c.json(await guard(() => updateProcedure(s.store, c.req.param('id'), parsed.draft, actor(p))))
  })

  r.post('/procedures/:id/submit', async (c) => {
    const p = c.get('principal')
    requireRole(p, 'planner', 'admin')
    return c.json(await guard(() => submitProcedure(s.store, c.req.param('id'), actor(p))))
  })

  r.post('/procedures/:id/approve', async (c) => {
    const p = c.get('principal')
    requireRole(p, 'planner', 'admin')
    return c.json(await guard(() => approveProcedure(s.store, c.req.param('id'), actor(p))))
  })

  /** The procedure (latest, or ?version=) an export asks for, scoped to the caller's sites. */
  const exported = (c: Context<AuthEnv>) => {
    const v = c.req.query('version')
    return guard(() =>
      getProcedure(
        s.store,
        c.req.param('id')!,
        c.get('principal').sites,
        v ? positiveInt(v, 'version') : undefined,
      ),
    )
  }

  r.get('/procedures/:id/export.md', async (c) => {
    const proc = await exported(c)
    return c.body(toMarkdown(proc.content), 200, {
      'Content-Type': 'text/markdown; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName(proc.title, 'md')}"`,
    })
  })

  r.get('/procedures/:id/export.docx', async (c) => {
    const proc = await exported(c)
    const bytes = await toDocx(proc.content)
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': `attachment; filename="${fileName(proc.title, 'docx')}"`,
    })
  })

  r.get('/procedures/:id/diff', async (c) => {
    const from = positiveInt(c.req.query('from'), 'from')
    const to = positiveInt(c.req.query('to'), 'to')
    return c.json(
      await guard(() => compareVersions(s.store, c.req.param('id'), from, to, c.get('principal').sites)),
    )
  })

  return r
}
