import { describe, expect, it } from 'vitest'
import { expandAbbreviations } from './lexicon.ts'

describe('expandAbbreviations', () => {
  it('spells out plant shorthand found as whole words', () => {
    expect(expandAbbreviations('LOTO steps for the VFD?')).toContain('lockout tagout')
    expect(expandAbbreviations('LOTO steps for the VFD?')).toContain('variable frequency drive')
    expect(expandAbbreviations('open PM WOs on P-101')).toBe('preventive maintenance work orders')
  })
  it('leaves words that only contain an abbreviation alone', () => {
    expect(expandAbbreviations('temporary propulsion wording')).toBe('')
  })
  it('matches multi-word shorthand with a space or hyphen', () => {
    expect(expandAbbreviations('can I use a zip tie here')).toContain('cable tie')
    expect(expandAbbreviations('a plug-in saw')).toContain('cord and plug')
  })
})
