/**
 * MQTT connector: listens to plain JSON topics and to Sparkplug B edge nodes/devices and serves their values as
 * tags, with an in-memory history (HistoryBuffer) and alarms evaluated against the configured limits.
 *
 * Read-only by construction. The connector only connects, subscribes and disconnects:
 * - the client lives in this module's closure and is never handed out;
 * - its publish methods are replaced by ones that throw, before the client connects, so not even a later edit of
 *   this file can publish by accident;
 * - no last-will message is configured (a will is a publish the broker makes for the client).
 * A Sparkplug host application would normally publish STATE (its online/offline birth) and may send NCMD/DCMD,
 * e.g. a rebirth request. This connector is deliberately a passive listener instead: it does neither, so it never
 * becomes the "primary host" edge nodes wait for, and it cannot ask for a rebirth; metrics sent by alias only are
 * named once the node's next BIRTH has been seen.
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt'
import { AlarmTracker } from './alarms.ts'
import { bucketize, HistoryBuffer } from './buffer.ts'
import {
  type DecodedMetric,
  decodeMessage,
  parseSparkplugTopic,
  SparkplugAliases,
  type SparkplugTopic,
  sparkplugScope,
  sparkplugTopic,
} from './sparkplug.ts'
import {
  historyResult,
  type Sample,
  Subscribers,
  type TagConfigBase,
  tagInfo,
  toTagValue,
  warner,
} from './tag.ts'
import type {
  Alarm,
  HistoryQuery,
  HistoryResult,
  PlantConnector,
  Quality,
  TagInfo,
  TagValue,
} from './types.ts'
import { UnknownTagError } from './types.ts'

export interface JsonTagSource {
  type: 'json'
  /** Topic (or filter with + / #) carrying a JSON payload. */
  topic: string
  /** Dot path into the payload ('value' by default; '' for a bare JSON number/boolean payload). */
  path?: string
  /** Dot path to the sample time (ISO text, or epoch ms); receive time when omitted or unreadable. */
  timestampPath?: string
}

export interface SparkplugTagSource {
  type: 'sparkplug'
  groupId: string
  edgeNode: string
  /** Device id for DBIRTH/DDATA metrics; omitted = a metric of the edge node itself (NBIRTH/NDATA). */
  device?: string
  /** Metric name as in the BIRTH certificate. */
  metric: string
}

export interface MqttTagConfig extends TagConfigBase {
  source: JsonTagSource | SparkplugTagSource
}

export interface MqttConnectorConfig {
  id: string
  site: string
  /** mqtt://, mqtts://, ws:// or wss:// */
  url: string
  username?: string
  password?: string
  clientId?: string
  tags: MqttTagConfig[]
  /** Samples kept per tag (default 50,000). */
  bufferSize?: number
  /** Delay between reconnect attempts (default 2000 ms). */
  reconnectPeriodMs?: number
  /** How long creation waits for the first subscription before resolving anyway (default 5000 ms). */
  startupWaitMs?: number
  /** Where problems (bad payloads, connection errors) are reported; console.warn by default. */
  onWarning?: (message: string) => void
}

export interface MqttConnector extends PlantConnector {
  readonly kind: 'mqtt'
  /** The client id the connector uses on the broker. */
  readonly clientId: string
  /** True while connected to the broker. */
  connected(): boolean
}

interface Tag {
  info: TagInfo
  source: JsonTagSource | SparkplugTagSource
}

const DEFAULT_BUFFER = 50_000

export async function createMqttConnector(cfg: MqttConnectorConfig): Promise<MqttConnector> {
  const tags = new Map<string, Tag>()
  for (const t of cfg.tags) {
    if (tags.has(t.name)) throw new Error(`mqtt connector ${cfg.id}: tag "${t.name}" is configured twice`)
    tags.set(t.name, { info: tagInfo(t, cfg.site), source: t.source })
  }

  const history = new HistoryBuffer(cfg.bufferSize ?? DEFAULT_BUFFER)
  const alarms = new AlarmTracker()
  const last = new Map<string, Sample>()
  const aliases = new SparkplugAliases()
  const warn = warner('mqtt', cfg.onWarning)
  const listeners = new Subscribers((err) => warn(`subscriber callback failed: ${(err as Error).message}`))

  // Routing: JSON topic filters -> tags, Sparkplug "<scope>\n<metric>" -> tag.
  const jsonRoutes: Array<{ filter: string; tag: Tag }> = []
  const sparkplugRoutes = new Map<string, Tag>()
  const filters = new Set<string>()
  for (const tag of tags.values()) {
    const s = tag.source
    if (s.type === 'json') {
      jsonRoutes.push({ filter: s.topic, tag })
      filters.add(s.topic)
    } else {
      sparkplugRoutes.set(`${sparkplugScope(s)}\n${s.metric}`, tag)
      // Node messages always: an NBIRTH/NDEATH also starts/ends the sessions of the node's devices.
      for (const type of ['NBIRTH', 'NDATA', 'NDEATH'] as const)
        filters.add(sparkplugTopic(s.groupId, type, s.edgeNode))
      if (s.device !== undefined) {
        for (const type of ['DBIRTH', 'DDATA', 'DDEATH'] as const)
          filters.add(sparkplugTopic(s.groupId, type, s.edgeNode, s.device))
      }
    }
  }

  const emit = (tag: Tag, sample: Sample) => listeners.emit(toTagValue(tag.info, sample))

  const record = (
    tag: Tag,
    value: TagValue['value'],
    timeMs: number,
    quality: Quality,
    historical = false,
  ) => {
    const numeric = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'number' ? value : null
    if (numeric !== null && quality !== 'bad') history.push(tag.info.name, timeMs, numeric)
    if (historical) return
    const prev = last.get(tag.info.name)
    // Late samples (older than what we show) go to history only.
    if (prev && prev.timeMs > timeMs && prev.quality === 'good') return
    const sample: Sample = { value, timeMs, quality }
    last.set(tag.info.name, sample)
    if (numeric !== null && Number.isFinite(numeric)) alarms.update(tag.info, numeric, new Date(timeMs))
    emit(tag, sample)
  }

  /** NDEATH/DDEATH: the values stay as last reported, but nobody vouches for them any more. */
  const markStale = (match: (s: SparkplugTagSource) => boolean) => {
    for (const tag of tags.values()) {
      if (tag.source.type !== 'sparkplug' || !match(tag.source)) continue
      const prev = last.get(tag.info.name)
      if (!prev || prev.quality === 'bad') continue
      const sample: Sample = { ...prev, quality: 'uncertain' }
      last.set(tag.info.name, sample)
      emit(tag, sample)
    }
  }

  const onJson = (topic: string, payload: Buffer) => {
    const routes = jsonRoutes.filter((r) => topicMatches(r.filter, topic))
    if (routes.length === 0) return
    let doc: unknown
    try {
      doc = JSON.parse(payload.toString('utf8'))
    } catch {
      warn(`${topic}: payload is not JSON`)
      return
    }
    const now = Date.now()
    for (const { tag } of routes) {
      const src = tag.source as JsonTagSource
      const raw = readPath(doc, src.path ?? 'value')
      if (raw === undefined) continue
      const value = jsonValue(raw)
      const t = src.timestampPath ? parseTime(readPath(doc, src.timestampPath)) : null
      record(tag, value, t ?? now, value === null ? 'bad' : 'good')
    }
  }

  const onSparkplug = (topic: SparkplugTopic, payload: Buffer) => {
    if (topic.messageType === 'NDEATH') {
      aliases.resetNode(topic.groupId, topic.edgeNode)
      markStale((s) => s.groupId === topic.groupId && s.edgeNode === topic.edgeNode)
      return
    }
    if (topic.messageType === 'DDEATH') {
      markStale(
        (s) => s.groupId === topic.groupId && s.edgeNode === topic.edgeNode && s.device === topic.device,
      )
      return
    }
    if (topic.messageType === 'NCMD' || topic.messageType === 'DCMD') return
    let decoded: ReturnType<typeof decodeMessage>
    try {
      decoded = decodeMessage(topic, payload, aliases)
    } catch (err) {
      warn(`${topicText(topic)}: not a Sparkplug B payload (${(err as Error).message})`)
      return
    }
    const scope = sparkplugScope(topic)
    const now = Date.now()
    for (const m of decoded.metrics) {
      if (m.name === null) {
        if (m.alias !== null) warn(`${topicText(topic)}: alias ${m.alias} unknown until the next BIRTH`)
        continue
      }
      const tag = sparkplugRoutes.get(`${scope}\n${m.name}`)
      if (!tag) continue
      record(tag, m.value, m.timestamp ?? now, metricQuality(m), m.isHistorical)
    }
  }

  const onMessage = (topic: string, payload: Buffer) => {
    try {
      const sp = parseSparkplugTopic(topic)
      if (sp) onSparkplug(sp, payload)
      else onJson(topic, payload)
    } catch (err) {
      warn(`${topic}: ${(err as Error).message}`)
    }
  }

  const clientId = cfg.clientId ?? `plant-copilot-${cfg.id}-${Math.random().toString(16).slice(2, 10)}`
  const options: IClientOptions = {
    clientId,
    clean: true,
    protocolVersion: 4,
    reconnectPeriod: cfg.reconnectPeriodMs ?? 2000,
    connectTimeout: 10_000,
    // We subscribe on every (re)connect ourselves: with a clean session the broker forgets them anyway.
    resubscribe: false,
    // Deliberately no `will`: the broker would publish it on our behalf.
  }
  if (cfg.username !== undefined) options.username = cfg.username
  if (cfg.password !== undefined) options.password = cfg.password

  const client = connect(cfg.url, options)
  // Sealed in the same tick, before the socket is even open.
  sealReadOnly(client)

  let firstSubscribed: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    firstSubscribed = resolve
  })
  client.on('connect', () => {
    if (filters.size === 0) return firstSubscribed()
    client.subscribe([...filters], { qos: 0 }, (err) => {
      if (err) warn(`subscribe failed: ${err.message}`)
      else firstSubscribed()
    })
  })
  client.on('message', onMessage)
  client.on('error', (err) => warn(`${cfg.url}: ${err.message}`))

  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    ready,
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        warn(`${cfg.url}: not connected yet; values stay bad until the broker answers`)
        resolve()
      }, cfg.startupWaitMs ?? 5000)
    }),
  ])
  clearTimeout(timer)

  const known = (name: string): Tag => {
    const t = tags.get(name)
    if (!t) throw new UnknownTagError(name)
    return t
  }

  return {
    id: cfg.id,
    kind: 'mqtt',
    clientId,
    connected: () => client.connected,
    listTags: async () => [...tags.values()].map((t) => ({ ...t.info })),
    readValues: async (names) =>
      names.map((name) => {
        const tag = known(name)
        const s = last.get(name)
        return s
          ? toTagValue(tag.info, s)
          : toTagValue(tag.info, { value: null, timeMs: Date.now(), quality: 'bad' })
      }),
    readHistory: async (q: HistoryQuery): Promise<HistoryResult> => {
      return historyResult(known(q.tag).info, q, readOrdered(history, q))
    },
    listAlarms: async (): Promise<Alarm[]> => alarms.list(),
    subscribe: (names, onValue) => {
      for (const n of names) known(n)
      return listeners.add(names, onValue)
    },
    close: async () => {
      listeners.clear()
      await client.endAsync(true)
    },
  }
}

/** Replaces the client's publish methods by ones that refuse, so this connector cannot publish at all. */
function sealReadOnly(client: MqttClient): void {
  const refuse = () => {
    throw new Error('the MQTT connector is read-only: publishing is disabled')
  }
  for (const method of ['publish', 'publishAsync'] as const) {
    Object.defineProperty(client, method, { value: refuse, writable: false, configurable: false })
  }
}

function metricQuality(m: DecodedMetric): Quality {
  return m.value === null ? 'bad' : 'good'
}

function topicText(t: SparkplugTopic): string {
  return sparkplugTopic(t.groupId, t.messageType, t.edgeNode, t.device)
}

/** MQTT topic filter match (+ one level, # the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true
  const f = filter.split('/')
  const t = topic.split('/')
  for (let i = 0; i < f.length; i++) {
    const part = f[i]!
    if (part === '#') return i > 0 || !topic.startsWith('$')
    if (i >= t.length) return false
    if (part === '+') {
      if (i === 0 && topic.startsWith('$')) return false
      continue
    }
    if (part !== t[i]) return false
  }
  return f.length === t.length
}

/** 'a.b.0.c' into a JSON document; '' is the document itself. */
export function readPath(doc: unknown, path: string): unknown {
  if (path === '') return doc
  let cur: unknown = doc
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') {
      // A bare scalar payload read with the default path is the value itself.
      return path === 'value' && cur === doc ? doc : undefined
    }
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

function jsonValue(raw: unknown): TagValue['value'] {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null
  if (typeof raw === 'boolean') return raw
  if (typeof raw === 'string') {
    const n = Number(raw)
    return raw.trim() !== '' && Number.isFinite(n) ? n : raw
  }
  return null
}

/** ISO text, or epoch milliseconds (numbers below 1e11 are read as epoch seconds). */
function parseTime(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw < 1e11 ? raw * 1000 : raw
  if (typeof raw === 'string' && raw.trim() !== '') {
    const n = Number(raw)
    if (Number.isFinite(n)) return parseTime(n)
    const t = Date.parse(raw)
    return Number.isNaN(t) ? null : t
  }
  return null
}

/** History from the buffer in time order (late samples arrive out of order), raw or bucketed. */
function readOrdered(history: HistoryBuffer, q: HistoryQuery) {
  const raw = history.read({ tag: q.tag, from: q.from, to: q.to })
  const samples = raw.map((p): [number, number] => [Date.parse(p.t), p.v!])
  let sorted = true
  for (let i = 1; i < samples.length && sorted; i++) if (samples[i]![0] < samples[i - 1]![0]) sorted = false
  if (!sorted) samples.sort((a, b) => a[0] - b[0])
  if (!q.intervalMs) return sorted ? raw : samples.map(([t, v]) => ({ t: new Date(t).toISOString(), v }))
  return bucketize(samples, q.from.getTime(), q.intervalMs)
}
