import { describe, expect, it } from 'vitest'
import { deinflect, lookupForms, tokenize } from './tokenize.ts'

describe('tokenize', () => {
  it('lowercases, splits hyphenated terms into parts, drops numbers, single letters and stop words', () => {
    expect(tokenize('The Anti-Surge valve on P-101 tripped at 4.5 bar; it is NOT the pump’s fault.')).toEqual(
      ['anti', 'surge', 'valve', 'tripped', 'bar', 'pump', 'fault'],
    )
  })

  it('keeps letter+digit tokens and non-ASCII letters', () => {
    expect(tokenize('M12 bolts, 120psi, café')).toEqual(['m12', 'bolts', '120psi', 'café'])
  })

  it('returns nothing for empty or punctuation-only text', () => {
    expect(tokenize('')).toEqual([])
    expect(tokenize(' -- ; 42 ')).toEqual([])
  })
})

describe('lookupForms', () => {
  it('de-inflects plurals, -ed and -ing with e-restoration and un-doubling', () => {
    expect(deinflect('batteries')).toContain('battery')
    expect(deinflect('valves')).toContain('valve')
    expect(deinflect('calibrated')).toContain('calibrate')
    expect(deinflect('tripped')).toContain('trip')
    expect(deinflect('shimming')).toContain('shim')
    expect(deinflect('lubricating')).toContain('lubricate')
  })

  it('folds diacritics, strips digits from mixed tokens, then tries without a prefix', () => {
    expect(lookupForms('café')[0]).toBe('cafe')
    expect(lookupForms('120psi')).toContain('psi')
    expect(lookupForms('regreasing')).toContain('greasing')
  })
})
