/**
 * The real public corpus in ../shared (skipped when it is absent): page-exact PDF citations, the regulation's
 * paragraph locators and the full work-order export, through the same pipeline and search as the service.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmbeddingProvider } from '../src/embed/index.ts'
import type { EmbeddingProvider } from '../src/embed/types.ts'
import { ingestDocument } from '../src/ingest/pipeline.ts'
import { search } from '../src/retrieve/search.ts'
import { openStore, type Store } from '../src/store/db.ts'

const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus')
const files = {
  ch1: join(CORPUS, 'faa-powerplant', '03_amtp_ch1.pdf'),
  osha: join(CORPUS, 'osha-loto', '29-CFR-1910.147.md'),
  wo: join(CORPUS, 'assetopsbench-maintenance', 'all_wo_with_code_component_events.csv'),
}

describe.skipIf(!Object.values(files).every((f) => existsSync(f)))('public corpus', () => {
  let store: Store
  let embedder: EmbeddingProvider
  const ask = (q: string, k = 5) => search({ store, embedder }, q, { sites: ['corpus'] }, { k })

  beforeAll(async () => {
    store = await openStore()
    embedder = await createEmbeddingProvider({})
    for (const [name, path] of Object.entries(files)) {
      await ingestDocument(
        { store, embedder },
        {
          siteId: 'corpus',
          source: `${name}/${path.split('/').pop()}`,
          bytes: new Uint8Array(readFileSync(path)),
        },
      )
    }
  })
  afterAll(async () => store?.close())

  it('cites the PDF page an answer is on', async () => {
    const hits = await ask('in what order do the cylinders of a six cylinder inline engine fire?')
    const hit = hits.find((h) => h.text.includes('1-5-3-6-2-4'))
    expect(hit?.page).toBe(16)
    expect(hit?.document.source).toBe('ch1/03_amtp_ch1.pdf')
  })

  it('cites regulation paragraphs by their locator', async () => {
    const hits = await ask('what must the training certification contain?')
    expect(hits.some((h) => h.section?.endsWith('(c)(7)(iv)') && /name/.test(h.text))).toBe(true)
    const group = await ask('group lockout: does each worker attach a personal lock to the group lockbox?')
    expect(group.some((h) => h.section?.endsWith('(f)(3)(ii)(D)'))).toBe(true)
  })

  it('stores every row of the work-order export', async () => {
    const rows = await store.rows<{ n: number; pm: number }>(
      sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE work_type = 'preventive')::int AS pm FROM work_orders`,
    )
    expect(rows[0]!.n).toBe(4249)
    const chiller4 = await store.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM work_orders
      WHERE equipment_name = 'Chiller 4' AND work_type = 'preventive' AND extract(year FROM finished_at) = 2014`)
    expect(chiller4[0]!.n).toBe(21)
  })
})
