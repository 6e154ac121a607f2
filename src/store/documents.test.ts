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
})
