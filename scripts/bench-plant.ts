/**
 * npm run bench:plant [-- --queries 200]
 * History query speed on the simulator's store: 7 days of 1-minute samples aggregated to 1-hour buckets, per tag,
 * on the embedded default (PGlite in a folder).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, runCli } from '../src/cli/run.ts'
import { demoPlantConfig } from '../src/plant/config.ts'
import { connectorFactory } from '../src/plant/connectors.ts'
import { createPlant, demoPlantFile } from '../src/plant/index.ts'
import { openStore } from '../src/store/db.ts'
import { percentile } from './percentile.ts'

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { values: ['queries'] })
  const n = Number(args.values.queries ?? 200)
  const dir = mkdtempSync(join(tmpdir(), 'copilot-bench-plant-'))
  const store = await openStore({ dataDir: dir })
  try {
    const t0 = performance.now()
    const plant = await createPlant(
      demoPlantConfig(demoPlantFile()),
      { store },
      connectorFactory({ live: false }),
    )
    const startMs = performance.now() - t0
    const tags = (await plant.listTags('*')).map((t) => t.name)
    const to = new Date()
    const from = new Date(to.getTime() - 7 * 86_400_000)
    const lat: number[] = []
    let points = 0
    for (let i = 0; i < n; i++) {
      const t = performance.now()
      const h = await plant.readHistory({ tag: tags[i % tags.length]!, from, to, intervalMs: 3_600_000 }, '*')
      lat.push(performance.now() - t)
      points = h.points.length
    }
    const raw: number[] = []
    for (let i = 0; i < Math.min(n, 50); i++) {
      const t = performance.now()
      await plant.readHistory(
        { tag: tags[i % tags.length]!, from: new Date(to.getTime() - 86_400_000), to },
        '*',
      )
      raw.push(performance.now() - t)
    }
    await plant.close()
    process.stdout.write(
      `\nsimulator history, ${tags.length} tags, 7 days at 1 min (back-fill ${(startMs / 1000).toFixed(1)} s)\n` +
        `7 days -> 1-hour buckets (${points} points): p50 ${pct(lat, 50)} ms, p95 ${pct(lat, 95)} ms over ${n} queries\n` +
        `24 h raw minutes: p50 ${pct(raw, 50)} ms, p95 ${pct(raw, 95)} ms\n`,
    )
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return 0
})

function pct(xs: number[], p: number): string {
  return percentile(xs, p).toFixed(1)
}
