import { describe, expect, it } from 'vitest'
import type { WorkOrderRow } from '../analytics/index.ts'
import { describeMention, partsFromWorkOrders } from './parts.ts'

const wo = (woId: string, description: string) => ({ woId, description }) as WorkOrderRow

describe('partsFromWorkOrders', () => {
  const rows = [
    wo('WO-1', 'Seal leaking. Action: replaced cartridge seal NMS-55 (NPW-310-055-E), alignment checked'),
    wo('WO-2', 'Regreased DE bearing with grease gun; TT-101A 61 °C'),
    wo('WO-3', 'Replaced DE bearings 7311 BEP, grease renewed'),
  ]

  it('puts the parts of work orders about the task first and skips instrument tags', () => {
    const found = partsFromWorkOrders(rows, 'replace the mechanical seal')
    expect(found.slice(0, 3).map((m) => m.term)).toEqual(['cartridge seal', 'NMS-55', 'NPW-310-055-E'])
    expect(found.find((m) => m.term === 'bearing')).toMatchObject({ woIds: ['WO-2', 'WO-3'] })
    expect(found.find((m) => m.term === 'grease gun')).toMatchObject({ kind: 'tool' })
    expect(found.some((m) => m.term === 'TT-101A')).toBe(false)
  })

  it('describes a mention with the work orders it comes from', () => {
    const [first] = partsFromWorkOrders(rows, 'seal')
    expect(describeMention(first!)).toBe('cartridge seal — 1 work order: WO-1')
  })
})
