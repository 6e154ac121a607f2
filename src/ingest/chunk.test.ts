import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedPath } from '../../test/support/shared.ts'
import { CHUNK_DEFAULTS, chunkBlocks, isCaption, splitOversized } from './chunk.ts'
import { parseMarkdown } from './markdown.ts'
import { applyOutline, formatLocator, isWithin } from './outline.ts'
import { type Block, IngestError } from './types.ts'

const p = (text: string, page: number | null = null): Block => ({ type: 'paragraph', text, page })
const h = (text: string, level: number): Block => ({ type: 'heading', text, page: null, level })
const li = (text: string): Block => ({ type: 'list-item', text, page: null })

/** Sentences like "Sentence 7 says something about pump seals." of varying length. */
const sentences = (n: number, from = 1) =>
  Array.from(
    { length: n },
    (_, k) => `Sentence ${k + from} says ${'something '.repeat(1 + ((k * 7) % 9))}about pump seals.`,
  )

describe('chunkBlocks: structure', () => {
  it('never lets a chunk span two pages', () => {
    const chunks = chunkBlocks([p('Page one, first.', 1), p('Page one, second.', 1), p('Page two.', 2)], {
      title: 'T',
    })
    expect(chunks.map((c) => [c.page, c.text])).toEqual([
      [1, 'Page one, first.\n\nPage one, second.'],
      [2, 'Page two.'],
    ])
  })

  it('builds the section path from headings and starts a chunk at every heading', () => {
    const chunks = chunkBlocks(
      [
        h('Pump Manual', 1),
        h('4 Lubrication', 2),
        p('Grease every 500 h.'),
        h('4.2 Bearing lubrication', 3),
        p('Use NLGI 2 grease.'),
        h('5 Shutdown', 2),
        p('Close the discharge valve first.'),
      ],
      { title: 'P-101 manual' },
    )
    expect(chunks.map((c) => [c.section, c.text])).toEqual([
      ['Pump Manual > 4 Lubrication', 'Grease every 500 h.'],
      ['Pump Manual > 4 Lubrication > 4.2 Bearing lubrication', 'Use NLGI 2 grease.'],
      ['Pump Manual > 5 Shutdown', 'Close the discharge valve first.'],
    ])
    expect(chunks[1]!.indexText).toBe(
      'P-101 manual\nPump Manual > 4 Lubrication > 4.2 Bearing lubrication\nUse NLGI 2 grease.',
    )
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1, 2])
  })

  it('packs small blocks up to maxChars and keeps every list item whole', () => {
    const items = Array.from({ length: 30 }, (_, k) =>
      `Step ${k + 1}: ${'check the valve position '.repeat(1 + (k % 4))}`.trim(),
    )
    const chunks = chunkBlocks(items.map(li), { title: 'T', maxChars: 300 })
    expect(chunks.length).toBeGreaterThan(5)
    expect(chunks.length).toBeLessThan(30)
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(300)
    for (const item of items) {
      const holders = chunks.filter((c) => c.text.split('\n').includes(item))
      expect(holders, item).toHaveLength(1)
    }
  })

  it('cuts an oversized paragraph at sentence boundaries into balanced pieces, with a one-sentence overlap', () => {
    const all = sentences(40)
    const text = all.join(' ')
    const chunks = chunkBlocks([p(text, 3)], { title: 'T', maxChars: 600, overlapChars: 150 })
    expect(chunks.length).toBe(Math.ceil(text.length / 600))
    for (const [k, c] of chunks.entries()) {
      expect(c.page).toBe(3)
      expect(c.text.length).toBeLessThanOrEqual(600 + 150 + 1)
      expect(c.text.endsWith('about pump seals.')).toBe(true)
      if (k > 0) {
        // Starts with the last sentence of the previous chunk.
        const prev = chunks[k - 1]!.text
        const lastSentence = prev.slice(prev.lastIndexOf('Sentence '))
        expect(c.text.startsWith(`${lastSentence} Sentence `)).toBe(true)
      }
    }
    // Without the overlap the pieces put the paragraph back together.
    const plain = chunkBlocks([p(text)], { title: 'T', maxChars: 600, overlapChars: 0 })
    expect(plain.map((c) => c.text).join(' ')).toBe(text)
    const sizes = plain.map((c) => c.text.length)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(250)
  })

  it('cuts text without sentence ends at spaces, as a last resort', () => {
    const text = 'word '.repeat(700).trim()
    const pieces = splitOversized(text, 500)
    expect(pieces.length).toBe(Math.ceil(text.length / 500))
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(500)
      expect(piece).toMatch(/^word( word)*$/)
    }
    const glued = 'x'.repeat(1200)
    expect(splitOversized(glued, 500).join('')).toBe(glued)
  })

  it('does not carry overlap across a page, a heading or list items', () => {
    const long = sentences(30).join(' ')
    const chunks = chunkBlocks([p(long, 1), p('Second page starts here.', 2)], { title: 'T', maxChars: 500 })
    expect(chunks[chunks.length - 1]!.text).toBe('Second page starts here.')
    const withHeading = chunkBlocks([p(long), h('Next', 1), p('Fresh section.')], {
      title: 'T',
      maxChars: 500,
    })
    expect(withHeading[withHeading.length - 1]!.text).toBe('Fresh section.')
    // Two paragraphs that do not fit together: the second starts clean (no sentence of the first).
    const first = sentences(6).join(' ')
    const second = sentences(6, 100).join(' ')
    const maxChars = Math.max(first.length, second.length) + 10
    expect(chunkBlocks([p(first), p(second)], { title: 'T', maxChars }).map((c) => c.text)).toEqual([
      first,
      second,
    ])
  })

  it('repeats a table header at the top of each chunk holding its rows', () => {
    const rows: Block[] = Array.from({ length: 12 }, (_, k) => ({
      type: 'table-row' as const,
      text: `P-${100 + k} | Feed pump ${k} | 30 m3/h`,
      page: null,
      tableHeader: 'Tag | Service | Flow',
    }))
    const chunks = chunkBlocks([p('Pump list follows.'), ...rows], { title: 'T', maxChars: 200 })
    expect(
      chunks[0]!.text.startsWith('Pump list follows.\n\nTag | Service | Flow\nP-100 | Feed pump 0'),
    ).toBe(true)
    for (const c of chunks.slice(1)) expect(c.text.startsWith('Tag | Service | Flow\n')).toBe(true)
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(200)
    expect(chunks.map((c) => c.text).join('\n')).toContain('P-111 | Feed pump 11 | 30 m3/h')
  })

  it('rejects bad options with invalid_option', () => {
    const bad = [{ maxChars: 50 }, { minChars: 2000 }, { overlapChars: 600 }, { maxChars: Number.NaN }]
    for (const o of bad) {
      let err: unknown
      try {
        chunkBlocks([p('x')], { title: 'T', ...o })
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(IngestError)
      expect((err as IngestError).code).toBe('invalid_option')
    }
    expect(CHUNK_DEFAULTS.maxChars).toBe(900)
  })

  it('skips empty blocks and breaks at page-break blocks', () => {
    const chunks = chunkBlocks([p('A.'), p('  '), { type: 'page-break', text: '', page: null }, p('B.')], {
      title: 'T',
    })
    expect(chunks.map((c) => c.text)).toEqual(['A.', 'B.'])
  })
})

describe('chunkBlocks: legal outlines', () => {
  const reg = [
    '(a) Scope —',
    '(1) Scope.',
    `(i) This standard covers servicing. ${'It applies widely. '.repeat(12)}`,
    '(ii) Not covered:',
    '(A) Construction;',
    '(B) Agriculture.',
    '(b) Definitions applicable to this section.',
    `Affected employee.   An employee who operates the machine. ${'More words here. '.repeat(6)}`,
    'Energized.   Connected to an energy source.',
    `Lockout.   The placement of a lockout device. ${'More words here. '.repeat(6)}`,
    '(c) General —',
    `(1) Program.  The employer shall establish a program. ${'Details follow. '.repeat(15)}`,
    '(2) Training.',
    `(i) Training shall be provided. ${'Details follow. '.repeat(15)}`,
    `(ii) Retraining shall be provided. ${'Details follow. '.repeat(15)}`,
  ].map((t) => p(t))

  it('uses the first substantive paragraph locator as section and never packs siblings', () => {
    const chunks = chunkBlocks(reg, { title: 'Reg' })
    expect(chunks.map((c) => c.section)).toEqual([
      '(a)(1)(i)',
      '(a)(1)(ii)',
      '(b)',
      '(b)',
      '(c)(1)',
      '(c)(2)(i)',
      '(c)(2)(ii)',
    ])
    expect(chunks[0]!.text.startsWith('(a) Scope —\n\n(1) Scope.\n\n(i) This standard')).toBe(true)
    expect(chunks[1]!.text).toBe('(ii) Not covered:\n\n(A) Construction;\n\n(B) Agriculture.')
    // Definitions: one (or a short one plus the next) per chunk, with the (b) caption as context.
    expect(
      chunks[2]!.text.startsWith('(b) Definitions applicable to this section.\n\nAffected employee.'),
    ).toBe(true)
    expect(chunks[3]!.text.startsWith('Energized.')).toBe(true)
    expect(chunks[3]!.indexText).toContain('(b) Definitions applicable to this section.')
    expect(chunks[6]!.indexText.split('\n').slice(0, 3)).toEqual([
      'Reg',
      '(c)(2)(ii)',
      '(c) General — > (2) Training.',
    ])
  })

  it('can be switched off', () => {
    const chunks = chunkBlocks(reg, { title: 'Reg', outline: false })
    expect(chunks.every((c) => c.section === null)).toBe(true)
  })

  it('recognises caption-only paragraphs', () => {
    expect(isCaption('(7) Training and communication.')).toBe(true)
    expect(isCaption('(c) General —')).toBe(true)
    expect(isCaption('(ii) This standard does not cover the following:')).toBe(false)
    expect(isCaption('(B) Standardized.  Lockout devices shall be standardized.')).toBe(false)
    expect(isCaption('Training and communication.')).toBe(false)
  })
})

const OSHA = sharedPath('corpus/osha-loto/29-CFR-1910.147.md')
const DEV = sharedPath('evals/dev-questions.jsonl')

describe.skipIf(!existsSync(OSHA))('chunking 29 CFR 1910.147', () => {
  const doc = () => parseMarkdown(readFileSync(OSHA), '29-CFR-1910.147.md')
  const parts = (section: string) => section.match(/\([^)]+\)/g) ?? []

  it('has a (c)(7)(iv) chunk with the training certification content and its ancestors as context', () => {
    const chunks = chunkBlocks(doc().blocks, { title: '29 CFR 1910.147' })
    const c = chunks.find((x) => x.section === '(c)(7)(iv)')
    expect(c?.text).toContain("certification shall contain each employee's name and dates of training")
    expect(c?.indexText).toContain('(c) General — > (7) Training and communication.')
    expect(chunks.some((x) => x.section === '(f)(3)(ii)(D)')).toBe(true)
  })

  it('keeps every chunk inside one paragraph and its sub-paragraphs', () => {
    const blocks = applyOutline(doc().blocks)
    // Paragraph text -> locator, for texts that occur once ("Note:" occurs several times).
    const counts = new Map<string, number>()
    for (const b of blocks) counts.set(b.text, (counts.get(b.text) ?? 0) + 1)
    const locatorOf = new Map(blocks.filter((b) => counts.get(b.text) === 1).map((b) => [b.text, b.outline]))
    const chunks = chunkBlocks(doc().blocks, { title: 'T' })
    for (const c of chunks) {
      if (!c.section?.startsWith('(')) continue
      const section = parts(c.section)
      let anchored = false
      for (const piece of c.text.split('\n\n')) {
        const loc = locatorOf.get(piece)
        if (!loc) continue // a piece of a split paragraph
        const inside = isWithin(loc, section)
        // Only captions of ancestors may come before the paragraph that anchors the chunk.
        if (!inside)
          expect(anchored || isWithin(section, loc), `${c.section}: ${piece.slice(0, 40)}`).toBe(true)
        else anchored = true
        if (anchored) expect(inside, `${c.section}: ${piece.slice(0, 40)}`).toBe(true)
      }
    }
    expect(
      chunks.some((c) => c.text.includes('(7) Training') && c.text.includes('(8) Energy isolation')),
    ).toBe(false)
  })

  it('chunks the definitions small, all under section (b)', () => {
    const blocks = doc().blocks
    const defs = blocks.filter((b) => /^[A-Z][\w/ ]+\.\s{3}/.test(b.text)).map((b) => b.text)
    expect(defs.length).toBe(14)
    const chunks = chunkBlocks(blocks, { title: 'T' })
    for (const d of defs) {
      const holder = chunks.filter((c) => c.text.includes(d))
      expect(holder, d.slice(0, 30)).toHaveLength(1)
      expect(holder[0]!.section).toBe('(b)')
      expect(holder[0]!.indexText).toContain('(b) Definitions applicable to this section.')
      expect(defs.filter((x) => holder[0]!.text.includes(x)).length).toBeLessThanOrEqual(2)
    }
  })

  it.skipIf(!existsSync(DEV))('finds each OSHA dev answer in a chunk of the cited paragraph or below', () => {
    const chunks = chunkBlocks(doc().blocks, { title: 'T' })
    const cases = readFileSync(DEV, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            sources: Array<{ document: string; section?: string }>
            answer_contains: string[]
          },
      )
      .filter((c) => c.sources.some((s) => s.section))
    expect(cases.length).toBeGreaterThanOrEqual(4)
    for (const c of cases) {
      const ok = c.sources.some(
        (s) =>
          s.section &&
          chunks.some(
            (ch) =>
              ch.section?.startsWith('(') &&
              isWithin(parts(ch.section), parts(s.section!)) &&
              c.answer_contains.every((a) => ch.text.toLowerCase().includes(a.toLowerCase())),
          ),
      )
      expect(ok, JSON.stringify(c.sources)).toBe(true)
    }
  })

  it('keeps chunk sizes bounded', () => {
    const chunks = chunkBlocks(doc().blocks, { title: 'T' })
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(CHUNK_DEFAULTS.maxChars)
    expect(formatLocator(['(c)', '(7)'])).toBe('(c)(7)')
  })
})
