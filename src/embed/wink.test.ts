import { stat } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cosine, isNullEmbedding, l2norm, NULL_EMBEDDING_NORM } from './vector.ts'
import {
  createWinkEmbeddingProvider,
  ensureWinkCache,
  loadWinkModel,
  NEAREST_VOCAB_LIMIT,
  nearestWords,
  WINK_PROVIDER_ID,
  type WinkEmbeddingProvider,
  type WinkModel,
  winkCacheStats,
  wordVector,
} from './wink.ts'

// The cache itself is built by test/support/global-setup.ts (or on first use if that is not wired).
let provider: WinkEmbeddingProvider
let model: WinkModel
beforeAll(async () => {
  provider = await createWinkEmbeddingProvider()
  model = provider.model
}, 60_000)

const sim = (a: string, b: string) => cosine(model.embedText(a), model.embedText(b))

describe('wink cache reuse', () => {
  it('loads from the converted cache without reading the package JSON, and does not rewrite it', async () => {
    expect(winkCacheStats.jsonReads).toBe(0)
    const info = await ensureWinkCache()
    const before = (await stat(info.vectorsPath)).mtimeMs
    expect(info.built).toBe(false)
    expect(info.meta).toMatchObject({ count: 341_479, dimensions: 100, order: 'frequency-rank' })
    expect(await loadWinkModel()).toBe(model) // memoised per process
    expect(await loadWinkModel({ cacheDir: path.dirname(info.dir) })).toBe(model) // same dir, same copy
    expect((await ensureWinkCache()).built).toBe(false)
    expect((await stat(info.vectorsPath)).mtimeMs).toBe(before)
    expect(winkCacheStats.jsonReads).toBe(0)
  })

  it('rows are in the package word order, which is by corpus frequency', () => {
    expect(model.words.slice(0, 6)).toEqual(['the', ',', '.', 'of', 'to', 'and'])
    expect(model.rankOf('pump')).toBeLessThan(model.rankOf('impeller'))
  })
})

describe('WinkEmbeddingProvider', () => {
  it('has a stable id and 100 dimensions', () => {
    expect(provider.id).toBe(WINK_PROVIDER_ID)
    expect(provider.id).toBe('wink-sif-100d')
    expect(provider.dimensions).toBe(100)
  })

  it('puts related words closer than unrelated ones', async () => {
    const pump = (await wordVector('pump')) as Float32Array
    const impeller = (await wordVector('impeller')) as Float32Array
    const banana = (await wordVector('banana')) as Float32Array
    expect(cosine(pump, impeller)).toBeGreaterThan(cosine(pump, banana) + 0.2)
    expect(sim('pump', 'impeller')).toBeGreaterThan(sim('pump', 'banana'))
  })

  it('ranks a matching maintenance passage above unrelated ones', async () => {
    const docs = [
      'Centrifugal pump impeller wear reduces discharge pressure; inspect the impeller and wear rings.',
      'Cooling tower water treatment controls scale and legionella with biocide dosing.',
      'Confined space entry requires a permit, gas testing and a standby attendant.',
    ]
    const [d0, d1, d2] = await provider.embed(docs)
    const q = await provider.embedQuery('pump is not delivering enough pressure')
    expect(cosine(q, d0 as Float32Array)).toBeGreaterThan(cosine(q, d1 as Float32Array))
    expect(cosine(q, d0 as Float32Array)).toBeGreaterThan(cosine(q, d2 as Float32Array))
  })

  it('SIF weights a rare technical word above a common one', () => {
    expect(model.weightOf('impeller')).toBeGreaterThan(0.95)
    expect(model.weightOf('time')).toBeLessThan(0.2)
    expect(model.weightOf('impeller')).toBeGreaterThan(model.weightOf('system'))
    // In a two-word text the rare word dominates the direction.
    const mixed = model.embedText('system impeller')
    const vImpeller = model.embedText('impeller')
    const vSystem = model.embedText('system')
    expect(cosine(mixed, vImpeller)).toBeGreaterThan(cosine(mixed, vSystem))
    expect(cosine(mixed, vImpeller)).toBeGreaterThan(0.9)
  })

  it('returns unit vectors in input order', async () => {
    const texts = ['valve', 'Bearing temperature alarm on motor M-3', 'the pump and the valve']
    const out = await provider.embed(texts)
    expect(out).toHaveLength(3)
    for (const v of out) {
      expect(v).toBeInstanceOf(Float32Array)
      expect(v).toHaveLength(100)
      expect(l2norm(v)).toBeCloseTo(1, 5)
    }
    expect(Array.from(out[0] as Float32Array)).toEqual(Array.from(model.embedText('valve')))
  })

  it('gives empty and all-unknown text a deterministic tiny non-zero vector, never NaN', async () => {
    for (const text of ['', '   ', 'the of and is', 'P-101 42 xqzvtk', '—']) {
      const v = await provider.embedQuery(text)
      expect(v).toHaveLength(100)
      expect(v.every(Number.isFinite)).toBe(true)
      expect(l2norm(v)).toBeCloseTo(NULL_EMBEDDING_NORM, 10)
      expect(isNullEmbedding(v)).toBe(true)
      expect(Array.from(await provider.embedQuery(text))).toEqual(Array.from(v))
      const c = cosine(v, model.embedText('pump'))
      expect(Number.isNaN(c)).toBe(false)
      expect(Math.abs(c)).toBeLessThan(0.5)
    }
    expect(isNullEmbedding(model.embedText('pump'))).toBe(false)
    // Different signal-free texts do not collapse onto one vector.
    expect(cosine(model.embedText('xqzvtk'), model.embedText('P-101'))).toBeLessThan(0.9)
  })

  it('maps out-of-vocabulary inflections to a known form before dropping them', () => {
    expect(model.rankOf('regreasing')).toBe(-1)
    expect(Array.from(model.wordVector('regreasing') ?? [])).toEqual(
      Array.from(model.wordVector('greasing') ?? []),
    )
    expect(model.rankOf('blowdowns')).toBe(-1)
    expect(model.resolve('blowdowns')).toBe(model.rankOf('blowdown'))
    expect(model.resolve('café')).toBe(model.rankOf('cafe'))
    expect(model.resolve('120psi')).toBe(model.rankOf('psi'))
    expect(model.resolve('xqzvtk')).toBe(-1)
    // An OOV word that resolves contributes exactly like its base form.
    expect(Array.from(model.embedText('valving'))).toEqual(Array.from(model.embedText('valve')))
    // Unknown words are dropped, not fatal.
    expect(sim('impeller xqzvtk', 'impeller')).toBeCloseTo(1, 6)
  })
})

describe('word neighbours', () => {
  it('nearestWords returns similar frequent words, without the query word, best first', async () => {
    const res = await nearestWords('pump', 10)
    expect(res).toHaveLength(10)
    expect(res.map((r) => r.word)).toContain('pumps')
    expect(res.map((r) => r.word)).not.toContain('pump')
    for (let i = 1; i < res.length; i++) {
      expect((res[i - 1] as { similarity: number }).similarity).toBeGreaterThanOrEqual(
        (res[i] as { similarity: number }).similarity,
      )
    }
    expect(res.every((r) => r.rank < NEAREST_VOCAB_LIMIT && /^\p{L}+$/u.test(r.word))).toBe(true)
  })

  it('honours exclusions and unknown words', async () => {
    const res = await nearestWords('valve', 5, { exclude: ['valves'] })
    expect(res.map((r) => r.word)).not.toContain('valves')
    expect(await nearestWords('xqzvtk', 5)).toEqual([])
    expect(await wordVector('xqzvtk')).toBeNull()
    expect(l2norm((await wordVector('Pump')) as Float32Array)).toBeCloseTo(1, 5)
  })

  it('nearestToVector accepts any vector, e.g. a sentence embedding', () => {
    const res = model.nearestToVector(model.embedText('centrifugal pump impeller cavitation'), 15)
    expect(res.map((r) => r.word)).toEqual(expect.arrayContaining(['centrifugal']))
  })
})

describe('throughput (logged, not asserted)', () => {
  it('embeds 10k chunk-sized texts', async () => {
    const base =
      'Check the centrifugal pump P-101 for cavitation: low suction pressure, noise and vibration at the impeller. ' +
      'Verify the mechanical seal flush plan, bearing temperature (max 85 °C) and lubrication oil level. If the ' +
      'discharge valve is throttled below 30% the pump may run off its curve; record flow, head and motor current ' +
      'in the CMMS work order before restart. '
    const long = base.repeat(4)
    const texts = Array.from({ length: 10_000 }, (_, i) => `${long.slice(i % 97, (i % 97) + 890)} wo${i}`)
    const chars = texts.reduce((n, t) => n + t.length, 0)
    const t0 = performance.now()
    const out = await provider.embed(texts)
    const ms = performance.now() - t0
    console.log(
      `[embed] wink-sif-100d: ${texts.length} texts (avg ${Math.round(chars / texts.length)} chars) in ` +
        `${ms.toFixed(0)} ms = ${Math.round(texts.length / (ms / 1000))} texts/s`,
    )
    expect(out).toHaveLength(10_000)
  })
})
