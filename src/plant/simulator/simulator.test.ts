import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_DIR } from '../../demo/index.ts'
import { openStore, type Store } from '../../store/db.ts'
import { UnknownTagError } from '../types.ts'
import { DAY, HOUR, MINUTE } from './incidents.ts'
import { createSimulator, type SimPlantFile, type Simulator } from './simulator.ts'

const plant = JSON.parse(readFileSync(join(DEMO_DIR, 'plant.json'), 'utf8')) as SimPlantFile
const T0 = Date.UTC(2026, 9, 28, 16, 0, 30)
const clock = { now: () => T0 }
const HEALTHY = [
  'PT-101',
  'FT-101',
  'II-101',
  'TT-101B',
  'TT-103',
  'PT-201',
  'TT-201',
  'II-201',
  'PDT-201',
  'TT-202',
  'TT-301',
  'TT-302',
  'PT-301',
  'II-301',
  'FT-301',
]
const withSite = (id: string): SimPlantFile => ({ ...plant, site: { ...plant.site, id } })

let store: Store
let sim: Simulator

beforeAll(async () => {
  store = await openStore()
  sim = await createSimulator({ store, plant, clock, startLive: false })
})

afterAll(async () => {
  await sim?.close()
  await store?.close()
})

describe('simulator', () => {
  it('lists the tags of plant.json with the site', async () => {
    const tags = await sim.listTags()
    expect(tags.map((t) => t.name)).toEqual(plant.tags.map((t) => t.name))
    expect(tags).toHaveLength(25)
    const tt = tags.find((t) => t.name === 'TT-101A')!
    expect(tt).toMatchObject({ site: 'riverbend', asset: 'P-101', unit: '°C', alarms: { hi: 85, hihi: 95 } })
    expect(sim.kind).toBe('simulator')
  })

  it('keeps healthy tags in their normal ranges, now and on 7-day hourly averages', async () => {
    const tags = await sim.listTags()
    const values = await sim.readValues(HEALTHY)
    for (const v of values) {
      const n = tags.find((t) => t.name === v.tag)!.normal!
      const slack = (n.max - n.min) * 0.05
      expect(v.quality).toBe('good')
      expect(v.timestamp).toBe(new Date(T0).toISOString())
      expect(v.value as number, v.tag).toBeGreaterThanOrEqual(n.min - slack)
      expect(v.value as number, v.tag).toBeLessThanOrEqual(n.max + slack)
    }
    for (const tag of ['TT-103', 'TT-301', 'TT-302', 'PT-301', 'II-301', 'TT-201', 'FT-301']) {
      const n = tags.find((t) => t.name === tag)!.normal!
      const h = await sim.readHistory({
        tag,
        from: new Date(T0 - 7 * DAY),
        to: new Date(T0),
        intervalMs: HOUR,
      })
      for (const p of h.points) {
        expect(p.avg!, tag).toBeGreaterThanOrEqual(n.min)
        expect(p.avg!, tag).toBeLessThanOrEqual(n.max)
      }
    }
    // P-102 is the standby pump: stopped, no flow.
    const [ft102, ii102] = await sim.readValues(['FT-102', 'II-102'])
    expect(ft102!.value as number).toBeLessThan(2)
    expect(ii102!.value).toBe(0)
  })

  it('back-fills 7 days of hourly rows and reads them back as 1-hour buckets', async () => {
    const [row] = await store.rows<{ n: number; tags: number }>(
      sql`SELECT count(*)::int AS n, count(DISTINCT tag)::int AS tags FROM sim_history WHERE site_id = 'riverbend'`,
    )
    expect(row!.tags).toBe(25)
    expect(row!.n).toBeGreaterThanOrEqual(25 * 168)
    expect(row!.n).toBeLessThanOrEqual(25 * 170)

    const q = { tag: 'FT-101', from: new Date(T0 - 7 * DAY), to: new Date(T0), intervalMs: HOUR }
    await sim.readHistory(q) // warm-up
    const started = performance.now()
    const h = await sim.readHistory(q)
    const jsMs = performance.now() - started
    const { Historian } = await import('./historian.ts')
    const hist = new Historian(store, 'riverbend')
    const s2 = performance.now()
    const viaSql = await hist.readBucketsSql('FT-101', T0 - 7 * DAY, T0, HOUR)
    const sqlMs = performance.now() - s2
    console.log(
      `7-day 1-hour history of FT-101: ${h.points.length} buckets in ${jsMs.toFixed(1)} ms (JS over hour rows); SQL unnest: ${sqlMs.toFixed(1)} ms`,
    )
    expect(h.points.length).toBeGreaterThanOrEqual(167)
    expect(h.points.length).toBeLessThanOrEqual(169)
    expect(h.intervalMs).toBe(HOUR)
    expect(h.unit).toBe('m3/h')
    for (const p of h.points) {
      expect(p.min!).toBeLessThanOrEqual(p.avg!)
      expect(p.avg!).toBeLessThanOrEqual(p.max!)
    }
    expect(viaSql.length).toBeGreaterThanOrEqual(167)
    expect(viaSql[10]!.min).toBeCloseTo(h.points[10]!.min!, 2)

    const raw = await sim.readHistory({ tag: 'FT-101', from: new Date(T0 - HOUR), to: new Date(T0 + 1000) })
    expect(raw.intervalMs).toBeNull()
    expect(raw.points.length).toBeGreaterThanOrEqual(60)
    expect(raw.points.every((p) => typeof p.v === 'number')).toBe(true)
  })

  it('raises an active TT-101A alarm from the P-101 bearing drift, with a rising 24 h trend', async () => {
    const alarms = await sim.listAlarms()
    const tt = alarms.find((a) => a.tag === 'TT-101A')
    expect(tt).toMatchObject({ limit: 'hi', state: 'active_unacknowledged', asset: 'P-101', threshold: 85 })
    expect(tt!.value!).toBeGreaterThan(85)
    expect(tt!.value!).toBeLessThan(95)
    expect(new Date(tt!.activeSince).getTime()).toBeLessThan(T0)

    const h = await sim.readHistory({
      tag: 'TT-101A',
      from: new Date(T0 - DAY),
      to: new Date(T0),
      intervalMs: 3 * HOUR,
    })
    const avgs = h.points.map((p) => p.avg!)
    expect(avgs.at(-1)! - avgs[0]!).toBeGreaterThan(10)
    const vib = await sim.readHistory({
      tag: 'VT-101',
      from: new Date(T0 - 2 * DAY),
      to: new Date(T0),
      intervalMs: DAY,
    })
    expect(vib.points[1]!.avg!).toBeGreaterThan(vib.points[0]!.avg!)
    const [pdt] = await sim.readValues(['PDT-101'])
    expect(pdt!.value as number).toBeGreaterThan(0.2)
    expect(pdt!.value as number).toBeLessThan(0.35)
  })

  it('shows the past P-102 cavitation in history, but no longer alarms on it', async () => {
    const from = new Date(T0 - 4 * DAY)
    const to = new Date(T0 - 2 * DAY)
    const vt = await sim.readHistory({ tag: 'VT-102', from, to, intervalMs: 2 * DAY })
    expect(vt.points[0]!.max!).toBeGreaterThan(4.5)
    const pt = await sim.readHistory({
      tag: 'PT-102',
      from: new Date(T0 - 74 * HOUR),
      to: new Date(T0 - 72 * HOUR),
    })
    const running = pt.points.filter((p) => p.v! > 1).map((p) => p.v!)
    expect(Math.max(...running) - Math.min(...running)).toBeGreaterThan(0.5)
    const alarms = await sim.listAlarms()
    expect(alarms.filter((a) => a.asset === 'P-102' || a.asset === 'S-102')).toEqual([])
  })

  it('oscillates the compressor pressure between load and unload', async () => {
    const h = await sim.readHistory({ tag: 'PT-201', from: new Date(T0 - 3 * HOUR), to: new Date(T0) })
    const v = h.points.map((p) => p.v!)
    expect(Math.min(...v)).toBeLessThan(6.45)
    expect(Math.max(...v)).toBeGreaterThan(6.85)
    expect(Math.min(...v)).toBeGreaterThan(6.2)
    expect(Math.max(...v)).toBeLessThan(7.1)
    let turns = 0
    for (let i = 2; i < v.length; i++) if ((v[i]! - v[i - 1]!) * (v[i - 1]! - v[i - 2]!) < 0) turns++
    expect(turns).toBeGreaterThan(20)
  })

  it('rejects unknown tags', async () => {
    await expect(sim.readValues(['TT-101A', 'XX-999'])).rejects.toBeInstanceOf(UnknownTagError)
    await expect(sim.readHistory({ tag: 'nope', from: new Date(0), to: new Date(1) })).rejects.toThrow(/nope/)
    expect(() => sim.subscribe(['nope'], () => {})).toThrow(UnknownTagError)
  })
})

describe('simulator time', () => {
  it('advances time, changes values, feeds subscribers and stores the minutes', async () => {
    const s = await createSimulator({
      store,
      plant: withSite('adv'),
      clock,
      startLive: false,
      backfillDays: 1,
    })
    try {
      const before = await s.readValues(['PT-201', 'TT-101A'])
      const seen: string[] = []
      const off = s.subscribe(['PT-201'], (v) => seen.push(v.timestamp))
      await s.advance(5000)
      expect(s.now().getTime()).toBe(T0 + 5000)
      expect(seen).toHaveLength(5)
      off()
      await s.advance(6 * HOUR)
      expect(s.now().getTime()).toBe(T0 + 5000 + 6 * HOUR)
      const after = await s.readValues(['PT-201', 'TT-101A'])
      expect(after[0]!.timestamp).toBe(new Date(T0 + 5000 + 6 * HOUR).toISOString())
      expect(after.map((v) => v.value)).not.toEqual(before.map((v) => v.value))
      expect(seen).toHaveLength(5)
      const h = await s.readHistory({ tag: 'PT-201', from: new Date(T0), to: new Date(T0 + 6 * HOUR) })
      expect(h.points.length).toBeGreaterThanOrEqual(359)
      // Still below the trip: the drift levels off.
      expect(after[1]!.value as number).toBeLessThan(95)
    } finally {
      await s.close()
    }
  })

  it('is deterministic for the same seed and clock, and differs for another seed', async () => {
    const mk = (site: string, seed: number) =>
      createSimulator({ store, plant: withSite(site), clock, seed, startLive: false, backfillDays: 0.25 })
    const a = await mk('det-a', 7)
    const b = await mk('det-b', 7)
    const c = await mk('det-c', 8)
    try {
      const names = plant.tags.map((t) => t.name)
      await Promise.all([a.advance(90_000), b.advance(90_000), c.advance(90_000)])
      const va = (await a.readValues(names)).map((v) => v.value)
      expect((await b.readValues(names)).map((v) => v.value)).toEqual(va)
      expect((await c.readValues(names)).map((v) => v.value)).not.toEqual(va)
      const q = { tag: 'TT-101A', from: new Date(T0 - 3 * HOUR), to: new Date(T0 + MINUTE) }
      expect((await b.readHistory(q)).points).toEqual((await a.readHistory(q)).points)
    } finally {
      await Promise.all([a.close(), b.close(), c.close()])
    }
  })
})

describe('simulator live', () => {
  it('ticks every second from the clock and feeds subscribers', async () => {
    const real = Date.now()
    const moving = { now: () => T0 + (Date.now() - real) }
    const s = await createSimulator({ store, plant: withSite('live'), clock: moving, backfillDays: 0.05 })
    try {
      const got = await new Promise<string>((resolve) => {
        const off = s.subscribe(['TT-103'], (v) => {
          off()
          resolve(v.timestamp)
        })
      })
      expect(new Date(got).getTime()).toBeGreaterThan(T0)
    } finally {
      await s.close()
    }
  })
})
