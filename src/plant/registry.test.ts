import { describe, expect, it } from 'vitest'
import { assetsMentioned, compactTag, tagsMentioned } from './registry.ts'
import type { TagInfo } from './types.ts'

const assets = [
  { tag: 'P-101', name: 'Cooling water pump A', type: 'centrifugal pump' },
  { tag: 'P-301', name: 'Chilled water pump', type: 'centrifugal pump' },
  { tag: 'K-201', name: 'Air compressor', type: 'rotary screw compressor' },
  { tag: 'CT-101', name: 'Cooling tower', type: 'cooling tower' },
  { tag: 'CT-101-M1', name: 'Tower fan motor 1', type: 'fan motor' },
]

describe('asset lookup', () => {
  it('matches tags however they are typed', () => {
    expect(assetsMentioned('why is P-101 alarming?', assets)).toEqual(['P-101'])
    expect(assetsMentioned('is p101 ok', assets)).toEqual(['P-101'])
    expect(assetsMentioned('what about P 101', assets)).toEqual(['P-101'])
    expect(assetsMentioned('pump 101 bearing temperature', assets)).toEqual(['P-101'])
    expect(assetsMentioned('compressor 201 pressure', assets)).toEqual(['K-201'])
    expect(assetsMentioned('CT-101-M1 current', assets)).toEqual(['CT-101-M1'])
    expect(assetsMentioned('the weather today', assets)).toEqual([])
    expect(assetsMentioned('pump 201', assets)).toEqual([])
  })
  it('matches instrument tags and compacts names', () => {
    const tags = [{ name: 'TT-101A' }, { name: 'PT-101' }] as TagInfo[]
    expect(tagsMentioned('trend of tt101a today', tags).map((t) => t.name)).toEqual(['TT-101A'])
    expect(compactTag('tt-101a')).toBe('TT101A')
  })
})
