import { describe, expect, it } from 'vitest'
import { expandAbbreviations, lexicalQuery } from './lexicon.ts'

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

describe('lexicalQuery', () => {
  it('drops words about how a question is asked and keeps what it is about', () => {
    expect(lexicalQuery('what does the handbook say about the oil pressure relief valve?')).toBe(
      'what does the the oil pressure relief valve?',
    )
    expect(lexicalQuery('quick way to tell if it is really metal')).toBe('to if it is metal')
  })
  it('keeps the question when nothing else is left', () => {
    expect(lexicalQuery('just a quick one')).toBe('a')
    expect(lexicalQuery('best?')).toBe('best?')
  })
})
