import { and, desc, sql } from 'drizzle-orm'
import { Hono } from 'hono'
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
