import { describe, expect, it } from 'vitest'
import { parseAnalyticsQuestion } from './intent.ts'
import type { KnownVocabulary } from './vocabulary.ts'

const known: KnownVocabulary = {
  equipment: [
    'Chiller 4',
    'Chiller 12',
    'Chiller 1',
    'CWC04012',
    'P-101',
    'Cooling water pump A',
    'S-101',
    'Suction strainer P-101',
    'K-201',
    'Air compressor',
  ],
  failureCodes: [
    { code: 'CS005', description: 'Control System Malfunction' },
    { code: 'L001', description: 'Refrigerant Leak' },
    { code: 'BRG-OVHT', description: 'Bearing overheating' },
  ],
  problemCodes: [{ code: 'MT004a', description: 'Small Amount' }],
  collections: ['refrigerant circuit', 'control system', 'compressor', 'condenser|evaporator'],
  latest: '2023-09-21T14:00:00Z',
}
const parse = (q: string) => parseAnalyticsQuestion(q, known)

describe('parseAnalyticsQuestion', () => {
  it('reads counts with equipment, work type and year', () => {
    expect(parse('# of preventive WOs on Chiller 4 in 2014?')).toEqual({
      filters: { equipment: ['Chiller 4'], workType: 'preventive', yearFrom: 2014, yearTo: 2014 },
      operation: { op: 'count' },
    })
    expect(parse('how many CM work orders on chiller12 between 2019 and 2021')?.filters).toMatchObject({
      equipment: ['Chiller 12'],
      workType: 'corrective',
      yearFrom: 2019,
      yearTo: 2021,
    })
  })

  it('matches tags tolerantly and prefers the longest equipment name', () => {
    expect(parse('how many repairs on pump 101 last year?')?.filters).toMatchObject({
      equipment: ['P-101'],
      workType: 'corrective',
      yearFrom: 2022,
      yearTo: 2022,
    })
    expect(parse('latest work order on the suction strainer P-101')?.filters.equipment).toEqual([
      'Suction strainer P-101',
    ])
  })

  it('reads code descriptions, code literals, collections and priorities', () => {
    expect(parse('how many WOs were coded as control system malfunction?')?.filters).toEqual({
      failureCodes: ['CS005'],
    })
    expect(parse('count of refrigerant leaks on Chiller 4')?.filters).toMatchObject({
      failureCodes: ['L001'],
    })
    expect(parse('how many bearing overheating work orders?')?.filters.failureCodes).toEqual(['BRG-OVHT'])
    expect(parse('how many MT004a WOs in 2021?')?.filters.problemCodes).toEqual(['MT004a'])
    expect(parse('how many priority 2 work orders are in the system?')?.filters).toEqual({
      priorities: ['2'],
    })
    expect(parse('most frequent secondary failure code on refrigerant circuit work orders?')).toEqual({
      filters: { collection: 'refrigerant circuit' },
      operation: { op: 'group', by: 'problem_code', measure: 'count', order: 'desc' },
    })
  })

  it('reads groupings, extremes, sums, averages and MTBF', () => {
    expect(parse('which chiller needed the most corrective work in 2021?')?.operation).toEqual({
      op: 'group',
      by: 'equipment',
      measure: 'count',
      order: 'desc',
    })
    expect(parse('which year had the highest work order count overall?')?.operation).toMatchObject({
      by: 'year',
    })
    expect(parse('which chiller had the fewest preventive WOs?')?.operation).toMatchObject({ order: 'asc' })
    expect(
      parse('latest corrective work order on Chiller 12 - WO number and completion date?')?.operation,
    ).toEqual({
      op: 'latest',
    })
    expect(parse('first work order on record for Chiller 1 - number and date?')?.operation).toEqual({
      op: 'earliest',
    })
    expect(parse('total labor hours spent on corrective WOs across all chillers in 2023?')).toEqual({
      filters: { workType: 'corrective', yearFrom: 2023, yearTo: 2023 },
      operation: { op: 'sum', field: 'labor_hours' },
    })
    expect(parse('sum of WO durations for Chiller 12 in 2023, in hours?')?.operation).toEqual({
      op: 'sum',
      field: 'duration_hours',
    })
    expect(parse('average labor hours per corrective work order')?.operation).toEqual({
      op: 'avg',
      field: 'labor_hours',
    })
    expect(parse('mean time between failures for K-201?')?.operation).toEqual({ op: 'mtbf' })
    expect(parse('MTBF of chiller 4')?.operation).toEqual({ op: 'mtbf' })
  })

  it('returns null for questions that are not about work-order data', () => {
    for (const q of [
      'what oil for the compressor?',
      'what oil does the air compressor use?',
      'how many days out of service counts as temporary engine storage?',
      'how many hours of LOTO refresher training per year does 1910.147 require?',
      'how much did the major overhaul on Chiller 4 cost?',
      'static balancing a two blade prop - what positions do I check it in?',
      'starter motor brushes - at what point do they get replaced?',
    ]) {
      expect(parse(q), q).toBeNull()
    }
  })
})
