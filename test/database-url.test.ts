/**
 * The DATABASE_URL path: node-postgres with a connection pool against a Postgres server (PGlite served over the
 * wire protocol by pglite-socket). Without pg_textsearch on the server, search falls back to ts_rank.
 */
import { PGlite } from '@electric-sql/pglite'
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../src/store/db.ts'
import { utf8 } from './support/fixtures.ts'
import { startService, type TestService } from './support/harness.ts'

const DOC = `# Boiler feedwater pump BFP-2

## Lubrication

Top up the BFP-2 bearing housings with ISO VG 46 turbine oil to the sight-glass centre line.

## Isolation

Lock the BFP-2 breaker at MCC-4 bucket 1A and close suction valve HV-22.
`

for (const withBm25 of [false, true]) {
  describe(`DATABASE_URL against a Postgres server ${withBm25 ? 'with' : 'without'} pg_textsearch`, () => {
    let db: PGlite
    let server: PGLiteSocketServer
    let store: Store
    let svc: TestService

    beforeAll(async () => {
      db = await PGlite.create({ extensions: withBm25 ? { vector, pg_textsearch } : { vector } })
      const port = 20000 + Math.floor(Math.random() * 20000)
      server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 })
      await server.start()
      store = await openStore({
        databaseUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
        poolSize: 4,
      })
      svc = await startService({ store })
    })
    afterAll(async () => {
      await svc?.close()
      await store?.close()
      await server?.stop()
      await db?.close()
    })

    it('migrates, ingests and searches through node-postgres', async () => {
      expect(store.driver).toBe('postgres')
      expect(store.features.bm25).toBe(withBm25)
      const key = await svc.key('operator', ['plant-1'])
      const admin = await svc.key('admin', '*')
      const up = await svc.upload(admin, 'bfp2.md', utf8(DOC), { site: 'plant-1' })
      expect(up.status).toBe(201)
      const again = await svc.upload(admin, 'bfp2.md', utf8(DOC), { site: 'plant-1' })
      expect(again.body.status).toBe('unchanged')
      const res = await svc.fetch(
        `/v1/search?${new URLSearchParams({ q: 'what oil goes in the feedwater pump bearings?' })}`,
        {
          key,
        },
      )
      const body = (await res.json()) as any
      expect(res.status).toBe(200)
      expect(body.results[0].text).toContain('ISO VG 46')
      expect(body.results[0].section).toContain('Lubrication')
    })

    it('serves concurrent searches over the pool', async () => {
      const key = await svc.key('operator', '*')
      const qs = [
        'breaker isolation',
        'turbine oil',
        'suction valve',
        'sight glass',
        'bearing housing',
        'MCC-4',
      ]
      const results = await Promise.all(
        qs.map(async (q) => (await svc.fetch(`/v1/search?q=${encodeURIComponent(q)}`, { key })).status),
      )
      expect(results).toEqual(qs.map(() => 200))
    })
  })
}
