import { describe, expect, it } from 'vitest'
import { AlarmTracker, breachedLimit } from './alarms.ts'
import { HistoryBuffer } from './buffer.ts'
import type { TagInfo } from './types.ts'

const tag: TagInfo = {
  name: 'TT-1',
  description: 'Bearing temperature',
  unit: '°C',
  asset: 'P-1',
  site: 's',
  alarms: { hi: 85, hihi: 95, lo: 5 },
}

describe('alarms', () => {
  it('finds the most severe limit broken', () => {
    expect(breachedLimit(96, tag.alarms)).toBe('hihi')
    expect(breachedLimit(86, tag.alarms)).toBe('hi')
    expect(breachedLimit(50, tag.alarms)).toBeNull()
    expect(breachedLimit(3, tag.alarms)).toBe('lo')
  })
  it('moves through the ISA-18.2 states', () => {
    const t = new AlarmTracker()
    t.update(tag, 86, new Date(0))
    expect(t.list()).toMatchObject([
      { tag: 'TT-1', limit: 'hi', state: 'active_unacknowledged', priority: 2 },
    ])
    t.update(tag, 96, new Date(1000))
    expect(t.list()[0]).toMatchObject({ limit: 'hihi', priority: 1 })
    t.update(tag, 60, new Date(2000))
    expect(t.list()[0]!.state).toBe('returned_unacknowledged')
    t.acknowledge('TT-1')
    expect(t.list()).toEqual([])
    t.update(tag, 90, new Date(3000))
    t.acknowledge('TT-1')
    expect(t.list()[0]!.state).toBe('active_acknowledged')
    t.update(tag, 60, new Date(4000))
    expect(t.list()).toEqual([])
  })
})

describe('HistoryBuffer', () => {
  it('keeps the newest samples and reads raw or bucketed', () => {
    const b = new HistoryBuffer(5)
    for (let i = 0; i < 8; i++) b.push('x', i * 1000, i)
    expect(b.latest('x')).toEqual({ t: 7000, v: 7 })
    const raw = b.read({ tag: 'x', from: new Date(0), to: new Date(10_000) })
    expect(raw.map((p) => p.v)).toEqual([3, 4, 5, 6, 7])
    const buckets = b.read({ tag: 'x', from: new Date(2000), to: new Date(10_000), intervalMs: 2000 })
    expect(buckets).toEqual([
      { t: new Date(2000).toISOString(), min: 3, max: 3, avg: 3, n: 1 },
      { t: new Date(4000).toISOString(), min: 4, max: 5, avg: 4.5, n: 2 },
      { t: new Date(6000).toISOString(), min: 6, max: 7, avg: 6.5, n: 2 },
    ])
  })
})
