/**
 * /procedures: draft a procedure for an asset and task, edit it as versions, submit, approve, compare and export.
 * A procedure belongs to its asset's site; callers of other sites get 404. Planners and admins write.
 */
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import {
  type Actor,
  approveProcedure,
  compareVersions,
  createProcedure,
  draftProcedure,
  getProcedure,
  listProcedures,
  listVersions,
  ProcedureError,
  submitProcedure,
  toDocx,
  toMarkdown,
  UnknownAssetError,
  updateProcedure,
} from '../../procedures/index.ts'
import type { Principal } from '../../store/keys.ts'
import { type AuthEnv, readableSites } from '../auth.ts'
import { forbidden, HttpProblem, notFound } from '../problem.ts'
import { declareRoutes } from '../route.ts'
import type { Services } from '../services.ts'
import {
  diffQuery,
  diffSchema,
  draftBody,
  exportQuery,
  procedureDetailSchema,
  procedureListQuery,
  procedureParams,
  procedureSummarySchema,
  procedureVersionSchema,
  updateBody,
  versionParams,
} from './procedure-schemas.ts'

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

const JSON_OBJECT = 'send a JSON object'

const NOT_FOUND = { 404: { description: 'No such procedure on your sites' } }
const EDITORS = ['planner', 'admin'] as const

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
  const route = declareRoutes(r, '/v1')

  route(
    {
      method: 'post',
      path: '/v1/procedures/draft',
      summary: 'Draft a procedure for an asset and task',
      description:
        'Builds a lockout/tagout procedure from the documents and work orders of the asset, every section citing ' +
        'its sources, and stores it as version 1 (draft).',
      tags: ['procedures'],
      body: draftBody,
      responses: {
        201: { description: 'The stored draft', schema: procedureVersionSchema },
        404: { description: 'No such asset on your sites (`field`: asset)' },
      },
      auth: [...EDITORS],
    },
    async (c, input) => {
      const p = c.get('principal')
      const { asset, task, site } = await input.json(JSON_OBJECT)
      const sites = readableSites(p, site)
      const stored = await guard(async () => {
        const draft = await draftProcedure(
          { store: s.store, embedder: s.embedder, plant: s.plant ?? null, llm: s.llm ?? null },
          { asset, task, sites },
        )
        return createProcedure(s.store, draft, actor(p))
      })
      return c.json(stored, 201)
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/procedures',
      summary: 'The procedures of your sites',
      tags: ['procedures'],
      query: procedureListQuery,
      responses: {
        200: {
          description: 'The procedures',
          schema: z.object({ procedures: z.array(procedureSummarySchema) }),
        },
      },
      auth: 'any',
    },
    async (c, input) => {
      const p = c.get('principal')
      // The site is checked first (403 before 400), as before the schemas.
      const sites = readableSites(p, c.req.query('site'))
      const { asset, status } = input.query()
      const rows = await listProcedures(s.store, sites, { asset, status })
      return c.json({ procedures: rows })
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/procedures/:id',
      summary: 'A procedure (latest version) with its version list',
      tags: ['procedures'],
      params: procedureParams,
      responses: { 200: { description: 'The procedure', schema: procedureDetailSchema }, ...NOT_FOUND },
      auth: 'any',
    },
    async (c, input) => {
      const sites = c.get('principal').sites
      const { id } = input.params()
      return c.json(
        await guard(async () => ({
          ...(await getProcedure(s.store, id, sites)),
          versions: await listVersions(s.store, id, sites),
        })),
      )
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/procedures/:id/versions/:v',
      summary: 'One version of a procedure',
      tags: ['procedures'],
      params: versionParams,
      responses: {
        200: { description: 'The version', schema: procedureVersionSchema },
        404: { description: 'No such procedure or version on your sites' },
      },
      auth: 'any',
    },
    async (c, input) => {
      const { id, v } = input.params()
      return c.json(await guard(() => getProcedure(s.store, id, c.get('principal').sites, v)))
    },
  )

  route(
    {
      method: 'put',
      path: '/v1/procedures/:id',
      summary: 'Save an edit as the next version',
      description: 'An edited procedure goes back to draft: it needs a new review.',
      tags: ['procedures'],
      params: procedureParams,
      body: updateBody,
      responses: {
        200: { description: 'The procedure after the edit', schema: procedureSummarySchema },
        ...NOT_FOUND,
        409: { description: 'Changed meanwhile, or approved' },
      },
      auth: [...EDITORS],
    },
    async (c, input) => {
      const p = c.get('principal')
      const { id } = input.params()
      const { content } = await input.json(JSON_OBJECT)
      return c.json(await guard(() => updateProcedure(s.store, id, content, actor(p))))
    },
  )

  route(
    {
      method: 'post',
      path: '/v1/procedures/:id/submit',
      summary: 'Submit a draft for review',
      tags: ['procedures'],
      params: procedureParams,
      responses: {
        200: { description: 'In review', schema: procedureSummarySchema },
        ...NOT_FOUND,
        409: { description: 'Not a draft' },
      },
      auth: [...EDITORS],
    },
    async (c, input) => {
      const p = c.get('principal')
      const { id } = input.params()
      return c.json(await guard(() => submitProcedure(s.store, id, actor(p))))
    },
  )

  route(
    {
      method: 'post',
      path: '/v1/procedures/:id/approve',
      summary: 'Approve a procedure in review',
      description: 'Someone other than the author of the latest version approves.',
      tags: ['procedures'],
      params: procedureParams,
      responses: {
        200: { description: 'Approved', schema: procedureSummarySchema },
        ...NOT_FOUND,
        409: { description: 'Not in review' },
      },
      auth: [...EDITORS],
    },
    async (c, input) => {
      const p = c.get('principal')
      const { id } = input.params()
      return c.json(await guard(() => approveProcedure(s.store, id, actor(p))))
    },
  )

  /** The procedure (latest, or ?version=) an export asks for, scoped to the caller's sites. */
  const exported = (
    c: Context<AuthEnv>,
    input: { params(): z.output<typeof procedureParams>; query(): z.output<typeof exportQuery> },
  ) => {
    const { id } = input.params()
    const { version } = input.query()
    return guard(() => getProcedure(s.store, id, c.get('principal').sites, version))
  }

  route(
    {
      method: 'get',
      path: '/v1/procedures/:id/export.md',
      summary: 'Export a procedure as Markdown',
      tags: ['procedures'],
      params: procedureParams,
      query: exportQuery,
      responses: {
        200: { description: 'The Markdown (attachment)', contentType: 'text/markdown', schema: z.string() },
        ...NOT_FOUND,
      },
      auth: 'any',
    },
    async (c, input) => {
      const proc = await exported(c, input)
      return c.body(toMarkdown(proc.content), 200, {
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName(proc.title, 'md')}"`,
      })
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/procedures/:id/export.docx',
      summary: 'Export a procedure as a Word document',
      tags: ['procedures'],
      params: procedureParams,
      query: exportQuery,
      responses: {
        200: {
          description: 'The .docx (attachment)',
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          schema: z.string().meta({ format: 'binary' }),
        },
        ...NOT_FOUND,
      },
      auth: 'any',
    },
    async (c, input) => {
      const proc = await exported(c, input)
      const bytes = await toDocx(proc.content)
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'Content-Disposition': `attachment; filename="${fileName(proc.title, 'docx')}"`,
      })
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/procedures/:id/diff',
      summary: 'Compare two versions (a line diff of their Markdown)',
      tags: ['procedures'],
      params: procedureParams,
      query: diffQuery,
      responses: {
        200: { description: 'The diff', schema: diffSchema },
        404: { description: 'No such procedure or version on your sites' },
      },
      auth: 'any',
    },
    async (c, input) => {
      const { id } = input.params()
      const { from, to } = input.query()
      return c.json(await guard(() => compareVersions(s.store, id, from, to, c.get('principal').sites)))
    },
  )

  return r
}
