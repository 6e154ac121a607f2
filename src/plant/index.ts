/**
 * The plant: configured sites and assets plus the live connectors, behind one read-only facade that scopes
 * everything to the caller's sites. Nothing here (or below) writes to a control system.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_DIR } from '../demo/index.ts'
import type { Store } from '../store/db.ts'
import {
  type ConnectorConfig,
  type DemoPlantFile,
  demoPlantConfig,
  loadPlantConfig,
  type PlantConfig,
} from './config.ts'
import { type AssetInfo, compactTag, flattenAssets } from './registry.ts'
import type { Alarm, HistoryQuery, HistoryResult, PlantConnector, TagInfo, TagValue } from './types.ts'
import { UnknownTagError } from './types.ts'

export type { AssetInfo } from './registry.ts'
export { assetsMentioned, compactTag, tagsMentioned } from './registry.ts'
export * from './types.ts'

export type Sites = string[] | '*'

export interface Plant {
  config: PlantConfig
  connectors: PlantConnector[]
  assets(sites: Sites): AssetInfo[]
  findAsset(name: string, sites: Sites): AssetInfo | null
  listTags(sites: Sites): Promise<TagInfo[]>
  findTag(name: string, sites: Sites): Promise<TagInfo | null>
  readValues(tags: string[], sites: Sites): Promise<TagValue[]>
  readHistory(q: HistoryQuery, sites: Sites): Promise<HistoryResult>
  listAlarms(sites: Sites): Promise<Alarm[]>
  close(): Promise<void>
}

export type ConnectorFactory = (cfg: ConnectorConfig, deps: { store: Store }) => Promise<PlantConnector>

const visible = (sites: Sites, site: string) => sites === '*' || sites.includes(site)

export function demoPlantFile(): DemoPlantFile {
  return JSON.parse(readFileSync(join(DEMO_DIR, 'plant.json'), 'utf8')) as DemoPlantFile
}

/** PLANT_CONFIG when set, else the demo plant with its simulator. */
export function plantConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PlantConfig {
  return env.PLANT_CONFIG ? loadPlantConfig(env.PLANT_CONFIG) : demoPlantConfig(demoPlantFile())
}

export async function createPlant(
  config: PlantConfig,
  deps: { store: Store },
  factory: ConnectorFactory,
): Promise<Plant> {
  const connectors: PlantConnector[] = []
  for (const c of config.connectors) connectors.push(await factory(c, deps))
  const assets = flattenAssets(config)
  const siteOf = new Map(config.connectors.map((c) => [c.id, c.site]))
  let tagCache: Array<{ tag: TagInfo; connector: PlantConnector }> | null = null
  const allTags = async () => {
    if (!tagCache) {
      tagCache = []
      for (const c of connectors) {
        for (const t of await c.listTags())
          tagCache.push({ tag: { ...t, site: siteOf.get(c.id) ?? t.site }, connector: c })
      }
    }
    return tagCache
  }
  const resolve = async (name: string, sites: Sites) => {
    const want = compactTag(name)
    const hit = (await allTags()).find((x) => compactTag(x.tag.name) === want && visible(sites, x.tag.site))
    if (!hit) throw new UnknownTagError(name)
    return hit
  }

  return {
    config,
    connectors,
    assets: (sites) => assets.filter((a) => visible(sites, a.site)),
    findAsset: (name, sites) =>
      assets.find((a) => compactTag(a.tag) === compactTag(name) && visible(sites, a.site)) ?? null,
    listTags: async (sites) => (await allTags()).filter((x) => visible(sites, x.tag.site)).map((x) => x.tag),
    findTag: async (name, sites) => {
      try {
        return (await resolve(name, sites)).tag
      } catch {
        return null
      }
    },
    readValues: async (names, sites) => {
      const out: TagValue[] = []
      for (const name of names) {
        const { tag, connector } = await resolve(name, sites)
        const [v] = await connector.readValues([tag.name])
        if (v) out.push({ ...v, unit: v.unit ?? tag.unit })
      }
      return out
    },
    readHistory: async (q, sites) => {
      const { tag, connector } = await resolve(q.tag, sites)
      return connector.readHistory({ ...q, tag: tag.name })
    },
    listAlarms: async (sites) => {
      const all: Alarm[] = []
      for (const c of connectors) {
        const site = siteOf.get(c.id)!
        if (!visible(sites, site)) continue
        for (const a of await c.listAlarms()) all.push({ ...a, site })
      }
      return all.sort((a, b) => a.priority - b.priority || a.activeSince.localeCompare(b.activeSince))
    },
    close: async () => {
      await Promise.all(connectors.map((c) => c.close()))
    },
  }
}
