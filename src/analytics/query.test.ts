import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../store/db.ts'
import { CHILLER_CSV, PLANT_CSV, storeWith } from './fixtures.test-helpers.ts'
import { searchWorkOrders, workOrderStats } from './query.ts'

let store: Store
beforeAll(async () => {
  store = await storeWith([
    { siteId: 'chillers', source: 'wo.csv', csv: CHILLER_CSV },
    { siteId: 'plant', source: 'log.csv', csv: PLANT_CSV },
  ])
})
afterAll(async () => store?.close())

const chillers = { sites: ['chillers'] }

describe('workOrderStats', () => {
  it('counts with equipment matched without case or spaces, work type and year', async () => {
    const r = await workOrderStats(store, {
      filters: { ...chillers, equipment: ['chiller1'], workType: 'corrective', yearFrom: 2021, yearTo: 2021 },
      operation: { op: 'count' },
    })
    expect(r).toMatchObject({ kind: 'count', count: 2, unit: 'work orders' })
    expect(r.filters.equipment).toEqual(['chiller1'])
  })

  it('filters on codes, priority, exact collection, dates and description text', async () => {
    const count = async (filters: object) => {
      const r = await workOrderStats(store, {
        filters: { ...chillers, ...filters },
        operation: { op: 'count' },
      })
      return r.kind === 'count' ? r.count : -1
    }
    expect(await count({ failureCodes: ['cs005'] })).toBe(1)
    expect(await count({ problemCodes: ['MT004a'] })).toBe(2)
    expect(await count({ priorities: ['2'] })).toBe(3)
    expect(await count({ collection: 'refrigerant circuit' })).toBe(3)
    expect(await count({ collection: 'condenser' })).toBe(0)
    expect(await count({ from: '2022-12-31', to: '2022-12-31' })).toBe(1)
    expect(await count({ text: 'refrigerant' })).toBe(3)
    expect(await count({ sites: ['plant'], equipment: ['p101'] })).toBe(4)
  })

  it('sums and averages hours read from H:MM and H:MM:SS', async () => {
    const sum = await workOrderStats(store, {
      filters: { ...chillers, equipment: ['Chiller 1'] },
      operation: { op: 'sum', field: 'labor_hours' },
    })
    expect(sum).toMatchObject({ kind: 'sum', value: 40, count: 3, unit: 'h' })
    const avg = await workOrderStats(store, {
      filters: { ...chillers, workType: 'preventive' },
      operation: { op: 'avg', field: 'duration_hours' },
    })
    expect(avg.kind === 'avg' && avg.value).toBeCloseTo(15)
  })

  it('groups and ranks, with zero-count equipment when asked for the fewest', async () => {
    const most = await workOrderStats(store, {
      filters: { ...chillers, workType: 'corrective' },
      operation: { op: 'group', by: 'equipment' },
    })
    expect(most.kind === 'group' && most.groups.map((g) => [g.label, g.count])).toEqual([
      ['Chiller 1', 2],
      ['Chiller 2', 1],
      ['Chiller 4', 1],
    ])
    const fewest = await workOrderStats(store, {
      filters: { ...chillers, yearFrom: 2023, yearTo: 2023 },
      operation: { op: 'group', by: 'equipment', order: 'asc' },
    })
    expect(fewest.kind === 'group' && fewest.groups[0]).toMatchObject({ count: 0 })
    const years = await workOrderStats(store, { filters: chillers, operation: { op: 'group', by: 'year' } })
    expect(years.kind === 'group' && years.groups.map((g) => g.key)).toEqual(['2021', '2022', '2023'])
    const codes = await workOrderStats(store, {
      filters: { sites: ['plant'] },
      operation: { op: 'group', by: 'failure_code' },
    })
    expect(codes.kind === 'group' && codes.groups[0]).toMatchObject({ key: 'BRG-OVHT', count: 2 })
    expect(codes.kind === 'group' && codes.groups.every((g) => g.key !== null)).toBe(true)
  })

  it('returns the latest and earliest rows by finish time', async () => {
    const latest = await workOrderStats(store, {
      filters: { ...chillers, equipment: ['Chiller 4'] },
      operation: { op: 'latest' },
    })
    expect(latest.kind === 'latest' && latest.rows[0]).toMatchObject({
      woId: 'WO7',
      finishedAt: '2023-01-01T00:30:00Z',
      collection: 'condenser|evaporator',
    })
    const first = await workOrderStats(store, { filters: chillers, operation: { op: 'earliest', limit: 2 } })
    expect(first.kind === 'earliest' && first.rows.map((r) => r.woId)).toEqual(['WO1', 'WO2'])
    expect(first.kind === 'earliest' && first.count).toBe(7)
  })

  it('computes MTBF from corrective finishes only', async () => {
    const r = await workOrderStats(store, {
      filters: { sites: ['plant'], equipment: ['P-101'] },
      operation: { op: 'mtbf' },
    })
    expect(r.kind).toBe('mtbf')
    if (r.kind !== 'mtbf') return
    expect(r.equipment).toHaveLength(1)
    expect(r.equipment[0]!.failures).toBe(3)
    // 2024-01-03 10:00 -> 2025-05-01 18:00 over two gaps
    expect(r.equipment[0]!.meanDays).toBeCloseTo(
      (Date.UTC(2025, 4, 1, 18) - Date.UTC(2024, 0, 3, 10)) / 2 / 86400000,
    )
  })
})

describe('searchWorkOrders', () => {
  it('returns matching rows newest first', async () => {
    const rows = await searchWorkOrders(store, { sites: ['plant'], workType: 'corrective' }, 2)
    expect(rows.map((r) => r.woId)).toEqual(['WO-2025-0006', 'WO-2025-0004'])
    expect(rows[0]).toMatchObject({ equipmentId: 'S-101', laborHours: 1, workType: 'corrective' })
  })
})
