/** Opens what every entry point needs (store + embedder) from the configuration, once. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from './config.ts'
import { createEmbeddingProvider } from './embed/index.ts'
import type { EmbeddingProvider } from './embed/types.ts'
import { ChunkPreparer } from './ingest/prepare.ts'
import { openStore, type Store } from './store/db.ts'
import { ensureVectorIndex } from './store/vector-index.ts'

export interface Core {
  store: Store
  embedder: EmbeddingProvider
  /** Prepares large documents' chunks on a helper thread (embedded store only; started on first need). */
  preparer: ChunkPreparer
  close(): Promise<void>
}

/** The store alone, for CLIs that need no embedder (keys, exports); same lock and location rules as openCore. */
export async function openCliStore(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
): Promise<Store & { release(): void }> {
  const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir)
  try {
    const store = await openStore(storeOptions(config))
    const closeStore = store.close
    return Object.assign(store, {
      release,
      close: async () => {
        await closeStore()
        release()
      },
    })
  } catch (err) {
    release()
    throw err
  }
}

export async function openCore(
  config: Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'ingestHelper'>>,
  env = process.env,
): Promise<Core> {
  let release = () => {}
  if (!config.databaseUrl) release = lockDataDir(config.dataDir)
  try {
    const [store, embedder] = await Promise.all([
      openStore(
        config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: join(config.dataDir, 'pg') },
      ),
      createEmbeddingProvider(env),
    ])
    // The embedder's vector index, in case a bulk load was cut short before rebuilding it (a no-op when it exists;
    // a model service whose dimensions are not known before its first answer gets it at the next ingest).
    const dims = knownDimensions(embedder)
    if (dims) await ensureVectorIndex(store, embedder.id, dims)
    const preparer = new ChunkPreparer(store, embedder, {
      helperDir: join(config.dataDir, 'helper-pg'),
      enabled: config.ingestHelper ?? true,
    })
    return {
      store,
      embedder,
      preparer,
      close: async () => {
        await preparer.close()
        await store.close()
        release()
      },
    }
  } catch (err) {
    release()
    throw err
  }
}

function knownDimensions(embedder: EmbeddingProvider): number | null {
  try {
    return embedder.dimensions
  } catch {
    return null
  }
}

function storeOptions(config: Pick<Config, 'dataDir' | 'databaseUrl'>) {
  return config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: join(config.dataDir, 'pg') }
}

/**
 * The embedded database is one process's: a second process opening the same folder would corrupt it. A lock file
 * with the owner's pid keeps a CLI from opening the store while the service runs (a stale lock is taken over).
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const lock = join(dataDir, 'store.lock')
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim())
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `the data folder ${dataDir} is in use by process ${pid} (is the service running?); stop it or use its HTTP API`,
      )
    }
  }
  writeFileSync(lock, String(process.pid))
  let released = false
  const release = () => {
    if (released) return
    released = true
    try {
      if (readFileSync(lock, 'utf8').trim() === String(process.pid)) rmSync(lock)
    } catch {}
  }
  process.once('exit', release)
  return release
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
