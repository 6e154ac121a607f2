/** Work-order tools for the model: search the maintenance history and compute statistics over it. Read-only. */
import { z } from 'zod'
import type { AnalyticsQuery, GroupBy, HoursField, WorkOrderFilters } from '../analytics/index.ts'
import { GROUP_BYS, searchWorkOrders, workOrderStats } from '../analytics/index.ts'
import type { Store } from '../store/db.ts'
import { defineTool } from './plant-tools.ts'
import type { CopilotTool } from './tools.ts'

/** The work-order filters as the model and the HTTP API give them (snake_case). */
export const workOrderFilterSchema = z.object({
  equipment: z
    .array(z.string())
    .max(20)
    .optional()
    .describe('Equipment tags or names, e.g. P-101 or Chiller 4'),
  work_type: z.enum(['preventive', 'corrective']).optional(),
  failure_codes: z.array(z.string()).max(20).optional(),
  problem_codes: z.array(z.string()).max(20).optional(),
  priorities: z.array(z.string()).max(5).optional(),
  collection: z.string().optional(),
  year_from: z.coerce.number().int().min(1900).max(2200).optional(),
  year_to: z.coerce.number().int().min(1900).max(2200).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional()
    .describe('YYYY-MM-DD, inclusive'),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional()
    .describe('YYYY-MM-DD, inclusive'),
  text: z.string().optional().describe('Words in the work-order description'),
})

export function toFilters(f: z.infer<typeof workOrderFilterSchema>, sites: string[] | '*'): WorkOrderFilters {
  return {
    sites: sites === '*' ? undefined : sites,
    equipment: f.equipment,
    workType: f.work_type,
    failureCodes: f.failure_codes,
    problemCodes: f.problem_codes,
    priorities: f.priorities,
    collection: f.collection,
    yearFrom: f.year_from,
    yearTo: f.year_to,
    from: f.from,
    to: f.to,
    text: f.text,
  }
}

export type OperationName = 'count' | 'sum' | 'avg' | 'group' | 'latest' | 'earliest' | 'mtbf'

/** The statistics operation from its flat, snake_case form (the model's arguments, the HTTP query). */
export function toOperation(a: {
  operation: OperationName
  field?: HoursField
  group_by?: GroupBy
  order?: 'desc' | 'asc'
  limit?: number
}): AnalyticsQuery['operation'] {
  switch (a.operation) {
    case 'sum':
    case 'avg':
      return { op: a.operation, field: a.field ?? 'labor_hours' }
    case 'group':
      return { op: 'group', by: a.group_by ?? 'equipment', order: a.order, limit: a.limit }
    case 'latest':
    case 'earliest':
      return { op: a.operation, limit: a.limit }
    default:
      return { op: a.operation }
  }
}

export function workOrderTools(store: Store, sites: string[] | '*'): CopilotTool[] {
  return [
    defineTool(
      'search_work_orders',
      'Find work orders in the maintenance history (newest first) by equipment, type, codes, priority, dates or words.',
      workOrderFilterSchema.extend({ limit: z.number().int().min(1).max(50).default(10) }),
      async ({ limit, ...f }) => searchWorkOrders(store, toFilters(f, sites), limit),
    ),
    defineTool(
      'work_order_stats',
      'Count, sum or average hours, group and rank, latest/earliest, or mean time between corrective work orders.',
      workOrderFilterSchema.extend({
        operation: z.enum(['count', 'sum', 'avg', 'group', 'latest', 'earliest', 'mtbf']),
        field: z.enum(['labor_hours', 'duration_hours']).optional(),
        group_by: z.enum(GROUP_BYS).optional(),
        order: z.enum(['desc', 'asc']).optional(),
        limit: z.number().int().min(1).max(50).optional(),
      }),
      async ({ operation, field, group_by, order, limit, ...f }) =>
        workOrderStats(store, {
          filters: toFilters(f, sites),
          operation: toOperation({ operation, field, group_by, order, limit }),
        }),
    ),
  ]
}
