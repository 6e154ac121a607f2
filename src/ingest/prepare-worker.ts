/**
 * The ingest helper thread (started by `prepare.ts`): turns batches of chunk texts into what the store needs
 * besides the text, so the store's own thread only writes. Per batch it returns
 *  - the tsvector of each text, from `to_tsvector('english', …)` run by this thread's own small PGlite: the
 *    same Postgres build, configuration and dictionaries as the embedded store, so the same value the store would
 *    compute, but on another core;
 *  - the offline embedding of each text, when the main thread shared its wink model (vectors in shared memory).
 */
import { rmSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { type SharedWinkModel, WinkModel } from '../embed/wink.ts'
import { toPgArray } from '../store/documents.ts'

export interface PrepareRequest {
  id: number
  texts: string[]
  embed: boolean
}

export type PrepareReply =
  | { id: number; tsv: string[]; vectors: Float32Array | null }
  | { id: number; error: string }

export interface PrepareWorkerData {
  model: SharedWinkModel | null
  /** Folder for the helper's own database, kept between runs; in memory without one. */
  dataDir: string | null
}

const port = parentPort
if (!port) throw new Error('prepare-worker.ts runs as a worker thread')

const data = workerData as PrepareWorkerData
const model = data.model ? WinkModel.fromShared(data.model) : null
// A folder kept between runs spares an initdb each start: initdb alone leaves ~500 MB of memory behind in the
// thread (measured: ~680 MB a fresh in-memory PGlite, ~230 MB one reopened). It stores nothing, so its buffers
// can be small.
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB']
const pg = await openHelperDb(data.dataDir)

/** The helper's database; a folder that cannot be opened (say, left by another PGlite version) is made anew. */
async function openHelperDb(dir: string | null): Promise<PGlite> {
  if (!dir) return PGlite.create({ startParams })
  try {
    return await PGlite.create({ dataDir: dir, startParams })
  } catch {
    rmSync(dir, { recursive: true, force: true })
    return PGlite.create({ dataDir: dir, startParams })
  }
}
// Jobs are answered one at a time, in order: PGlite runs one query at a time anyway.
let queue = Promise.resolve()

port.on('message', (req: PrepareRequest) => {
  queue = queue.then(() => answer(req))
})
port.postMessage({ ready: true, embeds: model !== null })

async function answer(req: PrepareRequest): Promise<void> {
  try {
    const { rows } = await pg.query<{ v: string }>(
      `SELECT to_tsvector('english', t)::text AS v FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n`,
      [toPgArray(req.texts)],
    )
    let vectors: Float32Array | null = null
    if (req.embed && model) {
      const dims = model.dimensions
      vectors = new Float32Array(req.texts.length * dims)
      for (let i = 0; i < req.texts.length; i++)
        vectors.set(model.embedText(req.texts[i] as string), i * dims)
    }
    const reply: PrepareReply = { id: req.id, tsv: rows.map((r) => r.v), vectors }
    port?.postMessage(reply, vectors ? [vectors.buffer as ArrayBuffer] : [])
  } catch (err) {
    port?.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) })
  }
}
