import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { Aedes } from 'aedes'
import { connectAsync, type MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createMqttConnector,
  type MqttConnector,
  type MqttTagConfig,
  readPath,
  topicMatches,
} from './mqtt.ts'
import { encodeForTest, sparkplugTopic } from './sparkplug.ts'
import { UnknownTagError } from './types.ts'

interface Seen {
  clientId: string | null
  topic: string
}

interface Broker {
  aedes: Aedes
  server: Server
  port: number
  /** Every publish the broker handled (event), with the publishing client. */
  published: Seen[]
  /** Every publish a client attempted (authorizePublish), allowed or not. */
  attempted: Seen[]
  /** Every subscription a client made. */
  subscribed: Seen[]
  stop(): Promise<void>
}

async function startBroker(port = 0): Promise<Broker> {
  const published: Seen[] = []
  const attempted: Seen[] = []
  const subscribed: Seen[] = []
  const aedes = await Aedes.createBroker({
    authorizePublish: (client, packet, cb) => {
      attempted.push({ clientId: client?.id ?? null, topic: packet.topic })
      cb(null)
    },
  })
  aedes.on('publish', (packet, client) => {
    published.push({ clientId: client?.id ?? null, topic: packet.topic })
  })
  aedes.on('subscribe', (subs, client) => {
    for (const sub of subs) subscribed.push({ clientId: client?.id ?? null, topic: sub.topic })
  })
  const server = createServer(aedes.handle)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  if (!addr || typeof addr === 'string') throw new Error('no port')
  return {
    aedes,
    server,
    port: addr.port,
    published,
    attempted,
    subscribed,
    stop: async () => {
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function readOne(c: MqttConnector, tag: string) {
  const [v] = await c.readValues([tag])
  return v!
}

const GROUP = 'Plant1'
const EDGE = 'Gateway1'
const DEVICE = 'Compressor1'

const TAGS: MqttTagConfig[] = [
  {
    name: 'TT-101',
    unit: '°C',
    asset: 'P-101',
    description: 'Pump bearing temperature',
    alarms: { hi: 80, hihi: 90 },
    source: { type: 'json', topic: 'plant/line1/tt101', timestampPath: 'ts' },
  },
  {
    name: 'PT-101',
    unit: 'bar',
    source: { type: 'json', topic: 'plant/+/pt101', path: 'data.pressure' },
  },
  { name: 'RUN-101', source: { type: 'json', topic: 'plant/line1/run101', path: '' } },
  { name: 'NEVER-1', unit: 'm3/h', source: { type: 'json', topic: 'plant/line1/never' } },
  {
    name: 'GW-CPU',
    unit: '%',
    source: { type: 'sparkplug', groupId: GROUP, edgeNode: EDGE, metric: 'Node/CPU' },
  },
  {
    name: 'PT-201',
    unit: 'bar',
    alarms: { lo: 6 },
    description: 'Reservoir pressure',
    source: {
      type: 'sparkplug',
      groupId: GROUP,
      edgeNode: EDGE,
      device: DEVICE,
      metric: 'Reservoir/Pressure',
    },
  },
  {
    name: 'MS-201',
    source: { type: 'sparkplug', groupId: GROUP, edgeNode: EDGE, device: DEVICE, metric: 'Motor/Running' },
  },
]

describe('mqtt connector (in-process aedes broker)', () => {
  let broker: Broker
  let edge: MqttClient
  const open: MqttConnector[] = []

  const newConnector = async (
    clientId: string,
    extra: Partial<Parameters<typeof createMqttConnector>[0]> = {},
  ) => {
    const c = await createMqttConnector({
      id: 'mqtt-test',
      site: 'site-a',
      url: `mqtt://127.0.0.1:${broker.port}`,
      clientId,
      tags: TAGS,
      reconnectPeriodMs: 100,
      onWarning: () => {},
      ...extra,
    })
    open.push(c)
    return c
  }

  beforeAll(async () => {
    broker = await startBroker()
    edge = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      clientId: 'fake-edge',
      reconnectPeriod: 100,
    })
  })
  afterEach(async () => {
    while (open.length) await open.pop()!.close()
  })
  afterAll(async () => {
    await edge.endAsync(true)
    await broker.stop()
  })

  it('serves JSON topic values, history, alarms and live callbacks', async () => {
    const c = await newConnector('copilot-json')
    expect(c.kind).toBe('mqtt')
    expect((await c.listTags()).map((t) => t.name)).toEqual(TAGS.map((t) => t.name))
    const live: Array<[string, unknown]> = []
    const stop = c.subscribe!(['TT-101', 'RUN-101'], (v) => live.push([v.tag, v.value]))

    const t0 = Date.parse('2024-05-01T10:00:00Z')
    for (let i = 0; i < 5; i++) {
      await edge.publishAsync(
        'plant/line1/tt101',
        JSON.stringify({ value: 70 + i * 5, ts: new Date(t0 + i * 60_000).toISOString() }),
      )
    }
    await edge.publishAsync('plant/area9/pt101', JSON.stringify({ data: { pressure: '7.25' } }))
    await edge.publishAsync('plant/line1/run101', 'true')
    await waitFor(async () => (await readOne(c, 'TT-101')).value === 90)

    const [tt, pt, run] = await c.readValues(['TT-101', 'PT-101', 'RUN-101'])
    expect(tt).toMatchObject({ tag: 'TT-101', value: 90, unit: '°C', quality: 'good' })
    expect(tt!.timestamp).toBe(new Date(t0 + 4 * 60_000).toISOString())
    await waitFor(async () => (await readOne(c, 'RUN-101')).value === true)
    expect((await readOne(c, 'PT-101')).value).toBe(7.25)
    expect(pt!.tag).toBe('PT-101')
    expect(run!.tag).toBe('RUN-101')

    const raw = await c.readHistory({ tag: 'TT-101', from: new Date(t0), to: new Date(t0 + 3_600_000) })
    expect(raw.points.map((p) => p.v)).toEqual([70, 75, 80, 85, 90])
    expect(raw.intervalMs).toBeNull()
    const agg = await c.readHistory({
      tag: 'TT-101',
      from: new Date(t0),
      to: new Date(t0 + 3_600_000),
      intervalMs: 120_000,
    })
    expect(agg.points).toHaveLength(3)
    expect(agg.points[0]).toMatchObject({ min: 70, max: 75, avg: 72.5, n: 2 })

    const alarms = await c.listAlarms()
    expect(alarms).toHaveLength(1)
    expect(alarms[0]).toMatchObject({ tag: 'TT-101', limit: 'hihi', priority: 1, site: 'site-a', value: 90 })

    expect(live.filter(([t]) => t === 'TT-101').map(([, v]) => v)).toEqual([70, 75, 80, 85, 90])
    expect(live).toContainEqual(['RUN-101', true])
    stop()
    await edge.publishAsync('plant/line1/tt101', JSON.stringify({ value: 50, ts: t0 + 10 * 60_000 }))
    await waitFor(async () => (await readOne(c, 'TT-101')).value === 50)
    expect(live.filter(([t]) => t === 'TT-101')).toHaveLength(5)
    // returned to normal: ISA-18.2 keeps it until the source acknowledges
    expect((await c.listAlarms())[0]!.state).toBe('returned_unacknowledged')
  })

  it('reports a tag never seen as null/bad and an unknown tag as UnknownTagError', async () => {
    const c = await newConnector('copilot-unknown')
    const [v] = await c.readValues(['NEVER-1'])
    expect(v).toMatchObject({ tag: 'NEVER-1', value: null, quality: 'bad', unit: 'm3/h' })
    await expect(c.readValues(['NOPE-1'])).rejects.toBeInstanceOf(UnknownTagError)
    await expect(c.readHistory({ tag: 'NOPE-1', from: new Date(0), to: new Date() })).rejects.toBeInstanceOf(
      UnknownTagError,
    )
    expect(() => c.subscribe!(['NOPE-1'], () => {})).toThrow(UnknownTagError)
    const h = await c.readHistory({ tag: 'NEVER-1', from: new Date(0), to: new Date() })
    expect(h.points).toEqual([])
  })

  it('decodes Sparkplug B births and alias-only data for nodes and devices', async () => {
    const c = await newConnector('copilot-spb')
    const live: number[] = []
    c.subscribe!(['PT-201'], (v) => live.push(v.value as number))
    const t0 = Date.parse('2024-05-01T12:00:00Z')
    // Node and device both use alias 1: aliases are scoped per node / device.
    await edge.publishAsync(
      sparkplugTopic(GROUP, 'NBIRTH', EDGE),
      Buffer.from(
        encodeForTest({
          timestamp: t0,
          seq: 0,
          metrics: [
            { name: 'bdSeq', type: 'UInt64', value: 0 },
            { name: 'Node/CPU', alias: 1, type: 'Float', value: 12.5 },
          ],
        }),
      ),
    )
    await edge.publishAsync(
      sparkplugTopic(GROUP, 'DBIRTH', EDGE, DEVICE),
      Buffer.from(
        encodeForTest({
          timestamp: t0,
          seq: 1,
          metrics: [
            { name: 'Reservoir/Pressure', alias: 1, type: 'Double', value: 8.9 },
            { name: 'Motor/Running', alias: 2, type: 'Boolean', value: true },
            { name: 'Motor/Starts', alias: 3, type: 'Int64', value: 1234 },
          ],
        }),
      ),
    )
    await waitFor(async () => (await readOne(c, 'MS-201')).value === true)
    expect(await readOne(c, 'GW-CPU')).toMatchObject({ value: 12.5, quality: 'good' })
    expect(await readOne(c, 'PT-201')).toMatchObject({ value: 8.9, timestamp: new Date(t0).toISOString() })

    await edge.publishAsync(
      sparkplugTopic(GROUP, 'DDATA', EDGE, DEVICE),
      Buffer.from(
        encodeForTest({
          seq: 2,
          metrics: [
            { alias: 1, type: 'Double', value: 5.5, timestamp: t0 + 60_000 },
            { alias: 2, type: 'Boolean', value: false, timestamp: t0 + 60_000 },
          ],
        }),
      ),
    )
    await edge.publishAsync(
      sparkplugTopic(GROUP, 'NDATA', EDGE),
      Buffer.from(
        encodeForTest({ seq: 3, metrics: [{ alias: 1, type: 'Float', value: 40, timestamp: t0 + 60_000 }] }),
      ),
    )
    await waitFor(async () => (await readOne(c, 'GW-CPU')).value === 40)
    expect(await readOne(c, 'PT-201')).toMatchObject({ value: 5.5, quality: 'good' })
    expect((await readOne(c, 'MS-201')).value).toBe(false)
    expect(live).toEqual([8.9, 5.5])
    const alarms = await c.listAlarms()
    expect(alarms.map((a) => [a.tag, a.limit, a.value])).toEqual([['PT-201', 'lo', 5.5]])
    const h = await c.readHistory({ tag: 'MS-201', from: new Date(t0), to: new Date(t0 + 120_000) })
    expect(h.points.map((p) => p.v)).toEqual([1, 0])

    // NDEATH: values stay, but quality drops for the node and its devices; a new NBIRTH restores them.
    await edge.publishAsync(
      sparkplugTopic(GROUP, 'NDEATH', EDGE),
      Buffer.from(encodeForTest({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: 0 }] })),
    )
    await waitFor(async () => (await readOne(c, 'PT-201')).quality === 'uncertain')
    expect(await readOne(c, 'GW-CPU')).toMatchObject({ value: 40, quality: 'uncertain' })
    // After the death the old aliases are gone: an alias-only DDATA is ignored until the next BIRTH.
    await edge.publishAsync(
      sparkplugTopic(GROUP, 'DDATA', EDGE, DEVICE),
      Buffer.from(encodeForTest({ metrics: [{ alias: 1, type: 'Double', value: 1.0 }] })),
    )
    await edge.publishAsync(
      sparkplugTopic(GROUP, 'NBIRTH', EDGE),
      Buffer.from(
        encodeForTest({
          timestamp: t0 + 120_000,
          metrics: [{ name: 'Node/CPU', alias: 7, type: 'Float', value: 3 }],
        }),
      ),
    )
    await waitFor(async () => (await readOne(c, 'GW-CPU')).quality === 'good')
    expect((await readOne(c, 'GW-CPU')).value).toBe(3)
    expect((await readOne(c, 'PT-201')).value).toBe(5.5)
  })

  it('reconnects and resubscribes after the broker restarts', async () => {
    const b = await startBroker()
    const port = b.port
    const c = await createMqttConnector({
      id: 'mqtt-restart',
      site: 'site-a',
      url: `mqtt://127.0.0.1:${port}`,
      clientId: 'copilot-restart',
      tags: TAGS,
      reconnectPeriodMs: 100,
      onWarning: () => {},
    })
    open.push(c)
    const pub = await connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 100 })
    await pub.publishAsync('plant/line1/tt101', JSON.stringify({ value: 21 }))
    await waitFor(async () => (await readOne(c, 'TT-101')).value === 21)

    await b.stop()
    await waitFor(() => !c.connected())
    const b2 = await startBroker(port)
    try {
      await waitFor(() => c.connected() && pub.connected, 5000)
      // the connector subscribes again on the fresh broker (clean session)
      await waitFor(() => b2.subscribed.some((p) => p.clientId === 'copilot-restart'), 5000)
      expect(b2.subscribed.filter((p) => p.clientId === 'copilot-restart').map((p) => p.topic)).toContain(
        'plant/line1/tt101',
      )
      await waitFor(async () => {
        await pub.publishAsync('plant/line1/tt101', JSON.stringify({ value: 22 }))
        return (await readOne(c, 'TT-101')).value === 22
      }, 5000)
    } finally {
      await pub.endAsync(true)
      await c.close()
      open.splice(open.indexOf(c), 1)
      await b2.stop()
    }
  })

  it('never publishes: no publish from its client id over a run of every method', async () => {
    const clientId = 'copilot-readonly'
    const start = broker.attempted.length
    const c = await newConnector(clientId)
    await edge.publishAsync('plant/line1/tt101', JSON.stringify({ value: 99 }))
    await edge.publishAsync(
      sparkplugTopic(GROUP, 'NBIRTH', EDGE),
      Buffer.from(encodeForTest({ metrics: [{ name: 'Node/CPU', alias: 1, type: 'Float', value: 1 }] })),
    )
    await waitFor(async () => (await readOne(c, 'TT-101')).value === 99)
    const stop = c.subscribe!(['TT-101'], () => {})
    await c.listTags()
    await c.readValues(TAGS.map((t) => t.name))
    await c.readHistory({ tag: 'TT-101', from: new Date(0), to: new Date(Date.now() + 1000) })
    await c.readHistory({
      tag: 'TT-101',
      from: new Date(0),
      to: new Date(Date.now() + 1000),
      intervalMs: 60_000,
    })
    await c.listAlarms()
    stop()
    await c.close()
    open.pop()
    await new Promise((r) => setTimeout(r, 100))

    // the broker did see traffic (the fake edge node) ...
    expect(broker.attempted.slice(start).some((p) => p.clientId === 'fake-edge')).toBe(true)
    // ... but nothing at all from the connector, not even a STATE message or a will
    expect(broker.attempted.filter((p) => p.clientId === clientId)).toEqual([])
    expect(broker.published.filter((p) => p.clientId === clientId)).toEqual([])
    expect(broker.published.some((p) => p.topic.startsWith('spBv1.0/STATE'))).toBe(false)
    expect(broker.published.some((p) => /\/(NCMD|DCMD)\//.test(p.topic))).toBe(false)
  })

  it('has no publish call in its source', () => {
    const src = readFileSync(new URL('./mqtt.ts', import.meta.url), 'utf8')
    expect(src).not.toMatch(/\.publish(Async)?\s*\(/)
    expect(src).not.toMatch(/\bwill\s*:/)
  })
})

describe('mqtt helpers', () => {
  it('matches topic filters', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true)
    expect(topicMatches('a/+/c', 'a/b/d')).toBe(false)
    expect(topicMatches('a/#', 'a/b/c')).toBe(true)
    expect(topicMatches('a/#', 'a')).toBe(true)
    expect(topicMatches('#', '$SYS/x')).toBe(false)
    expect(topicMatches('a/b', 'a/b/c')).toBe(false)
  })
  it('reads dot paths', () => {
    expect(readPath({ value: 3 }, 'value')).toBe(3)
    expect(readPath(4, 'value')).toBe(4)
    expect(readPath({ a: { b: [1, { c: 5 }] } }, 'a.b.1.c')).toBe(5)
    expect(readPath({ a: 1 }, 'a.b')).toBeUndefined()
  })
})
