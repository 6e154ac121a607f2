/**
 * Seeded, stateless noise: every draw is keyed by (seed, key, n), so the noise of a tag at a given second is the
 * same whenever and in whatever order it is asked for.
 */

/** mulberry32: a tiny 32-bit PRNG; returns a generator of floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a hash of a string, unsigned 32 bit. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Mixes two integers into one well-spread 32-bit key (murmur3 finalizer). */
export function mix(a: number, b: number): number {
  let h = Math.imul((a ^ 0x9e3779b9) | 0, 0x85ebca6b) ^ (b | 0)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16), 0x27d4eb2f)
  return (h ^ (h >>> 15)) >>> 0
}

/** Standard normal draw for (seed, key, n) by Box-Muller. */
export function gaussAt(seed: number, key: number, n: number): number {
  const r = mulberry32(mix(mix(seed, key), n))
  const u = Math.max(r(), 1e-12)
  const v = r()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/**
 * Slowly wandering noise: normal draws at knots `periodMs` apart, joined by cosine interpolation. Roughly unit
 * variance (a bit less between knots).
 */
export function smoothNoise(seed: number, key: number, t: number, periodMs: number): number {
  const x = t / periodMs
  const k = Math.floor(x)
  const f = x - k
  const k2 = (key ^ 0x5bd1e995) >>> 0
  const a = gaussAt(seed, k2, k)
  const b = gaussAt(seed, k2, k + 1)
  const w = (1 - Math.cos(Math.PI * f)) / 2
  return a + (b - a) * w
}
