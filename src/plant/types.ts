/**
 * The one interface every source of live plant data implements (simulator, CSV replay, OPC UA, MQTT), and the
 * shapes it returns. Read-only by construction: there is no write method, and none may be added.
 */

export interface AlarmLimits {
  lolo?: number
  lo?: number
  hi?: number
  hihi?: number
}

export interface TagInfo {
  /** Tag name as the plant writes it, e.g. 'TT-101A'. */
  name: string
  description: string
  unit: string
  /** Equipment tag the measurement belongs to, e.g. 'P-101'. */
  asset: string | null
  site: string
  normal?: { min: number; max: number }
  alarms?: AlarmLimits
}

export type Quality = 'good' | 'uncertain' | 'bad'

export interface TagValue {
  tag: string
  value: number | boolean | string | null
  unit?: string
  /** ISO 8601 timestamp of the sample. */
  timestamp: string
  quality: Quality
}

export interface HistoryQuery {
  tag: string
  from: Date
  to: Date
  /** Bucket width in milliseconds for aggregated history; omitted = raw samples. */
  intervalMs?: number
}

export interface HistoryPoint {
  /** ISO timestamp: the sample's, or the bucket's start. */
  t: string
  /** Raw samples. */
  v?: number
  /** Aggregated buckets. */
  min?: number
  max?: number
  avg?: number
  n?: number
}

export interface HistoryResult {
  tag: string
  unit: string
  from: string
  to: string
  intervalMs: number | null
  points: HistoryPoint[]
}

/** ISA-18.2 alarm states a plant reports; acknowledging is the operator's, in the control system, never ours. */
export type AlarmState = 'active_unacknowledged' | 'active_acknowledged' | 'returned_unacknowledged'

export interface Alarm {
  id: string
  tag: string
  asset: string | null
  site: string
  /** 1 = highest. */
  priority: 1 | 2 | 3 | 4
  limit: keyof AlarmLimits
  message: string
  state: AlarmState
  value: number | null
  threshold: number
  /** When the alarm became active (ISO). */
  activeSince: string
}

export interface PlantConnector {
  readonly id: string
  readonly kind: 'simulator' | 'replay' | 'opcua' | 'mqtt'
  listTags(): Promise<TagInfo[]>
  readValues(tags: string[]): Promise<TagValue[]>
  readHistory(q: HistoryQuery): Promise<HistoryResult>
  listAlarms(): Promise<Alarm[]>
  /** Live values as they change; returns an unsubscribe function. */
  subscribe?(tags: string[], onValue: (v: TagValue) => void): () => void
  close(): Promise<void>
}

/** Thrown for a tag the connector does not know; `tag` names it. */
export class UnknownTagError extends Error {
  constructor(readonly tag: string) {
    super(`unknown tag "${tag}"`)
    this.name = 'UnknownTagError'
  }
}
