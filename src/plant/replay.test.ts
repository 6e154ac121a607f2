import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  createReplayConnector,
  describeColumn,
  ManualClock,
  parseTimestamp,
  type ReplayConnectorConfig,
} from './replay.ts'
import type { TagValue } from './types.ts'
import { UnknownTagError } from './types.ts'

const CSV = `time,asset,TT-1 (°C),PT_bar,Running
2024-01-01T00:00:00,P1,50,8,true
2024-01-01T00:10:00,P1,60,8.5,true
2024-01-01T00:20:00,P1,85,,false
2024-01-01T00:30:00,P1,70,7.9,false
`

const MIN = 60_000

async function inline(extra: Partial<ReplayConnectorConfig> = {}) {
  const clock = new ManualClock(1_000_000)
  const c = await createReplayConnector({
    id: 'replay-inline',
    site: 'site-a',
    csv: CSV,
    speed: 600, // ten minutes of data per second
    clock,
    tags: { 'TT-1 (°C)': { asset: 'P-1', description: 'Pump bearing temperature', alarms: { hi: 80 } } },
    ...extra,
  })
  return { c, clock }
}

const value = async (c: { readValues(t: string[]): Promise<TagValue[]> }, tag: string) =>
  (await c.readValues([tag]))[0]!

describe('replay connector (inline CSV)', () => {
  it('turns numeric columns into tags, booleans as 0/1, text columns left out', async () => {
    const { c } = await inline()
    expect(c.kind).toBe('replay')
    const tags = await c.listTags()
    expect(tags.map((t) => [t.name, t.unit, t.asset])).toEqual([
      ['TT-1', '°C', 'P-1'],
      ['PT_bar', 'bar', null],
      ['Running', '', null],
    ])
    expect(tags[0]!.description).toBe('Pump bearing temperature')
    expect(tags[1]!.description).toBe('PT')
    expect(tags.every((t) => t.site === 'site-a')).toBe(true)
    expect(await c.readValues(['TT-1', 'Running'])).toEqual([
      { tag: 'TT-1', value: 50, unit: '°C', timestamp: '2024-01-01T00:00:00.000Z', quality: 'good' },
      { tag: 'Running', value: 1, unit: '', timestamp: '2024-01-01T00:00:00.000Z', quality: 'good' },
    ])
    await expect(c.readValues(['asset'])).rejects.toBeInstanceOf(UnknownTagError)
    await expect(c.readHistory({ tag: 'nope', from: new Date(0), to: new Date() })).rejects.toBeInstanceOf(
      UnknownTagError,
    )
  })

  it('plays rows as time advances, with history, gaps, alarms and live callbacks', async () => {
    const { c, clock } = await inline({ loop: false })
    const live: Array<[string, unknown, string]> = []
    const stop = c.subscribe!(['TT-1', 'PT_bar'], (v) => live.push([v.tag, v.value, v.timestamp]))

    clock.advance(999) // 9 min 59 s of data: still the first row
    expect((await value(c, 'TT-1')).value).toBe(50)
    expect(live).toEqual([])
    clock.advance(1) // 00:10
    expect(live).toEqual([
      ['TT-1', 60, '2024-01-01T00:10:00.000Z'],
      ['PT_bar', 8.5, '2024-01-01T00:10:00.000Z'],
    ])
    expect(c.replayTime().toISOString()).toBe('2024-01-01T00:10:00.000Z')

    clock.advance(1000) // 00:20: TT-1 85 breaks hi, PT_bar has no value this row
    expect(await value(c, 'PT_bar')).toMatchObject({
      value: 8.5,
      quality: 'uncertain',
      timestamp: '2024-01-01T00:10:00.000Z',
    })
    expect(await value(c, 'Running')).toMatchObject({ value: 0, quality: 'good' })
    let alarms = await c.listAlarms()
    expect(alarms).toHaveLength(1)
    expect(alarms[0]).toMatchObject({
      tag: 'TT-1',
      asset: 'P-1',
      limit: 'hi',
      state: 'active_unacknowledged',
      value: 85,
      activeSince: '2024-01-01T00:20:00.000Z',
    })

    stop()
    clock.advance(1000) // 00:30
    expect(live.filter(([t]) => t === 'TT-1').map(([, v]) => v)).toEqual([60, 85])
    expect((await value(c, 'PT_bar')).quality).toBe('good')
    alarms = await c.listAlarms()
    expect(alarms[0]!.state).toBe('returned_unacknowledged')

    const from = new Date('2024-01-01T00:00:00Z')
    const to = new Date('2024-01-02T00:00:00Z')
    const h = await c.readHistory({ tag: 'PT_bar', from, to })
    expect(h.points.map((p) => p.v)).toEqual([8, 8.5, 7.9])
    expect(h.unit).toBe('bar')
    const b = await c.readHistory({ tag: 'TT-1', from, to, intervalMs: 20 * MIN })
    expect(b.points).toEqual([
      { t: '2024-01-01T00:00:00.000Z', min: 50, max: 60, avg: 55, n: 2 },
      { t: '2024-01-01T00:20:00.000Z', min: 70, max: 85, avg: 77.5, n: 2 },
    ])

    // without loop the replay holds the last row
    clock.advance(10_000)
    expect(await value(c, 'TT-1')).toMatchObject({ value: 70, timestamp: '2024-01-01T00:30:00.000Z' })
    expect((await c.readHistory({ tag: 'TT-1', from, to })).points).toHaveLength(4)
    await c.close()
  })

  it('loops forward in time, one step after the last row', async () => {
    const { c, clock } = await inline()
    clock.advance(4000) // 00:40 = first row of the second pass
    expect(await value(c, 'TT-1')).toMatchObject({ value: 50, timestamp: '2024-01-01T00:40:00.000Z' })
    clock.advance(1000)
    expect(await value(c, 'TT-1')).toMatchObject({ value: 60, timestamp: '2024-01-01T00:50:00.000Z' })
    const h = await c.readHistory({
      tag: 'TT-1',
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2024-01-02T00:00:00Z'),
    })
    expect(h.points.map((p) => p.v)).toEqual([50, 60, 85, 70, 50, 60])
  })

  it('starts at a row index or timestamp with the earlier rows as history', async () => {
    const { c } = await inline({ startAt: '2024-01-01T00:15:00Z' })
    expect(c.replayTime().toISOString()).toBe('2024-01-01T00:20:00.000Z')
    expect((await value(c, 'TT-1')).value).toBe(85)
    const h = await c.readHistory({ tag: 'TT-1', from: new Date(0), to: new Date('2030-01-01') })
    expect(h.points.map((p) => p.v)).toEqual([50, 60, 85])
    expect((await c.listAlarms()).map((a) => a.tag)).toEqual(['TT-1'])

    const { c: c2 } = await inline({ startAt: 1 })
    expect((await value(c2, 'TT-1')).value).toBe(60)
  })

  it('honours a named timestamp column, epoch times and unsorted rows', async () => {
    const c = await createReplayConnector({
      id: 'r',
      site: 's',
      csv: 'flow,ts\n3,1704067260\n1,1704067200\n',
      timestampColumn: 'ts',
      clock: new ManualClock(),
      speed: 60,
    })
    expect((await c.listTags()).map((t) => t.name)).toEqual(['flow'])
    expect(await value(c, 'flow')).toMatchObject({ value: 1, timestamp: '2024-01-01T00:00:00.000Z' })
    await expect(
      createReplayConnector({ id: 'r', site: 's', csv: 'a,b\n', clock: new ManualClock() }),
    ).rejects.toThrow(/no data rows/)
  })

  it('reads timestamps and column headers', () => {
    expect(parseTimestamp('2020-02-01T00:00:00')).toBe(Date.UTC(2020, 1, 1))
    expect(parseTimestamp('2020-02-01 05:30')).toBe(Date.UTC(2020, 1, 1, 5, 30))
    expect(parseTimestamp('2020-02-01T00:00:00+01:00')).toBe(Date.UTC(2020, 0, 31, 23))
    expect(parseTimestamp('1580515200000')).toBe(Date.UTC(2020, 1, 1))
    expect(parseTimestamp('soon')).toBeNull()
    expect(describeColumn('Oil_Temperature_C')).toEqual({
      name: 'Oil_Temperature_C',
      unit: '°C',
      description: 'Oil Temperature',
    })
    expect(describeColumn('Motor_Current_A').unit).toBe('A')
    expect(describeColumn('Low_Oil_Level_Alarm')).toEqual({
      name: 'Low_Oil_Level_Alarm',
      unit: '',
      description: 'Low Oil Level Alarm',
    })
    expect(describeColumn('FT-101 [m3/h]')).toEqual({ name: 'FT-101', unit: 'm3/h', description: 'FT-101' })
  })
})

const METRO = fileURLToPath(
  new URL('../../../shared/corpus/metropt-compressor/metro_pump_1_hourly.csv', import.meta.url),
)

describe.skipIf(!existsSync(METRO))('replay connector on MetroPT-3 compressor data', () => {
  const HOUR = 3_600_000
  const day1 = { from: new Date('2020-02-01T00:00:00Z'), to: new Date('2020-02-02T00:00:00Z') }
  const metro = async (extra: Partial<ReplayConnectorConfig> = {}) => {
    const clock = new ManualClock()
    const c = await createReplayConnector({
      id: 'metro',
      site: 'porto',
      file: METRO,
      speed: 3600,
      loop: false,
      clock,
      tags: { Oil_Temperature_C: { asset: 'mp_1', alarms: { hi: 80 } } },
      ...extra,
    })
    return { c, clock }
  }

  it('exposes the sensor columns as tags with units', async () => {
    const { c } = await metro()
    const tags = await c.listTags()
    expect(tags).toHaveLength(15)
    const byName = new Map(tags.map((t) => [t.name, t]))
    expect(byName.has('asset_id')).toBe(false)
    expect(byName.get('Oil_Temperature_C')).toMatchObject({
      unit: '°C',
      description: 'Oil Temperature',
      asset: 'mp_1',
      alarms: { hi: 80 },
    })
    expect(byName.get('Reservoir_Pressure_bar')?.unit).toBe('bar')
    expect(byName.get('Motor_Current_A')?.unit).toBe('A')
    expect(byName.get('Low_Oil_Level_Alarm')?.unit).toBe('')
  })

  it('advances values with replay time and keeps hourly history', async () => {
    const { c, clock } = await metro()
    expect(c.replayTime().toISOString()).toBe('2020-02-01T00:00:00.000Z')
    const v0 = await value(c, 'Oil_Temperature_C')
    expect(v0).toMatchObject({ timestamp: '2020-02-01T00:00:00.000Z', quality: 'good' })
    expect(v0.value).toBeCloseTo(51.89375, 4)
    clock.advance(1000) // one hour of data per second
    const v1 = await value(c, 'Oil_Temperature_C')
    expect(v1.timestamp).toBe('2020-02-01T01:00:00.000Z')
    expect(v1.value).toBeCloseTo(51.91494505, 4)

    clock.advance(22_000) // 23:00
    const h = await c.readHistory({ tag: 'Oil_Temperature_C', ...day1 })
    // 24 hours minus the two hours the logger has no data for (21:00 and 22:00)
    expect(h.points).toHaveLength(22)
    expect(h.points.some((p) => p.t === '2020-02-01T21:00:00.000Z')).toBe(false)
    expect(h.points.at(-1)!.t).toBe('2020-02-01T23:00:00.000Z')
    const hourly = await c.readHistory({ tag: 'Oil_Temperature_C', ...day1, intervalMs: HOUR })
    expect(hourly.points).toHaveLength(22)
    expect(hourly.points.every((p) => p.n === 1)).toBe(true)
  })

  it('speed sets how much data a second of wall time plays', async () => {
    const { c, clock } = await metro({ speed: 6 * 3600 })
    clock.advance(1000)
    expect(c.replayTime().toISOString()).toBe('2020-02-01T06:00:00.000Z')
    expect((await value(c, 'Reservoir_Pressure_bar')).timestamp).toBe('2020-02-01T06:00:00.000Z')
    expect((await c.readHistory({ tag: 'Reservoir_Pressure_bar', ...day1 })).points).toHaveLength(7)
  })

  it('starts at a date with the months before as history (air-leak incident, April 2020)', async () => {
    const { c } = await metro({ startAt: '2020-04-18T00:00:00' })
    expect(c.replayTime().toISOString()).toBe('2020-04-18T00:00:00.000Z')
    const h = await c.readHistory({
      tag: 'Oil_Temperature_C',
      from: new Date('2020-04-11T00:00:00Z'),
      to: new Date('2020-04-19T00:00:00Z'),
      intervalMs: 24 * HOUR,
    })
    expect(h.points.length).toBeGreaterThanOrEqual(5)
    expect(h.points.at(-1)!.t).toBe('2020-04-18T00:00:00.000Z')
  })
})
