import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmbeddingProvider, type EmbeddingProvider } from '../embed/index.ts'
import { search } from '../retrieve/search.ts'
import { openStore, type Store } from '../store/db.ts'
import { toPgArray } from '../store/documents.ts'
import { ingestDocument } from './pipeline.ts'
import { ChunkPreparer, HELPER_MIN_CHUNKS, type PreparedBatch, preparedBatches } from './prepare.ts'

const embedder = await createEmbeddingProvider({})

/** Texts the tokeniser and the array literal must both survive. */
const AWKWARD = [
  'Pump P-101 bearing temperature 75 °C; trip at 95 °C (K-201A, CH-6).',
  'Überdruck-Ventil prüfen: l’huile, naïve café, 5 µm filter, Ø 40 mm.',
  'Quotes "double" and \'single\', a back\\slash, {braces}, commas, and NULL.',
  '',
  'LOTO: lock out, tag out — isolate, verify zero energy, then work.',
  'line one\nline two\ttabbed\r\nline three',
]

async function storeTsv(store: Store, texts: string[]): Promise<string[]> {
  const rows = await store.rows<{ v: string }>(sql`
    SELECT to_tsvector('english', t)::text AS v FROM unnest(${toPgArray(texts)}::text[]) WITH ORDINALITY AS x(t, n)
    ORDER BY n`)
  return rows.map((r) => r.v)
}

/** A manual long enough to be prepared on the helper thread, with varied sections and tags. */
function bigManual(): string {
  const parts = ['# Cooling water pump P-7 manual']
  for (let i = 0; i < HELPER_MIN_CHUNKS + 40; i++) {
    parts.push(
      `## Step ${i}\n\nCheck the seal flush on P-${100 + (i % 9)} at ${i} bar; the bearing runs at ${40 + (i % 30)} °C. ` +
        `Grease the coupling every ${i + 3} weeks and log it against work order WO-${5000 + i}. ` +
        'Lock out the motor before opening the guard, then verify zero energy at the local stop. '.repeat(4),
    )
  }
  return parts.join('\n\n')
}

describe('the chunk preparer (helper thread)', () => {
  let store: Store
  let preparer: ChunkPreparer
  beforeAll(async () => {
    store = await openStore()
    preparer = new ChunkPreparer(store, embedder)
  })
  afterAll(async () => {
    await preparer.close()
    await store.close()
  })

  it('computes the same tsvectors as the store and the same embeddings as this thread', async () => {
    expect(await preparer.whenReady()).toBe(true)
    const batch = await preparer.prepare(AWKWARD)
    expect(batch.tsv).toEqual(await storeTsv(store, AWKWARD))
    const here = await embedder.embed(AWKWARD)
    expect(batch.vectors.map((v) => [...v])).toEqual(here.map((v) => [...v]))
  })

  it('only fetches tsvectors when the embeddings are given (a model service embedded them already)', async () => {
    const given = AWKWARD.map(() => new Float32Array(embedder.dimensions).fill(0.5))
    const batch = await preparer.prepare(AWKWARD, given)
    expect(batch.vectors).toBe(given)
    expect(batch.tsv).toEqual(await storeTsv(store, AWKWARD))
  })

  it('stores a large document exactly as the store alone would', async () => {
    const plain = await openStore()
    const bytes = new TextEncoder().encode(bigManual())
    const before = { ...preparer.batches }
    const viaHelper = await ingestDocument(
      { store, embedder, preparer },
      { siteId: 's', source: 'p7.md', bytes },
    )
    const alone = await ingestDocument({ store: plain, embedder }, { siteId: 's', source: 'p7.md', bytes })
    expect(viaHelper.chunks).toBeGreaterThanOrEqual(HELPER_MIN_CHUNKS)
    expect(viaHelper.chunks).toBe(alone.chunks)
    expect(preparer.batches.helper - before.helper).toBeGreaterThan(2)
    expect(preparer.batches.here).toBe(before.here)
    const dump = (s: Store) =>
      s.rows<{ ordinal: number; tsv: string; embedding: string; tags: string[] }>(sql`
        SELECT ordinal, tsv::text AS tsv, embedding::text AS embedding, asset_tags AS tags FROM chunks ORDER BY ordinal`)
    expect(await dump(store)).toEqual(await dump(plain))
    // Every stored tsvector is what the store computes from the chunk's text.
    const [bad] = await store.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM chunks WHERE tsv IS DISTINCT FROM to_tsvector('english', index_text)`,
    )
    expect(bad?.n).toBe(0)
    const q = 'how often is the coupling greased on P-103'
    const hits = async (s: Store) =>
      (await search({ store: s, embedder }, q, { sites: ['s'] }, { k: 5 })).map((h) => [h.page, h.section])
    expect(await hits(store)).toEqual(await hits(plain))
    await plain.close()
  })

  it('prepares here when the helper stops with batches pending, and starts it again on demand', async () => {
    expect(await preparer.whenReady()).toBe(true)
    const pending = preparer.prepare(AWKWARD)
    await preparer.close()
    const batch = await pending
    expect(batch.tsv).toBeNull()
    expect(batch.vectors.map((v) => [...v])).toEqual((await embedder.embed(AWKWARD)).map((v) => [...v]))
    expect(preparer.ready).toBe(false)
    expect(await preparer.whenReady()).toBe(true)
    expect((await preparer.prepare(['seal flush'])).tsv).toEqual(await storeTsv(store, ['seal flush']))
  })

  it('never embeds again what a model service already embedded, and passes an embedding failure on', async () => {
    let calls = 0
    const remote: EmbeddingProvider = {
      id: 'remote-test',
      dimensions: embedder.dimensions,
      embed: async (texts) => {
        calls++
        if (texts.includes('fail here')) throw new Error('model service down')
        return embedder.embed(texts)
      },
      embedQuery: (t) => embedder.embedQuery(t),
    }
    const p = new ChunkPreparer(store, remote)
    expect(await p.whenReady()).toBe(true)
    const given = AWKWARD.map(() => new Float32Array(embedder.dimensions).fill(0.25))
    // Stopped with the batch pending: it is finished on this thread, with the vectors it came with.
    const pending = p.prepare(AWKWARD, given)
    await p.close()
    expect((await pending).vectors).toBe(given)
    expect(calls).toBe(0)
    // Prepared here and the embedder fails: the caller hears of it.
    await expect(p.prepare(['fail here'])).rejects.toThrow('model service down')
  })

  it('keeps its own small database in the folder it is given, and reopens it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helper-'))
    try {
      for (let run = 0; run < 2; run++) {
        const p = new ChunkPreparer(store, embedder, { helperDir: dir })
        expect(await p.whenReady()).toBe(true)
        expect((await p.prepare(['pumps running'])).tsv).toEqual(await storeTsv(store, ['pumps running']))
        await p.close()
        expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('makes its folder anew when it cannot be opened (left by another PGlite version, damaged)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helper-'))
    try {
      writeFileSync(join(dir, 'PG_VERSION'), '9\n')
      writeFileSync(join(dir, 'postgresql.conf'), 'this is not a setting\n')
      const p = new ChunkPreparer(store, embedder, { helperDir: dir, warn: (l) => expect.fail(l) })
      expect(await p.whenReady()).toBe(true)
      expect((await p.prepare(['valve packing'])).tsv).toEqual(await storeTsv(store, ['valve packing']))
      expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim()).not.toBe('9')
      await p.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('stops an idle helper', async () => {
    const idle = new ChunkPreparer(store, embedder, { idleMs: 50 })
    expect(await idle.whenReady()).toBe(true)
    await idle.prepare(['one batch'])
    await new Promise((r) => setTimeout(r, 400))
    expect(idle.ready).toBe(false)
    await idle.close()
  })

  it('is not started when turned off (INGEST_HELPER=0)', async () => {
    const off = new ChunkPreparer(store, embedder, { enabled: false })
    expect(off.useful).toBe(false)
    expect(await off.whenReady()).toBe(false)
    const batch = await off.prepare(['seal flush'])
    expect(batch.tsv).toBeNull()
    expect(off.batches).toEqual({ helper: 0, here: 1 })
  })

  it('is not used for a server-side Postgres (the server tokenises)', () => {
    const remote = { ...store, driver: 'postgres' as const }
    const p = new ChunkPreparer(remote, embedder)
    expect(p.useful).toBe(false)
    p.warm()
    expect(p.ready).toBe(false)
  })
})

describe('preparedBatches', () => {
  const items = Array.from({ length: 1234 }, (_, i) => ({ indexText: `chunk ${i}` }))

  it('yields every chunk once, in order, in growing batches, each prepared before the one before it is used', async () => {
    const started: number[] = []
    const prepare = async (texts: string[], from: number): Promise<PreparedBatch> => {
      started.push(from)
      return { vectors: texts.map(() => new Float32Array(1)), tsv: texts.map((t) => `'${t}'`) }
    }
    const seen: string[] = []
    const sizes: number[] = []
    for await (const { chunks, from, batch } of preparedBatches(items, 500, prepare)) {
      // The next batch was asked for before this one is handed out.
      if (from + chunks.length < items.length) expect(started).toContain(from + chunks.length)
      expect(batch.tsv).toEqual(chunks.map((c) => `'${c.indexText}'`))
      seen.push(...chunks.map((c) => c.indexText))
      sizes.push(chunks.length)
    }
    expect(seen).toEqual(items.map((c) => c.indexText))
    expect(sizes[0]).toBe(50)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500)
    for (let i = 1; i < sizes.length - 1; i++) expect(sizes[i]).toBeGreaterThanOrEqual(sizes[i - 1]!)
  })

  it('a failed batch fails the loop, and a prepared-ahead batch that is never used is not an unhandled rejection', async () => {
    const prepare = async (_texts: string[], from: number): Promise<PreparedBatch> => {
      if (from > 0) throw new Error(`batch at ${from} failed`)
      return { vectors: [], tsv: null }
    }
    const unhandled: unknown[] = []
    const onUnhandled = (e: unknown) => unhandled.push(e)
    process.on('unhandledRejection', onUnhandled)
    const gen = preparedBatches(items, 500, prepare)
    await gen.next()
    await gen.return(undefined)
    await expect(
      (async () => {
        for await (const _ of preparedBatches(items, 500, prepare)) {
        }
      })(),
    ).rejects.toThrow('batch at 50 failed')
    await new Promise((r) => setTimeout(r, 20))
    process.off('unhandledRejection', onUnhandled)
    expect(unhandled).toEqual([])
  })
})
