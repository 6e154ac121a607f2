/**
 * The copilot's plant-data tools (JSON-schema function definitions from zod) with their executors. Every one
 * reads, scoped to the caller's sites; the only "write" is a work-order draft stored for a person to approve.
 */
import { z } from 'zod'
import { assetDetails } from '../plant/asset-details.ts'
import { summarise } from '../plant/history.ts'
import type { Plant, Sites } from '../plant/index.ts'
import type { Store } from '../store/db.ts'
import { workOrderDrafts } from '../store/schema.ts'
import type { CopilotTool } from './tools.ts'

export interface PlantToolDeps {
  store: Store
  plant: Plant
  sites: Sites
  /** Who is asking (key id), recorded on drafts. */
  requestedBy?: string | null
  conversationId?: string | null
}

export function defineTool<S extends z.ZodObject>(
  name: string,
  description: string,
  schema: S,
  run: (args: z.infer<S>) => Promise<unknown>,
): CopilotTool {
  const parameters = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>
  delete parameters.$schema
  return {
    definition: { type: 'function', function: { name, description, parameters } },
    async execute(raw) {
      const parsed = schema.safeParse(raw)
      if (!parsed.success) {
        const i = parsed.error.issues[0]!
        return { result: `error: ${i.path.join('.') || 'arguments'}: ${i.message}` }
      }
      try {
        return { result: JSON.stringify(await run(parsed.data)) }
      } catch (err) {
        return { result: `error: ${err instanceof Error ? err.message : String(err)}` }
      }
    },
  }
}

const HOUR = 3_600_000

export function plantTools(d: PlantToolDeps): CopilotTool[] {
  const { plant, sites } = d
  const tagsOfAsset = async (asset: string) =>
    (await plant.listTags(sites)).filter((t) => t.asset && t.asset.toUpperCase() === asset.toUpperCase())
  return [
    defineTool(
      'get_tag_values',
      'Current values of instrument tags (with unit, timestamp and quality). Give tag names, or an asset to read all its tags.',
      z.object({ tags: z.array(z.string()).max(20).optional(), asset: z.string().optional() }),
      async ({ tags, asset }) => {
        const names = tags?.length ? tags : asset ? (await tagsOfAsset(asset)).map((t) => t.name) : []
        if (names.length === 0) throw new Error('name tags or an asset')
        return plant.readValues(names, sites)
      },
    ),
    defineTool(
      'get_tag_history',
      'History of one tag over a time window, aggregated into buckets, with a summary (first, last, min, max, mean, change).',
      z.object({
        tag: z.string(),
        hours: z
          .number()
          .positive()
          .max(24 * 31)
          .default(24),
        interval_minutes: z
          .number()
          .int()
          .positive()
          .max(24 * 60)
          .optional(),
      }),
      async ({ tag, hours, interval_minutes }) => {
        const to = new Date()
        const from = new Date(to.getTime() - hours * HOUR)
        const intervalMs = (interval_minutes ?? Math.max(1, Math.round((hours * 60) / 24))) * 60_000
        const h = await plant.readHistory({ tag, from, to, intervalMs }, sites)
        return {
          summary: summarise(h),
          points: h.points.slice(-24).map((p) => ({ t: p.t, avg: round(p.avg ?? p.v) })),
        }
      },
    ),
    defineTool(
      'list_active_alarms',
      'Active and returned-unacknowledged alarms (ISA-18.2 states), optionally for one asset.',
      z.object({ asset: z.string().optional() }),
      async ({ asset }) => {
        const all = await plant.listAlarms(sites)
        return asset ? all.filter((a) => a.asset?.toUpperCase() === asset.toUpperCase()) : all
      },
    ),
    defineTool(
      'get_asset',
      'What an asset is (name, type, area, make, specifications) with its instrument tags, the documents that mention it and its recent work orders.',
      z.object({ tag: z.string() }),
      async ({ tag }) => {
        const details = await assetDetails(d.store, plant, tag, sites)
        if (!details) throw new Error(`no asset ${tag}`)
        return details
      },
    ),
    defineTool(
      'draft_work_order',
      'Draft a work order for a person to review. It is stored with status awaiting_approval and sent nowhere: say so to the user.',
      z.object({
        asset: z.string(),
        title: z.string().min(3).max(200),
        description: z.string().min(3).max(4000),
        priority: z.number().int().min(1).max(4).optional(),
        work_type: z.enum(['preventive', 'corrective']).optional(),
      }),
      async (a) => {
        const asset = plant.findAsset(a.asset, sites)
        if (!asset) throw new Error(`no asset ${a.asset}`)
        const [row] = await d.store.db
          .insert(workOrderDrafts)
          .values({
            siteId: asset.site,
            asset: asset.tag,
            title: a.title,
            description: a.description,
            priority: a.priority ?? null,
            workType: a.work_type ?? 'corrective',
            requestedBy: d.requestedBy ?? null,
            conversationId: d.conversationId ?? null,
          })
          .returning({ id: workOrderDrafts.id, status: workOrderDrafts.status })
        return {
          draft_id: row!.id,
          status: row!.status,
          note: 'stored for approval; nothing was sent to the CMMS',
        }
      },
    ),
  ]
}

function round(v: number | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) / 100 : null
}
