/** What connectors built on a tag map share: the tag's description from its configuration, and a sample's value. */
import type {
  AlarmLimits,
  HistoryPoint,
  HistoryQuery,
  HistoryResult,
  Quality,
  TagInfo,
  TagValue,
} from './types.ts'

/** One configured tag, whatever the connector's own fields (node id, topic...). */
export interface TagConfigBase {
  name: string
  unit?: string
  asset?: string
  description?: string
  normal?: { min: number; max: number }
  alarms?: AlarmLimits
}

/** The last value of a tag as a connector keeps it. */
export interface Sample {
  value: TagValue['value']
  timeMs: number
  quality: Quality
}

export function tagInfo(t: TagConfigBase, site: string): TagInfo {
  const info: TagInfo = {
    name: t.name,
    description: t.description ?? t.name,
    unit: t.unit ?? '',
    asset: t.asset ?? null,
    site,
  }
  if (t.normal) info.normal = t.normal
  if (t.alarms) info.alarms = t.alarms
  return info
}

export function toTagValue(info: TagInfo, s: Sample): TagValue {
  return {
    tag: info.name,
    value: s.value,
    unit: info.unit,
    timestamp: new Date(s.timeMs).toISOString(),
    quality: s.quality,
  }
}

/** A history answer for one tag over the asked window. */
export function historyResult(info: TagInfo, q: HistoryQuery, points: HistoryPoint[]): HistoryResult {
  return {
    tag: info.name,
    unit: info.unit,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    intervalMs: q.intervalMs ?? null,
    points,
  }
}

/** A connector's `subscribe` listeners, each for some tags; one failing callback never stops the others. */
export class Subscribers {
  private readonly all = new Set<{ tags: Set<string>; onValue: (v: TagValue) => void }>()

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  get size(): number {
    return this.all.size
  }

  /** Adds a listener; returns its unsubscribe function. */
  add(names: string[], onValue: (v: TagValue) => void): () => void {
    const l = { tags: new Set(names), onValue }
    this.all.add(l)
    return () => {
      this.all.delete(l)
    }
  }

  emit(v: TagValue): void {
    for (const l of this.all) {
      if (!l.tags.has(v.tag)) continue
      try {
        l.onValue(v)
      } catch (err) {
        this.onError(err)
      }
    }
  }

  clear(): void {
    this.all.clear()
  }
}

/** console.warn under the connector's prefix (or the configured sink), the same message at most once a minute. */
export function warner(prefix: string, sink?: (message: string) => void): (message: string) => void {
  const lastSaid = new Map<string, number>()
  return (message) => {
    const now = Date.now()
    if ((lastSaid.get(message) ?? 0) > now - 60_000) return
    lastSaid.set(message, now)
    if (lastSaid.size > 1000) lastSaid.clear()
    ;(sink ?? ((m: string) => console.warn(`[${prefix}] ${m}`)))(message)
  }
}
