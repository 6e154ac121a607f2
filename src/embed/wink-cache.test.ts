import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWinkCache, parseWinkJson, winkCacheStats } from './wink-cache.ts'

// A miniature file in the package's format: vectors keyed by word in a different order than `words`,
// an escaped key, a non-ASCII key, and a number in exponent form.
const FIXTURE =
  '{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":4,"dimensions":3,' +
  '"words":["the","\\"","café","pump"],' +
  '"vectors":{"pump":[0,3,4,5,3],"the":[1,0,0,1,0],"\\"":[0,-1.5e0,0,1.5,1],"café":[0.6,0.8,0,1.00000001,2]},' +
  '"unkVector":[0,0,0,-1]}'

let dir: string
let source: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wink-cache-'))
  source = path.join(dir, 'fixture.json')
  await writeFile(source, FIXTURE)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('parseWinkJson', () => {
  it('places every vector at its word index and decodes escapes, UTF-8 and exponents', () => {
    const p = parseWinkJson(Buffer.from(FIXTURE))
    expect(p.words).toEqual(['the', '"', 'café', 'pump'])
    expect(p.dimensions).toBe(3)
    expect(Array.from(p.vectors)).toEqual([
      1,
      0,
      0,
      0,
      -1.5,
      0,
      Math.fround(0.6),
      Math.fround(0.8),
      0,
      0,
      3,
      4,
    ])
  })

  it('rejects a vector whose stored norm does not match its numbers', () => {
    expect(() => parseWinkJson(Buffer.from(FIXTURE.replace('[0,3,4,5,3]', '[0,3,4,7,3]')))).toThrow(
      /norm mismatch/,
    )
  })

  it('rejects a key that does not match words[wordIndex]', () => {
    expect(() =>
      parseWinkJson(Buffer.from(FIXTURE.replace('"pump":[0,3,4,5,3]', '"pomp":[0,3,4,5,3]'))),
    ).toThrow(/does not match/)
  })

  it('rejects a missing vector', () => {
    const broken = FIXTURE.replace(',"the":[1,0,0,1,0]', '')
    expect(() => parseWinkJson(Buffer.from(broken))).toThrow(/no vector for word #0/)
  })
})

describe('ensureWinkCache (fixture source)', () => {
  it('builds once even when two callers race, then reuses without re-reading the JSON', async () => {
    const lines: string[] = []
    const opts = { cacheDir: path.join(dir, 'cache'), sourcePath: source, log: (l: string) => lines.push(l) }
    const builds = winkCacheStats.builds
    const [a, b] = await Promise.all([ensureWinkCache(opts), ensureWinkCache(opts)])
    expect(winkCacheStats.builds - builds).toBe(1)
    expect([a.built, b.built].filter(Boolean)).toHaveLength(1)
    expect(a.dir).toBe(b.dir)
    expect(lines.length).toBeGreaterThanOrEqual(1)

    // No temp directories are left behind; only the published cache.
    expect(await readdir(opts.cacheDir)).toEqual([path.basename(a.dir)])
    const vec = await readFile(a.vectorsPath)
    expect(Array.from(new Float32Array(vec.buffer, vec.byteOffset, vec.byteLength / 4)).slice(9)).toEqual([
      0, 3, 4,
    ])
    expect(JSON.parse(await readFile(a.wordsPath, 'utf8'))).toEqual(['the', '"', 'café', 'pump'])
    expect(a.meta).toMatchObject({ count: 4, dimensions: 3, order: 'frequency-rank', byteOrder: 'LE' })

    const reads = winkCacheStats.jsonReads
    const mtime = (await stat(a.vectorsPath)).mtimeMs
    const again = await ensureWinkCache(opts)
    expect(again.built).toBe(false)
    expect(winkCacheStats.jsonReads).toBe(reads)
    expect((await stat(again.vectorsPath)).mtimeMs).toBe(mtime)
  })

  it('replaces a published cache whose vector file was damaged', async () => {
    const opts = { cacheDir: path.join(dir, 'cache2'), sourcePath: source, log: () => {} }
    const first = await ensureWinkCache(opts)
    await writeFile(first.vectorsPath, Buffer.alloc(8))
    const second = await ensureWinkCache(opts)
    expect(second.built).toBe(true)
    expect((await stat(second.vectorsPath)).size).toBe(4 * 3 * 4)
    expect(await readdir(opts.cacheDir)).toEqual([path.basename(first.dir)])
  })
})
