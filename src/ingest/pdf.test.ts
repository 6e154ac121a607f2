import { existsSync, readFileSync } from 'node:fs'
import { extractText, getDocumentProxy } from 'unpdf'
import { beforeAll, describe, expect, it } from 'vitest'
import { sharedPath } from '../../test/support/shared.ts'
import { makeEncryptedPdf } from './__fixtures__/encrypted-pdf.ts'
import { makePdf, wrap } from './__fixtures__/make.ts'
import { chunkBlocks } from './chunk.ts'
import { parsePdf } from './pdf.ts'
import { IngestError, type ParsedDocument } from './types.ts'

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof IngestError) return err.code
    throw err
  }
  return 'no error'
}

const HEADER = 'ACME Pump P-101 Service Manual'
const body = (n: number) =>
  wrap(
    `Page ${n} explains the seal flush plan for pump P-101 in detail. The flush line must stay open while the pump runs. ` +
      `Operators record the flush pressure every shift and report drops below the alarm limit. Sample ${n * 17} is taken weekly.`,
    90,
  ).map((text) => ({ text }))

describe('parsePdf on a generated manual', () => {
  let doc: ParsedDocument
  beforeAll(async () => {
    const bytes = await makePdf(
      [
        {
          header: HEADER,
          footer: 'Page 1 of 5',
          lines: [
            { text: 'Pump P-101 Manual', size: 20 },
            { text: '4.2 Bearing lubrication', gapBefore: 12 },
            {
              text: 'The bearing housing must be filled with the specified grease at every lubri-',
              gapBefore: 6,
            },
            { text: 'cation interval. Use a four-cylinder pump, never a two-cylinder unit; the four-' },
            { text: 'cylinder pump is quieter and keeps the housing at the right fill level.' },
            { text: '• Check the oil level.', gapBefore: 8 },
            { text: '• Replace the filter element and tighten' },
            { text: '  the cover bolts.', x: 82 },
          ],
        },
        { header: HEADER, footer: 'Page 2 of 5', lines: body(2) },
        { image: true },
        { header: HEADER, footer: 'Page 4 of 5', lines: body(4) },
        { header: HEADER, footer: 'Page 5 of 5', lines: body(5) },
      ],
      { title: 'P-101 Service Manual' },
    )
    doc = await parsePdf(bytes, 'p101.pdf')
  })

  it('keeps 1-based page numbers and skips the page without a text layer, with a warning', () => {
    expect(doc.pageCount).toBe(5)
    expect([...new Set(doc.blocks.map((b) => b.page))]).toEqual([1, 2, 4, 5])
    expect(doc.warnings).toEqual(['page 3 has no text layer (scanned?) and was not indexed'])
    expect(doc.blocks.find((b) => b.page === 4)?.text).toContain('Sample 68 is taken weekly')
  })

  it('takes the title from the PDF metadata', () => {
    expect(doc.title).toBe('P-101 Service Manual')
    expect(doc.mimeType).toBe('application/pdf')
  })

  it('removes the running header and the page-number footer but keeps body text', () => {
    const all = doc.blocks.map((b) => b.text).join('\n')
    expect(all).not.toContain(HEADER)
    expect(all).not.toMatch(/Page \d of 5/)
    expect(all).toContain('Page 2 explains the seal flush plan')
  })

  it('finds headings by size and by numbering, and list items with their continuation lines', () => {
    expect(doc.blocks.slice(0, 2)).toEqual([
      { type: 'heading', text: 'Pump P-101 Manual', page: 1, level: 1 },
      { type: 'heading', text: '4.2 Bearing lubrication', page: 1, level: 2 },
    ])
    const items = doc.blocks.filter((b) => b.type === 'list-item').map((b) => b.text)
    expect(items).toEqual(['Check the oil level.', 'Replace the filter element and tighten the cover bolts.'])
  })

  it('joins words hyphenated at line ends, keeps compounds the document hyphenates', () => {
    const para = doc.blocks.find((b) => b.text.startsWith('The bearing housing'))!.text
    expect(para).toContain('at every lubrication interval')
    expect(para).toContain('the four-cylinder pump is quieter')
  })
})

describe('parsePdf errors', () => {
  it('throws no_text for a PDF whose pages are only images', async () => {
    const bytes = await makePdf([{ image: true }, { image: true }])
    const err = await parsePdf(bytes, 'scan.pdf').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IngestError)
    expect((err as IngestError).code).toBe('no_text')
    expect((err as IngestError).message).toContain('scan.pdf')
  })

  it('throws corrupt_file for truncated and garbage PDFs', async () => {
    const good = await makePdf([{ lines: [{ text: 'hello world' }] }, { lines: [{ text: 'second page' }] }])
    expect(await codeOf(parsePdf(good, 'ok.pdf'))).toBe('no error')
    expect(await codeOf(parsePdf(good.slice(0, Math.floor(good.length / 2)), 'half.pdf'))).toBe(
      'corrupt_file',
    )
    expect(await codeOf(parsePdf(new TextEncoder().encode('%PDF-1.7\nnot really'), 'junk.pdf'))).toBe(
      'corrupt_file',
    )
  })

  it('throws encrypted_file for a password-protected PDF and reads it with the password', async () => {
    const bytes = makeEncryptedPdf('Isolate pump P-101 before opening the casing.', 'hunter2')
    const err = await parsePdf(bytes, 'locked.pdf').catch((e: unknown) => e)
    expect((err as IngestError).code).toBe('encrypted_file')
    expect((err as IngestError).message).toContain('password')
    expect(await codeOf(parsePdf(bytes, 'locked.pdf', { password: 'wrong' }))).toBe('encrypted_file')
    const doc = await parsePdf(bytes, 'locked.pdf', { password: 'hunter2' })
    expect(doc.blocks.map((b) => b.text)).toEqual(['Isolate pump P-101 before opening the casing.'])
  })
})

const FAA = sharedPath('corpus/faa-powerplant')
const DEV = sharedPath('evals/dev-questions.jsonl')

describe.skipIf(!existsSync(FAA))('FAA handbook PDFs', () => {
  const docs = new Map<string, ParsedDocument>()
  const load = async (name: string) => {
    if (!docs.has(name)) docs.set(name, await parsePdf(readFileSync(`${FAA}/${name}`), name))
    return docs.get(name)!
  }

  it('keeps page numbers: 03_amtp_ch1.pdf page 16 holds the six-cylinder firing order', async () => {
    const doc = await load('03_amtp_ch1.pdf')
    expect(doc.pageCount).toBe(61)
    const hits = doc.blocks.filter((b) => b.text.includes('1-5-3-6-2-4'))
    expect(hits.map((b) => b.page)).toEqual([16])
    const chunks = chunkBlocks(doc.blocks, { title: doc.title })
    const chunk = chunks.find((c) => c.text.includes('generally have a firing order of 1-5-3-6-2-4'))
    expect(chunk?.page).toBe(16)
  })

  it('drops the printed page labels ("1-16 …") and loses no other text', async () => {
    const bytes = readFileSync(`${FAA}/03_amtp_ch1.pdf`)
    const doc = await load('03_amtp_ch1.pdf')
    const raw = (await extractText(await getDocumentProxy(new Uint8Array(bytes)))).text
    // Compared without whitespace, bullets and hyphens (de-hyphenation and list markers are the only edits).
    const norm = (s: string) => s.replace(/[\s•*‐-]+/g, '')
    raw.forEach((pageText, k) => {
      const label = pageText.split(/\s/)[0]!
      expect(label).toBe(`1-${k + 1}`)
      const mine = doc.blocks.filter((b) => b.page === k + 1)
      expect(mine[0]?.text.startsWith(label)).toBe(false)
      expect(norm(mine.map((b) => b.text).join(''))).toBe(norm(pageText.slice(label.length)))
    })
  })

  it('removes the G-n folios of the glossary and reads its entries as paragraphs', async () => {
    const doc = await load('14_amtp_glossary.pdf')
    expect(doc.blocks.some((b) => /^G-\d+$/.test(b.text) || /\bG-\d+$/.test(b.text))).toBe(false)
    const entry = doc.blocks.find((b) => b.text.startsWith('Air cooling.'))
    expect(entry).toMatchObject({ type: 'paragraph', page: 2 })
    expect(entry?.text).toBe(
      'Air cooling. The removal of unwanted heat from an aircraft engine by transferring the heat directly into the air flowing over the engine components.',
    )
  })

  it('reports the blank first page of the front matter', async () => {
    const doc = await load('01_amtp_front.pdf')
    expect(doc.warnings).toEqual(['page 1 is blank'])
  })

  it.skipIf(!existsSync(DEV))('puts every dev-set answer on the cited page, inside one chunk', async () => {
    const cases = readFileSync(DEV, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string
            sources: Array<{ document: string; page?: number }>
            answer_contains: string[]
          },
      )
    let checked = 0
    for (const c of cases) {
      for (const s of c.sources) {
        if (!s.document.endsWith('.pdf') || s.page === undefined) continue
        const doc = await load(s.document)
        const chunks = chunkBlocks(doc.blocks, { title: doc.title }).filter((ch) => ch.page === s.page)
        const found = chunks.some((ch) =>
          c.answer_contains.every((a) => ch.text.toLowerCase().includes(a.toLowerCase())),
        )
        expect(found, `${c.id} ${s.document} p.${s.page}`).toBe(true)
        checked++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(26)
  })
})
