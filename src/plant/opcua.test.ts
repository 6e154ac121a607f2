import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  freePort,
  startOpcUaServer,
  TEST_USER,
  type TestOpcUaServer,
} from '../../test/support/opcua-server.ts'
import {
  ALLOWED_SERVICES,
  createOpcUaConnector,
  OpcUaConnectError,
  type OpcUaConnector,
  type OpcUaConnectorConfig,
  OpcUaReadOnlyError,
  sealSession,
} from './opcua.ts'
import { UnknownTagError } from './types.ts'

const TAGS: OpcUaConnectorConfig['tags'] = [
  {
    name: 'PT-101',
    nodeId: 'ns=1;s=PT-101',
    unit: 'bar',
    asset: 'P-101',
    description: 'P-101 discharge pressure',
    alarms: { hi: 6, hihi: 8 },
  },
  {
    name: 'TT-101A',
    nodeId: 'ns=1;s=TT-101A',
    unit: 'degC',
    asset: 'P-101',
    description: 'P-101 DE bearing temperature',
    alarms: { hi: 85 },
  },
  { name: 'FT-101', nodeId: 'ns=1;s=FT-101', unit: 'm3/h', asset: 'P-101' },
  { name: 'P-101.Running', nodeId: 'ns=1;s=P-101.Running', unit: '', asset: 'P-101' },
  { name: 'LT-101', nodeId: 'ns=1;s=LT-101', unit: '%', asset: 'T-101' },
]

/** Services a read-only client may use: reads, browsing, history reads, subscriptions and the session itself. */
const READ_ONLY_SERVICE =
  /^(Read|HistoryRead|Browse|BrowseNext|TranslateBrowsePathsToNodeIds|RegisterNodes|UnregisterNodes|GetEndpoints|FindServers|CreateSession|ActivateSession|CloseSession|Cancel|CreateSubscription|ModifySubscription|SetPublishingMode|DeleteSubscriptions|TransferSubscriptions|CreateMonitoredItems|ModifyMonitoredItems|DeleteMonitoredItems|SetMonitoringMode|Publish|Republish)Request$/

const DEFAULT_PKI = join(homedir(), '.config', 'node-opcua-default-nodejs')

let dir: string
let server: TestOpcUaServer
let defaultPkiExisted: boolean
const open: OpcUaConnector[] = []

function config(over: Partial<OpcUaConnectorConfig> = {}): OpcUaConnectorConfig {
  return {
    id: 'opc-test',
    site: 'riverbend',
    endpoint: server.endpoint,
    securityMode: 'None',
    securityPolicy: 'None',
    auth: { type: 'anonymous' },
    tags: TAGS,
    pollMs: 100,
    pkiDir: join(dir, 'client-pki'),
    connectTimeoutMs: 5000,
    onWarning: () => {},
    ...over,
  }
}

async function connector(over: Partial<OpcUaConnectorConfig> = {}): Promise<OpcUaConnector> {
  const c = await createOpcUaConnector(config(over))
  open.push(c)
  return c
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  ms = 10_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  defaultPkiExisted = existsSync(DEFAULT_PKI)
  dir = mkdtempSync(join(tmpdir(), 'opcua-test-'))
  server = await startOpcUaServer({ pkiDir: join(dir, 'server-pki'), historizing: ['PT-101'] })
})

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()))
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('OPC UA connector', () => {
  it('reads mapped tags anonymously with units, source timestamps and quality', async () => {
    const at = new Date(Date.now() - 5000)
    server.setValue('PT-101', 4.5)
    server.setValue('FT-101', 118.2, { at, quality: 'uncertain' })
    server.setValue('TT-101A', 61.5, { quality: 'bad' })
    const c = await connector()
    expect(c.kind).toBe('opcua')
    expect(c.connected()).toBe(true)
    const tags = await c.listTags()
    expect(tags.map((t) => [t.name, t.unit, t.asset, t.site])).toContainEqual([
      'PT-101',
      'bar',
      'P-101',
      'riverbend',
    ])
    expect(tags.find((t) => t.name === 'PT-101')!.alarms).toEqual({ hi: 6, hihi: 8 })

    const values = await c.readValues(['PT-101', 'FT-101', 'TT-101A', 'P-101.Running'])
    expect(values).toEqual([
      expect.objectContaining({ tag: 'PT-101', value: 4.5, unit: 'bar', quality: 'good' }),
      { tag: 'FT-101', value: 118.2, unit: 'm3/h', timestamp: at.toISOString(), quality: 'uncertain' },
      expect.objectContaining({ tag: 'TT-101A', unit: 'degC', quality: 'bad' }),
      expect.objectContaining({ tag: 'P-101.Running', value: true, quality: 'good' }),
    ])
    for (const v of values) expect(new Date(v.timestamp).toISOString()).toBe(v.timestamp)
    server.setValue('FT-101', 120)
    server.setValue('TT-101A', 61.5)
  })

  it('connects with SignAndEncrypt / Basic256Sha256 once the server certificate is trusted', async () => {
    const secure = {
      securityMode: 'SignAndEncrypt',
      securityPolicy: 'Basic256Sha256',
      pollMs: 60_000,
    } as const
    const strictPki = join(dir, 'strict-pki')
    const err = await createOpcUaConnector(config({ ...secure, pkiDir: strictPki })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OpcUaConnectError)
    expect((err as Error).message).toMatch(/server certificate is not trusted .*BadCertificateUntrusted/)
    expect(readdirSync(join(strictPki, 'rejected')).length).toBe(1)
    const c = await connector({ ...secure, acceptUnknownServerCertificate: true })
    const [v] = await c.readValues(['PT-101'])
    expect(v!.quality).toBe('good')
  })

  it('throws UnknownTagError for a tag it does not map', async () => {
    const c = await connector({ pollMs: 60_000 })
    await expect(c.readValues(['PT-101', 'XX-999'])).rejects.toBeInstanceOf(UnknownTagError)
    await expect(
      c.readHistory({ tag: 'XX-999', from: new Date(Date.now() - 1000), to: new Date() }),
    ).rejects.toMatchObject({ name: 'UnknownTagError', tag: 'XX-999' })
    expect(() => c.subscribe!(['XX-999'], () => {})).toThrow(UnknownTagError)
  })

  it('logs in with user/password, and a wrong password fails creation with a clear error', async () => {
    const c = await connector({ auth: { type: 'username', ...TEST_USER }, pollMs: 60_000 })
    const [v] = await c.readValues(['PT-101'])
    expect(v!.quality).toBe('good')
    await c.close()

    const started = Date.now()
    const err = await createOpcUaConnector(
      config({ auth: { type: 'username', username: TEST_USER.username, password: 'wrong' } }),
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OpcUaConnectError)
    expect((err as Error).message).toMatch(/refused user "reader"/)
    expect((err as Error).message).toMatch(/Bad\w*(User|Identity)\w*/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('reads history with HistoryRead from a historizing node, raw and in buckets', async () => {
    const c = await connector({ pollMs: 60_000 })
    // Past-dated samples, newer than any value the node had so far (the in-memory historian wants them in order).
    await sleep(100)
    const t0 = Date.now() - 60
    const samples = [5.0, 5.2, 5.1, 5.6, 5.4, 5.3]
    samples.forEach((v, i) => {
      server.setValue('PT-101', v, { at: new Date(t0 + i * 10) })
    })
    const before = server.requests.filter((r) => r === 'HistoryReadRequest').length
    const from = new Date(t0)
    const to = new Date(t0 + 60)
    const raw = await c.readHistory({ tag: 'PT-101', from, to })
    expect(raw).toMatchObject({ tag: 'PT-101', unit: 'bar', intervalMs: null, from: from.toISOString() })
    expect(raw.points).toEqual(samples.map((v, i) => ({ t: new Date(t0 + i * 10).toISOString(), v })))
    expect(server.requests.filter((r) => r === 'HistoryReadRequest').length).toBeGreaterThan(before)

    const buckets = await c.readHistory({ tag: 'PT-101', from, to, intervalMs: 30 })
    expect(buckets.intervalMs).toBe(30)
    expect(buckets.points).toHaveLength(2)
    expect(buckets.points[0]).toMatchObject({ t: from.toISOString(), min: 5.0, max: 5.2, n: 3 })
    expect(buckets.points[0]!.avg).toBeCloseTo(5.1)
    expect(buckets.points[1]).toMatchObject({ min: 5.3, max: 5.6, n: 3 })
    server.setValue('PT-101', 4.2)
  })

  it('serves history from its own poll buffer for a node without history, with intervalMs buckets', async () => {
    const c = await connector({ pollMs: 50 })
    const from = new Date()
    const historyReads = server.requests.filter((r) => r === 'HistoryReadRequest').length
    // Each value is held for several poll periods, so a loaded machine that delays polls still sees most of them.
    for (let i = 0; i < 8; i++) {
      server.setValue('TT-101A', 60 + i)
      await sleep(300)
    }
    const to = new Date(Date.now() + 1)
    const raw = await c.readHistory({ tag: 'TT-101A', from, to })
    const values = raw.points.map((p) => p.v)
    const seen = new Set(values.filter((v) => v !== undefined && v >= 60 && v <= 67))
    expect(seen.size).toBeGreaterThanOrEqual(5)
    expect(values).toContain(67)
    const times = raw.points.map((p) => Date.parse(p.t))
    expect(times).toEqual([...times].sort((a, b) => a - b))

    const bucketed = await c.readHistory({ tag: 'TT-101A', from, to, intervalMs: 400 })
    expect(bucketed.points.length).toBeGreaterThanOrEqual(2)
    for (const p of bucketed.points) expect((Date.parse(p.t) - from.getTime()) % 400).toBe(0)
    for (const p of bucketed.points) {
      expect(p.min!).toBeLessThanOrEqual(p.avg!)
      expect(p.avg!).toBeLessThanOrEqual(p.max!)
      expect(p.n!).toBeGreaterThan(0)
    }
    expect(bucketed.points.reduce((n, p) => n + p.n!, 0)).toBe(raw.points.length)
    // The node does not allow HistoryRead, so the connector did not even ask.
    expect(server.requests.filter((r) => r === 'HistoryReadRequest').length).toBe(historyReads)
    server.setValue('TT-101A', 61.5)
  })

  it('falls back to its buffer when the server answers HistoryRead with BadHistoryOperationUnsupported', async () => {
    const warnings: string[] = []
    const c = await connector({ pollMs: 50, onWarning: (m) => warnings.push(m) })
    const from = new Date()
    const historyReads = server.requests.filter((r) => r === 'HistoryReadRequest').length
    for (const v of [63, 64, 65]) {
      server.setValue('LT-101', v)
      await sleep(120)
    }
    const h = await c.readHistory({ tag: 'LT-101', from, to: new Date(Date.now() + 1) })
    expect(h.points.map((p) => p.v)).toEqual(expect.arrayContaining([63, 64, 65]))
    expect(server.requests.filter((r) => r === 'HistoryReadRequest').length).toBe(historyReads + 1)
    // Remembered: the next query goes straight to the buffer.
    await c.readHistory({ tag: 'LT-101', from, to: new Date(Date.now() + 1), intervalMs: 100 })
    expect(server.requests.filter((r) => r === 'HistoryReadRequest').length).toBe(historyReads + 1)
    expect(warnings).toEqual([])
  })

  it('raises, escalates and returns an alarm as polled values cross the tag limits', async () => {
    const c = await connector({ pollMs: 50 })
    expect(await c.listAlarms()).toEqual([])
    server.setValue('PT-101', 7.1)
    const [hi] = await waitFor('hi alarm', async () => {
      const a = await c.listAlarms()
      return a.length ? a : null
    })
    expect(hi).toMatchObject({
      tag: 'PT-101',
      asset: 'P-101',
      site: 'riverbend',
      limit: 'hi',
      priority: 2,
      state: 'active_unacknowledged',
      value: 7.1,
      threshold: 6,
    })
    expect(hi!.message).toMatch(/P-101 discharge pressure high: 7.1 bar/)
    server.setValue('PT-101', 8.4)
    await waitFor('hihi', async () => (await c.listAlarms())[0]?.limit === 'hihi')
    expect((await c.listAlarms())[0]).toMatchObject({ priority: 1, threshold: 8 })
    server.setValue('PT-101', 4.2)
    await waitFor('return', async () => (await c.listAlarms())[0]?.state === 'returned_unacknowledged')
  })

  it('delivers polled changes to subscribers', async () => {
    const c = await connector({ pollMs: 50 })
    const seen: number[] = []
    const off = c.subscribe!(['FT-101'], (v) => {
      if (typeof v.value === 'number') seen.push(v.value)
    })
    server.setValue('FT-101', 131)
    await waitFor('subscribed value', async () => seen.includes(131))
    off()
    server.setValue('FT-101', 132)
    await sleep(200)
    expect(seen).not.toContain(132)
    server.setValue('FT-101', 120)
  })

  it('starts against an endpoint that is down, reads bad quality, and connects once it is up', async () => {
    const port = await freePort()
    const started = Date.now()
    const c = await connector({
      endpoint: `opc.tcp://127.0.0.1:${port}/UA/PlantTest`,
      connectTimeoutMs: 800,
      reconnectMaxDelayMs: 500,
    })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(c.connected()).toBe(false)
    const [v] = await c.readValues(['PT-101'])
    expect(v).toMatchObject({ tag: 'PT-101', value: null, quality: 'bad' })
    const late = await startOpcUaServer({ port, pkiDir: join(dir, 'late-server-pki') })
    try {
      late.setValue('PT-101', 3.3)
      await waitFor(
        'first good read',
        async () => {
          const [x] = await c.readValues(['PT-101'])
          return x?.quality === 'good' && x.value === 3.3
        },
        15_000,
      )
    } finally {
      await c.close()
      await late.stop()
    }
  })

  it('reconnects after the server restarts on the same port, and its poll loop never throws', async () => {
    const warnings: string[] = []
    const c = await connector({ pollMs: 100, reconnectMaxDelayMs: 500, onWarning: (m) => warnings.push(m) })
    expect((await c.readValues(['PT-101']))[0]!.quality).toBe('good')

    await server.stop()
    await waitFor('link down', async () => !c.connected(), 10_000)
    expect(c.lastError()).toMatch(/connection lost/)
    const [down] = await c.readValues(['PT-101'])
    expect(down!.quality).toBe('bad')
    expect(down!.value).toBe(4.2)

    const t = Date.now()
    await server.restart()
    server.setValue('PT-101', 5.5)
    await waitFor(
      'reads after restart',
      async () => {
        const [x] = await c.readValues(['PT-101'])
        return x?.quality === 'good' && x.value === 5.5
      },
      15_000,
    )
    const recoveredMs = Date.now() - t
    expect(recoveredMs).toBeLessThan(15_000)
    // Polls go on after the restart (the buffer keeps filling).
    server.setValue('PT-101', 5.7)
    await waitFor('poll after restart', async () => {
      const h = await c.readHistory({ tag: 'PT-101', from: new Date(t), to: new Date(Date.now() + 1) })
      return h.points.some((p) => p.v === 5.7 || p.max === 5.7)
    })
    expect(c.connected()).toBe(true)
    expect(c.lastError()).toBeNull()
    expect(warnings.filter((w) => /unhandled|TypeError/.test(w))).toEqual([])
    server.setValue('PT-101', 4.2)
  })

  it('is read-only: the server only ever saw read, browse, history, subscription and session services', async () => {
    // A full run of every connector method, on top of everything the tests above did.
    const from = server.requests.length
    const c = await connector({ pollMs: 50 })
    await c.listTags()
    await c.readValues(TAGS.map((t) => t.name))
    await c.readHistory({
      tag: 'PT-101',
      from: new Date(Date.now() - 60_000),
      to: new Date(),
      intervalMs: 10_000,
    })
    await c.readHistory({ tag: 'TT-101A', from: new Date(Date.now() - 60_000), to: new Date() })
    await c.listAlarms()
    c.subscribe!(['PT-101'], () => {})()
    await sleep(200)
    await c.close()
    const thisRun = server.requests.slice(from)
    expect(thisRun).toEqual(
      expect.arrayContaining(['CreateSessionRequest', 'ReadRequest', 'CloseSessionRequest']),
    )
    const all = [...new Set(server.requests)]
    expect(all.filter((name) => !READ_ONLY_SERVICE.test(name))).toEqual([])
    expect(all).not.toContain('WriteRequest')
    expect(all).not.toContain('CallRequest')
    expect(all).not.toContain('HistoryUpdateRequest')
  })

  it('refuses any service outside the allow-list before it is sent', async () => {
    const sent: string[] = []
    const fake = {
      performMessageTransaction(request: { schema: { name: string } }, cb: (err: Error | null) => void) {
        sent.push(request.schema.name)
        cb(null)
      },
    }
    const sealed = sealSession(fake)
    const run = (name: string) =>
      new Promise<Error | null>((resolve) => sealed.performMessageTransaction({ schema: { name } }, resolve))
    for (const name of [
      'WriteRequest',
      'CallRequest',
      'HistoryUpdateRequest',
      'AddNodesRequest',
      'DeleteNodesRequest',
    ])
      expect(await run(name)).toBeInstanceOf(OpcUaReadOnlyError)
    expect(await run('ReadRequest')).toBeNull()
    expect(sent).toEqual(['ReadRequest'])
    for (const name of ALLOWED_SERVICES) expect(name).toMatch(READ_ONLY_SERVICE)
    expect(() => {
      ;(sealed as { performMessageTransaction: unknown }).performMessageTransaction = () => {}
    }).toThrow()
  })

  it('contains no write, method call or node management in its source', () => {
    const src = readFileSync(join(import.meta.dirname, 'opcua.ts'), 'utf8')
    for (const re of [
      /\.write\s*\(/,
      /writeSingleNode/,
      /\.call\s*\(/,
      /callMethod/,
      /WriteRequest|CallRequest|HistoryUpdate|AddNodes|DeleteNodes/,
    ])
      expect(src).not.toMatch(re)
  })

  it('keeps its certificates in the configured PKI folders', () => {
    expect(existsSync(join(dir, 'client-pki', 'own', 'certs', 'client_certificate.pem'))).toBe(true)
    if (!defaultPkiExisted) expect(existsSync(DEFAULT_PKI)).toBe(false)
  })
})
