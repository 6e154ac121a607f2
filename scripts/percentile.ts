/** Nearest-rank percentile (p in 0..100) of a sample, 0 for an empty one: the benchmarks' and the eval's figure. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
