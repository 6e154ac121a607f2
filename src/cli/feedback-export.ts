/**
 * npm run feedback:export -- [--out cases.jsonl] [--since 2026-01-01]
 * Writes down-rated answers as eval cases (JSON Lines, the ../shared/evals format) for a reviewer to complete.
 */
import { writeFileSync } from 'node:fs'
import { exportDownRated } from '../answer/feedback-export.ts'
import { loadConfig } from '../config.ts'
import { openCliStore } from '../services.ts'
import { parseArgs, runCli } from './run.ts'

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { values: ['out', 'since'] })
  let since: Date | undefined
  if (args.values.since) {
    since = new Date(args.values.since)
    if (Number.isNaN(since.getTime())) throw new Error('--since must be a date like 2026-01-31')
  }
  const store = await openCliStore(loadConfig())
  try {
    const cases = await exportDownRated(store, since)
    const text = cases.map((c) => JSON.stringify(c)).join('\n') + (cases.length ? '\n' : '')
    if (args.values.out) {
      writeFileSync(args.values.out, text)
      process.stderr.write(`wrote ${cases.length} case(s) to ${args.values.out}\n`)
    } else process.stdout.write(text)
  } finally {
    await store.close()
  }
  return 0
})
