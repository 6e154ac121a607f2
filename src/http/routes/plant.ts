import { and, desc, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import {
  GROUP_BYS,
  type GroupBy,
  searchWorkOrders,
  type WorkOrderFilters,
  workOrderStats,
} from '../../analytics/index.ts'
import {
  type OperationName,
  toFilters,
  toOperation,
  workOrderFilterSchema,
} from '../../answer/work-order-tools.ts'
import { assetDetails } from '../../plant/asset-details.ts'
import { UnknownTagError } from '../../plant/types.ts'
import { toPgArray } from '../../store/documents.ts'
import { workOrderDrafts } from '../../store/schema.ts'
import type { Services } from '../app.ts'
import { type AuthEnv, readableSites } from '../auth.ts'
import { badRequest, HttpProblem, notFound } from '../problem.ts'

const UNITS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }

/** '1h', '15m', '30s', '1d' or milliseconds. */
export function parseInterval(v: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?$/.exec(v.trim())
  if (!m) return null
  const n = Number(m[1])
  const ms = m[2] === 'ms' || !m[2] ? n : n * UNITS[m[2]]!
  return ms >= 1000 ? Math.round(ms) : null
}

function parseTime(v: string | undefined, field: string, fallback: Date): Date {
  if (!v) return fallback
  const rel = /^-?(\d+)\s*(h|d|m)$/.exec(v.trim())
  if (rel) return new Date(Date.now() - Number(rel[1]) * UNITS[rel[2]!]!)
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) throw badRequest(`${field} must be an ISO time or a span like 24h`, field)
  return d
}

export function plantRoutes(s: Services) {
  const r = new Hono<AuthEnv>()
  const plant = () => {
    if (!s.plant)
      throw new HttpProblem(503, 'No plant data', 'no plant connectors are configured on this service')
    return s.plant
  }

  r.get('/plant/assets', (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    return c.json({ assets: plant().assets(sites) })
  })

  r.get('/plant/assets/:tag', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const details = await assetDetails(s.store, plant(), c.req.param('tag'), sites)
    if (!details) throw notFound(`no asset ${c.req.param('tag')}`)
    return c.json(details)
  })

  r.get('/plant/tags', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const asset = c.req.query('asset')?.toUpperCase()
    const tags = (await plant().listTags(sites)).filter((t) => !asset || t.asset?.toUpperCase() === asset)
    return c.json({ tags })
  })

  r.get('/plant/tags/:tag', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const tag = await plant().findTag(c.req.param('tag'), sites)
    if (!tag) throw notFound(`no tag ${c.req.param('tag')}`)
    const [value] = await plant().readValues([tag.name], sites)
    return c.json({ ...tag, current: value ?? null })
  })

  r.get('/plant/tags/:tag/history', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const to = parseTime(c.req.query('to'), 'to', new Date())
    const from = parseTime(c.req.query('from'), 'from', new Date(to.getTime() - 24 * 3_600_000))
    if (from >= to) throw badRequest('from must be before to', 'from')
    if (to.getTime() - from.getTime() > 92 * 86_400_000)
      throw badRequest('at most 92 days per request', 'from')
    const iv = c.req.query('interval')
    const intervalMs = iv ? parseInterval(iv) : undefined
    if (iv && !intervalMs)
      throw badRequest('interval must be like 1h, 15m, 30s or milliseconds >= 1000', 'interval')
    try {
      return c.json(
        await plant().readHistory(
          { tag: c.req.param('tag'), from, to, intervalMs: intervalMs ?? undefined },
          sites,
        ),
      )
    } catch (err) {
      if (err instanceof UnknownTagError) throw notFound(`no tag ${err.tag}`)
      throw err
    }
  })

  r.get('/plant/alarms', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const asset = c.req.query('asset')?.toUpperCase()
    const alarms = (await plant().listAlarms(sites)).filter((a) => !asset || a.asset?.toUpperCase() === asset)
    return c.json({ alarms })
  })

  /** Work orders from the maintenance logs: ?equipment=&work_type=&failure_code=&priority=&from=&to=&q=&limit= */
  r.get('/work-orders', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const limit = Number(c.req.query('limit') ?? 50)
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw badRequest('limit must be 1 to 500', 'limit')
    const rows = await searchWorkOrders(s.store, workOrderFilters(c.req.query(), sites), limit)
    return c.json({ work_orders: rows })
  })

  /** ?op=count|sum|avg|group|latest|earliest|mtbf&field=labor_hours|duration_hours&group_by=... plus the filters. */
  r.get('/work-orders/stats', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const q = c.req.query()
    const op = q.op ?? 'count'
    const field = (q.field ?? 'labor_hours') as 'labor_hours' | 'duration_hours'
    if (!['labor_hours', 'duration_hours'].includes(field))
      throw badRequest('field must be labor_hours or duration_hours', 'field')
    if (!OPERATIONS.includes(op as OperationName)) {
      throw badRequest('op must be count, sum, avg, group, latest, earliest or mtbf', 'op')
    }
    const by = (q.group_by ?? 'equipment') as GroupBy
    if (op === 'group' && !GROUP_BYS.includes(by)) {
      throw badRequest(`group_by must be one of ${GROUP_BYS.join(', ')}`, 'group_by')
    }
    const operation = toOperation({
      operation: op as OperationName,
      field,
      group_by: by,
      order: q.order === 'asc' ? 'asc' : 'desc',
      limit: Number(q.limit ?? (op === 'group' ? 10 : 1)) || (op === 'group' ? 10 : 1),
    })
    return c.json(await workOrderStats(s.store, { filters: workOrderFilters(q, sites), operation }))
  })

  r.get('/work-orders/drafts', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const rows = await s.store.db
      .select()
      .from(workOrderDrafts)
      .where(
        and(sites === '*' ? undefined : sql`${workOrderDrafts.siteId} = ANY(${toPgArray(sites)}::text[])`),
      )
      .orderBy(desc(workOrderDrafts.createdAt))
      .limit(200)
    return c.json({ drafts: rows })
  })
  return r
}

const OPERATIONS: OperationName[] = ['count', 'sum', 'avg', 'group', 'latest', 'earliest', 'mtbf']

function list(v: string | undefined): string[] | undefined {
  const xs = (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
  return xs.length ? xs : undefined
}

/** Query parameter of each filter field, for errors that name what the caller sent. */
const PARAM: Record<string, string> = {
  failure_codes: 'failure_code',
  problem_codes: 'problem_code',
  priorities: 'priority',
  text: 'q',
}

function workOrderFilters(q: Record<string, string>, sites: string[] | '*'): WorkOrderFilters {
  const input = Object.fromEntries(
    Object.entries({
      equipment: list(q.equipment),
      work_type: q.work_type,
      failure_codes: list(q.failure_code),
      problem_codes: list(q.problem_code),
      priorities: list(q.priority),
      collection: q.collection,
      year_from: q.year_from,
      year_to: q.year_to,
      from: q.from,
      to: q.to,
      text: q.q,
    }).filter(([, v]) => v !== undefined && v !== ''),
  )
  const parsed = workOrderFilterSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = String(issue.path[0] ?? 'q')
    throw badRequest(`${PARAM[field] ?? field}: ${issue.message}`, PARAM[field] ?? field)
  }
  return toFilters(parsed.data, sites)
}
