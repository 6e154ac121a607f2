/**
 * Work-order statistics in one SQL statement each: filters -> WHERE clause, operation -> SELECT. Years and
 * dates are taken from finished_at in UTC (the ingester stores exports' local times as UTC).
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Store } from '../store/db.ts'
import type {
  AnalyticsQuery,
  GroupBy,
  HoursField,
  MtbfEquipment,
  StatsGroup,
  StatsResult,
  WorkOrderFilters,
  WorkOrderRow,
} from './types.ts'

/** Lowercase letters and digits only: how equipment names and ids are compared. */
export function normaliseEquipment(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '')
}

const list = (values: readonly (string | number)[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )

const normCol = (col: SQL): SQL => sql`lower(regexp_replace(coalesce(${col}, ''), '[^A-Za-z0-9]', '', 'g'))`

const FINISHED_UTC = sql`(finished_at AT TIME ZONE 'UTC')`

/** The WHERE conditions for a filter set (always at least `true`). */
export function filterConditions(f: WorkOrderFilters): SQL {
  const c: SQL[] = [sql`true`]
  if (f.sites?.length) c.push(sql`site_id IN (${list(f.sites)})`)
  if (f.equipment?.length) {
    const norms = [...new Set(f.equipment.map(normaliseEquipment).filter(Boolean))]
    if (norms.length) {
      c.push(
        sql`(${normCol(sql`equipment_id`)} IN (${list(norms)}) OR ${normCol(sql`equipment_name`)} IN (${list(norms)}))`,
      )
    }
  }
  if (f.equipmentClass) c.push(sql`equipment_name ILIKE ${`%${escapeLike(f.equipmentClass)}%`}`)
  if (f.workType) c.push(sql`work_type = ${f.workType}`)
  if (f.failureCodes?.length) c.push(sql`lower(failure_code) IN (${list(f.failureCodes.map(lower))})`)
  if (f.problemCodes?.length) c.push(sql`lower(problem_code) IN (${list(f.problemCodes.map(lower))})`)
  if (f.priorities?.length) c.push(sql`trim(priority) IN (${list(f.priorities.map((p) => p.trim()))})`)
  if (f.collection !== undefined) c.push(sql`extra->>'collection' = ${f.collection}`)
  if (f.yearFrom !== undefined) c.push(sql`finished_at >= ${`${f.yearFrom}-01-01T00:00:00Z`}::timestamptz`)
  if (f.yearTo !== undefined) c.push(sql`finished_at < ${`${f.yearTo + 1}-01-01T00:00:00Z`}::timestamptz`)
  if (f.from) c.push(sql`finished_at >= ${`${f.from}T00:00:00Z`}::timestamptz`)
  if (f.to) c.push(sql`finished_at < (${f.to}::date + 1)::timestamp AT TIME ZONE 'UTC'`)
  if (f.text) c.push(sql`description ILIKE ${`%${escapeLike(f.text)}%`}`)
  if (f.woIds?.length) c.push(sql`lower(wo_id) IN (${list(f.woIds.map(lower))})`)
  return sql.join(c, sql` AND `)
}

const lower = (s: string) => s.toLowerCase()
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`)

const isoOf = (col: SQL): SQL => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

const ROW_COLUMNS = sql`site_id AS "siteId", wo_id AS "woId", equipment_id AS "equipmentId",
  equipment_name AS "equipmentName", description, failure_code AS "failureCode",
  failure_description AS "failureDescription", problem_code AS "problemCode",
  problem_description AS "problemDescription", work_type AS "workType", priority,
  ${isoOf(sql`reported_at`)} AS "reportedAt", ${isoOf(sql`finished_at`)} AS "finishedAt",
  duration_hours::float8 AS "durationHours", labor_hours::float8 AS "laborHours", status,
  extra->>'collection' AS collection`

/** Matching work orders, most recently finished first (rows without a finish date last). */
export async function searchWorkOrders(
  store: Store,
  filters: WorkOrderFilters,
  limit = 20,
): Promise<WorkOrderRow[]> {
  return store.rows<WorkOrderRow>(sql`SELECT ${ROW_COLUMNS} FROM work_orders
    WHERE ${filterConditions(filters)}
    ORDER BY finished_at DESC NULLS LAST, wo_id LIMIT ${clampLimit(limit, 20)}`)
}

const clampLimit = (n: number | undefined, dflt: number) =>
  Math.max(1, Math.min(500, Math.floor(Number.isFinite(n) ? (n as number) : dflt)))

/** Key and label expressions per grouping. */
function groupExpr(by: GroupBy): { key: SQL; label: SQL } {
  switch (by) {
    case 'equipment':
      return { key: sql`coalesce(equipment_id, equipment_name)`, label: sql`max(equipment_name)` }
    case 'work_type':
      return { key: sql`work_type`, label: sql`max(work_type)` }
    case 'failure_code':
      return { key: sql`failure_code`, label: sql`max(failure_description)` }
    case 'problem_code':
      return { key: sql`problem_code`, label: sql`max(problem_description)` }
    case 'priority':
      return { key: sql`trim(priority)`, label: sql`max(trim(priority))` }
    case 'year':
      return { key: sql`extract(year from ${FINISHED_UTC})::int::text`, label: sql`NULL::text` }
    case 'month':
      return { key: sql`to_char(${FINISHED_UTC}, 'YYYY-MM')`, label: sql`NULL::text` }
    case 'collection':
      return { key: sql`extra->>'collection'`, label: sql`NULL::text` }
  }
}

const measureCol = (m: 'count' | HoursField): SQL =>
  m === 'count' ? sql`count` : m === 'labor_hours' ? sql`labor` : sql`duration`

/** Runs one analytics query. */
export async function workOrderStats(store: Store, q: AnalyticsQuery): Promise<StatsResult> {
  const { filters, operation } = q
  const where = filterConditions(filters)
  switch (operation.op) {
    case 'count': {
      const [r] = await store.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM work_orders WHERE ${where}`,
      )
      return { kind: 'count', filters, count: r?.n ?? 0, unit: 'work orders' }
    }
    case 'sum':
    case 'avg': {
      const col = operation.field === 'labor_hours' ? sql`labor_hours` : sql`duration_hours`
      const agg = operation.op === 'sum' ? sql`sum(${col})` : sql`avg(${col})`
      const [r] = await store.rows<{ v: number | null; n: number; nv: number }>(
        sql`SELECT ${agg}::float8 AS v, count(*)::int AS n, count(${col})::int AS nv
            FROM work_orders WHERE ${where}`,
      )
      return {
        kind: operation.op,
        filters,
        field: operation.field,
        value: r?.v ?? null,
        count: r?.n ?? 0,
        withValue: r?.nv ?? 0,
        unit: 'h',
      }
    }
    case 'group':
      return groupStats(store, q.filters, operation)
    case 'latest':
    case 'earliest': {
      const dir = operation.op === 'latest' ? sql`DESC` : sql`ASC`
      const rows = await store.rows<WorkOrderRow & { total: number }>(
        sql`SELECT ${ROW_COLUMNS}, count(*) OVER ()::int AS total FROM work_orders
            WHERE ${where} AND finished_at IS NOT NULL
            ORDER BY finished_at ${dir}, wo_id ${dir} LIMIT ${clampLimit(operation.limit, 1)}`,
      )
      const count = rows[0]?.total ?? 0
      return {
        kind: operation.op,
        filters,
        rows: rows.map(({ total: _total, ...row }) => row),
        count,
      }
    }
    case 'mtbf':
      return mtbfStats(store, filters)
  }
}

async function groupStats(
  store: Store,
  filters: WorkOrderFilters,
  operation: Extract<AnalyticsQuery['operation'], { op: 'group' }>,
): Promise<StatsResult> {
  const measure = operation.measure ?? 'count'
  const order = operation.order ?? 'desc'
  const limit = clampLimit(operation.limit, 10)
  const { key, label } = groupExpr(operation.by)
  const dir = order === 'desc' ? sql`DESC` : sql`ASC`
  // "Most frequent code" never answers "no code": code and collection groups leave out rows without one.
  const keyRequired = ['failure_code', 'problem_code', 'collection'].includes(operation.by)
    ? sql` AND ${key} IS NOT NULL AND ${key} <> ''`
    : sql``
  // Equipment with no matching work orders still ranks (with zero) when the question asks for the fewest.
  const universe =
    operation.by === 'equipment'
      ? sql`SELECT ${key} AS key, max(equipment_name) AS label FROM work_orders
            WHERE ${filterConditions({ sites: filters.sites, equipment: filters.equipment, equipmentClass: filters.equipmentClass })}
            GROUP BY 1`
      : sql`SELECT NULL::text AS key, NULL::text AS label WHERE false`
  const rows = await store.rows<StatsGroup & { total_groups: number; total_count: number }>(sql`
    WITH hits AS (
      SELECT ${key} AS key, ${label} AS label, count(*)::int AS count,
             coalesce(sum(labor_hours), 0)::float8 AS labor, coalesce(sum(duration_hours), 0)::float8 AS duration
      FROM work_orders WHERE ${filterConditions(filters)}${keyRequired} GROUP BY 1
    ), everything AS (
      SELECT * FROM hits
      UNION ALL
      SELECT u.key, u.label, 0, 0, 0 FROM (${universe}) u
      WHERE NOT EXISTS (SELECT 1 FROM hits h WHERE h.key IS NOT DISTINCT FROM u.key)
    )
    SELECT key, label, count, labor AS "laborHours", duration AS "durationHours",
           count(*) OVER ()::int AS total_groups, sum(count) OVER ()::int AS total_count
    FROM everything
    ORDER BY ${measureCol(measure)} ${dir}, key ASC NULLS LAST
    LIMIT ${limit}`)
  return {
    kind: 'group',
    filters,
    by: operation.by,
    measure,
    order,
    groups: rows.map(({ total_groups: _g, total_count: _c, ...g }) => g),
    totalGroups: rows[0]?.total_groups ?? 0,
    count: rows[0]?.total_count ?? 0,
    unit: measure === 'count' ? 'work orders' : 'h',
  }
}

/**
 * Mean time between corrective work orders per equipment: (last finish - first finish) / (n - 1), in days.
 * Preventive work is never counted, whatever the filters say about work type.
 */
async function mtbfStats(store: Store, filters: WorkOrderFilters): Promise<StatsResult> {
  const where = filterConditions({ ...filters, workType: 'corrective' })
  const rows = await store.rows<MtbfEquipment>(sql`
    SELECT equipment_id AS "equipmentId", max(equipment_name) AS "equipmentName", count(*)::int AS failures,
      CASE WHEN count(*) > 1
        THEN (extract(epoch FROM max(finished_at) - min(finished_at)) / 86400.0 / (count(*) - 1))::float8
      END AS "meanDays",
      ${isoOf(sql`min(finished_at)`)} AS first, ${isoOf(sql`max(finished_at)`)} AS last
    FROM work_orders WHERE ${where} AND finished_at IS NOT NULL
    GROUP BY equipment_id
    ORDER BY "meanDays" ASC NULLS LAST, equipment_id`)
  let gapDays = 0
  let gaps = 0
  for (const r of rows) {
    if (r.meanDays === null || r.failures < 2) continue
    gapDays += r.meanDays * (r.failures - 1)
    gaps += r.failures - 1
  }
  return {
    kind: 'mtbf',
    filters: { ...filters, workType: 'corrective' },
    equipment: rows,
    overallDays: gaps > 0 ? gapDays / gaps : null,
    unit: 'days',
  }
}
