import { desc } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { GROUP_BYS, type GroupBy, searchWorkOrders, workOrderStats } from '../../analytics/index.ts'
import {
  type OperationName,
  toFilters,
  toOperation,
  workOrderFilterSchema,
} from '../../answer/work-order-tools.ts'
import { assetDetails } from '../../plant/asset-details.ts'
import { UnknownTagError } from '../../plant/types.ts'
import { inSites } from '../../store/documents.ts'
import { workOrderDrafts } from '../../store/schema.ts'
import { type AuthEnv, readableSites } from '../auth.ts'
import { HttpProblem, notFound } from '../problem.ts'
import { declareRoutes } from '../route.ts'
import { emptyAsAbsent, intParam, parseOr400, siteQuery, splitList } from '../schemas.ts'
import type { Services } from '../services.ts'
import {
  alarmSchema,
  assetDetailSchema,
  assetSchema,
  historySchema,
  statsResultSchema,
  tagDetailSchema,
  tagInfoSchema,
  workOrderDraftSchema,
  workOrderSchema,
} from './plant-schemas.ts'

const UNITS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }

/** '1h', '15m', '30s', '1d' or milliseconds. */
export function parseInterval(v: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?$/.exec(v.trim())
  if (!m) return null
  const n = Number(m[1])
  const ms = m[2] === 'ms' || !m[2] ? n : n * UNITS[m[2]]!
  return ms >= 1000 ? Math.round(ms) : null
}

/** An ISO time, or a span back from now like '24h', '-168h', '7d', '30m'; absent or empty = undefined. */
function timeParam(field: 'from' | 'to', description: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined
      const rel = /^-?(\d+)\s*(h|d|m)$/.exec(v.trim())
      if (rel) return new Date(Date.now() - Number(rel[1]) * UNITS[rel[2]!]!)
      const d = new Date(v)
      if (!Number.isNaN(d.getTime())) return d
      ctx.addIssue({ code: 'custom', message: `${field} must be an ISO time or a span like 24h`, input: v })
      return z.NEVER
    })
    .meta(field === 'from' ? { description, examples: ['-168h'] } : { description })
}

const DAY = 86_400_000

export const historyQuery = z
  .object({
    site: siteQuery,
    to: timeParam('to', 'End: an ISO time or a span back from now like 24h (default: now)'),
    from: timeParam(
      'from',
      'Start: an ISO time or a span back from now like 168h or 7d (default: 24h before to)',
    ),
    interval: z
      .string()
      .optional()
      .transform((iv, ctx) => {
        if (!iv) return undefined
        const ms = parseInterval(iv)
        if (ms) return ms
        ctx.addIssue({
          code: 'custom',
          message: 'interval must be like 1h, 15m, 30s or milliseconds >= 1000',
          input: iv,
        })
        return z.NEVER
      })
      .meta({
        description: 'Bucket width (1h, 15m, 30s or milliseconds); absent = raw samples',
        examples: ['1h'],
      }),
  })
  .transform((q, ctx) => {
    const to = q.to ?? new Date()
    const from = q.from ?? new Date(to.getTime() - DAY)
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be before to' })
    else if (to.getTime() - from.getTime() > 92 * DAY)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'at most 92 days per request (from .. to)' })
    return { from, to, intervalMs: q.interval }
  })

export const plantSiteQuery = z.object({ site: siteQuery })
export const assetFilterQuery = z.object({
  site: siteQuery,
  asset: z.string().optional().meta({ description: 'Only those of this equipment tag, e.g. P-101' }),
})
export const assetParams = z.object({
  tag: z.string().meta({ description: 'Equipment tag', examples: ['P-101'] }),
})
export const tagParams = z.object({
  tag: z.string().meta({ description: 'Instrument tag', examples: ['TT-101A'] }),
})

/** A comma-separated list parameter checked with the filter schema's array (max entries). */
function listParam<O>(array: z.ZodType<O, string[] | undefined>, description: string) {
  return z
    .string()
    .optional()
    .transform((v) => {
      const xs = splitList(v)
      return xs.length ? xs : undefined
    })
    .pipe(array)
    .meta({ description })
}

const f = workOrderFilterSchema.shape
/** The work-order filters as query parameters: the filter schema's own checks, with the HTTP names. */
const workOrderFilterParams = {
  equipment: listParam(f.equipment, 'Comma-separated equipment tags or names, e.g. P-101 or Chiller 4'),
  work_type: emptyAsAbsent(f.work_type),
  failure_code: listParam(f.failure_codes, 'Comma-separated failure codes (any of them)'),
  problem_code: listParam(f.problem_codes, 'Comma-separated problem codes (any of them)'),
  priority: listParam(f.priorities, "Comma-separated priorities as written in the log ('1', '2', …)"),
  collection: emptyAsAbsent(f.collection),
  year_from: emptyAsAbsent(f.year_from).meta({ description: 'First calendar year of finished_at' }),
  year_to: emptyAsAbsent(f.year_to).meta({ description: 'Last calendar year of finished_at' }),
  from: emptyAsAbsent(f.from).meta({ description: 'First finish date YYYY-MM-DD, inclusive' }),
  to: emptyAsAbsent(f.to).meta({ description: 'Last finish date YYYY-MM-DD, inclusive' }),
  q: emptyAsAbsent(f.text).meta({ description: 'Words in the work-order description' }),
}

type FilterParams = z.output<z.ZodObject<typeof workOrderFilterParams>>

/** The filter object of the analytics from the parsed query parameters. */
function filtersOf(q: FilterParams, sites: string[] | '*') {
  return toFilters(
    {
      equipment: q.equipment,
      work_type: q.work_type,
      failure_codes: q.failure_code,
      problem_codes: q.problem_code,
      priorities: q.priority,
      collection: q.collection,
      year_from: q.year_from,
      year_to: q.year_to,
      from: q.from,
      to: q.to,
      text: q.q,
    },
    sites,
  )
}

export const workOrderQuery = z.object({
  site: siteQuery,
  limit: intParam(1, 500, 50, () => 'limit must be 1 to 500', 'Work orders to return, newest first'),
  ...workOrderFilterParams,
})

const OPERATIONS = [
  'count',
  'sum',
  'avg',
  'group',
  'latest',
  'earliest',
  'mtbf',
] as const satisfies readonly OperationName[]

export const workOrderStatsQuery = z
  .object({
    site: siteQuery,
    field: z
      .enum(['labor_hours', 'duration_hours'], { error: 'field must be labor_hours or duration_hours' })
      .default('labor_hours')
      .meta({ description: 'The hours summed or averaged (sum, avg)' }),
    op: z
      .enum(OPERATIONS, { error: 'op must be count, sum, avg, group, latest, earliest or mtbf' })
      .default('count'),
    group_by: z
      .string()
      .optional()
      .meta({ description: `What op=group groups by: ${GROUP_BYS.join(', ')} (default equipment)` }),
    order: z
      .enum(['desc', 'asc'])
      .optional()
      .catch(undefined)
      .meta({ description: 'Group ranking order (default desc; anything else is desc)' }),
    limit: z.coerce
      .number()
      .optional()
      .catch(undefined)
      .meta({ description: 'Groups (default 10) or rows (latest/earliest, default 1) to return' }),
    ...workOrderFilterParams,
  })
  .superRefine((q, ctx) => {
    if (q.op === 'group' && !GROUP_BYS.includes((q.group_by ?? 'equipment') as GroupBy))
      ctx.addIssue({
        code: 'custom',
        path: ['group_by'],
        message: `group_by must be one of ${GROUP_BYS.join(', ')}`,
      })
  })

const PLANT_503 = { 503: { description: 'No plant connectors are configured on this service' } }
/** The /plant routes: reads, for every role. */
const PLANT = { method: 'get' as const, tags: ['plant'], auth: 'any' as const }

export function plantRoutes(s: Services) {
  const r = new Hono<AuthEnv>()
  const route = declareRoutes(r, '/v1')
  const plant = () => {
    if (!s.plant)
      throw new HttpProblem(503, 'No plant data', 'no plant connectors are configured on this service')
    return s.plant
  }

  route(
    {
      ...PLANT,
      path: '/v1/plant/assets',
      summary: 'The asset hierarchy of your sites',
      query: plantSiteQuery,
      responses: {
        200: { description: 'Every asset', schema: z.object({ assets: z.array(assetSchema) }) },
        ...PLANT_503,
      },
    },
    async (c, input) => {
      const query = input.query()
      const sites = readableSites(c.get('principal'), query.site)
      return c.json({ assets: plant().assets(sites) })
    },
  )

  route(
    {
      ...PLANT,
      path: '/v1/plant/assets/:tag',
      summary: 'One asset with its tags, the documents that mention it and its work orders',
      params: assetParams,
      query: plantSiteQuery,
      responses: {
        200: { description: 'The asset', schema: assetDetailSchema },
        404: { description: 'No such asset on your sites' },
        ...PLANT_503,
      },
    },
    async (c, input) => {
      const query = input.query()
      const sites = readableSites(c.get('principal'), query.site)
      const { tag } = input.params()
      const details = await assetDetails(s.store, plant(), tag, sites)
      if (!details) throw notFound(`no asset ${tag}`)
      return c.json(details)
    },
  )

  route(
    {
      ...PLANT,
      path: '/v1/plant/tags',
      summary: 'Instrument tags with units and limits',
      query: assetFilterQuery,
      responses: {
        200: { description: 'The tags', schema: z.object({ tags: z.array(tagInfoSchema) }) },
        ...PLANT_503,
      },
    },
    async (c, input) => {
      const query = input.query()
      const sites = readableSites(c.get('principal'), query.site)
      const asset = query.asset?.toUpperCase()
      const tags = (await plant().listTags(sites)).filter((t) => !asset || t.asset?.toUpperCase() === asset)
      return c.json({ tags })
    },
  )

  route(
    {
      ...PLANT,
      path: '/v1/plant/tags/:tag',
      summary: 'One tag with its current value',
      params: tagParams,
      query: plantSiteQuery,
      responses: {
        200: { description: 'The tag', schema: tagDetailSchema },
        404: { description: 'No such tag on your sites' },
        ...PLANT_503,
      },
    },
    async (c, input) => {
      const query = input.query()
      const sites = readableSites(c.get('principal'), query.site)
      const params = input.params()
      const tag = await plant().findTag(params.tag, sites)
      if (!tag) throw notFound(`no tag ${params.tag}`)
      const [value] = await plant().readValues([tag.name], sites)
      return c.json({ ...tag, current: value ?? null })
    },
  )

  route(
    {
      ...PLANT,
      path: '/v1/plant/tags/:tag/history',
      summary: 'History of a tag: raw samples, or min/max/avg buckets',
      params: tagParams,
      query: historyQuery,
      responses: {
        200: { description: 'The samples or buckets', schema: historySchema },
        404: { description: 'No such tag on your sites' },
        ...PLANT_503,
      },
    },
    async (c, input) => {
      // The site is checked first (403 before 400), as before the schemas.
      const sites = readableSites(c.get('principal'), c.req.query('site'))
      const { tag } = input.params()
      const { from, to, intervalMs } = input.query()
      try {
        return c.json(await plant().readHistory({ tag, from, to, intervalMs }, sites))
      } catch (err) {
        if (err instanceof UnknownTagError) throw notFound(`no tag ${err.tag}`)
        throw err
      }
    },
  )

  route(
    {
      ...PLANT,
      path: '/v1/plant/alarms',
      summary: 'Active and returned-unacknowledged alarms',
      description: 'ISA-18.2 states; acknowledging is done in the control system, never here.',
      query: assetFilterQuery,
      responses: {
        200: { description: 'The alarms', schema: z.object({ alarms: z.array(alarmSchema) }) },
        ...PLANT_503,
      },
    },
    async (c, input) => {
      const query = input.query()
      const sites = readableSites(c.get('principal'), query.site)
      const asset = query.asset?.toUpperCase()
      const alarms = (await plant().listAlarms(sites)).filter(
        (a) => !asset || a.asset?.toUpperCase() === asset,
      )
      return c.json({ alarms })
    },
  )

  /** Work orders from the maintenance logs: ?equipment=&work_type=&failure_code=&priority=&from=&to=&q=&limit= */
  route(
    {
      method: 'get',
      path: '/v1/work-orders',
      summary: 'Work orders from the maintenance logs, newest first',
      tags: ['work-orders'],
      query: workOrderQuery,
      responses: {
        200: { description: 'The work orders', schema: z.object({ work_orders: z.array(workOrderSchema) }) },
      },
      auth: 'any',
    },
    async (c, input) => {
      const sites = readableSites(c.get('principal'), c.req.query('site'))
      const q = input.query()
      const rows = await searchWorkOrders(s.store, filtersOf(q, sites), q.limit)
      return c.json({ work_orders: rows })
    },
  )

  /** ?op=count|sum|avg|group|latest|earliest|mtbf&field=labor_hours|duration_hours&group_by=... plus the filters. */
  route(
    {
      method: 'get',
      path: '/v1/work-orders/stats',
      summary: 'Statistics over the work orders: count, sum, avg, group, latest, earliest, MTBF',
      description: 'Takes the same filters as GET /v1/work-orders.',
      tags: ['work-orders'],
      query: workOrderStatsQuery,
      responses: { 200: { description: 'The result, with the filters echoed', schema: statsResultSchema } },
      auth: 'any',
    },
    async (c, input) => {
      const sites = readableSites(c.get('principal'), c.req.query('site'))
      const q = input.query()
      const operation = toOperation({
        operation: q.op,
        field: q.field,
        group_by: (q.group_by ?? 'equipment') as GroupBy,
        order: q.order === 'asc' ? 'asc' : 'desc',
        limit: q.limit || (q.op === 'group' ? 10 : 1),
      })
      return c.json(await workOrderStats(s.store, { filters: filtersOf(q, sites), operation }))
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/work-orders/drafts',
      summary: 'Work orders the copilot drafted (awaiting approval, sent nowhere)',
      tags: ['work-orders'],
      query: plantSiteQuery,
      responses: {
        200: {
          description: 'The newest 200 drafts',
          schema: z.object({ drafts: z.array(workOrderDraftSchema) }),
        },
      },
      auth: 'any',
    },
    async (c, input) => {
      const query = input.query()
      const sites = readableSites(c.get('principal'), query.site)
      const rows = await s.store.db
        .select()
        .from(workOrderDrafts)
        .where(inSites(workOrderDrafts.siteId, sites))
        .orderBy(desc(workOrderDrafts.createdAt))
        .limit(200)
      return c.json({ drafts: rows })
    },
  )
  return r
}
