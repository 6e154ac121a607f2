/** One asset with everything linked to it: its tags, the documents that mention it and its work-order history. */
import { sql } from 'drizzle-orm'
import { searchWorkOrders, workOrderStats } from '../analytics/index.ts'
import type { Store } from '../store/db.ts'
import { toPgArray } from '../store/documents.ts'
import type { Plant, Sites } from './index.ts'

export async function assetDetails(store: Store, plant: Plant, tag: string, sites: Sites) {
  const asset = plant.findAsset(tag, sites)
  if (!asset) return null
  // Everything linked to the asset is of the asset's own site: another site may use the same tag.
  const siteList = [asset.site]
  const [tags, documents, recent, corrective] = await Promise.all([
    plant.listTags(sites).then((ts) => ts.filter((t) => t.asset?.toUpperCase() === asset.tag.toUpperCase())),
    store.rows<{ id: string; title: string; source: string; kind: string }>(sql`
      SELECT id, title, source, kind FROM documents
      WHERE asset_tags @> ${toPgArray([asset.tag])}::text[] AND site_id = ${asset.site}
      ORDER BY kind, title`),
    searchWorkOrders(store, { sites: siteList, equipment: [asset.tag] }, 5),
    workOrderStats(store, {
      filters: { sites: siteList, equipment: [asset.tag], workType: 'corrective' },
      operation: { op: 'count' },
    }),
  ])
  return {
    ...asset,
    tags: tags.map((t) => ({
      name: t.name,
      description: t.description,
      unit: t.unit,
      normal: t.normal,
      alarms: t.alarms,
    })),
    documents,
    work_orders: { recent, corrective_count: corrective.kind === 'count' ? corrective.count : null },
  }
}
