import { existsSync, readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { sharedPath } from '../../test/support/shared.ts'
import { errorOf } from './__fixtures__/make.ts'
import {
  detectColumns,
  guessDateOrder,
  parseDateTime,
  parseDurationHours,
  parseTableCsv,
  parseWorkOrderCsv,
  parseWorkType,
} from './csv.ts'
import type { ParsedDocument, WorkOrderRecord } from './types.ts'

describe('parseDateTime', () => {
  it('reads M/D/YY H:MM with two-digit years 00–69 as 20xx and 70–99 as 19xx', () => {
    expect(parseDateTime('9/21/23 14:00')).toBe('2023-09-21T14:00:00Z')
    expect(parseDateTime('10/10/10 15:30')).toBe('2010-10-10T15:30:00Z')
    expect(parseDateTime('1/2/69')).toBe('2069-01-02T00:00:00Z')
    expect(parseDateTime('1/2/70')).toBe('1970-01-02T00:00:00Z')
  })

  it('reads M/D/YYYY, AM/PM, ISO with and without offsets, and day-first on request', () => {
    expect(parseDateTime('12/31/2023')).toBe('2023-12-31T00:00:00Z')
    expect(parseDateTime('7/4/2021 2:05:09 PM')).toBe('2021-07-04T14:05:09Z')
    expect(parseDateTime('7/4/2021 12:30 AM')).toBe('2021-07-04T00:30:00Z')
    expect(parseDateTime('2010-06-22 14:12:00')).toBe('2010-06-22T14:12:00Z')
    expect(parseDateTime('2023-07-24T10:30:00.250Z')).toBe('2023-07-24T10:30:00Z')
    expect(parseDateTime('2023-07-24T10:30:00+02:00')).toBe('2023-07-24T08:30:00Z')
    expect(parseDateTime('2023-07-24')).toBe('2023-07-24T00:00:00Z')
    expect(parseDateTime('24/07/2023 10:30', 'DMY')).toBe('2023-07-24T10:30:00Z')
  })

  it('returns null for empty or impossible dates', () => {
    for (const v of ['', '  ', 'n/a', '2/30/2023', '13/1/2023', '2023-02-29', '1/1/23 25:00', 'yesterday']) {
      expect(parseDateTime(v), v).toBeNull()
    }
    expect(parseDateTime('2024-02-29')).toBe('2024-02-29T00:00:00Z')
  })

  it('guesses day-first only when the first number goes above 12', () => {
    expect(guessDateOrder(['1/2/23', '12/31/23'])).toBe('MDY')
    expect(guessDateOrder(['1/2/23', '31/12/23'])).toBe('DMY')
    expect(guessDateOrder(['31/12/23', '1/13/23'])).toBe('MDY')
  })
})

describe('parseDurationHours', () => {
  it('reads decimals, H:MM, H:MM:SS and values with units', () => {
    expect(parseDurationHours('37:30:00')).toBe(37.5)
    expect(parseDurationHours('40:00:00')).toBe(40)
    expect(parseDurationHours('3:00')).toBe(3)
    expect(parseDurationHours('1:15')).toBe(1.25)
    expect(parseDurationHours('0:20')).toBeCloseTo(1 / 3, 6)
    expect(parseDurationHours('2.5')).toBe(2.5)
    expect(parseDurationHours('90 min')).toBe(1.5)
    expect(parseDurationHours('1.5 hrs')).toBe(1.5)
    expect(parseDurationHours('')).toBeNull()
    expect(parseDurationHours('soon')).toBeNull()
    expect(parseDurationHours('1:75')).toBeNull()
  })
})

describe('parseWorkType', () => {
  it('reads preventive flags and work-type codes', () => {
    expect(parseWorkType('TRUE', undefined)).toBe('preventive')
    expect(parseWorkType('FALSE', undefined)).toBe('corrective')
    expect(parseWorkType(undefined, 'PM')).toBe('preventive')
    expect(parseWorkType(undefined, 'Preventive')).toBe('preventive')
    expect(parseWorkType(undefined, 'CM')).toBe('corrective')
    expect(parseWorkType(undefined, 'EM')).toBe('corrective')
    expect(parseWorkType(undefined, 'Emergency')).toBe('corrective')
    expect(parseWorkType(undefined, 'Project')).toBeNull()
  })
})

describe('column detection', () => {
  it('recognises common CMMS headers case/space/underscore-insensitively', () => {
    const { columns, unused } = detectColumns([
      'WO Number',
      'Asset Tag',
      'Asset Description',
      'Work Description',
      'Failure Code',
      'Problem Code',
      'Work Type',
      'Priority',
      'Reported Date',
      'Completed Date',
      'Labor Hours',
      'Status',
      'Crew',
    ])
    expect(columns).toEqual({
      woId: 'WO Number',
      equipmentId: 'Asset Tag',
      equipmentName: 'Asset Description',
      description: 'Work Description',
      failureCode: 'Failure Code',
      problemCode: 'Problem Code',
      workType: 'Work Type',
      priority: 'Priority',
      reportedAt: 'Reported Date',
      finishedAt: 'Completed Date',
      laborHours: 'Labor Hours',
      status: 'Status',
    })
    expect(unused).toEqual(['Crew'])
    expect(detectColumns(['WONUM', 'ASSETNUM', 'REPORTDATE']).columns).toEqual({
      woId: 'WONUM',
      equipmentId: 'ASSETNUM',
      reportedAt: 'REPORTDATE',
    })
  })

  it('lets an explicit mapping override detection, and rejects columns that do not exist', () => {
    const { columns } = detectColumns(['Order', 'Description', 'Machine'], {
      woId: 'Order',
      equipmentId: 'machine',
    })
    expect(columns).toMatchObject({ woId: 'Order', equipmentId: 'Machine', description: 'Description' })
    const err = errorOf(() => detectColumns(['A', 'B'], { woId: 'Ticket' }))
    expect(err.code).toBe('invalid_option')
    expect(err.field).toBe('mapping')
    expect(err.message).toContain('Ticket')
  })
})

describe('parseWorkOrderCsv', () => {
  const CMMS = [
    'WO Number;Asset Tag;Asset Description;Work Description;Work Type;Priority;Completed Date;Labor Hours;Status;Crew',
    'WO-1001;P-101;Feed pump;"Replace mechanical seal; leak at gland";CM;1;31/01/2024 16:45;3:30;COMP;Mech A',
    'WO-1002;P-101;Feed pump;Quarterly PM;PM;4;15/02/2024 08:00;1.5;COMP;Mech B',
    '',
    'WO-1003;K-201A;Air compressor;Emergency trip, restart;EM;1;;;WAPPR;',
  ].join('\n')

  it('turns rows into work orders (semicolons, quotes, day-first dates, H:MM and decimal hours)', () => {
    const doc = parseWorkOrderCsv(CMMS, 'cmms.csv')
    expect(doc.workOrders).toHaveLength(3)
    const [a, b, c] = doc.workOrders as [WorkOrderRecord, WorkOrderRecord, WorkOrderRecord]
    expect(a).toMatchObject({
      woId: 'WO-1001',
      equipmentId: 'P-101',
      equipmentName: 'Feed pump',
      description: 'Replace mechanical seal; leak at gland',
      workType: 'corrective',
      priority: '1',
      finishedAt: '2024-01-31T16:45:00Z',
      laborHours: 3.5,
      status: 'COMP',
      extra: { Crew: 'Mech A' },
    })
    expect(b).toMatchObject({ workType: 'preventive', laborHours: 1.5, finishedAt: '2024-02-15T08:00:00Z' })
    expect(c).toMatchObject({ workType: 'corrective', finishedAt: null, laborHours: null, extra: {} })
    expect(c.raw['Asset Tag']).toBe('K-201A')
    expect(doc.blocks).toHaveLength(3)
    expect(doc.blocks[0]).toEqual({
      type: 'table-row',
      page: null,
      text: 'WO-1001 · Feed pump (P-101) · corrective · priority 1 · status COMP · finished 2024-01-31 · labor 3.5 h · Replace mechanical seal; leak at gland',
    })
    expect(doc.warnings).toEqual([])
  })

  it('throws unrecognised_columns naming the columns when it is not a work-order export', () => {
    const err = errorOf(() => parseWorkOrderCsv('Name,Colour,Size\nbolt,grey,M8\n', 'parts.csv'))
    expect(err.code).toBe('unrecognised_columns')
    expect(err.field).toBe('mapping')
    expect(err.message).toContain('Name, Colour, Size')
  })

  it('does not take a failure-code list for work orders', () => {
    const err = errorOf(() =>
      parseWorkOrderCsv(
        'category,primary_code,primary_code_description,secondary_code,secondary_code_description\nX,M001,Cracking,M001a,Piping\n',
        'failure_codes.csv',
      ),
    )
    expect(err.code).toBe('unrecognised_columns')
  })

  it('accepts an export without an id column when enough other columns are recognised', () => {
    const doc = parseWorkOrderCsv(
      'equipment_id,description,work_type,finish_date\nP-101,Seal change,CM,2024-01-02\n',
      'no-ids.csv',
    )
    expect(doc.workOrders?.[0]).toMatchObject({ woId: 'ROW-2', equipmentId: 'P-101', workType: 'corrective' })
    expect(doc.warnings[0]).toMatch(/no work-order id column/)
  })

  it('reads a file with an explicit mapping', () => {
    const doc = parseWorkOrderCsv('Ticket,Machine,Text\nT-1,P-101,Noise\n', 't.csv', {
      woId: 'Ticket',
      equipmentId: 'Machine',
      description: 'Text',
    })
    expect(doc.workOrders?.[0]).toMatchObject({ woId: 'T-1', equipmentId: 'P-101', description: 'Noise' })
  })

  it('warns about values it could not read', () => {
    const doc = parseWorkOrderCsv(
      'wo_id,actual_finish,duration\nW1,someday,long\nW2,1/2/23 10:00,1:00\n',
      'w.csv',
    )
    expect(doc.workOrders?.[0]).toMatchObject({ finishedAt: null, durationHours: null })
    expect(doc.warnings).toEqual([
      '1 date values could not be read and were left empty',
      '1 duration/hour values could not be read and were left empty',
    ])
  })
})

describe('parseTableCsv', () => {
  it('reads any CSV as table rows with the header as context', () => {
    const doc = parseTableCsv('\ufeffcode,meaning\nM001,Cracking\nM002,"Corrosion, external"\n', 'codes.csv')
    expect(doc.blocks).toEqual([
      { type: 'table-row', text: 'M001 | Cracking', page: null, tableHeader: 'code | meaning' },
      { type: 'table-row', text: 'M002 | Corrosion, external', page: null, tableHeader: 'code | meaning' },
    ])
  })
})

const WO = sharedPath('corpus/assetopsbench-maintenance/all_wo_with_code_component_events.csv')

describe.skipIf(!existsSync(WO))('the AssetOpsBench chiller work orders', () => {
  // Read in beforeAll: a skipped suite's body still runs while tests are collected.
  let doc: ParsedDocument
  let orders: WorkOrderRecord[]
  beforeAll(() => {
    doc = parseWorkOrderCsv(readFileSync(WO), 'all_wo_with_code_component_events.csv')
    orders = doc.workOrders!
  })
  const year = (r: WorkOrderRecord) => r.finishedAt?.slice(0, 4)

  it('reads all 4,249 rows with every field mapped and no unreadable values', () => {
    expect(orders).toHaveLength(4249)
    expect(doc.blocks).toHaveLength(4249)
    expect(doc.warnings).toEqual([])
    expect(orders.every((r) => r.finishedAt && r.durationHours !== null && r.laborHours !== null)).toBe(true)
    expect(Object.keys(orders[0]!.extra)).toEqual(['collection'])
  })

  it('converts WO151333 as documented', () => {
    const wo = orders.find((r) => r.woId === 'WO151333')!
    expect(wo).toMatchObject({
      equipmentId: 'CWC04012',
      equipmentName: 'Chiller 12',
      workType: 'corrective',
      priority: '2',
      finishedAt: '2023-07-24T10:30:00Z',
    })
    const block = doc.blocks[orders.indexOf(wo)]!
    expect(block.text).toMatch(
      /^WO151333 · Chiller 12 \(CWC04012\) · corrective · priority 2 · finished 2023-07-24 · /,
    )
  })

  it('reproduces the dev-set analytics answers', () => {
    const corrective = orders.filter((r) => r.workType === 'corrective')
    expect(
      orders.filter(
        (r) => r.equipmentName === 'Chiller 4' && r.workType === 'preventive' && year(r) === '2014',
      ),
    ).toHaveLength(21)
    const labor2023 = corrective
      .filter((r) => year(r) === '2023')
      .reduce((s, r) => s + (r.laborHours ?? 0), 0)
    expect(labor2023).toBeCloseTo(61.5, 6)
    const dur = orders
      .filter((r) => r.equipmentName === 'Chiller 12' && year(r) === '2023')
      .reduce((s, r) => s + (r.durationHours ?? 0), 0)
    expect(dur).toBeCloseTo(53, 6)
    expect(orders.filter((r) => r.priority === '2')).toHaveLength(103)
    expect(orders.filter((r) => r.failureCode === 'CS005')).toHaveLength(30)
    const first6 = orders
      .filter((r) => r.equipmentName === 'Chiller 6')
      .sort((a, b) => a.finishedAt!.localeCompare(b.finishedAt!))[0]
    expect(first6?.woId).toBe('WO39876')
    const byYear = new Map<string, number>()
    for (const r of orders) byYear.set(year(r)!, (byYear.get(year(r)!) ?? 0) + 1)
    expect(byYear.get('2017')).toBe(428)
  })
})
