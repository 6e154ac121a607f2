/**
 * npm run bench:web [-- --questions 40]
 * The operator's wait on the web page: in headless Chromium, signed in on the demo plant (with its simulator),
 * the time from pressing Ask to the first answer text on screen (time to first token) and to the finished answer,
 * offline and in LLM mode against the scripted OpenAI-compatible server (streaming its answer at once).
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import OpenAI from 'openai'
import { parseArgs, runCli } from '../src/cli/run.ts'
import { createApp } from '../src/http/app.ts'
import { createApiKey } from '../src/store/keys.ts'
import { hasChromium, launchBrowser } from '../test/support/browser.ts'
import { openDemo } from '../test/support/demo.ts'
import { startFakeOpenAI } from '../test/support/fake-openai.ts'
import { percentile } from './percentile.ts'

const QUESTIONS = [
  'Why is P-101 alarming?',
  'What is the bearing temperature trip on P-101?',
  'How do I lock out the air compressor K-201?',
  'What does a high separator dP on K-201 mean?',
  'When should the CH-301 condenser tubes be cleaned?',
  'How many corrective work orders did P-101 have?',
  'What is the minimum flow for the cooling water pumps?',
  'How often is the K-201 oil changed?',
]

runCli(async () => {
  if (!hasChromium()) throw new Error('Chromium is not installed (apt-get install chromium)')
  const args = parseArgs(process.argv.slice(2), { values: ['questions'] })
  const n = Number(args.values.questions ?? 40)
  const fake = await startFakeOpenAI({
    defaultText: 'The bearing trip is set at 95 °C [1]; the alarm at 85 °C [1].',
  })
  const { store, embedder, plant, close } = await openDemo()
  const { secret } = await createApiKey(store, { name: 'bench', role: 'operator', sites: ['riverbend'] })
  const browser = await launchBrowser()
  const rows: string[][] = []
  try {
    for (const mode of ['offline', 'llm'] as const) {
      const llm =
        mode === 'llm'
          ? { client: new OpenAI({ baseURL: fake.baseURL, apiKey: 'bench', maxRetries: 0 }), model: 'fake' }
          : null
      const app = createApp({ store, embedder, llm, plant, config: { maxUploadBytes: 1 << 20 } })
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
      await new Promise<void>((r) => server.once('listening', () => r()))
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`${base}/login`)
      await page.getByTestId('api-key').fill(secret)
      await page.getByTestId('sign-in').click()
      await page.waitForURL(`${base}/`)
      const ttft: number[] = []
      const total: number[] = []
      for (let i = 0; i < n + 3; i++) {
        if (i % 8 === 0) await page.getByTestId('new-conversation').click()
        const count = await page.getByTestId('assistant-message').count()
        await page.getByTestId('question').fill(QUESTIONS[i % QUESTIONS.length]!)
        const t0 = Date.now()
        await page.getByTestId('send').click()
        const msg = page.getByTestId('assistant-message').nth(count)
        // The page marks an answer with its message id when the stream's last event has arrived.
        await page.locator('[data-testid="assistant-message"][data-message-id]').nth(count).waitFor()
        const wall = Date.now() - t0
        if (i < 3) continue // warm-up
        ttft.push(Number(await msg.getAttribute('data-ttft-ms')))
        total.push(wall)
      }
      rows.push([mode, pct(ttft, 50), pct(ttft, 95), pct(total, 50), pct(total, 95)])
      await context.close()
      await new Promise<void>((r) => server.close(() => r()))
    }
  } finally {
    await browser.close()
    await close()
    await fake.close()
  }
  const head = ['mode', 'TTFT p50', 'TTFT p95', 'answer p50', 'answer p95']
  process.stdout.write(
    `\nweb page on the demo plant, ${n} questions per mode in headless Chromium (ms from pressing Ask; LLM mode with a scripted model answering at once)\n`,
  )
  process.stdout.write(`${head.map((h) => h.padStart(12)).join('')}\n`)
  for (const r of rows) process.stdout.write(`${r.map((c) => c.padStart(12)).join('')}\n`)
  return 0
})

function pct(xs: number[], p: number): string {
  return percentile(xs, p).toFixed(0)
}
