import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from './db.ts'
import {
  ensureSite,
  findDocumentBySource,
  type NewDocument,
  type StoredChunk,
  saveDocument,
  toPgArray,
} from './documents.ts'

let store: Store
beforeAll(async () => {
  store = await openStore()
  await ensureSite(store, 's')
})
afterAll(async () => store?.close())

const doc = (hash: string): NewDocument => ({
  siteId: 's',
  title: 'Doc',
  source: 'doc.md',
  kind: 'manual',
  mimeType: 'text/markdown',
  contentHash: hash,
  pageCount: null,
  bytes: new Uint8Array([1]),
  assetTags: [],
  metadata: {},
})

const chunks = (n: number, text: string, bad?: number): StoredChunk[] =>
  Array.from({ length: n }, (_, i) => ({
    ordinal: i,
    page: null,
    section: null,
    text: `${text} ${i}`,
    indexText: `${text} ${i}`,
    assetTags: [],
    embedding: Float32Array.from({ length: 4 }, (_, j) => (i === bad ? Number.NaN : j + 1)),
  }))

const count = async (table: 'documents' | 'chunks') =>
  (await store.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n

describe('saveDocument', () => {
  it('is all or nothing: a failure in a late batch leaves no half document', async () => {
    await expect(saveDocument(store, doc('h1'), chunks(900, 'first', 750), [], 'm')).rejects.toThrow()
    expect(await count('documents')).toBe(0)
    expect(await count('chunks')).toBe(0)
  })

  it('replaces an earlier version atomically, and keeps it when the replacement fails', async () => {
    const v1 = await saveDocument(store, doc('h1'), chunks(600, 'old'), [], 'm')
    expect(v1.version).toBe(1)
    await expect(saveDocument(store, doc('h2'), chunks(700, 'new', 650), [], 'm')).rejects.toThrow()
    const still = await findDocumentBySource(store, 's', 'doc.md')
    expect(still?.id).toBe(v1.id)
    expect(await count('chunks')).toBe(600)
    const v2 = await saveDocument(store, doc('h2'), chunks(10, 'new'), [], 'm')
    expect(v2).toMatchObject({ version: 2, replaced: v1.id })
    expect(await count('documents')).toBe(1)
    expect(await count('chunks')).toBe(10)
  })
})

describe('toPgArray', () => {
  it('quotes text so the server reads it back unchanged', async () => {
    const values = ['plain', 'a "quote"', 'back\\slash', 'comma, brace}{', null, '']
    const rows = await store.rows<{ v: (string | null)[] }>(sql`SELECT ${toPgArray(values)}::text[] AS v`)
    expect(rows[0]!.v).toEqual(values)
  })
})

describe('lexeme statistics', () => {
  it('follow inserts, replacements and cascade deletes of chunks', async () => {
    const stats = async () => {
      const [c] = await store.rows<{ chunks: number }>(sql`SELECT chunks FROM corpus_stats WHERE id = 1`)
      const [l] = await store.rows<{ df: number }>(
        sql`SELECT df FROM lexeme_stats WHERE lexeme = 'zebrafish'`,
      )
      return { chunks: Number(c?.chunks ?? 0), zebra: Number(l?.df ?? 0) }
    }
    const base = await stats()
    const a = await saveDocument(
      store,
      { ...doc('z1'), source: 'z.md' },
      chunks(3, 'zebrafish tank'),
      [],
      'm',
    )
    expect(await stats()).toEqual({ chunks: base.chunks + 3, zebra: base.zebra + 3 })
    await saveDocument(store, { ...doc('z2'), source: 'z.md' }, chunks(2, 'zebrafish pond'), [], 'm')
    expect(await stats()).toEqual({ chunks: base.chunks + 2, zebra: base.zebra + 2 })
    await store.rows(sql`DELETE FROM documents WHERE source = 'z.md'`)
    expect(await stats()).toEqual(base)
    expect(a.version).toBe(1)
  })

  it('equal a full recount after many-batch documents, replacements, deletes and a direct insert', async () => {
    const words = [
      'pump',
      'seal',
      'flush',
      'bearing',
      'valve',
      'gland',
      'motor',
      'coupling',
      'strainer',
      'impeller',
    ]
    const text = (i: number) => `${words[i % 10]} ${words[(i * 3) % 10]} check ${i % 7} times`
    const many = (n: number, salt: string): StoredChunk[] =>
      chunks(n, salt).map((c, i) => ({ ...c, text: text(i), indexText: `${salt} ${text(i)}` }))
    await saveDocument(store, { ...doc('m1'), source: 'many.md' }, many(1200, 'alpha'), [], 'm')
    await saveDocument(store, { ...doc('m2'), source: 'other.md' }, many(700, 'beta'), [], 'm')
    await saveDocument(store, { ...doc('m3'), source: 'many.md' }, many(900, 'gamma'), [], 'm')
    const [{ id }] = (await store.rows<{ id: string }>(
      sql`SELECT id FROM documents WHERE source = 'other.md'`,
    )) as [{ id: string }]
    // A writer other than saveDocument is still counted by the trigger.
    await store.rows(sql`
      INSERT INTO chunks (document_id, site_id, kind, ordinal, index_text, text, tsv)
      VALUES (${id}::uuid, 's', 'manual', 9999, 'delta impeller', 'delta impeller', to_tsvector('english', 'delta impeller'))`)
    const recount = async () => {
      const diff = await store.rows<{ n: number }>(sql`
        WITH truth AS (SELECT l, count(*)::int AS df FROM chunks, unnest(tsvector_to_array(tsv)) AS l GROUP BY l)
        SELECT count(*)::int AS n FROM truth FULL JOIN lexeme_stats s ON s.lexeme = truth.l
        WHERE truth.df IS DISTINCT FROM s.df`)
      const [c] = await store.rows<{ ok: boolean }>(sql`
        SELECT (SELECT chunks FROM corpus_stats WHERE id = 1) = (SELECT count(*) FROM chunks)
           AND (SELECT lexemes FROM corpus_stats WHERE id = 1) = (SELECT coalesce(sum(length(tsv)), 0) FROM chunks) AS ok`)
      return { wrongLexemes: diff[0]!.n, totalsMatch: c!.ok }
    }
    expect(await recount()).toEqual({ wrongLexemes: 0, totalsMatch: true })
    const [delta] = await store.rows<{ df: number }>(sql`SELECT df FROM lexeme_stats WHERE lexeme = 'delta'`)
    expect(delta?.df).toBe(1)
    await store.rows(sql`DELETE FROM documents WHERE source IN ('many.md', 'other.md')`)
    expect(await recount()).toEqual({ wrongLexemes: 0, totalsMatch: true })
  })
})
