import { describe, expect, it } from 'vitest'
import { makeDocx } from './__fixtures__/make.ts'
import { parseDocx } from './docx.ts'
import { IngestError } from './types.ts'

describe('parseDocx', () => {
  it('keeps Word headings, lists and tables as structure', async () => {
    const doc = await parseDocx(await makeDocx(), 'ct101.docx')
    expect(doc.title).toBe('Cooling Tower CT-101 Procedure')
    expect(doc.pageCount).toBeNull()
    expect(doc.blocks.map((b) => [b.type, b.level ?? null, b.text])).toEqual([
      ['heading', 1, 'Cooling Tower CT-101 Procedure'],
      ['heading', 1, '1 Scope'],
      ['paragraph', null, 'This procedure covers the fan motor CT-101-M1 and the basin heater.'],
      ['heading', 2, '1.1 Safety'],
      ['list-item', null, 'Lock out the fan disconnect before work.'],
      ['list-item', null, 'Verify zero energy at the motor terminals.'],
      ['list-item', null, 'Open the access door.'],
      ['list-item', null, 'Inspect the fill for scale.'],
      ['heading', 1, '2 Inspection points'],
      ['table-row', null, 'Fan belt | Tension | 10 mm deflection'],
      ['table-row', null, 'Gearbox | Oil level | Mid sight glass'],
    ])
    expect(doc.blocks.filter((b) => b.type === 'table-row').map((b) => b.tableHeader)).toEqual([
      'Item | Check | Limit',
      'Item | Check | Limit',
    ])
    expect(doc.blocks.every((b) => b.page === null)).toBe(true)
  })

  it('throws corrupt_file for a truncated or fake .docx', async () => {
    const good = await makeDocx()
    for (const bytes of [
      good.slice(0, Math.floor(good.length / 2)),
      new TextEncoder().encode('not a zip at all'),
    ]) {
      const err = await parseDocx(bytes, 'broken.docx').catch((e: unknown) => e)
      expect(err).toBeInstanceOf(IngestError)
      expect((err as IngestError).code).toBe('corrupt_file')
      expect((err as IngestError).message).toContain('broken.docx')
    }
  })
})
