/**
 * npm run reindex [-- --all]
 * Re-embeds chunks with the configured embedding provider (only those embedded by another model, or all with --all)
 * and builds that model's vector index. No schema change is needed when the model changes.
 */
import { loadConfig } from '../config.ts'
import { reembedChunks } from '../ingest/reindex.ts'
import { openCore } from '../services.ts'
import { Progress } from './progress.ts'
import { parseArgs, runCli } from './run.ts'

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { values: [], flags: ['all'] })
  const core = await openCore(loadConfig())
  try {
    let progress: Progress | null = null
    const n = await reembedChunks(core, {
      all: args.flags.has('all'),
      onBatch: (done, total) => {
        progress ??= new Progress(Math.ceil(total / 256), 'reindex')
        progress.tick(`${done}/${total} chunks`)
      },
    })
    process.stdout.write(`re-embedded ${n} chunks with ${core.embedder.id}\n`)
  } finally {
    await core.close()
  }
  return 0
})
