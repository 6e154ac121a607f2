/**
 * In-memory history for connectors whose source keeps none (MQTT, OPC UA without HistoryRead, replay): a bounded
 * ring of samples per tag, with raw and bucketed (min/max/avg) reads.
 */
import type { HistoryPoint, HistoryQuery } from './types.ts'

export class HistoryBuffer {
  private readonly series = new Map<
    string,
    { t: Float64Array; v: Float64Array; start: number; size: number }
  >()

  constructor(private readonly capacity = 100_000) {}

  push(tag: string, timeMs: number, value: number): void {
    if (!Number.isFinite(value) || !Number.isFinite(timeMs)) return
    let s = this.series.get(tag)
    if (!s) {
      s = { t: new Float64Array(this.capacity), v: new Float64Array(this.capacity), start: 0, size: 0 }
      this.series.set(tag, s)
    }
    const i = (s.start + s.size) % this.capacity
    s.t[i] = timeMs
    s.v[i] = value
    if (s.size < this.capacity) s.size++
    else s.start = (s.start + 1) % this.capacity
  }

  latest(tag: string): { t: number; v: number } | null {
    const s = this.series.get(tag)
    if (!s || s.size === 0) return null
    const i = (s.start + s.size - 1) % this.capacity
    return { t: s.t[i]!, v: s.v[i]! }
  }

  /** Samples in [from, to), oldest first, raw or bucketed by intervalMs. */
  read(q: Pick<HistoryQuery, 'tag' | 'from' | 'to' | 'intervalMs'>): HistoryPoint[] {
    const s = this.series.get(q.tag)
    if (!s) return []
    const from = q.from.getTime()
    const to = q.to.getTime()
    const raw: Array<[number, number]> = []
    for (let k = 0; k < s.size; k++) {
      const i = (s.start + k) % this.capacity
      const t = s.t[i]!
      if (t >= from && t < to) raw.push([t, s.v[i]!])
    }
    if (!q.intervalMs) return raw.map(([t, v]) => ({ t: new Date(t).toISOString(), v }))
    return bucketize(raw, from, q.intervalMs)
  }
}

/** Groups time-ordered samples into buckets of `intervalMs` starting at `from`. */
export function bucketize(
  samples: Array<[number, number]>,
  from: number,
  intervalMs: number,
): HistoryPoint[] {
  const out: HistoryPoint[] = []
  let cur: { start: number; min: number; max: number; sum: number; n: number } | null = null
  for (const [t, v] of samples) {
    const start = from + Math.floor((t - from) / intervalMs) * intervalMs
    if (!cur || cur.start !== start) {
      if (cur) out.push(point(cur))
      cur = { start, min: v, max: v, sum: 0, n: 0 }
    }
    cur.min = Math.min(cur.min, v)
    cur.max = Math.max(cur.max, v)
    cur.sum += v
    cur.n++
  }
  if (cur) out.push(point(cur))
  return out
}

function point(b: { start: number; min: number; max: number; sum: number; n: number }): HistoryPoint {
  return { t: new Date(b.start).toISOString(), min: b.min, max: b.max, avg: b.sum / b.n, n: b.n }
}
