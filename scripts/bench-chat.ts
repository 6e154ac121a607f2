/**
 * npm run bench:chat [-- --turns 200]
 * Server time per chat turn on the demo plant, the model excluded: LLM mode against the scripted OpenAI-compatible
 * server (answering at once), and offline mode. Also the time to the first SSE byte of a streamed turn.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import OpenAI from 'openai'
import { parseArgs, runCli } from '../src/cli/run.ts'
import { loadDemoPlant } from '../src/demo/index.ts'
import { createEmbeddingProvider } from '../src/embed/index.ts'
import { createApp } from '../src/http/app.ts'
import { openStore } from '../src/store/db.ts'
import { createApiKey } from '../src/store/keys.ts'
import { startFakeOpenAI } from '../test/support/fake-openai.ts'
import { percentile } from './percentile.ts'

const QUESTIONS = [
  'What is the bearing temperature trip on P-101?',
  'How much grease goes into the pump bearings?',
  'How do I lock out the air compressor K-201?',
  'What does a high separator dP on K-201 mean?',
  'When should the CH-301 condenser tubes be cleaned?',
  'How long do I wait for the chiller VFD capacitors to discharge?',
  'What is the minimum flow for the cooling water pumps?',
  'How often is the K-201 oil changed?',
]

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { values: ['turns'] })
  const turns = Number(args.values.turns ?? 200)
  const fake = await startFakeOpenAI({ defaultText: 'The trip is set at 95 °C [1].' })
  const store = await openStore()
  const embedder = await createEmbeddingProvider()
  await loadDemoPlant({ store, embedder })
  const { secret } = await createApiKey(store, { name: 'bench', role: 'operator', sites: ['riverbend'] })
  const rows: string[][] = []
  try {
    for (const mode of ['llm', 'offline'] as const) {
      const llm =
        mode === 'llm'
          ? { client: new OpenAI({ baseURL: fake.baseURL, apiKey: 'bench', maxRetries: 0 }), model: 'fake' }
          : null
      const app = createApp({ store, embedder, llm, config: { maxUploadBytes: 1 << 20 } })
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
      await new Promise<void>((r) => server.once('listening', () => r()))
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const post = (message: string, stream: boolean) =>
        fetch(`${base}/v1/chat`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ message, stream }),
        })
      for (let i = 0; i < 5; i++) await (await post(QUESTIONS[i % QUESTIONS.length]!, false)).text()
      const server_ms: number[] = []
      const wall: number[] = []
      for (let i = 0; i < turns; i++) {
        const t = performance.now()
        const body = (await (await post(QUESTIONS[i % QUESTIONS.length]!, false)).json()) as {
          timings: { totalMs: number }
        }
        wall.push(performance.now() - t)
        server_ms.push(body.timings.totalMs)
      }
      const ttfb: number[] = []
      for (let i = 0; i < Math.min(turns, 50); i++) {
        const t = performance.now()
        const res = await post(QUESTIONS[i % QUESTIONS.length]!, true)
        const reader = res.body!.getReader()
        await reader.read()
        ttfb.push(performance.now() - t)
        while (!(await reader.read()).done) {}
      }
      rows.push([
        mode,
        pct(server_ms, 50),
        pct(server_ms, 95),
        pct(wall, 50),
        pct(wall, 95),
        pct(ttfb, 50),
        pct(ttfb, 95),
      ])
      await new Promise<void>((r) => server.close(() => r()))
    }
  } finally {
    await store.close()
    await fake.close()
  }
  const head = ['mode', 'turn p50', 'turn p95', 'HTTP p50', 'HTTP p95', 'SSE TTFB p50', 'SSE TTFB p95']
  process.stdout.write(
    `\nchat turns on the demo plant, ${turns} per mode (ms; LLM mode with a scripted model answering at once)\n`,
  )
  process.stdout.write(`${head.map((h) => h.padStart(13)).join('')}\n`)
  for (const r of rows) process.stdout.write(`${r.map((c) => c.padStart(13)).join('')}\n`)
  return 0
})

function pct(xs: number[], p: number): string {
  return percentile(xs, p).toFixed(1)
}
