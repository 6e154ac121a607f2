/**
 * npm run screenshots
 * Renders the README's pictures of each interface from the running product on the demo plant, in headless
 * Chromium: the chat page, a cited SOP in the viewer, the documents page, the planner page, the API reference,
 * and the Slack answer (the Block Kit message the app posted to a local fake Slack, drawn by a small preview page:
 * no Slack client runs here). Written to docs/screenshots/.
 */
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import type { Page } from 'playwright-core'
import { runCli } from '../src/cli/run.ts'
import { createApp } from '../src/http/app.ts'
import type { ProcedureDraft } from '../src/procedures/types.ts'
import { signSlackRequest } from '../src/slack/signature.ts'
import { createApiKey } from '../src/store/keys.ts'
import { launchBrowser } from '../test/support/browser.ts'
import { openDemo } from '../test/support/demo.ts'
import { startFakeSlack } from '../test/support/fake-slack.ts'

const OUT = join(process.cwd(), 'docs/screenshots')
const SECRET = 'screenshot-secret'

runCli(async () => {
  mkdirSync(OUT, { recursive: true })
  const { store, embedder, plant, close } = await openDemo()
  const slack = await startFakeSlack({ token: 'xoxb-shots' })
  const keys = {
    operator: (await createApiKey(store, { name: 'Dana (operator)', role: 'operator', sites: ['riverbend'] }))
      .secret,
    planner: (await createApiKey(store, { name: 'Sam (planner)', role: 'planner', sites: ['riverbend'] }))
      .secret,
  }
  const app = createApp({
    store,
    embedder,
    plant,
    llm: null,
    config: { maxUploadBytes: 50 << 20 },
    slack: {
      signingSecret: SECRET,
      botToken: 'xoxb-shots',
      apiUrl: slack.apiUrl,
      webBaseUrl: 'http://copilot.riverbend.local:3000',
      users: { UDANA: { role: 'operator', sites: ['riverbend'] } },
      defaultUser: null,
    },
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((r) => server.once('listening', () => r()))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await launchBrowser()
  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(OUT, name) })
    process.stdout.write(`docs/screenshots/${name}\n`)
  }
  const signIn = async (key: string, width = 1100, height = 860) => {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 })
    const page = await context.newPage()
    await page.goto(`${base}/login`)
    await page.getByTestId('api-key').fill(key)
    await page.getByTestId('sign-in').click()
    await page.waitForURL(`${base}/`)
    return { context, page }
  }
  try {
    // Chat: an alarm question with its tool cards, trend chart and cited manual page.
    {
      const { page } = await signIn(keys.operator)
      await page.getByTestId('question').fill('Why is P-101 alarming?')
      await page.getByTestId('send').click()
      await page.locator('[data-testid="assistant-message"][data-message-id]').waitFor()
      await page.getByTestId('trend-chart').first().waitFor()
      await page.waitForTimeout(300)
      await shot(page, 'chat.png')
      // A cited SOP passage in the viewer.
      await page.getByTestId('new-conversation').click()
      await page.getByTestId('question').fill('How do I isolate pump P-101 for seal replacement?')
      await page.getByTestId('send').click()
      await page.locator('[data-testid="assistant-message"][data-message-id]').waitFor()
      const link = page.getByTestId('citation-link').filter({ hasText: 'SOP' }).first()
      const viewer = await page.context().newPage()
      await viewer.goto(`${base}${await link.getAttribute('href')}`)
      await viewer.getByTestId('cited').waitFor()
      await viewer.waitForTimeout(300)
      await shot(viewer, 'viewer.png')
    }
    // Documents page with an upload done.
    {
      const { page } = await signIn(keys.planner)
      await page.goto(`${base}/upload`)
      await page.getByTestId('upload-files').setInputFiles({
        name: 'cooling-tower-CT-401-notes.md',
        mimeType: 'text/markdown',
        buffer: Buffer.from(
          '# Cooling tower fan CT-401\n\n## Gearbox oil\n\nCheck the gearbox oil level weekly.\n',
        ),
      })
      await page.getByTestId('upload-job').locator('.progress.done').waitFor()
      await page.waitForTimeout(400)
      await shot(page, 'upload.png')
      // Planner page: a drafted procedure, edited once, with the two versions compared.
      const api = (path: string, init: RequestInit = {}) =>
        fetch(`${base}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${keys.planner}`, 'content-type': 'application/json' },
        }).then((r) => r.json() as Promise<{ id: string; content: ProcedureDraft }>)
      const proc = await api('/v1/procedures/draft', {
        method: 'POST',
        body: JSON.stringify({ asset: 'K-201', task: 'replace the inlet filter' }),
      })
      const content = proc.content
      const lock = JSON.stringify(content).includes('lock_and_tag')
      if (lock) {
        const walk = (secs: ProcedureDraft['sections']): void => {
          for (const s of secs) {
            if (s.key === 'lock_and_tag' && s.items.length)
              s.items[0] = `${s.items[0]} Write the lock number on the permit.`
            walk(s.subsections ?? [])
          }
        }
        walk(content.sections)
        await api(`/v1/procedures/${proc.id}`, { method: 'PUT', body: JSON.stringify({ content }) })
      }
      await page.goto(`${base}/planner?id=${proc.id}`)
      await page.getByTestId('compare-toggle').click()
      await page.getByTestId('compare-run').click()
      await page.waitForTimeout(300)
      await shot(page, 'planner.png')
      await page.goto(`${base}/docs/api`)
      await shot(page, 'api.png')
    }
    // Slack: a signed mention, answered in the thread; the posted blocks drawn by a preview page.
    {
      const body = JSON.stringify({
        type: 'event_callback',
        team_id: 'T1',
        event_id: 'EvShot1',
        event: {
          type: 'app_mention',
          user: 'UDANA',
          text: '<@UBOT> what is the bearing trip on P-101?',
          channel: 'C1',
          ts: '1700000001.000100',
        },
      })
      const ts = Math.floor(Date.now() / 1000)
      await fetch(`${base}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signSlackRequest(SECRET, ts, body),
        },
        body,
      })
      const [post] = await slack.waitFor('chat.postMessage', 1, 30_000)
      const context = await browser.newContext({ viewport: { width: 760, height: 520 } })
      const page = await context.newPage()
      await page.setContent(slackPreview('what is the bearing trip on P-101?', post!.args.blocks as Block[]))
      await shot(page, 'slack.png')
    }
  } finally {
    await browser.close()
    await new Promise<void>((r) => server.close(() => r()))
    await slack.close()
    await close()
  }
  return 0
})

type Block = { type: string; text?: { text: string }; elements?: Array<{ text?: string | { text: string } }> }

/** A plain drawing of the Block Kit message (section text with mrkdwn links, context lines, buttons). */
function slackPreview(question: string, blocks: Block[]): string {
  const esc = (s: string) => s.replace(/&(?!amp;|lt;|gt;)/g, '&amp;').replace(/</g, '&lt;')
  const mrkdwn = (s: string) =>
    esc(s.replace(/<([^|>]+)\|([^>]+)>/g, '\u0001$2\u0002'))
      .replace(/\u0001([^\u0002]+)\u0002/g, '<a>$1</a>')
      .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
      .replace(/\n/g, '<br>')
  const body = blocks
    .map((b) => {
      if (b.type === 'section' && b.text) return `<p>${mrkdwn(b.text.text)}</p>`
      if (b.type === 'context')
        return `<p class="ctx">${(b.elements ?? []).map((e) => mrkdwn(typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))).join(' ')}</p>`
      if (b.type === 'actions')
        return `<p>${(b.elements ?? []).map((e) => `<button>${esc(typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))}</button>`).join(' ')}</p>`
      if (b.type === 'divider') return '<hr>'
      return ''
    })
    .join('')
  return `<!doctype html><html><head><style>
  body{font:15px/1.45 system-ui,sans-serif;margin:0;padding:18px 22px;color:#1d1c1d;background:#fff}
  .m{display:flex;gap:10px;margin-bottom:14px}.av{width:36px;height:36px;border-radius:6px;flex:none}
  .u{background:#e8912d}.b{background:#1f2a37}.n{font-weight:700}.t{color:#616061;font-size:12px;margin-left:6px}
  p{margin:4px 0}a{color:#1264a3}.ctx{color:#616061;font-size:13px}hr{border:0;border-top:1px solid #ddd}
  button{border:1px solid #bbb;background:#fff;border-radius:4px;padding:3px 10px;font:inherit;font-size:13px}
  .thread{border-left:3px solid #ddd;padding-left:12px;margin-left:18px}.cap{color:#888;font-size:12px;margin-top:10px}
  </style></head><body>
  <div class="m"><div class="av u"></div><div><span class="n">Dana</span><span class="t">#utilities-floor</span><p>@Plant Copilot ${esc(question)}</p></div></div>
  <div class="thread"><div class="m"><div class="av b"></div><div><span class="n">Plant Copilot</span><span class="t">APP · in thread</span>${body}</div></div></div>
  <p class="cap">Preview drawn from the Block Kit message the app posted (chat.postMessage) to a local fake Slack API.</p>
  </body></html>`
}
