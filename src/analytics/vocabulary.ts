/**
 * What the question parser may recognise, read from the work orders themselves: equipment names and ids, the
 * failure / problem code dictionaries (code + description pairs as they occur), collections and the latest
 * finish date (the "now" for relative phrases such as "last year").
 */
import { sql } from 'drizzle-orm'
import type { Store } from '../store/db.ts'
import { filterConditions } from './query.ts'

export interface CodeEntry {
  code: string
  description: string | null
}

export interface KnownVocabulary {
  /** Equipment names and ids present in the store. */
  equipment: string[]
  failureCodes: CodeEntry[]
  problemCodes: CodeEntry[]
  collections: string[]
  /** Latest finished_at (ISO, UTC); relative periods are counted back from it. */
  latest?: string | null
}

export async function loadVocabulary(store: Store, sites?: string[]): Promise<KnownVocabulary> {
  const where = filterConditions({ sites })
  const [equipment, failure, problem, collections, latest] = await Promise.all([
    store.rows<{ v: string }>(sql`
      SELECT DISTINCT v FROM (
        SELECT equipment_id AS v FROM work_orders WHERE ${where}
        UNION SELECT equipment_name FROM work_orders WHERE ${where}
      ) e WHERE v IS NOT NULL AND v <> '' ORDER BY v`),
    store.rows<CodeEntry>(sql`
      SELECT failure_code AS code, max(failure_description) AS description FROM work_orders
      WHERE ${where} AND failure_code IS NOT NULL AND failure_code <> '' GROUP BY failure_code ORDER BY 1`),
    store.rows<CodeEntry>(sql`
      SELECT problem_code AS code, max(problem_description) AS description FROM work_orders
      WHERE ${where} AND problem_code IS NOT NULL AND problem_code <> '' GROUP BY problem_code ORDER BY 1`),
    store.rows<{ v: string }>(sql`
      SELECT DISTINCT extra->>'collection' AS v FROM work_orders
      WHERE ${where} AND coalesce(extra->>'collection', '') <> '' ORDER BY 1`),
    store.rows<{ v: string | null }>(sql`
      SELECT to_char(max(finished_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS v
      FROM work_orders WHERE ${where}`),
  ])
  return {
    equipment: equipment.map((r) => r.v),
    failureCodes: failure,
    problemCodes: problem,
    collections: collections.map((r) => r.v),
    latest: latest[0]?.v ?? null,
  }
}
