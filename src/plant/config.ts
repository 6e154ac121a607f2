/**
 * The plant configuration (PLANT_CONFIG, YAML or JSON): sites with their ISA-95 asset hierarchy (site / area /
 * unit / equipment) and the connectors with their tag maps. Validated with zod; an error names the path of the
 * bad field. Without PLANT_CONFIG the demo plant with its simulator is used.
 */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

const limits = z
  .object({ lolo: z.number(), lo: z.number(), hi: z.number(), hihi: z.number() })
  .partial()
  .strict()

const tagMeta = {
  name: z.string().min(1),
  unit: z.string().default(''),
  asset: z.string().optional(),
  description: z.string().optional(),
  normal: z.object({ min: z.number(), max: z.number() }).strict().optional(),
  alarms: limits.optional(),
}

export const equipmentSchema = z
  .object({
    tag: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'an equipment tag such as P-101'),
    name: z.string().min(1),
    type: z.string().optional(),
    description: z.string().optional(),
    manufacturer: z.string().optional(),
    model: z.string().optional(),
    parent: z.string().optional(),
    specs: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()

const unitSchema = z
  .object({ id: z.string().min(1), name: z.string().min(1), equipment: z.array(equipmentSchema).default([]) })
  .strict()

const areaSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    description: z.string().optional(),
    units: z.array(unitSchema).default([]),
    equipment: z.array(equipmentSchema).default([]),
  })
  .strict()

const siteSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'letters, digits, - or _'),
    name: z.string().min(1),
    description: z.string().optional(),
    areas: z.array(areaSchema).default([]),
  })
  .strict()

const base = { id: z.string().min(1), site: z.string().min(1) }

const connectorSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...base,
      kind: z.literal('simulator'),
      seed: z.number().int().default(1),
      backfillDays: z.number().min(0).max(60).default(7),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('opcua'),
      endpoint: z.string().regex(/^opc\.tcp:\/\//, 'an opc.tcp:// endpoint'),
      securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
      securityPolicy: z.string().default('None'),
      auth: z
        .discriminatedUnion('type', [
          z.object({ type: z.literal('anonymous') }).strict(),
          z
            .object({ type: z.literal('username'), username: z.string().min(1), password: z.string() })
            .strict(),
        ])
        .default({ type: 'anonymous' }),
      pollMs: z.number().int().min(100).default(1000),
      tags: z.array(z.object({ ...tagMeta, nodeId: z.string().min(1) }).strict()).min(1),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('mqtt'),
      url: z.string().regex(/^mqtts?:\/\/|^wss?:\/\//, 'an mqtt:// or ws:// URL'),
      username: z.string().optional(),
      password: z.string().optional(),
      tags: z
        .array(
          z
            .object({
              ...tagMeta,
              source: z.discriminatedUnion('type', [
                z
                  .object({ type: z.literal('json'), topic: z.string().min(1), path: z.string().optional() })
                  .strict(),
                z
                  .object({
                    type: z.literal('sparkplug'),
                    groupId: z.string().min(1),
                    edgeNode: z.string().min(1),
                    device: z.string().optional(),
                    metric: z.string().min(1),
                  })
                  .strict(),
              ]),
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('replay'),
      file: z.string().min(1),
      timestampColumn: z.string().optional(),
      speed: z.number().positive().default(60),
      loop: z.boolean().default(true),
      startAt: z.union([z.number().int().min(0), z.string()]).optional(),
      tags: z.record(z.string(), z.object(tagMeta).partial().strict()).optional(),
    })
    .strict(),
])

export const plantConfigSchema = z
  .object({ sites: z.array(siteSchema).min(1), connectors: z.array(connectorSchema).default([]) })
  .strict()
  .superRefine((cfg, ctx) => {
    const sites = new Set(cfg.sites.map((s) => s.id))
    cfg.connectors.forEach((c, i) => {
      if (!sites.has(c.site)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectors', i, 'site'],
          message: `no site "${c.site}" in sites`,
        })
      }
    })
  })

export type PlantConfig = z.infer<typeof plantConfigSchema>
export type ConnectorConfig = PlantConfig['connectors'][number]
export type EquipmentConfig = z.infer<typeof equipmentSchema>

export class PlantConfigError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message)
    this.name = 'PlantConfigError'
  }
}

/** Parses and validates a configuration text (YAML or JSON); throws PlantConfigError naming the bad field. */
export function parsePlantConfig(text: string, origin = 'plant config'): PlantConfig {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (err) {
    throw new PlantConfigError(
      `${origin}: not valid YAML or JSON (${(err as Error).message.split('\n')[0]})`,
      '',
    )
  }
  const r = plantConfigSchema.safeParse(raw)
  if (!r.success) {
    const issue = r.error.issues[0]!
    const path = formatPath(issue.path)
    throw new PlantConfigError(`${origin}: ${path || '(top level)'}: ${issue.message}`, path)
  }
  return r.data
}

export function loadPlantConfig(file: string): PlantConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new PlantConfigError(`PLANT_CONFIG: cannot read ${file}`, '')
  }
  return parsePlantConfig(text, file)
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)),
    '',
  )
}

/** The demo plant (src/demo/plant/plant.json) as a configuration with its simulator. */
export function demoPlantConfig(plant: DemoPlantFile): PlantConfig {
  return plantConfigSchema.parse({
    sites: [
      {
        id: plant.site.id,
        name: plant.site.name,
        description: plant.site.description,
        areas: plant.areas.map((a) => ({
          id: a.id,
          name: a.name,
          description: a.description,
          equipment: plant.assets
            .filter((x) => x.area === a.id)
            .map((x) => ({
              tag: x.tag,
              name: x.name,
              type: x.type,
              description: x.description,
              manufacturer: x.manufacturer,
              model: x.model,
              parent: x.parent,
              specs: x.specs,
            })),
        })),
      },
    ],
    connectors: [{ id: 'simulator', kind: 'simulator', site: plant.site.id }],
  })
}

export interface DemoPlantFile {
  site: { id: string; name: string; description?: string }
  areas: Array<{ id: string; name: string; description?: string }>
  assets: Array<{
    tag: string
    name: string
    type?: string
    area: string
    parent?: string
    description?: string
    manufacturer?: string
    model?: string
    specs?: Record<string, unknown>
  }>
  tags: Array<{
    name: string
    description: string
    unit: string
    asset: string
    normal?: { min: number; max: number }
    alarms?: { lolo?: number; lo?: number; hi?: number; hihi?: number }
  }>
}
