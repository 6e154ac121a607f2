/** A history series summed up in a few numbers people read: first/last, min/max/mean and the change. */
import type { HistoryResult } from './types.ts'

export interface TrendSummary {
  tag: string
  unit: string
  from: string
  to: string
  points: number
  first: number | null
  last: number | null
  min: number | null
  max: number | null
  mean: number | null
  change: number | null
  direction: 'rising' | 'falling' | 'steady' | 'no data'
}

export function summarise(h: HistoryResult): TrendSummary {
  const values = h.points
    .map((p) => p.avg ?? p.v)
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  const mins = h.points
    .map((p) => p.min ?? p.v)
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  const maxs = h.points
    .map((p) => p.max ?? p.v)
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  if (values.length === 0) {
    return {
      tag: h.tag,
      unit: h.unit,
      from: h.from,
      to: h.to,
      points: 0,
      first: null,
      last: null,
      min: null,
      max: null,
      mean: null,
      change: null,
      direction: 'no data',
    }
  }
  const first = values[0]!
  const last = values[values.length - 1]!
  const min = Math.min(...mins)
  const max = Math.max(...maxs)
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  const change = last - first
  const span = Math.max(1e-9, max - min)
  const direction =
    Math.abs(change) < Math.max(0.05 * span, 1e-6) || Math.abs(change) < 0.02 * Math.abs(mean)
      ? 'steady'
      : change > 0
        ? 'rising'
        : 'falling'
  const r = (x: number) => Math.round(x * 100) / 100
  return {
    tag: h.tag,
    unit: h.unit,
    from: h.from,
    to: h.to,
    points: values.length,
    first: r(first),
    last: r(last),
    min: r(min),
    max: r(max),
    mean: r(mean),
    change: r(change),
    direction,
  }
}
