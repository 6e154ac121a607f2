/**
 * The simulator's history in `sim_history`: one row per (site, tag, hour) holding the 60 minute samples (NaN where
 * missing). Writes merge into an existing row (a minute already stored is kept), reads return raw minutes or
 * min/max/avg buckets.
 */
import { sql } from 'drizzle-orm'
import type { Store } from '../../store/db.ts'
import { bucketize } from '../buffer.ts'
import type { HistoryPoint } from '../types.ts'
import { HOUR, MINUTE } from './incidents.ts'

export interface HourRow {
  tag: string
  /** Start of the hour, ms since epoch. */
  hour: number
  /** 60 minute values, NaN where missing. */
  values: ArrayLike<number>
}

const BATCH = 500

/** Collects minute samples into hour rows. */
export class HourRows {
  private readonly rows = new Map<string, HourRow & { values: Float64Array }>()

  add(tag: string, minute: number, value: number): void {
    const hour = Math.floor(minute / HOUR) * HOUR
    const key = `${tag}\u0000${hour}`
    let row = this.rows.get(key)
    if (!row) {
      row = { tag, hour, values: new Float64Array(60).fill(Number.NaN) }
      this.rows.set(key, row)
    }
    row.values[Math.floor((minute - hour) / MINUTE)] = value
  }

  get size(): number {
    return this.rows.size
  }

  list(): HourRow[] {
    return [...this.rows.values()]
  }
}

const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`
const numArray = (v: ArrayLike<number>) =>
  `{${Array.from(v, (x) => (Number.isFinite(x) ? String(x) : 'NaN')).join(',')}}`
const textArray = (items: string[]) => `{${items.map(quote).join(',')}}`
const round3 = (v: number) => Math.round(v * 1000) / 1000

export class Historian {
  constructor(
    private readonly store: Store,
    readonly site: string,
  ) {}

  /** Start of the newest stored hour for this site, or null when there is none. */
  async lastHour(): Promise<number | null> {
    const r = await this.store.rows<{ h: number | null }>(
      sql`SELECT (extract(epoch FROM max(hour)) * 1000)::float8 AS h FROM sim_history WHERE site_id = ${this.site}`,
    )
    const h = r[0]?.h
    return h === null || h === undefined ? null : Number(h)
  }

  async count(): Promise<number> {
    const r = await this.store.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sim_history WHERE site_id = ${this.site}`,
    )
    return Number(r[0]?.n ?? 0)
  }

  /** Upserts hour rows in batches; minutes already stored win over new ones (NaN never overwrites). */
  async write(rows: HourRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      const part = rows.slice(i, i + BATCH)
      const tags = textArray(part.map((r) => r.tag))
      const hours = textArray(part.map((r) => new Date(r.hour).toISOString()))
      const vals = textArray(part.map((r) => numArray(r.values)))
      await this.store.rows(sql`
        INSERT INTO sim_history (site_id, tag, hour, "values")
        SELECT ${this.site}, x.tag, x.hour, x.vals::real[]
        FROM unnest(${tags}::text[], ${hours}::timestamptz[], ${vals}::text[]) AS x(tag, hour, vals)
        ON CONFLICT (site_id, tag, hour) DO UPDATE SET "values" = (
          SELECT array_agg(CASE WHEN o IS NULL OR o = 'NaN'::real THEN n ELSE o END ORDER BY i)
          FROM unnest(sim_history."values", excluded."values") WITH ORDINALITY AS z(o, n, i)
        )`)
    }
  }

  /** Stored minute samples of a tag in [from, to), oldest first. */
  async readRaw(tag: string, from: number, to: number): Promise<Array<[number, number]>> {
    const rows = await this.store.rows<{ h: number; v: number[] }>(sql`
      SELECT (extract(epoch FROM hour) * 1000)::float8 AS h, "values" AS v
      FROM sim_history
      WHERE site_id = ${this.site} AND tag = ${tag}
        AND hour > ${new Date(from - HOUR).toISOString()}::timestamptz
        AND hour < ${new Date(to).toISOString()}::timestamptz
      ORDER BY hour`)
    const out: Array<[number, number]> = []
    for (const r of rows) {
      const h = Number(r.h)
      const v = r.v
      for (let k = 0; k < v.length; k++) {
        const x = Number(v[k])
        const t = h + k * MINUTE
        if (Number.isFinite(x) && t >= from && t < to) out.push([t, round3(x)])
      }
    }
    return out
  }

  /** Buckets of `intervalMs` from `from`, aggregated in JS over the hour rows (see simulator.test.ts timing). */
  async readBuckets(tag: string, from: number, to: number, intervalMs: number): Promise<HistoryPoint[]> {
    return bucketize(await this.readRaw(tag, from, to), from, intervalMs)
  }

  /** The same buckets aggregated in SQL over unnest(values) WITH ORDINALITY; kept for comparison. */
  async readBucketsSql(tag: string, from: number, to: number, intervalMs: number): Promise<HistoryPoint[]> {
    const rows = await this.store.rows<{ b: number; mn: number; mx: number; av: number; n: number }>(sql`
      WITH s AS (
        SELECT extract(epoch FROM hour) * 1000 + (u.i - 1) * 60000 AS t, u.v
        FROM sim_history, unnest("values") WITH ORDINALITY AS u(v, i)
        WHERE site_id = ${this.site} AND tag = ${tag}
          AND hour > ${new Date(from - HOUR).toISOString()}::timestamptz
          AND hour < ${new Date(to).toISOString()}::timestamptz
      )
      SELECT floor((t - ${from}::float8) / ${intervalMs}::float8)::float8 AS b,
             min(v)::float8 AS mn, max(v)::float8 AS mx, avg(v)::float8 AS av, count(*)::int AS n
      FROM s
      WHERE v <> 'NaN'::real AND t >= ${from}::float8 AND t < ${to}::float8
      GROUP BY 1 ORDER BY 1`)
    return rows.map((r) => ({
      t: new Date(from + Number(r.b) * intervalMs).toISOString(),
      min: round3(Number(r.mn)),
      max: round3(Number(r.mx)),
      avg: Number(r.av),
      n: Number(r.n),
    }))
  }
}
