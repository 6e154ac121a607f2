/**
 * The plant simulator connector: the physics model sampled every second (live) or every minute (back-fill and
 * long advance()), minute means stored in sim_history, alarms from an AlarmTracker with a simulated operator who
 * acknowledges alarms that have returned to normal.
 */
import type { Store } from '../../store/db.ts'
import { AlarmTracker, breachedLimit } from '../alarms.ts'
import { bucketize } from '../buffer.ts'
import type {
  Alarm,
  AlarmLimits,
  HistoryPoint,
  HistoryQuery,
  HistoryResult,
  PlantConnector,
  TagInfo,
  TagValue,
} from '../types.ts'
import { UnknownTagError } from '../types.ts'
import { Historian, HourRows } from './historian.ts'
import { DAY, DEFAULT_INCIDENTS, type Incident, MINUTE, resolveIncidents } from './incidents.ts'
import { createPlantModel, type PlantModel, type Sample } from './physics.ts'

/** The parts of plant.json the simulator reads. */
export interface SimPlantFile {
  site: { id: string; name?: string }
  tags: Array<{
    name: string
    description?: string
    unit?: string
    asset?: string | null
    normal?: { min: number; max: number }
    alarms?: AlarmLimits
  }>
}

export interface SimulatorOptions {
  store: Store
  plant: SimPlantFile
  /** Connector id (default 'simulator'). */
  id?: string
  seed?: number
  clock?: { now(): number }
  /** Tick every second from the clock (default true); tests pass false and call advance(). */
  startLive?: boolean
  backfillDays?: number
  /** Scripted incidents, times relative to creation (default DEFAULT_INCIDENTS). */
  incidents?: readonly Incident[]
  /** The simulated operator acknowledges an alarm this long after it returned to normal (default 10 min). */
  ackAfterMs?: number
}

export interface Simulator extends PlantConnector {
  readonly kind: 'simulator'
  readonly site: string
  /** The incidents in play, times relative to creation as given. */
  readonly incidents: readonly Incident[]
  /** Simulated time of the creation ("now" the incidents are relative to). */
  readonly startedAt: Date
  /** Moves simulated time forward by ms (1 s samples for short steps, 1 min samples for long ones). */
  advance(ms: number): Promise<void>
  /** Current simulated time. */
  now(): Date
  subscribe(tags: string[], onValue: (v: TagValue) => void): () => void
}

/** Above this, advance() generates minute samples instead of second samples. */
const SECOND_STEP_LIMIT = 2 * MINUTE

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit

export async function createSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const site = opts.plant.site.id
  const seed = opts.seed ?? 1
  const clock = opts.clock ?? { now: () => Date.now() }
  const backfillDays = opts.backfillDays ?? 7
  const ackAfter = opts.ackAfterMs ?? 10 * MINUTE
  const given = opts.incidents ?? DEFAULT_INCIDENTS
  const tags: TagInfo[] = opts.plant.tags.map((t) => ({
    name: t.name,
    description: t.description ?? t.name,
    unit: t.unit ?? '',
    asset: t.asset ?? null,
    site,
    ...(t.normal ? { normal: { ...t.normal } } : {}),
    ...(t.alarms ? { alarms: { ...t.alarms } } : {}),
  }))
  const index = new Map(tags.map((t, i) => [t.name, i]))

  const t0 = floorTo(clock.now(), 1000)
  const model: PlantModel = createPlantModel({
    tags,
    seed,
    anchor: t0,
    incidents: resolveIncidents(given, t0),
  })
  const historian = new Historian(opts.store, site)
  const tracker = new AlarmTracker()
  const breached = new Set<string>()
  const returnedAt = new Map<string, number>()

  let offset = 0
  let lastT = t0
  let minuteStart = floorTo(t0, MINUTE)
  const sums = new Float64Array(tags.length)
  let count = 0
  let current: Float64Array = new Float64Array(tags.length)
  let writes: Promise<void> = Promise.resolve()
  let writeError: unknown = null
  let closed = false
  const listeners = new Set<{ tags: Set<number>; cb: (v: TagValue) => void }>()

  const enqueue = (rows: HourRows) => {
    if (rows.size === 0) return
    const list = rows.list()
    writes = writes.then(() =>
      historian.write(list).catch((e: unknown) => {
        writeError = e
      }),
    )
  }

  const feedAlarms = (s: Sample, t: number) => {
    const at = new Date(t)
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!
      if (!tag.alarms) continue
      const v = s.values[i]!
      const on = s.armed[i]!
      tracker.update(tag, on ? v : Number.NaN, at)
      if (on && breachedLimit(v, tag.alarms)) {
        breached.add(tag.name)
        returnedAt.delete(tag.name)
      } else if (breached.delete(tag.name)) returnedAt.set(tag.name, t)
    }
  }

  const operatorAcks = (t: number) => {
    for (const [tag, at] of returnedAt) {
      if (t - at < ackAfter) continue
      tracker.acknowledge(tag)
      returnedAt.delete(tag)
    }
  }

  const flushMinute = () => {
    if (count === 0) return
    const rows = new HourRows()
    for (let i = 0; i < tags.length; i++) rows.add(tags[i]!.name, minuteStart, round3(sums[i]! / count))
    enqueue(rows)
    sums.fill(0)
    count = 0
  }

  const emit = (t: number) => {
    if (listeners.size === 0) return
    const ts = new Date(t).toISOString()
    for (const l of listeners)
      for (const i of l.tags)
        l.cb({ tag: tags[i]!.name, value: current[i]!, unit: tags[i]!.unit, timestamp: ts, quality: 'good' })
  }

  const second = (t: number, notify: boolean) => {
    const m = floorTo(t, MINUTE)
    if (m !== minuteStart) {
      flushMinute()
      minuteStart = m
    }
    const s = model.sample(t)
    for (let i = 0; i < tags.length; i++) sums[i]! += s.values[i]!
    count++
    current = s.values
    feedAlarms(s, t)
    if (notify) emit(t)
  }

  /** Generates every sample in (lastT, target]. */
  const stepTo = (target: number) => {
    target = floorTo(target, 1000)
    if (target <= lastT) return
    if (target - lastT <= SECOND_STEP_LIMIT) {
      for (let t = lastT + 1000; t <= target; t += 1000) second(t, true)
    } else {
      flushMinute()
      const end = floorTo(target, MINUTE)
      const rows = new HourRows()
      for (let m = minuteStart + MINUTE; m < end; m += MINUTE) {
        const s = model.sample(m)
        for (let i = 0; i < tags.length; i++) rows.add(tags[i]!.name, m, s.values[i]!)
        feedAlarms(s, m)
        operatorAcks(m)
      }
      enqueue(rows)
      minuteStart = end
      for (let t = Math.max(end, lastT + 1000); t <= target; t += 1000) second(t, false)
      emit(target)
    }
    lastT = target
    operatorAcks(target)
  }

  // Back-fill: minute samples for backfillDays before the current minute; stored when the site has no history
  // (or, when it has, from its newest stored hour on), and always fed to the alarms.
  const from = minuteStart - backfillDays * DAY
  const last = await historian.lastHour()
  const storeFrom = last === null ? from : Math.max(from, last)
  const rows = new HourRows()
  for (let m = from; m < minuteStart; m += MINUTE) {
    const s = model.sample(m)
    if (m >= storeFrom) for (let i = 0; i < tags.length; i++) rows.add(tags[i]!.name, m, s.values[i]!)
    feedAlarms(s, m)
    operatorAcks(m)
  }
  enqueue(rows)
  for (let t = minuteStart; t <= t0; t += 1000) second(t, false)
  operatorAcks(t0)
  await writes

  const timer =
    opts.startLive === false
      ? null
      : setInterval(() => {
          if (!closed) stepTo(clock.now() + offset)
        }, 1000)
  timer?.unref?.()

  const resolve = (name: string): number => {
    const i = index.get(name)
    if (i === undefined) throw new UnknownTagError(name)
    return i
  }

  const tail = (tag: number, fromMs: number, toMs: number): Array<[number, number]> =>
    count > 0 && minuteStart >= fromMs && minuteStart < toMs
      ? [[minuteStart, round3(sums[tag]! / count)]]
      : []

  return {
    id: opts.id ?? 'simulator',
    kind: 'simulator',
    site,
    incidents: given,
    startedAt: new Date(t0),
    now: () => new Date(lastT),
    async advance(ms: number) {
      if (!(ms > 0)) return
      offset += ms
      stepTo(Math.max(lastT + ms, clock.now() + offset))
      await writes
    },
    async listTags() {
      return tags.map((t) => ({ ...t }))
    },
    async readValues(names: string[]) {
      const ts = new Date(lastT).toISOString()
      return names.map((n) => {
        const i = resolve(n)
        return { tag: n, value: current[i]!, unit: tags[i]!.unit, timestamp: ts, quality: 'good' as const }
      })
    },
    async readHistory(q: HistoryQuery): Promise<HistoryResult> {
      const i = resolve(q.tag)
      const fromMs = q.from.getTime()
      const toMs = q.to.getTime()
      await writes
      if (writeError) {
        const e = writeError
        writeError = null
        throw e
      }
      const samples = [...(await historian.readRaw(q.tag, fromMs, toMs)), ...tail(i, fromMs, toMs)]
      const points: HistoryPoint[] = q.intervalMs
        ? bucketize(samples, fromMs, q.intervalMs)
        : samples.map(([t, v]) => ({ t: new Date(t).toISOString(), v }))
      return {
        tag: q.tag,
        unit: tags[i]!.unit,
        from: q.from.toISOString(),
        to: q.to.toISOString(),
        intervalMs: q.intervalMs ?? null,
        points,
      }
    },
    async listAlarms(): Promise<Alarm[]> {
      return tracker.list()
    },
    subscribe(names: string[], cb: (v: TagValue) => void) {
      const l = { tags: new Set(names.map(resolve)), cb }
      listeners.add(l)
      return () => {
        listeners.delete(l)
      }
    },
    async close() {
      if (closed) return
      closed = true
      if (timer) clearInterval(timer)
      flushMinute()
      await writes
      listeners.clear()
    },
  }
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000
}
