/**
 * Builds the offline word-vector cache if it is missing: `npx tsx src/embed/build-cache.ts`.
 * Honours EMBEDDINGS_CACHE_DIR. Prints one summary line to stdout; exits non-zero on failure.
 */
import { stat } from 'node:fs/promises'
import { ensureWinkCache } from './wink-cache.ts'

async function main(): Promise<void> {
  const started = performance.now()
  const info = await ensureWinkCache()
  const bytes = (await stat(info.vectorsPath)).size + (await stat(info.wordsPath)).size
  const ms = Math.round(performance.now() - started)
  const action = info.built ? `built in ${ms} ms` : 'already present'
  process.stdout.write(
    `word-vector cache ${action}: ${info.dir} (${info.meta.count} words x ${info.meta.dimensions} dims, ` +
      `${(bytes / 1024 / 1024).toFixed(1)} MiB)\n`,
  )
}

main().catch((err: unknown) => {
  process.stderr.write(
    `failed to build the word-vector cache: ${err instanceof Error ? err.message : String(err)}\n`,
  )
  process.exitCode = 1
})
