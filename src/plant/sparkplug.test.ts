import { describe, expect, it } from 'vitest'
import {
  decodeMessage,
  decodeSparkplug,
  encodeForTest,
  parseSparkplugTopic,
  SparkplugAliases,
  sparkplugTopic,
} from './sparkplug.ts'

describe('parseSparkplugTopic', () => {
  it('parses node and device topics', () => {
    expect(parseSparkplugTopic('spBv1.0/G1/NDATA/E1')).toEqual({
      groupId: 'G1',
      messageType: 'NDATA',
      edgeNode: 'E1',
    })
    expect(parseSparkplugTopic('spBv1.0/G1/DBIRTH/E1/D1')).toEqual({
      groupId: 'G1',
      messageType: 'DBIRTH',
      edgeNode: 'E1',
      device: 'D1',
    })
    expect(sparkplugTopic('G1', 'DDATA', 'E1', 'D1')).toBe('spBv1.0/G1/DDATA/E1/D1')
  })
  it('rejects other topics', () => {
    for (const t of [
      'spBv1.0/STATE/host1',
      'spAv1.0/G1/NDATA/E1',
      'spBv1.0/G1/NDATA/E1/D1',
      'spBv1.0/G1/DDATA/E1',
      'spBv1.0/G1/XDATA/E1',
      'spBv1.0//NDATA/E1',
      'plant/line1/tt101',
    ]) {
      expect(parseSparkplugTopic(t), t).toBeNull()
    }
  })
})

describe('decoding', () => {
  it('round-trips values and turns 64-bit fields into numbers', () => {
    const d = decodeSparkplug(
      encodeForTest({
        timestamp: 1_714_564_800_000,
        seq: 5,
        metrics: [
          { name: 'a', alias: 1, type: 'Double', value: 1.5 },
          { name: 'b', alias: 2, type: 'Int64', value: -7 },
          { name: 'c', alias: 3, type: 'UInt64', value: 2 ** 40 },
          { name: 'd', type: 'Boolean', value: true },
          { name: 'e', type: 'String', value: 'OK' },
          { name: 'f', type: 'Double', value: null },
          { name: 'g', type: 'Int32', value: -3, timestamp: 1_714_564_860_000 },
        ],
      }),
    )
    expect(d.timestamp).toBe(1_714_564_800_000)
    expect(d.seq).toBe(5)
    expect(d.metrics.map((m) => [m.name, m.alias, m.value])).toEqual([
      ['a', 1, 1.5],
      ['b', 2, -7],
      ['c', 3, 2 ** 40],
      ['d', null, true],
      ['e', null, 'OK'],
      ['f', null, null],
      ['g', null, -3],
    ])
    expect(d.metrics[0]!.timestamp).toBe(1_714_564_800_000)
    expect(d.metrics[6]!.timestamp).toBe(1_714_564_860_000)
  })

  it('names alias-only DATA metrics from the BIRTH of the same node or device', () => {
    const aliases = new SparkplugAliases()
    const node = parseSparkplugTopic('spBv1.0/G/NBIRTH/E')!
    const dev = parseSparkplugTopic('spBv1.0/G/DBIRTH/E/D')!
    decodeMessage(
      node,
      encodeForTest({ metrics: [{ name: 'cpu', alias: 1, type: 'Float', value: 1 }] }),
      aliases,
    )
    decodeMessage(
      dev,
      encodeForTest({ metrics: [{ name: 'temp', alias: 1, type: 'Double', value: 2 }] }),
      aliases,
    )

    const ndata = decodeMessage(
      parseSparkplugTopic('spBv1.0/G/NDATA/E')!,
      encodeForTest({ metrics: [{ alias: 1, type: 'Float', value: 3 }] }),
      aliases,
    )
    const ddata = decodeMessage(
      parseSparkplugTopic('spBv1.0/G/DDATA/E/D')!,
      encodeForTest({
        metrics: [
          { alias: 1, type: 'Double', value: 4 },
          { alias: 9, type: 'Double', value: 5 },
        ],
      }),
      aliases,
    )
    expect(ndata.metrics.map((m) => [m.name, m.value])).toEqual([['cpu', 3]])
    expect(ddata.metrics.map((m) => [m.name, m.value])).toEqual([
      ['temp', 4],
      [null, 5],
    ])

    // a new NBIRTH starts a new session: the device's aliases are gone until its DBIRTH
    decodeMessage(
      node,
      encodeForTest({ metrics: [{ name: 'cpu', alias: 1, type: 'Float', value: 1 }] }),
      aliases,
    )
    const stale = decodeMessage(
      parseSparkplugTopic('spBv1.0/G/DDATA/E/D')!,
      encodeForTest({ metrics: [{ alias: 1, type: 'Double', value: 6 }] }),
      aliases,
    )
    expect(stale.metrics[0]!.name).toBeNull()
  })

  it('throws on a payload that is not protobuf', () => {
    expect(() => decodeSparkplug(new TextEncoder().encode('{"value": 1}'))).toThrow()
  })
})
