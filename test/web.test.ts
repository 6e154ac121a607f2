/**
 * The operator's web page end to end in headless Chromium (Debian's, driven by playwright-core) against the real
 * service on the demo plant: sign in with an API key (HttpOnly cookie), ask, watch the answer stream in with
 * citation links that open the source, a tool card with a trend chart, feedback, and the upload page.
 */
import { join } from 'node:path'
import OpenAI from 'openai'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchBrowser, outputDir } from './support/browser.ts'
import { startDemoService } from './support/demo.ts'
import { type FakeOpenAI, startFakeOpenAI } from './support/fake-openai.ts'
import type { TestService } from './support/harness.ts'

const run = hasChromium()
let svc: TestService
let demo: Awaited<ReturnType<typeof startDemoService>>
let browser: Browser
let operator: string
let planner: string

beforeAll(async () => {
  if (!run) return
  ;[demo, browser] = await Promise.all([startDemoService(), launchBrowser()])
  svc = demo.svc
  operator = await svc.key('operator', ['riverbend'])
  planner = await svc.key('planner', ['riverbend'])
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
})

async function signedIn(key: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${svc.baseUrl}/`)
  await page.waitForURL(/\/login\?next=/)
  await page.getByTestId('api-key').fill(key)
  await page.getByTestId('sign-in').click()
  await page.waitForURL(`${svc.baseUrl}/`)
  return { context, page }
}

async function ask(page: Page, question: string) {
  const before = await page.getByTestId('assistant-message').count()
  await page.getByTestId('question').fill(question)
  await page.getByTestId('send').click()
  const msg = page.getByTestId('assistant-message').nth(before)
  await expect.poll(() => msg.getAttribute('data-message-id'), { timeout: 30_000 }).toBeTruthy()
  return msg
}

describe.skipIf(!run)('web chat in Chromium', () => {
  it('refuses a wrong key on the sign-in page and keeps the session in an HttpOnly SameSite cookie', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${svc.baseUrl}/login`)
    await page.getByTestId('api-key').fill('pck_wrong')
    await page.getByTestId('sign-in').click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid')
    await page.getByTestId('api-key').fill(operator)
    await page.getByTestId('sign-in').click()
    await page.waitForURL(`${svc.baseUrl}/`)
    const [cookie] = await context.cookies()
    expect(cookie).toMatchObject({ name: 'pc_session', httpOnly: true, sameSite: 'Strict' })
    expect(cookie!.value).not.toContain(operator)
    await expect.poll(() => page.getByTestId('mode').textContent()).toBe('Offline mode')
    await expect.poll(() => page.getByTestId('who').textContent()).toContain('operator')
    // The cookie's script-free writes need the CSRF header: a plain cross-site style POST is refused.
    const res = await page.request.post(`${svc.baseUrl}/v1/feedback`, {
      data: { message_id: '00000000-0000-0000-0000-000000000000', rating: 'up' },
    })
    expect(res.status()).toBe(403)
    await context.close()
  })

  it('streams an answer to "why is P-101 alarming?" with a trend chart and a citation that opens the PDF page', async () => {
    const { context, page } = await signedIn(operator)
    const msg = await ask(page, 'Why is P-101 alarming?')
    const ttft = Number(await msg.getAttribute('data-ttft-ms'))
    expect(ttft).toBeGreaterThan(0)
    console.log(`web time to first answer token: ${ttft} ms`)
    await expect.poll(() => msg.getByTestId('answer').textContent()).toMatch(/TT-101A/)

    // The history tool's card carries a Chart.js trend drawn from the tag's history.
    const chart = msg.locator(
      '[data-testid="tool-card"][data-tool="get_tag_history"] [data-testid="trend-chart"]',
    )
    await expect.poll(() => chart.count(), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(Number(await chart.first().getAttribute('data-points'))).toBeGreaterThan(10)
    const drawn = await chart
      .first()
      .locator('canvas')
      .evaluate((c: HTMLCanvasElement) => c.width > 0 && c.toDataURL().length > 3000)
    expect(drawn).toBe(true)

    // Footnote links: the pump manual PDF, opened at the cited page.
    const links = msg.getByTestId('citation-link')
    expect(await links.count()).toBeGreaterThan(0)
    const href = (await links.first().getAttribute('href'))!
    expect(href).toMatch(/^\/v1\/documents\/[0-9a-f-]{36}\/file#page=\d+$/)
    const pdfResponse = context.waitForEvent('response', (r) => r.url().includes('/file'))
    const [pdfPage] = await Promise.all([context.waitForEvent('page'), links.first().click()])
    const file = await pdfResponse
    expect(file.status()).toBe(200)
    expect(file.headers()['content-type']).toBe('application/pdf')
    expect(pdfPage.url()).toBe(`${svc.baseUrl}${href}`)
    await pdfPage.close()
    await page.screenshot({ path: join(outputDir(), 'chat.png'), fullPage: true })

    // Thumbs down with a comment is stored.
    await msg.getByTestId('feedback-comment').fill('wanted the trip setpoint too')
    await msg.getByTestId('thumbs-down').click()
    await expect.poll(() => msg.getByTestId('feedback-status').textContent()).toContain('saved')

    // A reload shows the conversation again, with its tool cards and citation links.
    await page.reload()
    const again = page.getByTestId('assistant-message')
    await expect.poll(() => again.count()).toBe(1)
    expect(await again.first().getByTestId('citation-link').first().getAttribute('href')).toBe(href)
    expect(await again.first().getByTestId('tool-card').count()).toBeGreaterThan(0)
    await context.close()
  })

  it('shows the picked equipment live and asks about it when the question names none', async () => {
    const { context, page } = await signedIn(operator)
    await page.getByTestId('asset').selectOption('P-101')
    const card = page.getByTestId('asset-card')
    await expect.poll(() => card.textContent()).toContain('TT-101A')
    expect(await card.locator('.badge.bad').count()).toBeGreaterThan(0)
    await card.getByTestId('trend-button').first().click()
    await expect.poll(() => card.getByTestId('trend-chart').count()).toBe(1)
    const msg = await ask(page, 'why is it alarming?')
    await expect.poll(() => msg.getByTestId('answer').textContent()).toMatch(/TT-101A/)
    // On a tablet held upright nothing runs off the side.
    await page.setViewportSize({ width: 768, height: 1024 })
    // (charts follow the new width on their next resize callback)
    await expect
      .poll(() =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      )
      .toBeLessThanOrEqual(0)
    await page.screenshot({ path: join(outputDir(), 'chat-tablet.png') })
    await context.close()
  })

  it('opens a cited SOP section in the viewer with the passage highlighted', async () => {
    const { context, page } = await signedIn(operator)
    const msg = await ask(page, 'What are the lockout steps for pump P-101?')
    const link = msg.getByTestId('citation-link').filter({ hasText: 'SOP-LOTO-101' }).first()
    await expect.poll(() => link.count()).toBeGreaterThan(0)
    expect(await link.getAttribute('href')).toMatch(/^\/view\/[0-9a-f-]{36}\?/)
    const [viewer] = await Promise.all([context.waitForEvent('page'), link.click()])
    await viewer.waitForLoadState()
    const cited = viewer.getByTestId('cited')
    await expect.poll(() => cited.count(), { timeout: 10_000 }).toBe(1)
    const snippet = (await msg.locator('.snippet').first().textContent())!.replace(/[“”…]/g, '').slice(0, 40)
    expect(await cited.textContent()).toContain(snippet.trim().split(' ').slice(0, 4).join(' '))
    await viewer.screenshot({ path: join(outputDir(), 'viewer.png') })
    await context.close()
  })

  it('uploads a document with progress and lists it', async () => {
    const { context, page } = await signedIn(planner)
    await page.goto(`${svc.baseUrl}/upload`)
    await page.getByTestId('upload-files').setInputFiles({
      name: 'cooling-tower-fan-notes.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(
        '# Cooling tower fan CT-401\n\n## Gearbox oil\n\nCheck the gearbox oil level weekly; top up with ISO VG 220.\n',
      ),
    })
    const status = page.getByTestId('upload-status').first()
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/created: 1 chunk$/)
    await expect
      .poll(() => page.getByTestId('documents').textContent())
      .toContain('cooling-tower-fan-notes.md')
    await page.screenshot({ path: join(outputDir(), 'upload.png') })

    // A log export whose columns are not recognised: the page shows why, and a column mapping gets it in.
    const csv = {
      name: 'fan-log.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Ticket,Unit,Job\nT-9,CT-401,Replaced the fan belt\nT-10,CT-401,Checked gearbox oil\n',
      ),
    }
    await page.getByTestId('upload-files').setInputFiles(csv)
    const failed = page.getByTestId('upload-status').first()
    await expect.poll(() => failed.textContent(), { timeout: 20_000 }).toMatch(/columns: Ticket, Unit, Job/)
    await page
      .getByTestId('upload-mapping')
      .fill('{"woId":"Ticket","equipmentId":"Unit","description":"Job"}')
    await page.getByTestId('upload-files').setInputFiles(csv)
    await expect
      .poll(() => page.getByTestId('upload-status').first().textContent(), { timeout: 20_000 })
      .toMatch(/created: .*2 work orders/)
    await context.close()
  })
})

describe.skipIf(!run)('web chat in LLM mode', () => {
  let fake: FakeOpenAI
  let llmDemo: Awaited<ReturnType<typeof startDemoService>>

  beforeAll(async () => {
    fake = await startFakeOpenAI()
    llmDemo = await startDemoService({
      llm: {
        client: new OpenAI({ baseURL: fake.baseURL, apiKey: 'test', maxRetries: 0 }),
        model: 'fake-model',
      },
    })
  }, 120_000)
  afterAll(async () => {
    await llmDemo?.close()
    await fake?.close()
  })

  it('shows the model badge and the answer growing token by token, its [n] linked to the source', async () => {
    const key = await llmDemo.svc.key('operator', ['riverbend'])
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${llmDemo.svc.baseUrl}/login`)
    await page.getByTestId('api-key').fill(key)
    await page.getByTestId('sign-in').click()
    await page.waitForURL(`${llmDemo.svc.baseUrl}/`)
    await expect.poll(() => page.getByTestId('mode').textContent()).toBe('LLM mode')
    fake.enqueue(
      { type: 'delayChunks', ms: 120 },
      { type: 'text', content: 'The drive-end bearing alarm is set at 85 °C and the trip at 95 °C [1].' },
    )
    await page.getByTestId('question').fill('What are the bearing alarm and trip temperatures on P-101?')
    await page.getByTestId('send').click()
    const msg = page.getByTestId('assistant-message').first()
    const answer = msg.getByTestId('answer')
    // Part of the answer is on screen while the stream is still open.
    await expect
      .poll(
        async () =>
          ((await answer.textContent()) ?? '').length > 0 && !(await msg.getAttribute('data-message-id')),
      )
      .toBe(true)
    const partial = (await answer.textContent())!
    await expect.poll(() => msg.getAttribute('data-message-id'), { timeout: 20_000 }).toBeTruthy()
    const full = (await answer.textContent())!
    expect(full.length).toBeGreaterThan(partial.length)
    expect(full).toContain('trip at 95 °C')
    const mark = answer.locator('sup a')
    expect(await mark.textContent()).toBe('[1]')
    expect(await mark.getAttribute('href')).toMatch(/^\/(v1\/documents|view)\//)
    await context.close()
  })
})
