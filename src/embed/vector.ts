/** Small vector helpers shared by the embedding providers. */

/**
 * Norm of the stand-in vector returned for text that carries no usable signal (empty, or no known words).
 * A zero vector would make pgvector's cosine distance NaN; this one is non-zero but far below unit length,
 * so `isNullEmbedding` can recognise it and it barely moves any average it ends up in.
 */
export const NULL_EMBEDDING_NORM = 1e-6

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Unit vector with a pseudo-random direction derived from `key` (same key, same vector). */
export function hashedUnitVector(key: string, dimensions: number): Float32Array {
  const rnd = seededRandom(hashString(key))
  const out = new Float32Array(dimensions)
  for (let i = 0; i < dimensions; i++) out[i] = rnd() * 2 - 1
  return normalizeInPlace(out)
}

/**
 * Stand-in for a text without signal: direction hashed from the text (so two such texts are not spuriously
 * identical; random directions in high dimensions are near-orthogonal to everything), norm NULL_EMBEDDING_NORM.
 */
export function nullEmbedding(text: string, dimensions: number): Float32Array {
  const v = hashedUnitVector(`\u0000null-embedding\u0000${text}`, dimensions)
  for (let i = 0; i < dimensions; i++) v[i] = (v[i] as number) * NULL_EMBEDDING_NORM
  return v
}

export function l2norm(v: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number
    s += x * x
  }
  return Math.sqrt(s)
}

/** True for the stand-in vectors from `nullEmbedding` (any vector far shorter than unit length). */
export function isNullEmbedding(v: ArrayLike<number>): boolean {
  return l2norm(v) < 1e-3
}

/** Scales `v` to unit length in place; returns it. A zero or non-finite vector is left unchanged. */
export function normalizeInPlace(v: Float32Array): Float32Array {
  const n = l2norm(v)
  if (n > 0 && Number.isFinite(n)) {
    const inv = 1 / n
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv
  }
  return v
}

/** Cosine similarity; 0 when either side is all zeros. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine: length ${a.length} vs ${b.length}`)
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number
    const y = b[i] as number
    dot += x * y
    na += x * x
    nb += y * y
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb)
}
