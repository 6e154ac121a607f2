import { describe, expect, it } from 'vitest'
import type { TagInfo } from '../types.ts'
import { DAY, DEFAULT_INCIDENTS, HOUR, MINUTE, resolveIncidents } from './incidents.ts'
import { createPlantModel, r134aPressure } from './physics.ts'
import { gaussAt, smoothNoise } from './prng.ts'

const T0 = Date.UTC(2026, 9, 28, 16, 0, 0)
const tag = (name: string, normal?: { min: number; max: number }): TagInfo => ({
  name,
  description: name,
  unit: '',
  asset: null,
  site: 's',
  ...(normal ? { normal } : {}),
})
const tags = ['TT-101A', 'PT-201', 'FT-102', 'VT-102', 'PDT-101', 'TT-103'].map((n) => tag(n))
const model = (seed = 1) =>
  createPlantModel({ tags, seed, anchor: T0, incidents: resolveIncidents(DEFAULT_INCIDENTS, T0) })

describe('noise', () => {
  it('is keyed by (seed, key, n) and roughly standard normal', () => {
    expect(gaussAt(1, 2, 3)).toBe(gaussAt(1, 2, 3))
    expect(gaussAt(1, 2, 3)).not.toBe(gaussAt(2, 2, 3))
    let sum = 0
    let sq = 0
    for (let i = 0; i < 20_000; i++) {
      const g = gaussAt(5, 9, i)
      sum += g
      sq += g * g
    }
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.05)
    expect(Math.abs(sq / 20_000 - 1)).toBeLessThan(0.05)
    expect(Math.abs(smoothNoise(1, 1, 1000, HOUR) - smoothNoise(1, 1, 1001, HOUR))).toBeLessThan(0.01)
  })
})

describe('plant model', () => {
  it('gives the same value at a time whatever was asked before', () => {
    const a = model()
    const b = model()
    b.sample(T0 - 3 * DAY)
    b.sample(T0 + 5 * HOUR)
    expect(Array.from(b.sample(T0 - 1234_000).values)).toEqual(Array.from(a.sample(T0 - 1234_000).values))
    expect(Array.from(model(2).sample(T0).values)).not.toEqual(Array.from(a.sample(T0).values))
  })

  it('gives unknown tags a value inside their normal range', () => {
    const m = createPlantModel({
      tags: [tag('X-1', { min: 10, max: 20 })],
      seed: 1,
      anchor: T0,
      incidents: [],
    })
    for (let t = T0; t < T0 + DAY; t += 17 * MINUTE) {
      const v = m.sample(t).values[0]!
      expect(v).toBeGreaterThan(10)
      expect(v).toBeLessThan(20)
    }
  })

  it('stops the standby pump and disarms its pressure alarms, except during the test run', () => {
    const m = model()
    const now = m.sample(T0)
    expect(now.values[2]).toBeLessThan(2)
    expect(now.armed[2]).toBe(false)
    const run = m.sample(T0 - 73 * HOUR)
    expect(run.values[2]).toBeGreaterThan(300)
    expect(run.armed[2]).toBe(true)
    expect(run.values[3]).toBeGreaterThan(4)
  })

  it('converts condensing temperature to R-134a pressure from the service-guide table', () => {
    expect(r134aPressure(40)).toBeCloseTo(9.2, 5)
    expect(r134aPressure(35)).toBeCloseTo(7.85, 5)
  })
})
