/**
 * Live plant data end to end on the demo plant and its simulator (scripted incidents, fast history): the
 * /v1/plant and /v1/work-orders routes with site scoping, offline answers that combine the alarm, its trend and
 * the manual, work-order questions answered from the log, and a draft that waits for approval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plantTools } from '../src/answer/plant-tools.ts'
import { loadDemoPlant } from '../src/demo/index.ts'
import { demoPlantConfig } from '../src/plant/config.ts'
import { connectorFactory } from '../src/plant/connectors.ts'
import { createPlant, demoPlantFile, type Plant } from '../src/plant/index.ts'
import { startService, type TestService } from './support/harness.ts'

let svc: TestService
let plant: Plant
let operator: string
let stranger: string

async function get(key: string, path: string) {
  const res = await svc.fetch(path, { key })
  return { status: res.status, body: (await res.json()) as any }
}

async function ask(message: string) {
  const res = await svc.fetch('/v1/chat', {
    key: operator,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message }),
  })
  return (await res.json()) as any
}

beforeAll(async () => {
  const { openStore } = await import('../src/store/db.ts')
  const store = await openStore()
  plant = await createPlant(demoPlantConfig(demoPlantFile()), { store }, connectorFactory({ live: false }))
  svc = await startService({ store, plant })
  await loadDemoPlant(svc)
  operator = await svc.key('operator', ['riverbend'])
  stranger = await svc.key('operator', ['elsewhere'])
})
afterAll(async () => {
  await svc?.close()
  await plant?.close()
  await svc?.store.close()
})

describe('plant routes', () => {
  it('lists assets, tags and the alarm the scripted incident raises', async () => {
    const assets = await get(operator, '/v1/plant/assets')
    expect(assets.body.assets.map((a: any) => a.tag)).toEqual(
      expect.arrayContaining(['P-101', 'K-201', 'CH-301']),
    )
    const tags = await get(operator, '/v1/plant/tags?asset=P-101')
    expect(tags.body.tags.map((t: any) => t.name)).toEqual(
      expect.arrayContaining(['TT-101A', 'PT-101', 'VT-101']),
    )
    const alarms = await get(operator, '/v1/plant/alarms')
    const tt = alarms.body.alarms.find((a: any) => a.tag === 'TT-101A')
    expect(tt).toMatchObject({ asset: 'P-101', limit: 'hi', state: 'active_unacknowledged' })
    const one = await get(operator, '/v1/plant/tags/tt-101a')
    expect(one.body).toMatchObject({
      name: 'TT-101A',
      unit: expect.any(String),
      current: { quality: 'good' },
    })
  })

  it('links an asset to its tags, the documents that mention it and its work orders', async () => {
    const a = await get(operator, '/v1/plant/assets/pump%20p101')
    expect(a.status).toBe(404)
    const p = await get(operator, '/v1/plant/assets/p-101')
    expect(p.body).toMatchObject({ tag: 'P-101', area: { id: 'CW' } })
    expect(p.body.tags.map((t: any) => t.name)).toContain('TT-101A')
    expect(p.body.documents.map((d: any) => d.source)).toEqual(
      expect.arrayContaining(['P-101-P-102-pump-manual.pdf', 'SOP-LOTO-101-cooling-water-pumps.md']),
    )
    expect(p.body.work_orders.recent.length).toBeGreaterThan(0)
    expect(p.body.work_orders.corrective_count).toBeGreaterThan(0)
    expect((await get(stranger, '/v1/plant/assets/P-101')).status).toBe(404)
  })

  it('serves 7 days of history in 1-hour buckets and rejects bad parameters', async () => {
    const h = await get(operator, '/v1/plant/tags/TT-101A/history?from=-168h&interval=1h')
    expect(h.status).toBe(200)
    expect(h.body.points.length).toBeGreaterThanOrEqual(166)
    for (const p of h.body.points.slice(0, 5)) expect(p.min).toBeLessThanOrEqual(p.max)
    expect((await get(operator, '/v1/plant/tags/TT-101A/history?interval=soon')).body.field).toBe('interval')
    expect((await get(operator, '/v1/plant/tags/NOPE-1/history')).status).toBe(404)
  })

  it('shows nothing of the site to a key of another site', async () => {
    expect((await get(stranger, '/v1/plant/assets')).body.assets).toEqual([])
    expect((await get(stranger, '/v1/plant/alarms')).body.alarms).toEqual([])
    expect((await get(stranger, '/v1/plant/tags')).body.tags).toEqual([])
    expect((await get(stranger, '/v1/plant/tags/TT-101A')).status).toBe(404)
    expect((await get(stranger, '/v1/plant/alarms?site=riverbend')).status).toBe(403)
    expect((await get(stranger, '/v1/work-orders')).body.work_orders).toEqual([])
  })

  it('searches and counts work orders from the maintenance log', async () => {
    const wo = await get(operator, '/v1/work-orders?equipment=P-101&work_type=corrective&limit=100')
    expect(wo.body.work_orders.length).toBeGreaterThan(0)
    for (const w of wo.body.work_orders) expect(w.workType ?? w.work_type).toBe('corrective')
    const stats = await get(
      operator,
      '/v1/work-orders/stats?op=group&group_by=equipment&work_type=corrective',
    )
    expect(stats.status).toBe(200)
    expect((await get(operator, '/v1/work-orders/stats?op=divide')).body.field).toBe('op')
    expect((await get(operator, '/v1/work-orders?work_type=sometimes')).body.field).toBe('work_type')
    expect((await get(operator, '/v1/work-orders?from=2025/01/01')).body.field).toBe('from')
    expect((await get(operator, '/v1/work-orders?year_from=soon')).body.field).toBe('year_from')
    const year = await get(operator, '/v1/work-orders?equipment=P-101&year_from=2025&year_to=2025&limit=500')
    for (const w of year.body.work_orders)
      expect(String(w.finishedAt ?? w.finished_at).slice(0, 4)).toBe('2025')
  })
})

describe('offline answers with plant data', () => {
  it('explains an alarm with the alarm itself, its recent trend and the manual, cited', async () => {
    const r = await ask('why is P-101 alarming?')
    expect(r.mode).toBe('offline')
    expect(r.answer).toMatch(/TT-101A/)
    expect(r.answer).toMatch(/active unacknowledged/)
    expect(r.answer).toMatch(/TT-101A over the last 24 h: rising/)
    expect(r.citations.length).toBeGreaterThan(0)
    expect(r.citations.map((c: any) => c.document.source).join(' ')).toMatch(/pump-manual|LOTO-101|OPS-110/)
    expect(r.tool_calls.map((t: any) => t.name)).toEqual(
      expect.arrayContaining(['list_active_alarms', 'get_tag_history']),
    )
  })

  it('reads current values and trends for loosely named equipment', async () => {
    const v = await ask('what is the discharge pressure of pump 101 right now?')
    expect(v.answer).toMatch(/PT-101 .*bar g at /)
    const t = await ask('trend of TT-101A over the last 3 days')
    expect(t.answer).toMatch(/TT-101A over the last 3 days: rising/)
    const all = await ask('any active alarms?')
    expect(all.answer).toMatch(/TT-101A/)
  })

  it('asks a question that names no equipment about the picked one, and refuses equipment it cannot see', async () => {
    const post = (body: Record<string, unknown>, key = operator) =>
      svc.fetch('/v1/chat', {
        key,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const picked = (await (await post({ message: 'why is it alarming?', asset: 'p-101' })).json()) as any
    expect(picked.answer).toMatch(/TT-101A/)
    expect(picked.tool_calls.map((t: any) => t.arguments.asset ?? t.arguments.tag)).toContain('P-101')
    // A question naming other equipment keeps its own.
    const named = (await (await post({ message: 'why is K-201 alarming?', asset: 'P-101' })).json()) as any
    expect(named.answer).not.toMatch(/TT-101A/)
    const unknown = await post({ message: 'why is it alarming?', asset: 'Z-999' })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as any).field).toBe('asset')
    const elsewhere = await post({ message: 'why is it alarming?', asset: 'P-101' }, stranger)
    expect(elsewhere.status).toBe(400)
  })

  it('answers settings and specifications of named equipment from the documents, not from live values', async () => {
    const trip = await ask('What is the bearing temperature trip on P-101?')
    expect(trip.tool_calls).toEqual([])
    expect(trip.answer).toMatch(/trip at 95 °C/)
    expect(trip.citations[0].document.source).toMatch(/pump-manual/)
    // A row of the manual's technical-data table, read as a table row.
    const oil = await ask('What is the oil capacity of K-201?')
    expect(oil.tool_calls).toEqual([])
    expect(oil.answer).toMatch(/Oil capacity \| 48 litres/)
    // Asked for the live reading, the same instrument is read from the plant.
    const live = await ask('What is the P-101 bearing temperature right now?')
    expect(live.tool_calls.map((t: any) => t.name)).toEqual(['get_tag_values'])
  })

  it('answers work-order questions from the log', async () => {
    const r = await ask('how many corrective work orders on P-101 in 2025?')
    expect(r.tool_calls[0].name).toBe('work_order_stats')
    expect(r.answer).toMatch(/\d+ corrective work orders? on P-101/)
  })

  it('stores a work-order draft for approval and sends it nowhere', async () => {
    const draft = plantTools({ store: svc.store, plant, sites: ['riverbend'] }).find(
      (t) => t.definition.type === 'function' && t.definition.function.name === 'draft_work_order',
    )!
    const out = await draft.execute({
      asset: 'p101',
      title: 'Check TT-101A bearing',
      description: 'Bearing temperature drifting up',
    })
    expect(JSON.parse(out.result)).toMatchObject({ status: 'awaiting_approval' })
    const drafts = await get(operator, '/v1/work-orders/drafts')
    expect(drafts.body.drafts[0]).toMatchObject({ asset: 'P-101', status: 'awaiting_approval' })
    expect((await get(stranger, '/v1/work-orders/drafts')).body.drafts).toEqual([])
  })
})
