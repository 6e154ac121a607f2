/**
 * The knowledge-base API end to end over real HTTP and a real PGlite store: every format, idempotent re-ingest,
 * update, delete, filters, site scoping and each kind of bad input (which must leave nothing behind).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEncryptedPdf } from '../src/ingest/__fixtures__/encrypted-pdf.ts'
import { makeDocx, makePdf, utf8 } from './support/fixtures.ts'
import { startService, type TestService } from './support/harness.ts'

let svc: TestService
let admin: string
let plannerA: string
let operatorA: string
let operatorB: string

const SOP_MD = `# SOP-LOTO-7 Lockout of feed pump FP-310

Document SOP-LOTO-7, revision 2.

## Energy sources

- Electrical: 37 kW motor fed from MCC-3 bucket 2C.
- Hydraulic: discharge line pressure held by check valve CV-310.

## Isolation

1. Open breaker MCC-3 bucket 2C and rack it out.
2. Close suction valve HV-310S and discharge valve HV-310D.
3. Open bleed valve BV-310 to release trapped pressure.

## Verification

Try to start FP-310 from the local station; it must not turn.
`

const CSV = `WO Number,Asset Tag,Asset Description,Work Description,Work Type,Priority,Failure Code,Completed Date,Labor Hours
WO-9001,FP-310,Feed pump 310,Replace mechanical seal after leak,CM,2,SEAL-LEAK,2025-03-04 10:00,6.5
WO-9002,FP-310,Feed pump 310,Monthly greasing of motor bearings,PM,4,,2025-04-01 08:00,0.5
WO-9003,AC-12,Air cooler 12,Clean fin bank,PM,4,,2025-04-11 09:30,2
`

async function chunkCount(): Promise<number> {
  const rows = await svc.store.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM chunks`)
  return rows[0]!.n
}
async function docCount(): Promise<number> {
  const rows = await svc.store.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM documents`)
  return rows[0]!.n
}

async function searchAs(key: string, params: Record<string, string>) {
  const res = await svc.fetch(`/v1/search?${new URLSearchParams(params)}`, { key })
  return { status: res.status, body: (await res.json()) as any }
}

beforeAll(async () => {
  svc = await startService({ maxUploadBytes: 256 * 1024 })
  admin = await svc.key('admin', '*')
  plannerA = await svc.key('planner', ['site-a'])
  operatorA = await svc.key('operator', ['site-a'])
  operatorB = await svc.key('operator', ['site-b'])
})
afterAll(async () => svc?.close())

describe('health and keys', () => {
  it('answers /healthz without a key', async () => {
    const res = await svc.fetch('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'pglite', bm25: true })
  })
  it('refuses /v1 without a key or with a wrong one, with a problem body naming the header', async () => {
    for (const key of [undefined, 'pck_not-a-real-key']) {
      const res = await svc.fetch('/v1/search?q=pump', { key })
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(await res.json()).toMatchObject({ status: 401, field: 'authorization' })
    }
  })
})

describe('ingest every format', () => {
  it('takes Markdown and cites its sections', async () => {
    const r = await svc.upload(plannerA, 'SOP-LOTO-7.md', utf8(SOP_MD))
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ status: 'created', kind: 'sop', site: 'site-a', version: 1 })
    expect(r.body.chunks).toBeGreaterThan(0)
    const s = await searchAs(operatorA, { q: 'which valve releases trapped pressure on the feed pump?' })
    expect(s.status).toBe(200)
    const top = s.body.results[0]
    expect(top.text).toContain('BV-310')
    expect(top.section).toContain('Isolation')
    expect(top.page).toBeNull()
    expect(top.document).toMatchObject({
      title: expect.stringContaining('SOP-LOTO-7'),
      source: 'SOP-LOTO-7.md',
      kind: 'sop',
      site: 'site-a',
    })
  })

  it('takes a PDF with page numbers and reports a page without a text layer', async () => {
    const pdf = await makePdf(
      [
        'Cooling tower fan gearbox\nGeneral description of the fan drive.',
        '',
        'Gearbox oil\nChange the gearbox oil every 2500 operating hours using ISO VG 220 gear oil.',
      ],
      'Fan gearbox manual',
    )
    const r = await svc.upload(admin, 'fan-gearbox-manual.pdf', pdf, { site: 'site-a' })
    expect(r.status).toBe(201)
    expect(r.body.kind).toBe('manual')
    expect(r.body.warnings.join(' ')).toMatch(/2/)
    const s = await searchAs(operatorA, { q: 'how often is the fan gearbox oil changed' })
    const hit = s.body.results.find((x: any) => x.document.source === 'fan-gearbox-manual.pdf')
    expect(hit).toBeDefined()
    expect(hit.page).toBe(3)
    expect(hit.text).toContain('2500')
  })

  it('takes DOCX, HTML and plain text', async () => {
    const docx = await makeDocx('Air cooler AC-12 service notes', [
      {
        heading: 'Fin cleaning',
        paragraphs: ['Wash the fin bank with low pressure water below 5 bar from the fan side.'],
      },
    ])
    const html = utf8(
      '<html><body><h1>Shift handover</h1><h2>Compressor house</h2><p>Record the dew point of dryer DR-5 every shift.</p><ul><li>Check drain traps</li></ul></body></html>',
    )
    const txt = utf8(
      'AREA NOTES\n\nThe emergency shower in the boiler house is tested every Monday by the day shift.\n',
    )
    for (const [name, bytes] of [
      ['ac12-notes.docx', docx],
      ['handover.html', html],
      ['area-notes.txt', txt],
    ] as const) {
      const r = await svc.upload(plannerA, name, bytes)
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(201)
    }
    const s1 = await searchAs(operatorA, { q: 'fin bank washing pressure AC-12' })
    expect(s1.body.results[0].document.source).toBe('ac12-notes.docx')
    const s2 = await searchAs(operatorA, { q: 'dryer dew point record' })
    expect(s2.body.results[0].document.source).toBe('handover.html')
    const s3 = await searchAs(operatorA, { q: 'when is the emergency shower tested' })
    expect(s3.body.results[0].document.source).toBe('area-notes.txt')
  })

  it('takes a work-order CSV: each row a work order and searchable text', async () => {
    const r = await svc.upload(plannerA, 'wo-export.csv', utf8(CSV))
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ kind: 'log', work_orders: 3 })
    const rows = await svc.store.rows<{ wo_id: string; work_type: string; labor_hours: number }>(
      sql`SELECT wo_id, work_type, labor_hours FROM work_orders ORDER BY wo_id`,
    )
    expect(rows.map((x) => [x.wo_id, x.work_type, x.labor_hours])).toEqual([
      ['WO-9001', 'corrective', 6.5],
      ['WO-9002', 'preventive', 0.5],
      ['WO-9003', 'preventive', 2],
    ])
    const s = await searchAs(operatorA, { q: 'mechanical seal leak on the feed pump', kind: 'log' })
    expect(s.body.results[0].text).toContain('WO-9001')
  })
})

describe('re-ingest, update and delete', () => {
  it('treats the same content again as a no-op', async () => {
    const before = await chunkCount()
    const r = await svc.upload(plannerA, 'SOP-LOTO-7.md', utf8(SOP_MD))
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ status: 'unchanged', version: 1 })
    expect(await chunkCount()).toBe(before)
  })

  it('replaces a changed file with the same source as a new version', async () => {
    const changed = SOP_MD.replace('BV-310', 'BV-311')
    const r = await svc.upload(plannerA, 'SOP-LOTO-7.md', utf8(changed))
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ status: 'updated', version: 2 })
    const s = await searchAs(operatorA, { q: 'bleed valve trapped pressure feed pump', k: '10' })
    const texts = s.body.results.map((x: any) => x.text).join('\n')
    expect(texts).toContain('BV-311')
    expect(texts).not.toContain('BV-310')
    const list = await (await svc.fetch('/v1/documents', { key: operatorA })).json()
    expect(list.documents.filter((d: any) => d.source === 'SOP-LOTO-7.md')).toHaveLength(1)
  })

  it('deletes a document with its chunks, and serves the original file before that', async () => {
    const r = await svc.upload(
      plannerA,
      'to-delete.md',
      utf8('# Temporary\n\nThe spare impeller for pump ZZ-900 sits in rack 14.\n'),
    )
    const id = r.body.id
    const file = await svc.fetch(`/v1/documents/${id}/file`, { key: operatorA })
    expect(file.status).toBe(200)
    expect(await file.text()).toContain('rack 14')
    expect((await svc.fetch(`/v1/documents/${id}`, { key: operatorA, method: 'DELETE' })).status).toBe(403)
    const del = await svc.fetch(`/v1/documents/${id}`, { key: plannerA, method: 'DELETE' })
    expect(del.status).toBe(200)
    expect((await svc.fetch(`/v1/documents/${id}`, { key: plannerA })).status).toBe(404)
    const left = await svc.store.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM chunks WHERE document_id = ${id}`,
    )
    expect(left[0]!.n).toBe(0)
    const s = await searchAs(operatorA, { q: 'spare impeller ZZ-900 rack' })
    expect(s.body.results.every((x: any) => x.document.id !== id)).toBe(true)
  })
})

describe('filters and scoping', () => {
  it('filters by kind and by asset tag inside the query', async () => {
    const sops = await searchAs(operatorA, { q: 'feed pump', kind: 'sop', k: '10' })
    expect(sops.body.results.length).toBeGreaterThan(0)
    expect(sops.body.results.every((x: any) => x.document.kind === 'sop')).toBe(true)
    const tagged = await searchAs(operatorA, { q: 'cleaning', asset: 'ac-12', k: '10' })
    expect(tagged.body.results.length).toBeGreaterThan(0)
    // Chunks are tagged from their text, section and document title: all of these concern AC-12.
    for (const x of tagged.body.results)
      expect(`${x.document.title} ${x.text}`.toUpperCase()).toContain('AC-12')
    const none = await searchAs(operatorA, { q: 'cleaning', asset: 'XX-999' })
    expect(none.body.results).toEqual([])
  })

  it('still fills k when a filter matches few chunks', async () => {
    const all = await svc.store.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM chunks WHERE site_id = 'site-a' AND kind = 'manual'`,
    )
    const s = await searchAs(operatorA, { q: 'zebra unrelated words', kind: 'manual', k: '50' })
    expect(s.body.results.length).toBe(all[0]!.n)
  })

  it('never shows one site to a key of another', async () => {
    await svc.upload(
      admin,
      'b-notes.md',
      utf8('# Site B\n\nThe feed pump at site B uses bleed valve BV-999.\n'),
      { site: 'site-b' },
    )
    const a = await searchAs(operatorA, { q: 'feed pump bleed valve', k: '50' })
    expect(a.body.results.every((x: any) => x.document.site === 'site-a')).toBe(true)
    const b = await searchAs(operatorB, { q: 'feed pump bleed valve', k: '50' })
    expect(b.body.results.length).toBeGreaterThan(0)
    expect(b.body.results.every((x: any) => x.document.site === 'site-b')).toBe(true)
    const forbidden = await searchAs(operatorB, { q: 'feed pump', site: 'site-a' })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.field).toBe('site')
    const aDoc = a.body.results[0].document.id
    expect((await svc.fetch(`/v1/documents/${aDoc}`, { key: operatorB })).status).toBe(404)
    expect((await svc.fetch(`/v1/documents/${aDoc}/file`, { key: operatorB })).status).toBe(404)
    const listB = await (await svc.fetch('/v1/documents', { key: operatorB })).json()
    expect(listB.documents.every((d: any) => d.site === 'site-b')).toBe(true)
    const up = await svc.upload(plannerA, 'x.md', utf8('# x\n\ntext'), { site: 'site-b' })
    expect(up.status).toBe(403)
  })
})

describe('bad input gets a clear error and leaves nothing behind', () => {
  const cases: Array<[string, () => Promise<[string, Uint8Array, Record<string, string>?]>, number, string]> =
    [
      ['an empty file', async () => ['empty.md', new Uint8Array()], 422, 'file'],
      [
        'an unknown type',
        async () => ['photo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3])],
        415,
        'file',
      ],
      [
        'a corrupt PDF',
        async () => ['broken.pdf', (await makePdf(['Some text here'])).slice(0, 300)],
        422,
        'file',
      ],
      [
        'an encrypted PDF',
        async () => ['locked.pdf', makeEncryptedPdf('secret pump data', 'pw')],
        422,
        'file',
      ],
      [
        'a CSV without recognisable columns',
        async () => ['numbers.csv', utf8('a,b,c\n1,2,3\n4,5,6\n')],
        422,
        'mapping',
      ],
      ['an oversized upload', async () => ['big.txt', utf8('x'.repeat(300 * 1024))], 413, 'file'],
      ['an invalid kind', async () => ['ok.md', utf8('# ok\n\ntext'), { kind: 'poster' }], 400, 'kind'],
    ]
  for (const [what, make, status, fieldName] of cases) {
    it(`rejects ${what}`, async () => {
      const [docs, chunks] = [await docCount(), await chunkCount()]
      const [name, bytes, fields] = await make()
      const r = await svc.upload(plannerA, name, bytes, fields)
      expect(r.status, JSON.stringify(r.body)).toBe(status)
      expect(r.body.field).toBe(fieldName)
      expect(typeof r.body.detail).toBe('string')
      expect(r.body.detail.length).toBeGreaterThan(5)
      expect(await docCount()).toBe(docs)
      expect(await chunkCount()).toBe(chunks)
    })
  }

  it('rejects an operator upload, a missing file field and bad search parameters', async () => {
    expect((await svc.upload(operatorA, 'x.md', utf8('# x\n\ny'))).status).toBe(403)
    const form = new FormData()
    form.set('site', 'site-a')
    const res = await svc.fetch('/v1/documents', { method: 'POST', body: form, key: plannerA })
    expect(res.status).toBe(400)
    expect((await res.json()).field).toBe('file')
    expect((await searchAs(operatorA, { q: '' })).body.field).toBe('q')
    expect((await searchAs(operatorA, { q: 'x', k: '0' })).body.field).toBe('k')
    expect((await searchAs(operatorA, { q: 'x', kind: 'poster' })).body.field).toBe('kind')
    expect((await searchAs(operatorA, { q: 'x', document: 'nope' })).body.field).toBe('document')
  })
})
