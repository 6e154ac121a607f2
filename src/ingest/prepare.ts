/**
 * Chunk preparation for the store: each chunk's embedding and tsvector, batch by batch, one batch ahead of the
 * batch being written.
 *
 * The embedded store (PGlite) runs on this process's main thread and is the bottleneck of an ingest: tokenising
 * a chunk for its tsvector alone takes ~0.15 ms of its ~0.7 ms. A `ChunkPreparer` moves that work, and the offline
 * embedding, to a helper thread (`prepare-worker.ts`) that runs `to_tsvector` in its own small PGlite (the same
 * build, so the same values) while the store writes the previous batch. Until the helper is up, and whenever it
 * fails, batches are prepared here instead: embedded on this thread, tsvectors computed by the store's insert.
 * Nothing about the stored result depends on which path a batch took.
 */
import { Worker } from 'node:worker_threads'
import type { EmbeddingProvider } from '../embed/types.ts'
import { WinkEmbeddingProvider } from '../embed/wink.ts'
import type { Store } from '../store/db.ts'
import type { PrepareReply, PrepareRequest, PrepareWorkerData } from './prepare-worker.ts'

export interface PreparedBatch {
  /** Embedding per text. */
  vectors: Float32Array[]
  /** `to_tsvector('english', text)` per text as tsvector literals, or null: the store's insert computes them. */
  tsv: string[] | null
}

/** Documents with fewer chunks are prepared on this thread: the helper pays off on larger ones (pipeline.ts). */
export const HELPER_MIN_CHUNKS = 200

/** Is the embedder one the helper thread can run itself (the offline model, shared by memory)? */
export function embedsLocally(embedder: EmbeddingProvider): embedder is WinkEmbeddingProvider {
  return embedder instanceof WinkEmbeddingProvider
}

interface Job {
  texts: string[]
  /** Embeddings already fetched (a model service): only the tsvectors are prepared. */
  vectors?: Float32Array[]
  resolve: (b: PreparedBatch) => void
  reject: (err: unknown) => void
}

/** A batch prepared on this thread: embedded here unless its vectors are given; tsvectors left to the insert. */
export async function prepareHere(
  embedder: EmbeddingProvider,
  texts: string[],
  vectors?: Float32Array[],
): Promise<PreparedBatch> {
  return { vectors: vectors ?? (await embedder.embed(texts)), tsv: null }
}

export interface ChunkPreparerOptions {
  /** false: never start the helper thread (INGEST_HELPER=0, for machines short of memory). */
  enabled?: boolean
  /** A folder for the helper thread's own small database, kept between runs (recommended: see prepare-worker.ts). */
  helperDir?: string
  /** The helper thread stops after this long without work (it starts again on the next large document). */
  idleMs?: number
  /** Told once when the helper cannot start or fails (the ingest goes on without it). */
  warn?: (line: string) => void
}

export class ChunkPreparer {
  private worker: Worker | null = null
  private up = false
  private embeds = false
  private nextId = 1
  private readonly jobs = new Map<number, Job>()
  private idle: NodeJS.Timeout | null = null
  /** Never (again) start the helper: turned off, or it failed. */
  private off: boolean
  private readonly idleMs: number
  private readonly warn: (line: string) => void
  private readonly helperDir: string | null
  private waiters: Array<(up: boolean) => void> = []
  /** Batches prepared so far on the helper thread and on this one. */
  readonly batches = { helper: 0, here: 0 }

  constructor(
    private readonly store: Store,
    private readonly embedder: EmbeddingProvider,
    opts: ChunkPreparerOptions = {},
  ) {
    this.off = opts.enabled === false
    this.idleMs = opts.idleMs ?? 60_000
    this.helperDir = opts.helperDir ?? null
    this.warn = opts.warn ?? ((line) => process.stderr.write(`${line}\n`))
  }

  /** Whether a helper thread serves this store at all: the embedded store only (a server tokenises on its own CPU). */
  get useful(): boolean {
    return this.store.driver === 'pglite' && !this.off
  }

  /** Is the helper thread up and taking batches? */
  get ready(): boolean {
    return this.up
  }

  /** Starts the helper thread if it is not running; returns at once (batches go to it once it is up). */
  warm(): void {
    if (!this.useful || this.worker) return
    const model = embedsLocally(this.embedder) ? this.embedder.model.shared() : null
    const data: PrepareWorkerData = { model, dataDir: this.helperDir }
    let worker: Worker
    try {
      worker = startWorker(data)
    } catch (err) {
      this.fail(err)
      return
    }
    this.worker = worker
    worker.unref()
    worker.on('message', (msg: PrepareReply | { ready: true; embeds: boolean }) => {
      if ('ready' in msg) {
        this.up = true
        this.embeds = msg.embeds
        this.settle(true)
        this.touch()
        return
      }
      const job = this.jobs.get(msg.id)
      if (!job) return
      this.jobs.delete(msg.id)
      if (this.jobs.size === 0) worker.unref()
      if ('error' in msg) {
        this.fail(new Error(msg.error))
        this.runHere(job)
        return
      }
      const dims = this.embedder.dimensions
      const vectors = msg.vectors
        ? job.texts.map((_, i) => msg.vectors!.subarray(i * dims, (i + 1) * dims))
        : job.vectors
      this.batches.helper++
      prepareHere(this.embedder, job.texts, vectors).then(
        (b) => job.resolve({ ...b, tsv: msg.tsv }),
        job.reject,
      )
      this.touch()
    })
    worker.on('error', (err) => this.fail(err))
    worker.on('exit', () => {
      if (this.worker === worker) this.stopped()
    })
  }

  /**
   * Embedding and tsvectors for one batch of chunk texts (their `indexText`): from the helper thread when it is up,
   * else prepared here. `vectors` already fetched (a remote embedder, called before the store's transaction) are
   * kept, and only the tsvectors are asked for.
   */
  prepare(texts: string[], vectors?: Float32Array[]): Promise<PreparedBatch> {
    const worker = this.worker
    return new Promise<PreparedBatch>((resolve, reject) => {
      const job: Job = { texts, ...(vectors ? { vectors } : {}), resolve, reject }
      if (!worker || !this.up) return this.runHere(job)
      this.touch()
      const id = this.nextId++
      // A thread with work pending keeps the process alive (an idle one does not).
      worker.ref()
      this.jobs.set(id, job)
      const req: PrepareRequest = { id, texts, embed: !vectors && this.embeds }
      worker.postMessage(req)
    })
  }

  /** Resolves when the helper thread is up (true) or cannot be (false); starts it if needed. */
  whenReady(): Promise<boolean> {
    this.warm()
    if (this.up || !this.worker) return Promise.resolve(this.up)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle)
    const worker = this.worker
    this.stopped()
    if (worker) await worker.terminate()
  }

  /** Prepares a job on this thread (the helper is not up, failed or stopped with it pending). */
  private runHere(job: Job): void {
    this.batches.here++
    prepareHere(this.embedder, job.texts, job.vectors).then(job.resolve, job.reject)
  }

  private touch(): void {
    if (this.idle) clearTimeout(this.idle)
    this.idle = setTimeout(() => {
      if (this.jobs.size === 0) void this.close()
      else this.touch()
    }, this.idleMs)
    this.idle.unref()
  }

  /** The helper is gone (stopped, or failed): batches are prepared here from now on, pending ones too. */
  private stopped(): void {
    this.worker = null
    this.up = false
    this.settle(false)
    const pending = [...this.jobs.values()]
    this.jobs.clear()
    for (const job of pending) this.runHere(job)
  }

  private settle(up: boolean): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w(up)
  }

  private fail(err: unknown): void {
    if (!this.off)
      this.warn(`[ingest] helper thread unavailable, preparing chunks on the main thread: ${String(err)}`)
    this.off = true
    const worker = this.worker
    this.stopped()
    void worker?.terminate()
  }
}

/**
 * The worker runs TypeScript like the rest of the service (through tsx): a small ES module boots tsx's loader in
 * the new thread, then imports the worker. From compiled JavaScript, the worker file is started directly.
 */
function startWorker(workerData: PrepareWorkerData): Worker {
  const here = import.meta.url
  if (here.endsWith('.js')) return new Worker(new URL('./prepare-worker.js', here), { workerData })
  const target = new URL('./prepare-worker.ts', here).href
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(target)});`
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData })
}

/** First batch of a document: small, so the store starts writing soon; later batches grow (see batchGrowth). */
export const FIRST_BATCH = 50

/**
 * How much larger each batch may be than the one before it. A batch is prepared while the one before it is
 * written, so it may take at most as long: in a bulk load the store writes a chunk in ~0.3 ms and the helper
 * prepares one in ~0.22 ms, so 1.4 (doubling left the store waiting ~60 ms a 1,000-chunk document); with every
 * index kept up the store takes ~0.65 ms a chunk and batches can double (fewer statements).
 */
export function batchGrowth(bulk: boolean): number {
  return bulk ? 1.4 : 2
}

/**
 * The chunks' prepared batches in order, each started while the one before it is written: the caller's loop over
 * this (the store's insert) and the preparation of the next batch run at the same time. Batches grow from
 * FIRST_BATCH to `size`, so the store waits only for a small first batch.
 */
export async function* preparedBatches<T extends { indexText: string }>(
  chunks: T[],
  size: number,
  prepare: (texts: string[], from: number) => Promise<PreparedBatch>,
  growth = 2,
): AsyncGenerator<{ chunks: T[]; from: number; batch: PreparedBatch }> {
  const start = (from: number, n: number) => {
    const p = prepare(
      chunks.slice(from, from + n).map((c) => c.indexText),
      from,
    )
    // Handled when awaited below; a batch never awaited (the insert failed first) must not go unhandled.
    p.catch(() => {})
    return { from, n, p }
  }
  let n = Math.min(size, FIRST_BATCH)
  let next = chunks.length ? start(0, n) : null
  while (next) {
    const current = next
    const end = current.from + current.n
    n = Math.min(size, Math.ceil(n * growth))
    next = end < chunks.length ? start(end, n) : null
    yield { chunks: chunks.slice(current.from, end), from: current.from, batch: await current.p }
  }
}
