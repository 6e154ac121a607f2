import { describe, expect, it } from 'vitest'
import {
  baseName,
  collapseSpace,
  decodeText,
  extensionOf,
  sentenceSpans,
  splitSentences,
} from './textutil.ts'

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM, UTF-16 with BOM, and falls back to Windows-1252', () => {
    expect(decodeText(new TextEncoder().encode('Ölstand 5 °C'))).toBe('Ölstand 5 °C')
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('A')
    expect(decodeText(Uint8Array.from([0xff, 0xfe, 0x50, 0x00, 0x2d, 0x00, 0x31, 0x00]))).toBe('P-1')
    expect(decodeText(Uint8Array.from([0xfe, 0xff, 0x00, 0x50]))).toBe('P')
    // "5 °C – ok" in Windows-1252 (0xB0 degree, 0x96 en dash) is not valid UTF-8.
    expect(decodeText(Uint8Array.from([0x35, 0x20, 0xb0, 0x43, 0x20, 0x96, 0x20, 0x6f, 0x6b]))).toBe(
      '5 °C – ok',
    )
  })
})

describe('sentences', () => {
  it('splits at sentence ends but not after abbreviations, initials or inside numbers', () => {
    expect(
      splitSentences(
        'Cylinder No. 1 is on top. See Fig. 3 for details, e.g. the valve. J. Smith checked 3.5 mm gaps! Next? Yes.',
      ),
    ).toEqual([
      'Cylinder No. 1 is on top.',
      'See Fig. 3 for details, e.g. the valve.',
      'J. Smith checked 3.5 mm gaps!',
      'Next?',
      'Yes.',
    ])
  })

  it('treats line breaks as boundaries and covers the text without gaps', () => {
    const text = 'First line\nSecond one. Third one.\n\n"Quoted start." (Bracketed.) end'
    const spans = sentenceSpans(text)
    expect(spans[0]![0]).toBe(0)
    expect(spans[spans.length - 1]![1]).toBe(text.length)
    for (let k = 1; k < spans.length; k++) expect(spans[k]![0]).toBe(spans[k - 1]![1])
    expect(splitSentences(text)).toEqual([
      'First line',
      'Second one.',
      'Third one.',
      '"Quoted start."',
      '(Bracketed.) end',
    ])
  })
})

describe('small helpers', () => {
  it('collapses whitespace including no-break spaces', () => {
    expect(collapseSpace('  a\u00a0\u00a0b\n\tc  ')).toBe('a b c')
  })

  it('takes names and extensions from paths', () => {
    expect(baseName('dir/sub/Manual.v2.pdf')).toBe('Manual.v2')
    expect(baseName('C:\\docs\\notes')).toBe('notes')
    expect(baseName('.env')).toBe('.env')
    expect(extensionOf('a/B.PDF')).toBe('pdf')
    expect(extensionOf('README')).toBe('')
  })
})
