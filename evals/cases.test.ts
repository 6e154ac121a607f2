import { describe, expect, it } from 'vitest'
import { locatorOf, matchesSource } from './cases.ts'

describe('eval source matching', () => {
  it('matches a PDF page exactly', () => {
    const src = [{ document: '03_amtp_ch1.pdf', page: 16 }]
    expect(matchesSource({ document: '03_amtp_ch1.pdf', page: 16, section: null }, src)).toBe(true)
    expect(matchesSource({ document: '03_amtp_ch1.pdf', page: 17, section: null }, src)).toBe(false)
    expect(matchesSource({ document: 'faa/03_amtp_ch1.pdf', page: 16, section: null }, src)).toBe(true)
  })
  it('matches an outline paragraph and its sub-paragraphs, not its siblings', () => {
    const src = [{ document: '29-CFR-1910.147.md', section: '(c)(5)(ii)(C)' }]
    const at = (section: string) =>
      matchesSource({ document: '29-CFR-1910.147.md', page: null, section }, src)
    expect(at('(c)(5)(ii)(C)')).toBe(true)
    expect(at('(c)(5)(ii)(C)(2)')).toBe(true)
    expect(at('(c)(5)(ii)')).toBe(false)
    expect(at('(c)(5)(ii)(D)')).toBe(false)
    expect(locatorOf('§ 1910.147 > (c)(1)')).toBe('(c)(1)')
    expect(
      matchesSource({ document: '29-CFR-1910.147.md', page: null, section: '(c)(10)' }, [
        { document: '29-CFR-1910.147.md', section: '(c)(1)' },
      ]),
    ).toBe(false)
  })
})
