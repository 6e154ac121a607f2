/**
 * Replay connector: plays a CSV of timestamped samples (one row per time, one column per tag) as live plant data.
 * Replay time runs `speed` times faster than the clock (3600 = one hour of data per second). At replay time T
 * each tag's current value is the last row at or before T that has a value for it, history holds every row up to
 * T, and alarms are evaluated row by row against the configured limits. Timestamps stay the data's own (the
 * first pass of a looping replay keeps the file's dates; later passes are shifted by whole periods so time keeps
 * moving forward).
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { AlarmTracker } from './alarms.ts'
import { HistoryBuffer } from './buffer.ts'
import { historyResult, Subscribers } from './tag.ts'
import type {
  Alarm,
  AlarmLimits,
  HistoryQuery,
  HistoryResult,
  PlantConnector,
  TagInfo,
  TagValue,
} from './types.ts'
import { UnknownTagError } from './types.ts'

export interface ReplayTagOverride {
  name?: string
  unit?: string
  asset?: string
  description?: string
  normal?: { min: number; max: number }
  alarms?: AlarmLimits
}

/** Wall clock driving the replay; tests pass a ManualClock. */
export interface ReplayClock {
  now(): number
  /** Called after the clock moved, so live subscribers hear at once (a manual clock); else the connector polls. */
  onAdvance?(listener: () => void): () => void
}

export interface ReplayConnectorConfig {
  id: string
  site: string
  /** CSV file path; or give the text as `csv`. */
  file?: string
  csv?: string
  /** Column with the sample times (ISO 8601 (no zone = UTC), or epoch s/ms); the first column by default. */
  timestampColumn?: string
  /** Per-column tag metadata; keys are CSV column names. */
  tags?: Record<string, ReplayTagOverride>
  /** Replay ms per wall-clock ms (default 60: one minute of data per second). */
  speed?: number
  /** Start at this row index, or at the first row at/after this timestamp; earlier rows are history already. */
  startAt?: number | string
  /** Start over (shifted forward in time) after the last row (default true); else hold the last row. */
  loop?: boolean
  clock?: ReplayClock
  /** How often live subscribers are fed with a real clock (default 1000 ms). */
  tickMs?: number
  /** Samples kept per tag (default: twice the row count, at least 1,000). */
  bufferSize?: number
}

export interface ReplayConnector extends PlantConnector {
  readonly kind: 'replay'
  /** The current replay (data) time. */
  replayTime(): Date
}

/** A clock that only moves when told to: `advance(ms)` of wall time. */
export class ManualClock implements ReplayClock {
  private readonly listeners = new Set<() => void>()
  constructor(private t = 0) {}
  now(): number {
    return this.t
  }
  advance(ms: number): void {
    this.t += ms
    for (const l of [...this.listeners]) l()
  }
  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}

const systemClock: ReplayClock = { now: () => Date.now() }

export interface ReplayColumn {
  info: TagInfo
  /** Value per row; NaN where the cell is empty. */
  values: Float64Array
}

interface Current {
  value: number
  timeMs: number
  /** The latest replayed row had no value for this tag (the value shown is older). */
  missing: boolean
}

export async function createReplayConnector(cfg: ReplayConnectorConfig): Promise<ReplayConnector> {
  const text = cfg.csv ?? (cfg.file !== undefined ? readFileSync(cfg.file, 'utf8') : undefined)
  if (text === undefined) throw new Error(`replay connector ${cfg.id}: give a CSV file or csv text`)
  const data = parseReplayCsv(text, cfg)
  const { times, columns } = data
  const n = times.length
  const speed = cfg.speed ?? 60
  if (!(speed > 0)) throw new Error(`replay connector ${cfg.id}: speed must be positive`)
  const loop = cfg.loop ?? true
  const clock = cfg.clock ?? systemClock

  const byName = new Map<string, ReplayColumn>()
  for (const c of columns) {
    if (byName.has(c.info.name))
      throw new Error(`replay connector ${cfg.id}: two columns named "${c.info.name}"`)
    byName.set(c.info.name, c)
  }

  const first = times[0]!
  const period = times[n - 1]! - first + typicalStep(times)
  const startIdx = startIndex(cfg.startAt, times)
  const dataStart = times[startIdx]!
  const wallStart = clock.now()

  const history = new HistoryBuffer(cfg.bufferSize ?? Math.max(1000, 2 * n))
  const alarms = new AlarmTracker()
  const current = new Map<string, Current>()
  // A failing subscriber must not stop the replay for the others.
  const listeners = new Subscribers()

  const replayTime = () => dataStart + (clock.now() - wallStart) * speed
  const timeOf = (g: number) => times[g % n]! + Math.floor(g / n) * period

  let next = 0 // next row to play, counted across loops
  const sync = () => {
    const T = replayTime()
    // Far behind (a clock jump over several loops): skip whole passes nobody could have watched.
    if (loop && T - timeOf(next) > 2 * period)
      next = Math.max(next, (Math.floor((T - first) / period) - 1) * n)
    while ((loop || next < n) && timeOf(next) <= T) play(next++)
  }

  const play = (g: number) => {
    const row = g % n
    const t = timeOf(g)
    const at = new Date(t)
    for (const c of columns) {
      const v = c.values[row]!
      const name = c.info.name
      if (Number.isNaN(v)) {
        const cur = current.get(name)
        if (cur) cur.missing = true
        continue
      }
      history.push(name, t, v)
      alarms.update(c.info, v, at)
      const cur: Current = { value: v, timeMs: t, missing: false }
      current.set(name, cur)
      if (listeners.size > 0) listeners.emit(toTagValue(c, cur))
    }
  }

  sync()

  // Live feed for subscribers: on every manual-clock advance, or polled while anyone listens.
  let stopTimer: (() => void) | null = null
  const startFeed = () => {
    if (stopTimer) return
    if (clock.onAdvance) stopTimer = clock.onAdvance(sync)
    else {
      const timer = setInterval(sync, cfg.tickMs ?? 1000)
      timer.unref()
      stopTimer = () => clearInterval(timer)
    }
  }
  const stopFeed = () => {
    stopTimer?.()
    stopTimer = null
  }

  const column = (name: string): ReplayColumn => {
    const c = byName.get(name)
    if (!c) throw new UnknownTagError(name)
    return c
  }

  return {
    id: cfg.id,
    kind: 'replay',
    replayTime: () => {
      sync()
      return new Date(replayTime())
    },
    listTags: async () => columns.map((c) => ({ ...c.info })),
    readValues: async (names) => {
      sync()
      return names.map((name) => {
        const c = column(name)
        const cur = current.get(name)
        if (cur) return toTagValue(c, cur)
        return {
          tag: name,
          value: null,
          unit: c.info.unit,
          timestamp: new Date(replayTime()).toISOString(),
          quality: 'bad' as const,
        }
      })
    },
    readHistory: async (q: HistoryQuery): Promise<HistoryResult> => {
      const c = column(q.tag)
      sync()
      return historyResult(c.info, q, history.read(q))
    },
    listAlarms: async (): Promise<Alarm[]> => {
      sync()
      return alarms.list()
    },
    subscribe: (names, onValue) => {
      for (const name of names) column(name)
      const off = listeners.add(names, onValue)
      startFeed()
      return () => {
        off()
        if (listeners.size === 0) stopFeed()
      }
    },
    close: async () => {
      listeners.clear()
      stopFeed()
    },
  }
}

function toTagValue(c: ReplayColumn, cur: Current): TagValue {
  return {
    tag: c.info.name,
    value: cur.value,
    unit: c.info.unit,
    timestamp: new Date(cur.timeMs).toISOString(),
    quality: cur.missing ? 'uncertain' : 'good',
  }
}

export interface ReplayData {
  /** Epoch ms per row, ascending. */
  times: number[]
  columns: ReplayColumn[]
}

/**
 * Reads the CSV: rows sorted by time (rows without a readable time are dropped), numeric columns become tags
 * (true/false read as 1/0; empty cells are gaps), text columns such as an asset id are left out.
 */
export function parseReplayCsv(
  text: string,
  cfg: Pick<ReplayConnectorConfig, 'id' | 'site' | 'timestampColumn' | 'tags'>,
): ReplayData {
  const records = parse(text, {
    bom: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as string[][]
  const header = records[0]
  if (!header || records.length < 2) throw new Error(`replay connector ${cfg.id}: the CSV has no data rows`)
  const tsIdx = cfg.timestampColumn === undefined ? 0 : header.indexOf(cfg.timestampColumn)
  if (tsIdx < 0) throw new Error(`replay connector ${cfg.id}: no column "${cfg.timestampColumn}"`)

  const rows: Array<{ t: number; cells: string[] }> = []
  for (const cells of records.slice(1)) {
    const t = parseTimestamp(cells[tsIdx] ?? '')
    if (t !== null) rows.push({ t, cells })
  }
  if (rows.length === 0) throw new Error(`replay connector ${cfg.id}: no row has a readable timestamp`)
  rows.sort((a, b) => a.t - b.t) // stable: rows with equal times keep file order

  const columns: ReplayColumn[] = []
  header.forEach((col, idx) => {
    if (idx === tsIdx || col === '') return
    const values = new Float64Array(rows.length)
    let seen = 0
    for (let r = 0; r < rows.length; r++) {
      const v = cellValue(rows[r]!.cells[idx] ?? '')
      if (v === undefined) return // text: not a tag
      values[r] = v
      if (!Number.isNaN(v)) seen++
    }
    if (seen === 0) return
    const o = cfg.tags?.[col] ?? {}
    const guess = describeColumn(col)
    const info: TagInfo = {
      name: o.name ?? guess.name,
      description: o.description ?? guess.description,
      unit: o.unit ?? guess.unit,
      asset: o.asset ?? null,
      site: cfg.site,
    }
    if (o.normal) info.normal = o.normal
    if (o.alarms) info.alarms = o.alarms
    columns.push({ info, values })
  })
  if (columns.length === 0) throw new Error(`replay connector ${cfg.id}: the CSV has no numeric columns`)
  return { times: rows.map((r) => r.t), columns }
}

/** A cell as a number: NaN for empty, 1/0 for true/false, undefined for text that is not a number. */
function cellValue(cell: string): number | undefined {
  if (cell === '' || /^(nan|null|na|n\/a)$/i.test(cell)) return Number.NaN
  if (/^true$/i.test(cell)) return 1
  if (/^false$/i.test(cell)) return 0
  const v = Number(cell)
  return Number.isFinite(v) ? v : undefined
}

/** ISO 8601 (a time without zone is UTC, as data loggers write it), 'YYYY-MM-DD hh:mm:ss', or epoch s/ms. */
export function parseTimestamp(s: string): number | null {
  const text = s.trim()
  if (text === '') return null
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const v = Number(text)
    return Math.abs(v) < 1e11 ? v * 1000 : v
  }
  const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/.exec(text)
  const iso = local ? `${local[1]}T${local[2] ?? '00:00'}Z` : text
  const t = Date.parse(iso)
  return Number.isNaN(t) ? null : t
}

const UNIT_SUFFIX: Record<string, string> = {
  bar: 'bar',
  mbar: 'mbar',
  psi: 'psi',
  Pa: 'Pa',
  kPa: 'kPa',
  MPa: 'MPa',
  C: '°C',
  degC: '°C',
  F: '°F',
  degF: '°F',
  K: 'K',
  A: 'A',
  mA: 'mA',
  V: 'V',
  kV: 'kV',
  W: 'W',
  kW: 'kW',
  MW: 'MW',
  kWh: 'kWh',
  Hz: 'Hz',
  rpm: 'rpm',
  pct: '%',
  percent: '%',
  m3h: 'm³/h',
  lpm: 'L/min',
}

/**
 * A tag from a column header: 'Oil_Temperature_C' -> name as is, unit '°C', description 'Oil Temperature';
 * 'FT-101 (m3/h)' -> name 'FT-101', unit 'm3/h'.
 */
export function describeColumn(col: string): { name: string; unit: string; description: string } {
  const bracket = /^(.+?)\s*[([]([^)\]]+)[)\]]\s*$/.exec(col)
  if (bracket) return { name: bracket[1]!, unit: bracket[2]!.trim(), description: words(bracket[1]!) }
  const parts = col.split('_')
  const last = parts[parts.length - 1]!
  if (parts.length > 1 && UNIT_SUFFIX[last] !== undefined) {
    return { name: col, unit: UNIT_SUFFIX[last]!, description: words(parts.slice(0, -1).join('_')) }
  }
  return { name: col, unit: '', description: words(col) }
}

function words(s: string): string {
  return s.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim()
}

/** The usual spacing of the rows (median), so a loop leaves one step between the last row and the next pass. */
function typicalStep(times: number[]): number {
  const steps: number[] = []
  for (let i = 1; i < times.length; i++) {
    const d = times[i]! - times[i - 1]!
    if (d > 0) steps.push(d)
  }
  if (steps.length === 0) return 1000
  steps.sort((a, b) => a - b)
  return steps[Math.floor(steps.length / 2)]!
}

function startIndex(startAt: ReplayConnectorConfig['startAt'], times: number[]): number {
  if (startAt === undefined) return 0
  if (typeof startAt === 'number') return Math.min(Math.max(0, Math.floor(startAt)), times.length - 1)
  const t = parseTimestamp(startAt)
  if (t === null) throw new Error(`replay: startAt "${startAt}" is not a timestamp`)
  const i = times.findIndex((x) => x >= t)
  return i < 0 ? times.length - 1 : i
}
