/**
 * The held-out question sets (never tuned on): every listed page of a retrieval case holds all its expected
 * strings inside one chunk, as the ingester cuts it, so a retrieval hit there can answer; unanswerable cases
 * list nothing.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chunkBlocks } from '../src/ingest/chunk.ts'
import { parsePdf } from '../src/ingest/pdf.ts'
import { sharedPath } from '../test/support/shared.ts'
import { readCases } from './cases.ts'
import { splitOf } from './split.ts'

const SETS = [
  {
    file: 'heldout-doe-pump.jsonl',
    pdf: sharedPath('corpus/doe-pump-sourcebook/doe_pumping_system_sourcebook.pdf'),
  },
  { file: 'heldout-tm5-ups.jsonl', pdf: sharedPath('corpus/tm5-693-ups/tm_5_693.pdf') },
]

describe.each(SETS)('held-out set $file', ({ file, pdf }) => {
  const path = join(import.meta.dirname, file)
  const cases = readCases(path)

  it('has about 20 answerable cases of mixed kinds and a few unanswerable ones, all held out', () => {
    const answerable = cases.filter((c) => c.kind === 'retrieval')
    expect(answerable.length).toBeGreaterThanOrEqual(20)
    expect(cases.filter((c) => c.kind === 'unanswerable').length).toBeGreaterThanOrEqual(3)
    const types = new Set(cases.map((c) => (c as { question_type?: string }).question_type))
    for (const t of ['value', 'definition', 'procedure', 'troubleshooting']) expect(types).toContain(t)
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length)
    for (const c of cases) expect(splitOf(path, c.id)).toBe('heldout')
    for (const c of cases.filter((x) => x.kind === 'unanswerable')) {
      expect(c.sources).toEqual([])
      expect(c.answer_contains).toEqual([])
    }
  })

  it.skipIf(!existsSync(pdf))('puts every expected answer on each cited page, inside one chunk', async () => {
    const doc = await parsePdf(new Uint8Array(readFileSync(pdf)), pdf)
    const chunks = chunkBlocks(doc.blocks, { title: doc.title })
    const norm = (s: string) => s.replace(/\s+/g, ' ').toLowerCase()
    for (const c of cases) {
      for (const s of c.sources) {
        expect(pdf.endsWith(s.document), `${c.id} cites ${s.document}`).toBe(true)
        const found = chunks
          .filter((ch) => ch.page === s.page)
          .some((ch) => c.answer_contains.every((a) => norm(ch.text).includes(norm(a))))
        expect(found, `${c.id} ${s.document} p.${s.page}`).toBe(true)
      }
    }
  })
})
