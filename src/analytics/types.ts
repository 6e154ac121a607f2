/**
 * Shapes shared by the work-order analytics: the filters and operation a question turns into, and the typed
 * results `workOrderStats` hands back (always with the filters echoed and the unit of the value).
 */
import type { WorkOrderRecord } from '../ingest/types.ts'

export type WorkType = 'preventive' | 'corrective'

/** Which work orders a query looks at. Every field is optional; unset means "no restriction". */
export interface WorkOrderFilters {
  /** Site ids; empty or unset = every site. */
  sites?: string[]
  /** Equipment ids or names, compared without case, spaces or punctuation ('Chiller 4' = 'chiller4'). */
  equipment?: string[]
  /** A word the equipment name must contain (case-insensitive), e.g. 'pump' for "which pump …". */
  equipmentClass?: string
  workType?: WorkType
  /** Primary / failure codes (exact, case-insensitive). Several = any of them. */
  failureCodes?: string[]
  /** Secondary / problem codes (exact, case-insensitive). */
  problemCodes?: string[]
  /** Priorities as written in the export ('1', '2', …). */
  priorities?: string[]
  /** `extra->>'collection'`, exact match ('condenser' does not include 'condenser|evaporator'). */
  collection?: string
  /** Inclusive calendar years of finished_at (UTC). */
  yearFrom?: number
  yearTo?: number
  /** Inclusive dates 'YYYY-MM-DD' of finished_at (UTC). */
  from?: string
  to?: string
  /** Substring of the work-order description (ILIKE). */
  text?: string
  /** Work-order ids, exact. */
  woIds?: string[]
}

export type HoursField = 'labor_hours' | 'duration_hours'

/** What work orders can be grouped by. */
export const GROUP_BYS = [
  'equipment',
  'work_type',
  'failure_code',
  'problem_code',
  'priority',
  'year',
  'month',
  'collection',
] as const

export type GroupBy = (typeof GROUP_BYS)[number]

export type Operation =
  | { op: 'count' }
  | { op: 'sum' | 'avg'; field: HoursField }
  | {
      op: 'group'
      by: GroupBy
      /** What the groups are ranked by: their work-order count (default) or a sum of hours. */
      measure?: 'count' | HoursField
      order?: 'desc' | 'asc'
      /** Groups returned (default 10). */
      limit?: number
    }
  | { op: 'latest' | 'earliest'; limit?: number }
  | { op: 'mtbf' }

export interface AnalyticsQuery {
  filters: WorkOrderFilters
  operation: Operation
}

/**
 * One work order as the analytics return it: the record parsed from the log (dates ISO strings in UTC), with its
 * site and collection and without the raw CSV columns.
 */
export type WorkOrderRow = Omit<WorkOrderRecord, 'extra' | 'raw'> & {
  siteId: string
  collection: string | null
}

export interface StatsGroup {
  /** The grouping value (equipment id or name, code, year, …); null for rows without one. */
  key: string | null
  /** Human label: equipment name, code description, … */
  label: string | null
  count: number
  laborHours: number
  durationHours: number
}

export interface MtbfEquipment {
  equipmentId: string | null
  equipmentName: string | null
  /** Corrective work orders with a finish date. */
  failures: number
  /** Mean gap between consecutive corrective finishes, in days; null with fewer than two. */
  meanDays: number | null
  first: string | null
  last: string | null
}

export type StatsResult =
  | { kind: 'count'; filters: WorkOrderFilters; count: number; unit: 'work orders' }
  | {
      kind: 'sum' | 'avg'
      filters: WorkOrderFilters
      field: HoursField
      /** null when no matching work order has a value. */
      value: number | null
      /** Matching work orders, and how many of them carry a value for the field. */
      count: number
      withValue: number
      unit: 'h'
    }
  | {
      kind: 'group'
      filters: WorkOrderFilters
      by: GroupBy
      measure: 'count' | HoursField
      order: 'desc' | 'asc'
      groups: StatsGroup[]
      /** Distinct groups before the limit. */
      totalGroups: number
      /** Matching work orders in all groups. */
      count: number
      unit: 'work orders' | 'h'
    }
  | {
      kind: 'latest' | 'earliest'
      filters: WorkOrderFilters
      rows: WorkOrderRow[]
      /** Matching work orders (with a finish date). */
      count: number
    }
  | {
      kind: 'mtbf'
      filters: WorkOrderFilters
      equipment: MtbfEquipment[]
      /** Pooled mean over all equipment: total gap days / total gaps; null without any gap. */
      overallDays: number | null
      unit: 'days'
    }
