/** Settings read from the environment, in one place. */
import { resolve } from 'node:path'

export interface Config {
  port: number
  dataDir: string
  databaseUrl: string | undefined
  adminApiKey: string | undefined
  /** Largest upload accepted by POST /v1/documents, in bytes. */
  maxUploadBytes: number
  /** Load the demo plant on first start with an empty store. */
  loadDemo: boolean
  /** Prepare large documents' chunks on a helper thread (~200-300 MB more memory while it runs). */
  ingestHelper: boolean
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`)
  const maxMb = Number(env.MAX_UPLOAD_MB ?? 50)
  if (!(maxMb > 0)) throw new Error(`MAX_UPLOAD_MB must be a positive number, got "${env.MAX_UPLOAD_MB}"`)
  return {
    port,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminApiKey: env.ADMIN_API_KEY || undefined,
    maxUploadBytes: Math.round(maxMb * 1024 * 1024),
    loadDemo: env.LOAD_DEMO !== '0' && env.LOAD_DEMO !== 'false',
    ingestHelper: env.INGEST_HELPER !== '0' && env.INGEST_HELPER !== 'false',
  }
}
