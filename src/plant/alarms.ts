/**
 * Alarm evaluation against a tag's limits, with ISA-18.2 states, for sources that send values but no alarms
 * (simulator, replay, MQTT). Nobody acknowledges through this product: an alarm that clears stays
 * "returned_unacknowledged" until the source (or the simulated operator) acknowledges it.
 */
import type { Alarm, AlarmLimits, TagInfo } from './types.ts'

const ORDER: Array<keyof AlarmLimits> = ['hihi', 'lolo', 'hi', 'lo']
const PRIORITY: Record<keyof AlarmLimits, Alarm['priority']> = { hihi: 1, lolo: 1, hi: 2, lo: 2 }
const WORD: Record<keyof AlarmLimits, string> = { hihi: 'high-high', hi: 'high', lo: 'low', lolo: 'low-low' }

/** Which limit a value breaks, the most severe first (null when none). */
export function breachedLimit(value: number, limits: AlarmLimits | undefined): keyof AlarmLimits | null {
  if (!limits) return null
  for (const l of ORDER) {
    const th = limits[l]
    if (th === undefined) continue
    if ((l === 'hi' || l === 'hihi') && value >= th) return l
    if ((l === 'lo' || l === 'lolo') && value <= th) return l
  }
  return null
}

export class AlarmTracker {
  private readonly alarms = new Map<string, Alarm>()

  /** Feeds one sample; raises, escalates or returns the tag's alarm. */
  update(tag: TagInfo, value: number, at: Date): void {
    const limit = breachedLimit(value, tag.alarms)
    const current = this.alarms.get(tag.name)
    if (limit) {
      const threshold = tag.alarms![limit]!
      if (!current || current.state === 'returned_unacknowledged' || current.limit !== limit) {
        this.alarms.set(tag.name, {
          id: `${tag.site}:${tag.name}:${limit}:${at.getTime()}`,
          tag: tag.name,
          asset: tag.asset,
          site: tag.site,
          priority: PRIORITY[limit],
          limit,
          message: `${tag.description} ${WORD[limit]}: ${round(value)} ${tag.unit} (limit ${threshold} ${tag.unit})`,
          state: 'active_unacknowledged',
          value,
          threshold,
          activeSince: at.toISOString(),
        })
      } else current.value = value
    } else if (current && current.state !== 'returned_unacknowledged') {
      if (current.state === 'active_acknowledged') this.alarms.delete(tag.name)
      else {
        current.state = 'returned_unacknowledged'
        current.value = value
      }
    }
  }

  /** The source's operator acknowledged (simulated plants only; this product never acknowledges). */
  acknowledge(tag: string): void {
    const a = this.alarms.get(tag)
    if (!a) return
    if (a.state === 'returned_unacknowledged') this.alarms.delete(tag)
    else a.state = 'active_acknowledged'
  }

  list(): Alarm[] {
    return [...this.alarms.values()].sort(
      (a, b) => a.priority - b.priority || a.activeSince.localeCompare(b.activeSince),
    )
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100
}
