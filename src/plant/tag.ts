/** What connectors built on a tag map share: the tag's description from its configuration, and a sample's value. */
import type { AlarmLimits, Quality, TagInfo, TagValue } from './types.ts'

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
