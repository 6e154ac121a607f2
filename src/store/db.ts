/**
 * Opens the store: embedded PGlite (+ pgvector, + pg_textsearch for BM25) persisted in a folder by default,
 * or any Postgres with pgvector through node-postgres when a connection URL is given. Runs the checked-in
 * migrations either way.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch'
import { vector } from '@electric-sql/pglite-pgvector'
import { type SQL, sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import * as schema from './schema.ts'

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations')

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

export interface StoreOptions {
  /** Folder for the embedded database; omitted with no databaseUrl = in memory (tests). */
  dataDir?: string
  databaseUrl?: string
  /** Pool size for node-postgres. */
  poolSize?: number
}

export interface Store {
  db: Db
  driver: 'pglite' | 'postgres'
  /** What the server can do, found out after migrating. */
  features: { bm25: boolean }
  /** Runs raw SQL and returns its rows. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>
  close(): Promise<void>
}

/** Settings every session needs: relaxed iterative HNSW scans so filtered vector searches still fill k. */
const SESSION_SETTINGS = `SET hnsw.iterative_scan = relaxed_order; SET hnsw.ef_search = 100;`

/**
 * Server settings of the embedded store. It is one process's database with no replicas, so its write-ahead log
 * only has to bring it back after a crash: `wal_level = minimal` (index builds such as the bulk load's HNSW graph
 * are written once, not also logged) and no zero-filling of each new 16 MB log segment before use. Measured on a
 * 10k-chunk load: ~9 KB of WAL a chunk, and 6-8 % of the load's time in file writes before these settings.
 */
const EMBEDDED_SETTINGS = ['wal_level=minimal', 'max_wal_senders=0', 'wal_init_zero=off']

export const BM25_INDEX_SQL =
  "CREATE INDEX IF NOT EXISTS chunks_bm25_idx ON chunks USING bm25 (index_text) WITH (text_config = 'english')"

export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const store = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl, opts.poolSize ?? 5)
    : await openPglite(opts.dataDir)
  const [found] = await store.rows<{ ext: number; idx: number }>(
    sqlRaw(`SELECT (SELECT count(*)::int FROM pg_extension WHERE extname = 'pg_textsearch') AS ext,
                   (SELECT count(*)::int FROM pg_indexes WHERE indexname = 'chunks_bm25_idx') AS idx`),
  )
  // BM25 without its index (pg_textsearch installed on the server after the migrations ran, or the index
  // dropped by hand): build it, so ranking is BM25 wherever the extension is.
  if (found?.ext && !found.idx) await store.rows(sqlRaw(BM25_INDEX_SQL))
  store.features.bm25 = Boolean(found?.ext)
  return store
}

async function openPglite(dataDir: string | undefined): Promise<Store> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { vector, pg_textsearch },
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((s) => ['-c', s])],
  })
  await client.exec(SESSION_SETTINGS)
  const db = drizzlePglite(client, { schema }) as unknown as Db
  await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR })
  return {
    db,
    driver: 'pglite',
    features: { bm25: false },
    rows: async <T>(query: SQL) => ((await db.execute(query)) as unknown as { rows: T[] }).rows,
    close: async () => {
      await client.close()
    },
  }
}

async function openPostgres(url: string, max: number): Promise<Store> {
  // Session settings travel as startup options, so every pooled connection has them from its first query.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    options: '-c hnsw.iterative_scan=relaxed_order -c hnsw.ef_search=100',
  })
  const db = drizzlePg(pool, { schema }) as unknown as Db
  await migratePg(db as never, { migrationsFolder: MIGRATIONS_DIR })
  return {
    db,
    driver: 'postgres',
    features: { bm25: false },
    rows: async <T>(query: SQL) => ((await db.execute(query)) as unknown as { rows: T[] }).rows,
    close: async () => {
      await pool.end()
    },
  }
}

function sqlRaw(text: string): SQL {
  return sql.raw(text)
}
