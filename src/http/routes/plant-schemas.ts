/** Response shapes of the plant and work-order routes (plant.ts), for the OpenAPI document. */
import { z } from 'zod'
import { GROUP_BYS } from '../../analytics/index.ts'
import { equipmentSchema } from '../../plant/config.ts'
import { isoTime } from '../schemas.ts'

const limits = z.object({
  lolo: z.number().optional(),
  lo: z.number().optional(),
  hi: z.number().optional(),
  hihi: z.number().optional(),
})

export const tagInfoSchema = z
  .object({
    name: z.string().meta({ description: "Tag name as the plant writes it, e.g. 'TT-101A'" }),
    description: z.string(),
    unit: z.string(),
    asset: z.string().nullable().meta({ description: 'Equipment tag the measurement belongs to' }),
    site: z.string(),
    normal: z.object({ min: z.number(), max: z.number() }).optional(),
    alarms: limits.optional(),
  })
  .meta({ id: 'Tag' })

export const tagValueSchema = z
  .object({
    tag: z.string(),
    value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
    unit: z.string().optional(),
    timestamp: isoTime('When the sample was taken'),
    quality: z.enum(['good', 'uncertain', 'bad']),
  })
  .meta({ id: 'TagValue' })

export const tagDetailSchema = tagInfoSchema.extend({ current: tagValueSchema.nullable() })

export const historySchema = z.object({
  tag: z.string(),
  unit: z.string(),
  from: isoTime(),
  to: isoTime(),
  intervalMs: z.number().int().nullable().meta({ description: 'Bucket width; null for raw samples' }),
  points: z.array(
    z.object({
      t: isoTime("The sample's time, or the bucket's start"),
      v: z.number().optional().meta({ description: 'Raw samples' }),
      min: z.number().optional(),
      max: z.number().optional(),
      avg: z.number().optional(),
      n: z.number().int().optional(),
    }),
  ),
})

export const alarmSchema = z
  .object({
    id: z.string(),
    tag: z.string(),
    asset: z.string().nullable(),
    site: z.string(),
    priority: z.number().int().min(1).max(4).meta({ description: '1 = highest' }),
    limit: z.enum(['lolo', 'lo', 'hi', 'hihi']),
    message: z.string(),
    state: z
      .enum(['active_unacknowledged', 'active_acknowledged', 'returned_unacknowledged'])
      .meta({ description: 'ISA-18.2 state' }),
    value: z.number().nullable(),
    threshold: z.number(),
    activeSince: isoTime(),
  })
  .meta({ id: 'Alarm' })

export const assetSchema = equipmentSchema
  .extend({
    site: z.string(),
    area: z.object({ id: z.string(), name: z.string() }),
    unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'Asset' })

export const workOrderSchema = z
  .object({
    siteId: z.string(),
    woId: z.string(),
    equipmentId: z.string().nullable(),
    equipmentName: z.string().nullable(),
    description: z.string().nullable(),
    failureCode: z.string().nullable(),
    failureDescription: z.string().nullable(),
    problemCode: z.string().nullable(),
    problemDescription: z.string().nullable(),
    workType: z.enum(['preventive', 'corrective']).nullable(),
    priority: z.string().nullable(),
    reportedAt: isoTime().nullable(),
    finishedAt: isoTime().nullable(),
    durationHours: z.number().nullable(),
    laborHours: z.number().nullable(),
    status: z.string().nullable(),
    collection: z.string().nullable(),
  })
  .meta({ id: 'WorkOrder' })

export const assetDetailSchema = assetSchema.extend({
  tags: z.array(
    tagInfoSchema.pick({ name: true, description: true, unit: true, normal: true, alarms: true }),
  ),
  documents: z.array(z.object({ id: z.string(), title: z.string(), source: z.string(), kind: z.string() })),
  work_orders: z.object({
    recent: z.array(workOrderSchema),
    corrective_count: z.number().int().nullable(),
  }),
})

/** The filters a statistics result echoes (camelCase, as the analytics use them). */
const echoedFilters = z.looseObject({}).meta({ description: 'The filters the result was computed with' })
const hoursField = z.enum(['labor_hours', 'duration_hours'])

export const statsResultSchema = z
  .union([
    z.object({
      kind: z.literal('count'),
      filters: echoedFilters,
      count: z.number().int(),
      unit: z.literal('work orders'),
    }),
    z.object({
      kind: z.enum(['sum', 'avg']),
      filters: echoedFilters,
      field: hoursField,
      value: z.number().nullable(),
      count: z.number().int(),
      withValue: z.number().int(),
      unit: z.literal('h'),
    }),
    z.object({
      kind: z.literal('group'),
      filters: echoedFilters,
      by: z.enum(GROUP_BYS),
      measure: z.union([z.literal('count'), hoursField]),
      order: z.enum(['desc', 'asc']),
      groups: z.array(
        z.object({
          key: z.string().nullable(),
          label: z.string().nullable(),
          count: z.number().int(),
          laborHours: z.number(),
          durationHours: z.number(),
        }),
      ),
      totalGroups: z.number().int(),
      count: z.number().int(),
      unit: z.enum(['work orders', 'h']),
    }),
    z.object({
      kind: z.enum(['latest', 'earliest']),
      filters: echoedFilters,
      rows: z.array(workOrderSchema),
      count: z.number().int(),
    }),
    z.object({
      kind: z.literal('mtbf'),
      filters: echoedFilters,
      equipment: z.array(
        z.object({
          equipmentId: z.string().nullable(),
          equipmentName: z.string().nullable(),
          failures: z.number().int(),
          meanDays: z.number().nullable(),
          first: z.string().nullable(),
          last: z.string().nullable(),
        }),
      ),
      overallDays: z.number().nullable(),
      unit: z.literal('days'),
    }),
  ])
  .meta({ id: 'WorkOrderStats', description: 'One shape per `kind` (the op asked for)' })

export const workOrderDraftSchema = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    siteId: z.string(),
    asset: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    priority: z.number().int().nullable(),
    workType: z.enum(['preventive', 'corrective']).nullable(),
    status: z.enum(['awaiting_approval', 'approved', 'rejected']),
    requestedBy: z.string().nullable().meta({ format: 'uuid' }),
    conversationId: z.string().nullable().meta({ format: 'uuid' }),
    createdAt: isoTime(),
  })
  .meta({ id: 'WorkOrderDraft' })
