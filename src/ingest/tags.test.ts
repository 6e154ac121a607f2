import { describe, expect, it } from 'vitest'
import { extractAssetTags } from './tags.ts'

describe('extractAssetTags', () => {
  it('finds equipment tags of the usual shapes', () => {
    expect(
      extractAssetTags(
        'Pump P-101 tripped; CH-6 and K-201A were fine. Motor CT-101-M1 hot, PSV-201 lifted, HV-101S closed, TT-101A reads high.',
      ),
    ).toEqual(['P-101', 'CH-6', 'K-201A', 'CT-101-M1', 'PSV-201', 'HV-101S', 'TT-101A'])
  })

  it('de-duplicates, upper-cases suffixes and normalises dashes', () => {
    expect(extractAssetTags('P-101, P-101 and p-101; TT-101a; P–102 (en dash)')).toEqual([
      'P-101',
      'TT-101A',
      'P-102',
    ])
  })

  it('accepts tags at the edges of punctuation', () => {
    expect(extractAssetTags('(P-101), "E-205." [FV-3001]')).toEqual(['P-101', 'E-205', 'FV-3001'])
  })

  it('ignores look-alikes: standards, diseases, orders, months, years, folios, refrigerants, parts of longer codes', () => {
    const text = [
      'Certified to ISO-9001 and IEC-61508, pump per API-610, wiring per NFPA-70.',
      'COVID-19 rules, WO-16170 closed, PO-4411 raised, REV-2 issued.',
      'Dates MAR-2023 and FY-2024; page 1-3 and G-2; grid A-1.',
      'Refrigerants R-22, R-134a and R-410A.',
      'Handbook FAA-H-8083-32B and MIL-STD-1553; 15-MAR-2023.',
      'Lowercase words like top-10 or mid-2023.',
    ].join(' ')
    expect(extractAssetTags(text)).toEqual([])
  })

  it('keeps single-letter prefixes only with two or more digits', () => {
    expect(extractAssetTags('Valve V-1 and pump P-12 and exchanger E-1A')).toEqual(['P-12'])
  })

  it('returns an empty list for text without tags', () => {
    expect(extractAssetTags('')).toEqual([])
    expect(extractAssetTags('The oil was changed at 500 hours.')).toEqual([])
  })
})
