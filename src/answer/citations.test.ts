import { describe, expect, it } from 'vitest'
import type { SearchHit } from '../retrieve/search.ts'
import { CitationStreamFilter, snippet, toCitations, validateCitations } from './citations.ts'
import type { Source } from './types.ts'

const sources = (...ns: number[]) => ns.map((n) => ({ n }))

function hit(id: number, text: string): SearchHit {
  return {
    chunkId: id,
    document: {
      id: `doc-${id}`,
      title: `Manual ${id}`,
      source: `manual-${id}.pdf`,
      kind: 'manual',
      site: 'north',
    },
    page: id,
    section: `Section ${id}`,
    text,
    score: 1,
    signals: {},
  }
}

/** Feeds `text` through a streaming filter in pieces cut at `cuts`; returns the concatenated output. */
function streamed(text: string, valid: number[], cuts: number[]): string {
  const f = new CitationStreamFilter(valid)
  let out = ''
  let at = 0
  for (const c of [...cuts, text.length]) {
    out += f.push(text.slice(at, c))
    at = c
  }
  return out + f.end()
}

describe('validateCitations', () => {
  it.each([
    ['Close V-12 first [1].', 'Close V-12 first [1].', [1]],
    ['Close V-12 first [7].', 'Close V-12 first.', []],
    ['Close V-12 [7] and drain [2].', 'Close V-12 and drain [2].', [2]],
    ['Drain it[7], then vent [1].', 'Drain it, then vent [1].', [1]],
    ['Torque to 40 Nm [1, 7, 2].', 'Torque to 40 Nm [1, 2].', [1, 2]],
    ['Torque to 40 Nm [7; 9].', 'Torque to 40 Nm.', []],
    ['Vent the casing [1][7][2].', 'Vent the casing [1][2].', [1, 2]],
    ['Vent the casing [7][8].', 'Vent the casing.', []],
    ['Vent the casing [7] [2].', 'Vent the casing [2].', [2]],
    ['[7] Isolate the motor [2].', 'Isolate the motor [2].', [2]],
    ['Steps:\n[7] Isolate [1].\n- Lock [9] out [2].', 'Steps:\nIsolate [1].\n- Lock out [2].', [1, 2]],
    ['Ends with a bad one [9]', 'Ends with a bad one', []],
    ['Second [2] then first [1] then [2] again.', 'Second [2] then first [1] then [2] again.', [2, 1]],
  ])('%j -> %j', (input, text, cited) => {
    expect(validateCitations(input, sources(1, 2))).toEqual({ text, cited })
  })

  it('leaves brackets that are not citations alone', () => {
    const input = 'See [note A], the range [1-3], a list [ ] and an open [2 bracket.'
    expect(validateCitations(input, sources(1, 2)).text).toBe(input)
  })

  it('trims the whole answer', () => {
    expect(validateCitations('  \n Answer [1].  \n', sources(1)).text).toBe('Answer [1].')
  })
})

describe('CitationStreamFilter', () => {
  const samples = [
    'Close V-12 [7] and drain [2]. Then vent [1, 9].\n[8] Lock out the motor [1][3].',
    'Pressure must be below 2 bar [12] before opening [2]. [7]',
    'No citations at all, just [brackets] and text [',
  ]

  it('gives the same text however the input is split', () => {
    for (const text of samples) {
      const expected = validateCitations(text, sources(1, 2)).text
      // every single cut point, and character by character
      for (let i = 0; i <= text.length; i++) expect(streamed(text, [1, 2], [i])).toBe(expected)
      expect(
        streamed(
          text,
          [1, 2],
          [...text].map((_, i) => i),
        ),
      ).toBe(expected)
    }
  })

  it('holds back a possible citation at the end of a chunk and never shows an invalid one', () => {
    const f = new CitationStreamFilter([1])
    const shown: string[] = []
    for (const d of ['Drain the pump [', '7', ']. Vent [', '1', '].']) shown.push(f.push(d))
    shown.push(f.end())
    expect(shown[0]).toBe('Drain the pump')
    expect(shown.join('')).toBe('Drain the pump. Vent [1].')
    expect(shown.some((s) => s.includes('7'))).toBe(false)
    expect(f.cited).toEqual([1])
  })

  it('accepts numbers allowed later (e.g. sources a tool found)', () => {
    const f = new CitationStreamFilter([1])
    const a = f.push('Before [2].')
    f.allow([2])
    const b = f.push(' After [2].') + f.end()
    expect(a + b).toBe('Before. After [2].')
  })
})

describe('toCitations', () => {
  it('maps cited numbers to their passages with a short snippet', () => {
    const long = `${'word '.repeat(100)}end`
    const src: Source[] = [
      { n: 1, hit: hit(1, 'Short passage.') },
      { n: 2, hit: hit(2, long) },
    ]
    const cites = toCitations([2, 1, 5], src)
    expect(cites.map((c) => c.n)).toEqual([2, 1])
    expect(cites[0]).toMatchObject({
      document: { id: 'doc-2', title: 'Manual 2', source: 'manual-2.pdf' },
      page: 2,
      section: 'Section 2',
    })
    expect(cites[0]!.snippet.length).toBeLessThanOrEqual(301)
    expect(cites[0]!.snippet.endsWith('…')).toBe(true)
    expect(cites[1]!.snippet).toBe('Short passage.')
    expect(snippet('a\n\n b')).toBe('a b')
  })
})
