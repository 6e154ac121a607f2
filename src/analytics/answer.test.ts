import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sharedPath } from '../../test/support/shared.ts'
import type { Store } from '../store/db.ts'
import { answerAnalytics, formatHours } from './answer.ts'
import { CHILLER_CSV, PLANT_CSV, storeWith } from './fixtures.test-helpers.ts'

describe('formatHours', () => {
  it('keeps figures matchable as written', () => {
    expect(formatHours(61.5)).toBe('61.5 h')
    expect(formatHours(53)).toBe('53 h')
    expect(formatHours(12.25)).toBe('12.25 h (≈12.3 h)')
  })
})

describe('answerAnalytics on inline exports', () => {
  let store: Store
  beforeAll(async () => {
    store = await storeWith([
      { siteId: 'chillers', source: 'wo.csv', csv: CHILLER_CSV },
      { siteId: 'plant', source: 'log.csv', csv: PLANT_CSV },
    ])
  })
  afterAll(async () => store?.close())

  it('answers with the figure and what was counted', async () => {
    const a = await answerAnalytics(store, 'how many corrective WOs on chiller 1 in 2021?', ['chillers'])
    expect(a?.answer).toBe('2 corrective work orders on Chiller 1 finished in 2021.')
    const sum = await answerAnalytics(store, 'total labor hours on Chiller 1?', ['chillers'])
    expect(sum?.answer).toContain('40 h')
    const top = await answerAnalytics(store, 'which chiller had the most corrective work orders?', [
      'chillers',
    ])
    expect(top?.answer).toMatch(/^Chiller 1 had the most corrective work orders .*\(2\)/)
    const code = await answerAnalytics(store, 'how many WOs were coded as control system malfunction?', [
      'chillers',
    ])
    expect(code?.answer).toBe('1 work order coded CS005 (Control System Malfunction).')
  })

  it('keeps sites apart and reads plant tags', async () => {
    const a = await answerAnalytics(store, 'how many corrective work orders on P-101 in 2025?', ['plant'])
    expect(a?.result).toMatchObject({ kind: 'count', count: 2 })
    const latest = await answerAnalytics(store, 'latest work order on K-201', ['plant'])
    expect(latest?.answer).toContain('WO-2025-0005')
    expect(await answerAnalytics(store, 'latest work order on K-201', ['chillers'])).toBeNull()
    expect(await answerAnalytics(store, 'what oil does the air compressor use?', ['plant'])).toBeNull()
  })
})

const AOB = sharedPath('corpus/assetopsbench-maintenance/all_wo_with_code_component_events.csv')

describe.skipIf(!existsSync(AOB))('answerAnalytics on the AssetOpsBench export', () => {
  let store: Store
  beforeAll(async () => {
    store = await storeWith([{ siteId: 'aob', source: 'all_wo.csv', csv: readFileSync(AOB, 'utf8') }])
  }, 60_000)
  afterAll(async () => store?.close())

  it.each([
    ['# of preventive WOs on Chiller 4 in 2014?', '21'],
    ['how many priority 2 work orders are in the system?', '103'],
    ['how many WOs were coded as control system malfunction?', '30'],
    ['which chiller needed the most corrective work in 2021?', 'Chiller 12'],
    ['latest corrective work order on Chiller 12 - WO number and completion date?', 'WO151333'],
    ['total labor hours spent on corrective WOs across all chillers in 2023?', '61.5'],
  ])('%s -> %s', async (q, expected) => {
    const a = await answerAnalytics(store, q, ['aob'])
    expect(a?.answer).toContain(expected)
  })
})
