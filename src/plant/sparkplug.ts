/**
 * Sparkplug B helpers for the MQTT connector: topic parsing, payload decoding (protobuf, via `sparkplug-payload`)
 * with alias resolution learned from BIRTH messages, and an encoder that only tests use to play a fake edge node.
 * Nothing here talks to a broker.
 */
import { get as sparkplugFor } from 'sparkplug-payload'
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload.js'

export const SPARKPLUG_NAMESPACE = 'spBv1.0'

export type SparkplugMessageType =
  | 'NBIRTH'
  | 'NDATA'
  | 'NDEATH'
  | 'NCMD'
  | 'DBIRTH'
  | 'DDATA'
  | 'DDEATH'
  | 'DCMD'

const NODE_TYPES = new Set<string>(['NBIRTH', 'NDATA', 'NDEATH', 'NCMD'])
const DEVICE_TYPES = new Set<string>(['DBIRTH', 'DDATA', 'DDEATH', 'DCMD'])

export interface SparkplugTopic {
  groupId: string
  messageType: SparkplugMessageType
  edgeNode: string
  /** Present for D* messages only. */
  device?: string
}

/**
 * `spBv1.0/<group>/<type>/<edge>[/<device>]` into its parts; null for anything else (other namespaces, host STATE
 * messages, malformed topics, a device id on a node message or a missing one on a device message).
 */
export function parseSparkplugTopic(topic: string): SparkplugTopic | null {
  const parts = topic.split('/')
  if (parts[0] !== SPARKPLUG_NAMESPACE) return null
  if (parts.length !== 4 && parts.length !== 5) return null
  if (parts.some((p) => p.length === 0)) return null
  const [, groupId, type, edgeNode, device] = parts as [string, string, string, string, string | undefined]
  if (device === undefined && NODE_TYPES.has(type)) {
    return { groupId, messageType: type as SparkplugMessageType, edgeNode }
  }
  if (device !== undefined && DEVICE_TYPES.has(type)) {
    return { groupId, messageType: type as SparkplugMessageType, edgeNode, device }
  }
  return null
}

/** The topic a given message type of a node (or one of its devices) is published on. */
export function sparkplugTopic(
  groupId: string,
  messageType: SparkplugMessageType,
  edgeNode: string,
  device?: string,
): string {
  const base = `${SPARKPLUG_NAMESPACE}/${groupId}/${messageType}/${edgeNode}`
  return device === undefined ? base : `${base}/${device}`
}

/** Key of the alias scope one message belongs to: the edge node, or one device of it. */
export function sparkplugScope(t: Pick<SparkplugTopic, 'groupId' | 'edgeNode' | 'device'>): string {
  return t.device === undefined ? `${t.groupId}/${t.edgeNode}` : `${t.groupId}/${t.edgeNode}/${t.device}`
}

export type SparkplugValue = number | boolean | string | null

export interface DecodedMetric {
  /** Metric name as sent, or resolved from its alias; null when neither is known. */
  name: string | null
  alias: number | null
  type: string
  value: SparkplugValue
  /** Epoch ms of the metric, else of the payload; null when neither carries one. */
  timestamp: number | null
  isHistorical: boolean
}

export interface DecodedPayload {
  timestamp: number | null
  seq: number | null
  metrics: DecodedMetric[]
}

function codec() {
  const c = sparkplugFor(SPARKPLUG_NAMESPACE)
  if (!c) throw new Error('sparkplug-payload has no spBv1.0 codec')
  return c
}

interface LongLike {
  low: number
  high: number
}

function isLongLike(x: unknown): x is LongLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as LongLike).low === 'number' &&
    typeof (x as LongLike).high === 'number'
  )
}

/** A protobuf 64-bit integer (a `long` object, or already a number) as a JS number. */
function toNumber(x: unknown, signed: boolean): number | null {
  if (typeof x === 'number') return x
  if (typeof x === 'bigint') return Number(x)
  if (isLongLike(x)) {
    const high = signed ? x.high | 0 : x.high >>> 0
    return high * 0x1_0000_0000 + (x.low >>> 0)
  }
  return null
}

const SIGNED_LONG = new Set(['Int64'])
const NUMERIC_LONG = new Set(['Int64', 'UInt32', 'UInt64', 'DateTime'])

function metricValue(m: UMetric): SparkplugValue {
  const v = m.value as unknown
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v
  if (NUMERIC_LONG.has(m.type) || isLongLike(v)) return toNumber(v, SIGNED_LONG.has(m.type))
  // DataSet, Template, Bytes, File: not a tag value this product shows.
  return null
}

/**
 * Aliases per scope (edge node or device), learned from BIRTH messages: DATA messages may carry the alias alone.
 * A new NBIRTH starts a new session for the node and its devices, so their old aliases are dropped.
 */
export class SparkplugAliases {
  private readonly scopes = new Map<string, Map<number, string>>()

  /** Forget the node's aliases and those of all its devices (new NBIRTH, or NDEATH). */
  resetNode(groupId: string, edgeNode: string): void {
    const node = `${groupId}/${edgeNode}`
    for (const k of [...this.scopes.keys()]) if (k === node || k.startsWith(`${node}/`)) this.scopes.delete(k)
  }

  learn(scope: string, metrics: DecodedMetric[]): void {
    const map = new Map<number, string>()
    for (const m of metrics) if (m.alias !== null && m.name !== null) map.set(m.alias, m.name)
    this.scopes.set(scope, map)
  }

  resolve(scope: string, alias: number): string | null {
    return this.scopes.get(scope)?.get(alias) ?? null
  }
}

/** Decodes a Sparkplug B payload; 64-bit fields become numbers. Names are not resolved here (see decodeMessage). */
export function decodeSparkplug(payload: Uint8Array): DecodedPayload {
  const p = codec().decodePayload(payload)
  const timestamp = toNumber(p.timestamp, false)
  const metrics = (p.metrics ?? []).map(
    (m): DecodedMetric => ({
      name: typeof m.name === 'string' && m.name.length > 0 ? m.name : null,
      alias: m.alias === undefined || m.alias === null ? null : toNumber(m.alias, false),
      type: m.type,
      value: metricValue(m),
      timestamp: toNumber(m.timestamp, false) ?? timestamp,
      isHistorical: m.isHistorical === true,
    }),
  )
  return { timestamp, seq: toNumber(p.seq, false), metrics }
}

/**
 * Decodes one Sparkplug message and names its metrics: a BIRTH (re)defines the scope's aliases, a DATA message's
 * alias-only metrics are named from them (name stays null for an alias no BIRTH defined; a passive listener cannot
 * ask for a rebirth, so such metrics wait for the node's next BIRTH).
 */
export function decodeMessage(
  topic: SparkplugTopic,
  payload: Uint8Array,
  aliases: SparkplugAliases,
): DecodedPayload {
  const decoded = decodeSparkplug(payload)
  const scope = sparkplugScope(topic)
  if (topic.messageType === 'NBIRTH') aliases.resetNode(topic.groupId, topic.edgeNode)
  if (topic.messageType === 'NBIRTH' || topic.messageType === 'DBIRTH') aliases.learn(scope, decoded.metrics)
  for (const m of decoded.metrics) {
    if (m.name === null && m.alias !== null) m.name = aliases.resolve(scope, m.alias)
  }
  return decoded
}

export interface TestMetric {
  name?: string
  alias?: number
  type: UMetric['type']
  value: SparkplugValue
  timestamp?: number
  isHistorical?: boolean
}

/** Encodes a payload as an edge node would; for tests that play a fake edge node, never used by the connector. */
export function encodeForTest(payload: {
  timestamp?: number
  seq?: number
  metrics: TestMetric[]
}): Uint8Array {
  const out: UPayload = {
    timestamp: payload.timestamp ?? Date.now(),
    metrics: payload.metrics.map((m) => {
      const metric: UMetric = { type: m.type, value: m.value }
      if (m.name !== undefined) metric.name = m.name
      if (m.alias !== undefined) metric.alias = m.alias
      if (m.timestamp !== undefined) metric.timestamp = m.timestamp
      if (m.isHistorical !== undefined) metric.isHistorical = m.isHistorical
      if (m.value === null) metric.isNull = true
      return metric
    }),
  }
  if (payload.seq !== undefined) out.seq = payload.seq
  return codec().encodePayload(out)
}
