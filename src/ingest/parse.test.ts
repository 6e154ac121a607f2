import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedPath } from '../../test/support/shared.ts'
import { makeDocx, makePdf } from './__fixtures__/make.ts'
import { chunkBlocks } from './chunk.ts'
import { parseFile } from './parse.ts'
import { IngestError } from './types.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)

async function errorOf(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p
  } catch (err) {
    if (err instanceof IngestError) return err
    throw err
  }
  throw new Error('expected an IngestError')
}

describe('parseFile', () => {
  it('dispatches every format and sets title and mimeType', async () => {
    const pdf = await parseFile('manuals/p101.pdf', await makePdf([{ lines: [{ text: 'Pump text.' }] }]))
    expect(pdf).toMatchObject({ title: 'p101', mimeType: 'application/pdf', pageCount: 1 })
    const docx = await parseFile('ct.docx', await makeDocx())
    expect(docx).toMatchObject({
      title: 'Cooling Tower CT-101 Procedure',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    })
    const md = await parseFile('sop.md', utf8('# Start-up SOP\n\nOpen the valve.'))
    expect(md).toMatchObject({ title: 'Start-up SOP', mimeType: 'text/markdown' })
    const html = await parseFile('page.htm', utf8('<h1>Dryer</h1><p>Drain daily.</p>'))
    expect(html).toMatchObject({ title: 'Dryer', mimeType: 'text/html' })
    const txt = await parseFile('notes.txt', utf8('Shift notes.\n\nAll fine.'))
    expect(txt).toMatchObject({ title: 'notes', mimeType: 'text/plain' })
    expect(txt.blocks.map((b) => b.text)).toEqual(['Shift notes.', 'All fine.'])
  })

  it('reads work-order CSVs as work orders and other CSVs as table rows with a warning', async () => {
    const wo = await parseFile('wo.csv', utf8('wo_id,equipment_id,description\nWO1,P-101,Seal leak\n'))
    expect(wo.mimeType).toBe('text/csv')
    expect(wo.workOrders).toHaveLength(1)
    const table = await parseFile('codes.csv', utf8('code,meaning\nM001,Cracking\n'))
    expect(table.workOrders).toBeUndefined()
    expect(table.blocks).toEqual([
      { type: 'table-row', text: 'M001 | Cracking', page: null, tableHeader: 'code | meaning' },
    ])
    expect(table.warnings[0]).toMatch(/no work-order columns recognised/)
    // Asking for work orders explicitly makes the same file an error.
    const err = await errorOf(
      parseFile('codes.csv', utf8('code,meaning\nM001,Cracking\n'), { csvMode: 'work-orders' }),
    )
    expect(err.code).toBe('unrecognised_columns')
    const mapped = await parseFile('codes.csv', utf8('code,meaning\nM001,Cracking\n'), {
      mapping: { woId: 'code', description: 'meaning' },
    })
    expect(mapped.workOrders?.[0]).toMatchObject({ woId: 'M001', description: 'Cracking' })
  })

  it('throws the documented errors', async () => {
    expect((await errorOf(parseFile('a.txt', new Uint8Array()))).code).toBe('empty_file')
    expect((await errorOf(parseFile('a.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0])))).code).toBe(
      'unsupported_type',
    )
    expect((await errorOf(parseFile('big.txt', utf8('x'.repeat(100)), { maxBytes: 10 }))).code).toBe(
      'too_large',
    )
    expect((await errorOf(parseFile('broken.pdf', utf8('not a pdf')))).code).toBe('corrupt_file')
    expect(
      (await errorOf(parseFile('empty.html', utf8('<script>x()</script><style>p{}</style>')))).code,
    ).toBe('no_text')
  })
})

const OSHA = sharedPath('corpus/osha-loto/29-CFR-1910.147.md')
const FAA = sharedPath('corpus/faa-powerplant/05_amtp_ch3.pdf')

describe.skipIf(!existsSync(OSHA) || !existsSync(FAA))('parse + chunk on the corpus', () => {
  it('chunks the OSHA file along its paragraph numbering', async () => {
    const doc = await parseFile('29-CFR-1910.147.md', readFileSync(OSHA))
    const chunks = chunkBlocks(doc.blocks, { title: doc.title })
    expect(chunks.length).toBeGreaterThan(60)
    expect(chunks.length).toBeLessThan(140)
    expect(chunks.filter((c) => c.section?.startsWith('(')).length).toBeGreaterThan(60)
  })

  it('chunks an FAA chapter page by page', async () => {
    const doc = await parseFile('05_amtp_ch3.pdf', readFileSync(FAA))
    const chunks = chunkBlocks(doc.blocks, { title: doc.title })
    expect(new Set(chunks.map((c) => c.page)).size).toBe(doc.pageCount)
    expect(chunks.every((c) => c.section === null && c.indexText.startsWith(doc.title))).toBe(true)
    const sizes = chunks.map((c) => c.text.length)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(900 + 150 + 1)
  })
})
