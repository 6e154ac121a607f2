import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO_DIR } from '../demo/index.ts'
import { type DemoPlantFile, demoPlantConfig, PlantConfigError, parsePlantConfig } from './config.ts'

const GOOD = `
sites:
  - id: north
    name: North plant
    areas:
      - id: CW
        name: Cooling water
        units:
          - id: CW1
            name: Loop 1
            equipment:
              - { tag: P-1, name: Pump one }
connectors:
  - id: opc
    kind: opcua
    site: north
    endpoint: opc.tcp://10.0.0.5:4840
    auth: { type: username, username: reader, password: secret }
    tags:
      - { name: PT-1, nodeId: "ns=2;s=PT-1", unit: bar, asset: P-1, alarms: { hi: 6 } }
`

const errorOf = (text: string): PlantConfigError => {
  try {
    parsePlantConfig(text)
  } catch (e) {
    if (e instanceof PlantConfigError) return e
    throw e
  }
  throw new Error('expected a PlantConfigError')
}

describe('plant configuration', () => {
  it('reads YAML with the ISA-95 hierarchy and connector tag maps, with defaults', () => {
    const cfg = parsePlantConfig(GOOD)
    expect(cfg.sites[0]!.areas[0]!.units[0]!.equipment[0]!.tag).toBe('P-1')
    const c = cfg.connectors[0]!
    expect(c.kind).toBe('opcua')
    if (c.kind === 'opcua') {
      expect(c.securityMode).toBe('None')
      expect(c.pollMs).toBe(1000)
      expect(c.tags[0]!.alarms).toEqual({ hi: 6 })
    }
  })

  it('names the path of a bad field', () => {
    expect(errorOf(GOOD.replace('opc.tcp://10.0.0.5:4840', 'http://x')).path).toBe('connectors[0].endpoint')
    expect(errorOf(GOOD.replace('{ tag: P-1, name: Pump one }', '{ tag: P-1 }')).path).toBe(
      'sites[0].areas[0].units[0].equipment[0].name',
    )
    expect(errorOf(GOOD.replace('site: north', 'site: south')).message).toMatch(
      /connectors\[0\]\.site: no site "south"/,
    )
    expect(errorOf(GOOD.replace('kind: opcua', 'kind: modbus')).path).toBe('connectors[0].kind')
    expect(errorOf('sites: [').message).toMatch(/not valid YAML/)
  })

  it('turns the demo plant into a configuration with its simulator', () => {
    const plant = JSON.parse(readFileSync(join(DEMO_DIR, 'plant.json'), 'utf8')) as DemoPlantFile
    const cfg = demoPlantConfig(plant)
    const tags = cfg.sites[0]!.areas.flatMap((a) => a.equipment.map((e) => e.tag))
    expect(tags).toEqual(expect.arrayContaining(['P-101', 'P-102', 'K-201', 'CH-301']))
    expect(cfg.connectors).toEqual([
      { id: 'simulator', kind: 'simulator', site: 'riverbend', seed: 1, backfillDays: 7 },
    ])
  })
})
