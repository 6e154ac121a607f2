import { describe, expect, it } from 'vitest'
import {
  buildLines,
  collectVocabulary,
  joinHyphenated,
  type Line,
  layoutPages,
  type PageLines,
  pageLabelNumber,
  removeRunningHeadersFooters,
} from './pdf-layout.ts'

/** Lines stacked down the page at 12 pt spacing, body text 10 pt, full width unless given. */
function page(n: number, texts: string[], opts: { size?: number; top?: number } = {}): PageLines {
  const size = opts.size ?? 10
  return {
    page: n,
    lines: texts.map((text, k) => ({
      text,
      x: 50,
      xEnd: 50 + Math.min(text.length, 90) * 5,
      y: (opts.top ?? 700) - k * 12,
      fontSize: size,
    })),
  }
}

const texts = (p: PageLines) => p.lines.map((l) => l.text)

const BODY = [
  'Oil pressure is read at the pump outlet.',
  'Scavenge pumps return oil to the tank.',
  'The relief valve limits system pressure.',
  'Filters trap metal particles.',
  'Check the screen at every oil change.',
  'Chip detectors warn of bearing wear.',
  'Coolers keep the oil temperature low.',
  'Breather lines vent the crankcase.',
]

describe('buildLines', () => {
  it('joins runs on one baseline, adds spaces at gaps and breaks at EOL marks and baseline changes', () => {
    const lines = buildLines([
      { text: 'Oil', x: 50, y: 700, width: 15, fontSize: 10 },
      { text: 'pressure', x: 70, y: 700, width: 40, fontSize: 10 },
      { text: 'low', x: 110, y: 700, width: 15, fontSize: 10, eol: true },
      { text: 'Next line', x: 50, y: 700, width: 40, fontSize: 10 },
      { text: 'Lower line', x: 50, y: 680, width: 40, fontSize: 10 },
      { text: 'Contents ........... 1-18', x: 50, y: 660, width: 100, fontSize: 10 },
    ])
    expect(lines.map((l) => l.text)).toEqual([
      'Oil pressurelow',
      'Next line',
      'Lower line',
      'Contents … 1-18',
    ])
  })
})

describe('tables', () => {
  /** A two-column table as pdf.js reports it: each cell a run, the space between cells one wide blank run. */
  const row = (y: number, a: string, b: string) => [
    { text: a, x: 65, y, width: a.length * 4.5, fontSize: 9 },
    { text: ' ', x: 65 + a.length * 4.5, y, width: 280 - 65 - a.length * 4.5, fontSize: 9 },
    { text: b, x: 282, y, width: b.length * 4.5, fontSize: 9, eol: true },
  ]
  const runs = [
    { text: 'The package data follow.', x: 62, y: 540, width: 120, fontSize: 10, eol: true },
    ...row(520, 'Item', 'Value'),
    ...row(502, 'Oil capacity', '48 litres'),
    ...row(484, 'Main motor', '90 kW, 400 V'),
    ...row(466, 'Weight', '2,350 kg'),
    {
      text: 'Lift the package at the marked points only.',
      x: 62,
      y: 440,
      width: 200,
      fontSize: 10,
      eol: true,
    },
  ]

  it('splits lines into cells at wide gaps and blank runs', () => {
    const lines = buildLines(runs)
    expect(lines[0]!.cells).toBeUndefined()
    expect(lines[2]!.cells?.map((c) => c.text)).toEqual(['Oil capacity', '48 litres'])
    expect(lines[2]!.text).toBe('Oil capacity 48 litres')
  })

  it('makes each row a table-row block with the first row as its header', () => {
    const { blocks } = layoutPages([{ page: 4, lines: buildLines(runs) }])
    expect(blocks.map((b) => [b.type, b.text, b.tableHeader])).toEqual([
      ['paragraph', 'The package data follow.', undefined],
      ['table-row', 'Oil capacity | 48 litres', 'Item | Value'],
      ['table-row', 'Main motor | 90 kW, 400 V', 'Item | Value'],
      ['table-row', 'Weight | 2,350 kg', 'Item | Value'],
      ['paragraph', 'Lift the package at the marked points only.', undefined],
    ])
  })

  it('does not take a single line with a wide gap (a figure label) for a table', () => {
    const lines = buildLines([
      { text: 'Figure 3-2.', x: 62, y: 500, width: 50, fontSize: 10 },
      { text: 'Oil system', x: 300, y: 500, width: 50, fontSize: 10, eol: true },
      {
        text: 'The oil system has a pressure pump and two scavenge pumps.',
        x: 62,
        y: 480,
        width: 300,
        fontSize: 10,
        eol: true,
      },
    ])
    const { blocks } = layoutPages([{ page: 1, lines }])
    expect(blocks.every((b) => b.type !== 'table-row')).toBe(true)
  })
})

describe('pageLabelNumber', () => {
  it('reads folios', () => {
    expect(pageLabelNumber('1-16')).toBe(16)
    expect(pageLabelNumber('G-2')).toBe(2)
    expect(pageLabelNumber('iv')).toBe(4)
    expect(pageLabelNumber('12')).toBe(12)
    expect(pageLabelNumber('Single-Row')).toBeNull()
    expect(pageLabelNumber('1-5-3-6-2-4')).toBeNull()
  })
})

describe('removeRunningHeadersFooters', () => {
  it('removes a repeated header line and numbered footers, keeps body text', () => {
    const pages = [1, 2, 3, 4].map((n) =>
      page(n, ['Chapter 3 Lubrication Systems', BODY[n - 1]!, BODY[n + 3]!, `Page ${n} of 4`]),
    )
    const { pages: out } = removeRunningHeadersFooters(pages)
    for (const [k, p] of out.entries()) {
      expect(texts(p)).toEqual([BODY[k], BODY[k + 4]])
    }
  })

  it('cuts a page label glued to the first line when labels count up with the pages', () => {
    const pages = [1, 2, 3, 4, 5].map((n) =>
      page(n, [`1-${n} Firing order is 1-5-3-6-2-4 on page ${n}.`, 'Rest.']),
    )
    const { pages: out } = removeRunningHeadersFooters(pages)
    expect(out.map((p) => p.lines[0]!.text)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `Firing order is 1-5-3-6-2-4 on page ${n}.`),
    )
  })

  it('leaves numbers alone when they do not follow the pages', () => {
    const pages = [1, 2, 3, 4].map((n) =>
      page(n, [`${[7, 3, 12, 5][n - 1]} bolts hold the cover.`, 'Torque them evenly.']),
    )
    const { pages: out } = removeRunningHeadersFooters(pages)
    expect(out.map((p) => p.lines[0]!.text)).toEqual(pages.map((p) => p.lines[0]!.text))
  })

  it('does nothing with fewer than three pages of text, and never empties a page', () => {
    const two = [page(1, ['Header', 'a']), page(2, ['Header', 'b'])]
    expect(removeRunningHeadersFooters(two).pages.map(texts)).toEqual([
      ['Header', 'a'],
      ['Header', 'b'],
    ])
    const single = [1, 2, 3].map((n) => page(n, ['Same line']))
    expect(removeRunningHeadersFooters(single).pages.map(texts)).toEqual([
      ['Same line'],
      ['Same line'],
      ['Same line'],
    ])
  })
})

describe('hyphenation', () => {
  const vocab = collectVocabulary([
    'The four-cylinder engine uses an oil-filled damper.',
    'Lubrication intervals are listed.',
    'Check the bear-',
    'ings every week.',
  ])

  it('does not let broken halves vouch for themselves', () => {
    expect(vocab.has('bear')).toBe(false)
    expect(vocab.has('ings')).toBe(false)
    expect(vocab.has('four-cylinder')).toBe(true)
  })

  it('joins a word broken at the line end and keeps real compounds', () => {
    expect(joinHyphenated('every lubri-', 'cation interval', vocab)).toBe('every lubrication interval')
    expect(joinHyphenated('the bear-', 'ings wear', vocab)).toBe('the bearings wear')
    expect(joinHyphenated('a four-', 'cylinder engine', vocab)).toBe('a four-cylinder engine')
    // Both halves are words and the joined form never occurs: keep the hyphen.
    expect(joinHyphenated('an oil-', 'filled unit', vocab)).toBe('an oil-filled unit')
    // Numbers and capitals are never joined.
    expect(joinHyphenated('order 1-4-5-', '2-3-6', vocab)).toBe('order 1-4-5-2-3-6')
  })
})

describe('layoutPages', () => {
  it('builds headings, paragraphs and list items, with 1-based pages and textless pages listed', () => {
    const heading: Line = { text: 'Lubrication Systems', x: 50, xEnd: 250, y: 740, fontSize: 18 }
    const p1 = page(1, [
      'Oil reduces friction between moving parts and carries heat away from the cylinders of the engine.',
      'It also cleans and seals.',
    ])
    p1.lines.unshift(heading)
    const p2 = page(2, [
      'Before the first flight of the day the mechanic checks the following items on the engine:',
      '• Oil level at the dipstick.',
      '• Filter bypass indicator.',
      'After the checks, run the engine at idle for three minutes and watch the oil pressure gauge.',
    ])
    const result = layoutPages([p1, p2, { page: 3, lines: [] }])
    expect(result.textlessPages).toEqual([3])
    expect(result.blocks.map((b) => [b.page, b.type, b.text])).toEqual([
      [1, 'heading', 'Lubrication Systems'],
      [
        1,
        'paragraph',
        'Oil reduces friction between moving parts and carries heat away from the cylinders of the engine. It also cleans and seals.',
      ],
      [
        2,
        'paragraph',
        'Before the first flight of the day the mechanic checks the following items on the engine:',
      ],
      [2, 'list-item', 'Oil level at the dipstick.'],
      [2, 'list-item', 'Filter bypass indicator.'],
      [
        2,
        'paragraph',
        'After the checks, run the engine at idle for three minutes and watch the oil pressure gauge.',
      ],
    ])
  })

  it('breaks paragraphs at vertical gaps', () => {
    const p = page(1, ['First paragraph line one', 'line two.', 'Second paragraph.'])
    p.lines[2]!.y -= 20
    const { blocks } = layoutPages([p])
    expect(blocks.map((b) => b.text)).toEqual(['First paragraph line one line two.', 'Second paragraph.'])
  })
})
