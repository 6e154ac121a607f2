/**
 * OPC UA connector (node-opcua client): reads the mapped NodeIds of a tag map, polls them into a HistoryBuffer
 * and an AlarmTracker, and reads history with HistoryRead (ReadRawModifiedDetails) where the server keeps it.
 *
 * Design:
 * - Polling, not subscriptions: every `pollMs` one Read of all mapped nodes feeds the buffer, the alarm tracker
 *   and `subscribe` listeners. A poll never overlaps the previous one and never throws; while the link is down it
 *   is skipped (no requests pile up in the client's reconnect queue). Alarms & Conditions events are not used:
 *   alarms come from the tag map's limits over polled values.
 * - Reconnection: node-opcua's client reconnects the channel by itself (connectionStrategy, unlimited retries)
 *   and re-activates or re-creates the session (after a server restart). If the client is stuck anyway (three
 *   failed polls in a row while it is not reconnecting) or gave up, the connector drops it and builds a new
 *   client and session on the next poll or read.
 * - Startup: a rejected identity or security setting (wrong password, unknown user, policy the server does not
 *   offer, untrusted certificate) rejects creation with an error saying so. An endpoint that does not answer
 *   within `connectTimeoutMs` does not: the connector starts, its values read as quality "bad" (the last known
 *   value, or null) and it keeps trying in the background.
 * - readValues reads the server now; without a link it answers the last known values with quality "bad".
 * - readHistory uses HistoryRead when the node's UserAccessLevel has HistoryRead or it is Historizing, and falls
 *   back to the connector's own buffer when the server has none (BadHistoryOperationUnsupported etc.) or the
 *   link is down. Buckets (intervalMs) are aggregated here, from raw samples, in both cases.
 *
 * Read-only by construction: the session only ever issues Read, Browse, HistoryRead (raw) and session/
 * subscription housekeeping. Beyond this file never calling anything else, the session's transaction funnel is
 * wrapped by an allow-list (`sealSession`) that refuses any other service before it reaches the wire.
 */
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import {
  AccessLevelFlag,
  AttributeIds,
  type ClientSession,
  DataType,
  type DataValue,
  HistoryData,
  HistoryReadRequest,
  type HistoryReadResult,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  ReadRawModifiedDetails,
  resolveNodeId,
  SecurityPolicy,
  TimestampsToReturn,
  type UserIdentityInfo,
  UserTokenType,
} from 'node-opcua'
import { AlarmTracker } from './alarms.ts'
import { bucketize, HistoryBuffer } from './buffer.ts'
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
  HistoryPoint,
  HistoryQuery,
  HistoryResult,
  PlantConnector,
  Quality,
  TagInfo,
  TagValue,
} from './types.ts'
import { UnknownTagError } from './types.ts'

export interface OpcUaTagConfig extends TagConfigBase {
  /** e.g. 'ns=2;s=PT-101' or 'ns=3;i=1042'. */
  nodeId: string
}

export type OpcUaAuth = { type: 'anonymous' } | { type: 'username'; username: string; password: string }

export interface OpcUaConnectorConfig {
  id: string
  site: string
  /** opc.tcp://host:port/path */
  endpoint: string
  securityMode?: 'None' | 'Sign' | 'SignAndEncrypt'
  /** 'None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', … or a policy URI. */
  securityPolicy?: string
  auth?: OpcUaAuth
  tags: OpcUaTagConfig[]
  /** Poll period (default 1000 ms). */
  pollMs?: number
  /** Folder for the client's own certificate and its trust lists (default ~/.config/plant-copilot/opcua-pki). */
  pkiDir?: string
  /**
   * Accept a server certificate the PKI folder does not trust yet (default false: it is put in
   * `<pkiDir>/rejected` and the connection fails until an administrator moves it to `trusted/certs`).
   * Only matters with Sign or SignAndEncrypt.
   */
  acceptUnknownServerCertificate?: boolean
  /** How long one connection attempt (channel + session) may take (default 10,000 ms). */
  connectTimeoutMs?: number
  /** Timeout of one read or history request (default 10,000 ms). */
  requestTimeoutMs?: number
  /** Longest wait between reconnection attempts (default 10,000 ms). */
  reconnectMaxDelayMs?: number
  /** Samples kept per tag in the connector's own history (default 50,000). */
  bufferSize?: number
  /** Where problems are reported; console.warn by default (each message at most once a minute). */
  onWarning?: (message: string) => void
}

export interface OpcUaConnector extends PlantConnector {
  readonly kind: 'opcua'
  /** True while a session is up and its channel is not being re-established. */
  connected(): boolean
  /** The last connection or read problem, or null after a successful poll. */
  lastError(): string | null
}

/** The services this connector may use; anything else is refused before it is sent. */
export const ALLOWED_SERVICES: ReadonlySet<string> = new Set([
  'ReadRequest',
  'HistoryReadRequest',
  'BrowseRequest',
  'BrowseNextRequest',
  'TranslateBrowsePathsToNodeIdsRequest',
  'RegisterNodesRequest',
  'UnregisterNodesRequest',
  'GetEndpointsRequest',
  'FindServersRequest',
  'CreateSessionRequest',
  'ActivateSessionRequest',
  'CloseSessionRequest',
  'CancelRequest',
  'CreateSubscriptionRequest',
  'ModifySubscriptionRequest',
  'SetPublishingModeRequest',
  'DeleteSubscriptionsRequest',
  'TransferSubscriptionsRequest',
  'CreateMonitoredItemsRequest',
  'ModifyMonitoredItemsRequest',
  'DeleteMonitoredItemsRequest',
  'SetMonitoringModeRequest',
  'PublishRequest',
  'RepublishRequest',
])

export class OpcUaReadOnlyError extends Error {
  constructor(readonly service: string) {
    super(`the OPC UA connector is read-only: ${service} is not allowed`)
    this.name = 'OpcUaReadOnlyError'
  }
}

/** Thrown by createOpcUaConnector when the server refuses the identity or the security settings. */
export class OpcUaConnectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'OpcUaConnectError'
  }
}

interface Tag {
  info: TagInfo
  nodeId: string
}

type Transaction = (request: { schema?: { name?: string } }, callback: (err: Error | null) => void) => void

/**
 * Wraps the session's request funnel so that only services in ALLOWED_SERVICES reach the server; a HistoryRead
 * must be a raw/modified read (never an update) by construction of the service itself.
 */
export function sealSession<S extends object>(session: S): S {
  const target = session as unknown as Record<string, unknown>
  for (const method of ['performMessageTransaction', '_performMessageTransaction']) {
    const original = target[method]
    if (typeof original !== 'function') continue
    const sealed: Transaction = (request, callback) => {
      const name = request?.schema?.name ?? request?.constructor?.name ?? 'unknown service'
      if (!ALLOWED_SERVICES.has(name)) {
        callback(new OpcUaReadOnlyError(name))
        return
      }
      Reflect.apply(original, session, [request, callback])
    }
    Object.defineProperty(session, method, { value: sealed, writable: false, configurable: false })
  }
  return session
}

const DEFAULT_POLL_MS = 1000
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000
const DEFAULT_BUFFER = 50_000
const HISTORY_PAGE = 10_000
const HISTORY_MAX_PAGES = 100
/** Status codes meaning "this node has no history to read" (rather than a passing fault). */
const NO_HISTORY =
  /BadHistoryOperationUnsupported|BadHistoryOperationInvalid|BadNotReadable|BadNodeIdUnknown|BadUserAccessDenied|BadAttributeIdInvalid|BadNotSupported/
/** Errors that retrying will not fix: the identity or the security settings. */
const FATAL =
  /BadUser|BadIdentity|AccessDenied|BadSecurity|BadCertificate|BadNoValidCertificates|SecurityPolicy|cannot find endpoint|no endpoint|endpoint.*(not found|does not exist)/i

export async function createOpcUaConnector(cfg: OpcUaConnectorConfig): Promise<OpcUaConnector> {
  const tags = new Map<string, Tag>()
  for (const t of cfg.tags) {
    if (tags.has(t.name)) throw new Error(`opcua connector ${cfg.id}: tag "${t.name}" is configured twice`)
    try {
      resolveNodeId(t.nodeId)
    } catch {
      throw new Error(`opcua connector ${cfg.id}: tag "${t.name}" has an invalid nodeId "${t.nodeId}"`)
    }
    tags.set(t.name, { info: tagInfo(t, cfg.site), nodeId: t.nodeId })
  }
  if (!/^opc\.tcp:\/\//.test(cfg.endpoint))
    throw new Error(`opcua connector ${cfg.id}: endpoint must be opc.tcp://host:port/path`)

  const pollMs = Math.max(50, cfg.pollMs ?? DEFAULT_POLL_MS)
  const connectTimeoutMs = cfg.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const requestTimeoutMs = cfg.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const securityMode = MessageSecurityMode[cfg.securityMode ?? 'None']
  const securityPolicy = policyOf(cfg.securityPolicy ?? 'None')
  const auth = cfg.auth ?? { type: 'anonymous' }
  const identity: UserIdentityInfo =
    auth.type === 'username'
      ? { type: UserTokenType.UserName, userName: auth.username, password: auth.password }
      : { type: UserTokenType.Anonymous }
  const who = auth.type === 'username' ? `user "${auth.username}"` : 'anonymous'
  const label = `opcua connector ${cfg.id} (${cfg.endpoint})`

  const history = new HistoryBuffer(cfg.bufferSize ?? DEFAULT_BUFFER)
  const alarms = new AlarmTracker()
  const last = new Map<string, Sample>()
  const lastPushed = new Map<string, number>()
  const historyCapable = new Map<string, boolean>()
  const warn = warner('opcua', cfg.onWarning)
  const listeners = new Subscribers((err) => warn(`subscriber callback failed: ${message(err)}`))

  let client: OPCUAClient | null = null
  let session: ClientSession | null = null
  let opening: Promise<ClientSession> | null = null
  let failures = 0
  let broken = false
  let closed = false
  let error: string | null = null
  let timer: NodeJS.Timeout | undefined
  let polling: Promise<void> | null = null

  // One certificate manager for the connector's lifetime (clients come and go on reconnects; it watches folders).
  const pkiDir = cfg.pkiDir ?? join(homedir(), '.config', 'plant-copilot', 'opcua-pki')
  mkdirSync(pkiDir, { recursive: true })
  const certificates = new OPCUACertificateManager({
    rootFolder: pkiDir,
    automaticallyAcceptUnknownCertificate: cfg.acceptUnknownServerCertificate ?? false,
  })

  const dispose = async (c: OPCUAClient | null, s: ClientSession | null) => {
    if (s) await timeout(s.close(true), 2000, 'close session').catch(() => {})
    if (c) await timeout(c.disconnect(), 2000, 'disconnect').catch(() => {})
  }

  /** A fresh client and session; the previous ones are dropped first. */
  const open = async (): Promise<ClientSession> => {
    const [oldClient, oldSession] = [client, session]
    client = null
    session = null
    historyCapable.clear()
    await dispose(oldClient, oldSession)
    const c = OPCUAClient.create({
      applicationName: 'plant-copilot',
      clientName: `plant-copilot ${cfg.id}`,
      endpointMustExist: false,
      securityMode,
      securityPolicy,
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
      connectionStrategy: {
        initialDelay: 250,
        maxDelay: cfg.reconnectMaxDelayMs ?? 10_000,
        maxRetry: Number.MAX_SAFE_INTEGER,
      },
      clientCertificateManager: certificates,
    })
    c.on('connection_lost', () => {
      if (client === c) error = 'connection lost; reconnecting'
    })
    c.on('reconnection_canceled', () => {
      if (client === c) broken = true
    })
    try {
      await timeout(c.connect(cfg.endpoint), connectTimeoutMs, 'connect')
      const s = await timeout(c.createSession(identity), connectTimeoutMs, 'create session')
      sealSession(s)
      s.on('session_closed', () => {
        if (!closed && session === s) broken = true
      })
      if (closed) {
        await dispose(c, s)
        throw new Error('connector closed')
      }
      client = c
      session = s
      broken = false
      failures = 0
      error = null
      return s
    } catch (err) {
      await dispose(c, null)
      const reason = message(err)
      if (/BadCertificateUntrusted|certificate verification failed/i.test(reason))
        throw new OpcUaConnectError(
          `${label}: the server certificate is not trusted (${reason}); move it from ` +
            `${pkiDir}/rejected to trusted/certs, or set acceptUnknownServerCertificate`,
          { cause: err },
        )
      if (FATAL.test(reason))
        throw new OpcUaConnectError(
          `${label}: the server refused ${who} with security ${cfg.securityMode ?? 'None'}/${cfg.securityPolicy ?? 'None'}: ${reason}`,
          { cause: err },
        )
      throw new Error(`${label}: cannot connect: ${reason}`, { cause: err })
    }
  }

  const getSession = (): Promise<ClientSession> => {
    if (session && !broken) return Promise.resolve(session)
    if (!opening)
      opening = open().finally(() => {
        opening = null
      })
    return opening
  }

  /** The session when it can take a request now; otherwise null (and a reconnect is started when none runs). */
  const usableSession = (): ClientSession | null => {
    if (closed) return null
    if (session && !broken && client && !client.isReconnecting) return session
    if (!opening && !(client?.isReconnecting && !broken)) getSession().catch(() => {})
    return null
  }

  const noteFailure = (err: unknown) => {
    error = message(err)
    failures++
    if (failures >= 3 && client && !client.isReconnecting) broken = true
  }

  const record = (tag: Tag, dv: DataValue) => {
    const sample = sampleOf(dv)
    const previous = last.get(tag.info.name)
    last.set(tag.info.name, sample)
    const numeric =
      typeof sample.value === 'boolean'
        ? sample.value
          ? 1
          : 0
        : typeof sample.value === 'number'
          ? sample.value
          : null
    if (numeric !== null && sample.quality !== 'bad') {
      // One point per new source timestamp; an unchanged value is sampled again at the poll time, so a steady
      // signal still has a trend. Times only move forward.
      const changed = !previous || previous.timeMs !== sample.timeMs
      const t = changed ? sample.timeMs : Date.now()
      if (t > (lastPushed.get(tag.info.name) ?? Number.NEGATIVE_INFINITY)) {
        history.push(tag.info.name, t, numeric)
        lastPushed.set(tag.info.name, t)
      }
      if (typeof sample.value === 'number') alarms.update(tag.info, sample.value, new Date(sample.timeMs))
    }
    if (!previous || previous.timeMs !== sample.timeMs || previous.value !== sample.value) {
      listeners.emit(toTagValue(tag.info, sample))
    }
  }

  const readTags = async (s: ClientSession, list: Tag[]): Promise<DataValue[]> => {
    const dvs = await timeout(
      s.read(
        list.map((t) => ({ nodeId: t.nodeId, attributeId: AttributeIds.Value })),
        0,
      ),
      requestTimeoutMs,
      'read',
    )
    list.forEach((t, i) => {
      const dv = dvs[i]
      if (dv) record(t, dv)
    })
    failures = 0
    error = null
    return dvs
  }

  const pollOnce = async () => {
    let s: ClientSession
    if (session && !broken) {
      if (client?.isReconnecting) return
      s = session
    } else {
      s = await getSession()
    }
    await readTags(s, [...tags.values()])
  }

  const tick = () => {
    if (closed) return
    polling = pollOnce()
      .catch((err) => {
        noteFailure(err)
        if (!closed) warn(error ?? message(err))
      })
      .finally(() => {
        polling = null
        if (!closed) timer = setTimeout(tick, pollMs)
      })
  }

  // First connection: identity/security problems end here; an unreachable server does not.
  try {
    await getSession()
    await readTags(session!, [...tags.values()]).catch(noteFailure)
  } catch (err) {
    if (err instanceof OpcUaConnectError) {
      closed = true
      certificates.referenceCounter = 0
      await certificates.dispose().catch(() => {})
      throw err
    }
    noteFailure(err)
    warn(`${message(err)}; values stay bad until the server answers`)
  }
  timer = setTimeout(tick, pollMs)

  const known = (name: string): Tag => {
    const t = tags.get(name)
    if (!t) throw new UnknownTagError(name)
    return t
  }

  const lastKnown = (tag: Tag): TagValue => {
    const s = last.get(tag.info.name)
    return toTagValue(
      tag.info,
      s ? { ...s, quality: 'bad' } : { value: null, timeMs: Date.now(), quality: 'bad' },
    )
  }

  /** Whether the server keeps history for the node (HistoryRead access or Historizing). */
  const canHistoryRead = async (s: ClientSession, tag: Tag): Promise<boolean> => {
    const cached = historyCapable.get(tag.info.name)
    if (cached !== undefined) return cached
    const [historizing, access] = await timeout(
      s.read(
        [
          { nodeId: tag.nodeId, attributeId: AttributeIds.Historizing },
          { nodeId: tag.nodeId, attributeId: AttributeIds.UserAccessLevel },
        ],
        0,
      ),
      requestTimeoutMs,
      'read attributes',
    )
    const bits = access?.statusCode.isGood() ? Number(access.value.value) : 0
    const yes = (bits & AccessLevelFlag.HistoryRead) !== 0 || historizing?.value.value === true
    historyCapable.set(tag.info.name, yes)
    return yes
  }

  /** Raw numeric samples in [from, to) from the server's history, oldest first; null when it has none. */
  const serverHistory = async (s: ClientSession, tag: Tag, q: HistoryQuery) => {
    const out: Array<[number, number]> = []
    let continuationPoint: Buffer | null = null
    for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
      const result: HistoryReadResult = await timeout(
        s.readHistoryValue(
          continuationPoint ? { nodeId: tag.nodeId, continuationPoint } : { nodeId: tag.nodeId },
          q.from,
          q.to,
          {
            returnBounds: false,
            numValuesPerNode: HISTORY_PAGE,
            timestampsToReturn: TimestampsToReturn.Both,
          },
        ),
        requestTimeoutMs,
        'history read',
      )
      const status = result.statusCode
      if (qualityOf(status.value) === 'bad') {
        if (NO_HISTORY.test(status.name)) return null
        throw new Error(`history read failed: ${status.name}`)
      }
      const data = result.historyData instanceof HistoryData ? (result.historyData.dataValues ?? []) : []
      for (const dv of data) {
        const sample = sampleOf(dv)
        const v = typeof sample.value === 'boolean' ? (sample.value ? 1 : 0) : sample.value
        if (typeof v !== 'number' || !Number.isFinite(v) || sample.quality === 'bad') continue
        if (sample.timeMs >= q.from.getTime() && sample.timeMs < q.to.getTime()) out.push([sample.timeMs, v])
      }
      continuationPoint = result.continuationPoint?.length ? result.continuationPoint : null
      if (!continuationPoint) break
    }
    if (continuationPoint) {
      warn(`history of ${tag.info.name} truncated at ${HISTORY_MAX_PAGES * HISTORY_PAGE} samples`)
      const release = new HistoryReadRequest({
        historyReadDetails: new ReadRawModifiedDetails({ startTime: q.from, endTime: q.to }),
        nodesToRead: [{ nodeId: resolveNodeId(tag.nodeId), continuationPoint }],
        releaseContinuationPoints: true,
        timestampsToReturn: TimestampsToReturn.Neither,
      })
      await timeout(s.historyRead(release), requestTimeoutMs, 'release continuation point').catch(() => {})
    }
    return out.sort((a, b) => a[0] - b[0])
  }

  const connector: OpcUaConnector = {
    id: cfg.id,
    kind: 'opcua',
    connected: () => usableSessionNoKick() !== null,
    lastError: () => error,
    listTags: async () => [...tags.values()].map((t) => ({ ...t.info })),
    readValues: async (names) => {
      const list = names.map(known)
      if (list.length === 0) return []
      const s = usableSession()
      if (!s) return list.map(lastKnown)
      try {
        const dvs = await readTags(s, list)
        return list.map((t, i) => (dvs[i] ? toTagValue(t.info, sampleOf(dvs[i]!)) : lastKnown(t)))
      } catch (err) {
        noteFailure(err)
        return list.map(lastKnown)
      }
    },
    readHistory: async (q: HistoryQuery): Promise<HistoryResult> => {
      const tag = known(q.tag)
      if (
        !(q.from instanceof Date) ||
        !(q.to instanceof Date) ||
        Number.isNaN(q.from.getTime()) ||
        Number.isNaN(q.to.getTime())
      )
        throw new Error('history query needs valid from/to dates')
      if (q.intervalMs !== undefined && !(q.intervalMs > 0)) throw new Error('intervalMs must be positive')
      let points: HistoryPoint[] | null = null
      const s = usableSession()
      if (s) {
        try {
          if (await canHistoryRead(s, tag)) {
            const raw = await serverHistory(s, tag, q)
            if (raw === null) historyCapable.set(tag.info.name, false)
            else
              points = q.intervalMs
                ? bucketize(raw, q.from.getTime(), q.intervalMs)
                : raw.map(([t, v]) => ({ t: new Date(t).toISOString(), v }))
          }
        } catch (err) {
          warn(
            `${label}: history of ${tag.info.name} from the server failed (${message(err)}); using own buffer`,
          )
        }
      }
      points ??= history.read(q)
      return historyResult(tag.info, q, points)
    },
    listAlarms: async (): Promise<Alarm[]> => alarms.list(),
    subscribe: (names, onValue) => {
      for (const n of names) known(n)
      return listeners.add(names, onValue)
    },
    close: async () => {
      if (closed) return
      closed = true
      clearTimeout(timer)
      listeners.clear()
      await polling?.catch(() => {})
      await opening?.catch(() => {})
      const [c, s] = [client, session]
      client = null
      session = null
      await dispose(c, s)
      // Each client took a reference and none gives it back; the connector owns the manager, so it ends it.
      certificates.referenceCounter = 0
      await certificates.dispose().catch(() => {})
    },
  }

  function usableSessionNoKick(): ClientSession | null {
    return !closed && session && !broken && client && !client.isReconnecting ? session : null
  }

  return connector
}

function policyOf(name: string): SecurityPolicy {
  const byName = (SecurityPolicy as unknown as Record<string, SecurityPolicy | undefined>)[name]
  if (byName) return byName
  if (Object.values(SecurityPolicy).includes(name as SecurityPolicy)) return name as SecurityPolicy
  throw new Error(`unknown OPC UA security policy "${name}"`)
}

function qualityOf(code: number): Quality {
  const severity = code >>> 30
  return severity === 0 ? 'good' : severity === 1 ? 'uncertain' : 'bad'
}

function validTime(d: Date | null | undefined): number | null {
  const t = d?.getTime()
  return t !== undefined && Number.isFinite(t) && t > 0 ? t : null
}

function sampleOf(dv: DataValue): Sample {
  const timeMs = validTime(dv.sourceTimestamp) ?? validTime(dv.serverTimestamp) ?? Date.now()
  return { value: plainValue(dv), timeMs, quality: qualityOf(dv.statusCode.value) }
}

/** A DataValue's value as a number, boolean, string or null. */
function plainValue(dv: DataValue): TagValue['value'] {
  const variant = dv.value
  const v: unknown = variant?.value
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v
  if (typeof v === 'bigint') return Number(v)
  if ((variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64) && Array.isArray(v)) {
    const [high, low] = v as [number, number]
    return high * 2 ** 32 + low
  }
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text ?? '')
  if (typeof v === 'object' && 'name' in v && 'namespaceIndex' in v)
    return String((v as { name: unknown }).name)
  return String(v)
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

async function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
