/**
 * The planner page end to end in headless Chromium against the real service on the demo plant: planner A drafts
 * a procedure for K-201, follows a citation of its lockout/tagout section to the cited passage, edits a step
 * (version 2), compares v1 with v2, submits and is refused as approver; planner B approves; an operator reads it
 * with no way to edit or approve. Screenshots go to test-output/ (the README's come from `npm run screenshots`).
 */
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchBrowser, outputDir } from './support/browser.ts'
import { startDemoService } from './support/demo.ts'
import type { TestService } from './support/harness.ts'

const run = hasChromium()
let svc: TestService
let demo: Awaited<ReturnType<typeof startDemoService>>
let browser: Browser
let plannerA: string
let plannerB: string
let operator: string
let procedureId: string

const ORIGINAL_STEP = /^Fit your personal lock and tag to the MCC-2 bucket 4B isolator handle\.$/m
const EDITED_STEP =
  'Fit your personal lock and tag to the MCC-2 bucket 4B isolator handle; write the lock number on the permit.'

beforeAll(async () => {
  if (!run) return
  ;[demo, browser] = await Promise.all([startDemoService(), launchBrowser()])
  svc = demo.svc
  plannerA = await svc.key('planner', ['riverbend'])
  plannerB = await svc.key('planner', ['riverbend'])
  operator = await svc.key('operator', ['riverbend'])
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
})

/** Signs in through /login, which sends the browser back to the planner page it came from. */
async function signedIn(
  key: string,
  path = '/planner',
  viewport = { width: 1280, height: 1000 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  await page.goto(`${svc.baseUrl}${path}`)
  await page.waitForURL(/\/login\?next=/)
  await page.getByTestId('api-key').fill(key)
  await page.getByTestId('sign-in').click()
  await page.waitForURL(`${svc.baseUrl}${path}`)
  return { context, page }
}

const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent()

describe.skipIf(!run)('planner page in Chromium', () => {
  it('lets planner A draft, follow a citation, edit as version 2, compare and submit', async () => {
    const { context, page } = await signedIn(plannerA)
    await expect.poll(() => text(page, 'list-empty')).toContain('No procedures yet')

    // New draft: the asset picker lists the demo plant's equipment.
    await expect
      .poll(() => page.getByTestId('draft-asset').locator('option').allTextContents())
      .toContain('K-201 — Air compressor')
    await page.getByTestId('draft-asset').selectOption('K-201')
    await page.getByTestId('draft-task').fill('replace the inlet filter')
    await page.getByTestId('draft-submit').click()
    await expect.poll(() => text(page, 'proc-title'), { timeout: 30_000 }).toContain('K-201')
    expect(await text(page, 'proc-status')).toBe('Draft')
    expect(await text(page, 'proc-asset')).toBe('K-201 — Air compressor')
    procedureId = new URL(page.url()).searchParams.get('id')!
    expect(procedureId).toMatch(/^[0-9a-f-]{36}$/)
    await expect.poll(() => page.getByTestId('procedure-item').count()).toBe(1)

    // The lockout/tagout section, its stages and the footnote links to the cited SOP passage.
    const loto = page.getByTestId('section-energy')
    expect(await loto.locator('h2').textContent()).toMatch(/lockout\/tagout/i)
    const lockAndTag = page.getByTestId('section-lock_and_tag')
    expect(await lockAndTag.locator('ol > li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(ORIGINAL_STEP)]),
    )
    const link = lockAndTag.getByTestId('citation-link').first()
    const href = (await link.getAttribute('href'))!
    expect(href).toMatch(/^\/view\/[0-9a-f-]{36}\?section=.*Lock\+and\+tag/)
    expect(await link.getAttribute('target')).toBe('_blank')
    const [viewer] = await Promise.all([context.waitForEvent('page'), link.click()])
    await expect.poll(() => viewer.getByTestId('cited').textContent(), { timeout: 15_000 }).toContain('MCC-2')
    await viewer.close()
    // Work orders are cited by their id, as text.
    expect(
      await page.getByTestId('section-tools_parts').getByTestId('citation-wo').first().textContent(),
    ).toMatch(/WO-\d{4}-\d{4}/)
    expect(await page.getByTestId('references').getByTestId('reference-link').count()).toBeGreaterThan(1)
    await loto.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(outputDir(), 'planner-sections.png') })

    // Edit: a line too long comes back as a readable problem naming the section; then a real edit saves v2.
    await page.getByTestId('edit').click()
    const items = page.getByTestId('edit-items-lock_and_tag')
    const original = await items.inputValue()
    expect(original).toMatch(ORIGINAL_STEP)
    await items.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(outputDir(), 'planner-edit.png') })
    await items.fill(`${original}\n${'x'.repeat(20_001)}`)
    await page.getByTestId('save').click()
    await expect.poll(() => text(page, 'problem')).toMatch(/Bad request.*content/)
    expect(await text(page, 'problem-field')).toMatch(/Lock and tag, line \d+ of the steps/)
    await items.fill(original.replace(ORIGINAL_STEP, EDITED_STEP))
    await page.getByTestId('save').click()
    await expect.poll(() => text(page, 'flash')).toBe('Saved as version 2.')
    expect(await page.getByTestId('version-select').inputValue()).toBe('2')
    expect(await page.getByTestId('section-lock_and_tag').locator('ol > li').allTextContents()).toContain(
      EDITED_STEP,
    )
    // The citations were kept as they were.
    expect(
      await page
        .getByTestId('section-lock_and_tag')
        .getByTestId('citation-link')
        .first()
        .getAttribute('href'),
    ).toBe(href)

    // Compare v1 and v2: the changed line removed in red, added in green.
    await page.getByTestId('compare-toggle').click()
    expect(await page.getByTestId('compare-from').inputValue()).toBe('1')
    expect(await page.getByTestId('compare-to').inputValue()).toBe('2')
    await page.getByTestId('compare-run').click()
    const added = page.locator('[data-testid=diff-line][data-op=add]')
    const removed = page.locator('[data-testid=diff-line][data-op=remove]')
    await expect.poll(() => added.allTextContents()).toEqual([expect.stringContaining(EDITED_STEP)])
    expect(await removed.allTextContents()).toEqual([
      expect.stringMatching(/MCC-2 bucket 4B isolator handle\.$/),
    ])
    const colours = await Promise.all(
      [added, removed].map((l) => l.first().evaluate((n) => getComputedStyle(n).backgroundColor)),
    )
    expect(colours[0]).toMatch(/rgb\(2\d\d, 24\d, 2\d\d\)/) // green-tinted
    expect(colours[1]).toMatch(/rgb\(25\d, 2\d\d, 2\d\d\)/) // red-tinted

    await page.screenshot({ path: join(outputDir(), 'planner.png') })

    // Submit; the author may not approve their own procedure: the button says so, and the server refuses too.
    await page.getByTestId('submit').click()
    await expect.poll(() => text(page, 'proc-status')).toBe('In review')
    expect(await page.getByTestId('submit').count()).toBe(0)
    expect(await page.getByTestId('approve').isDisabled()).toBe(true)
    expect(await text(page, 'approve-note')).toContain('Another planner must approve it')
    const refused = await page.evaluate(async (id) => {
      const res = await fetch(`/v1/procedures/${id}/approve`, {
        method: 'POST',
        headers: { 'X-Requested-With': 'fetch' },
      })
      return { status: res.status, detail: (await res.json()).detail as string }
    }, procedureId)
    expect(refused.status).toBe(403)
    expect(refused.detail).toContain('someone else must approve it')
    expect(await text(page, 'proc-status')).toBe('In review')
    await context.close()
  })

  it('lets planner B approve it', async () => {
    const { context, page } = await signedIn(plannerB, `/planner?id=${procedureId}`)
    await expect.poll(() => text(page, 'proc-status')).toBe('In review')
    await page.getByTestId('filter-status').selectOption('in_review')
    await expect.poll(() => page.getByTestId('procedure-item').count()).toBe(1)
    await page.getByTestId('approve').click()
    await expect.poll(() => text(page, 'proc-status')).toBe('Approved')
    expect(await text(page, 'flash')).toBe('Approved.')
    expect(await page.getByTestId('approve').count()).toBe(0)
    await expect.poll(() => text(page, 'list-empty')).toContain('No procedures match')
    await page.getByTestId('filter-status').selectOption('approved')
    await expect.poll(() => text(page, 'item-status')).toBe('Approved')
    await context.close()
  })

  it('shows an operator the procedure read-only, with exports, on a tablet-width screen', async () => {
    const { context, page } = await signedIn(operator, `/planner?id=${procedureId}`, {
      width: 800,
      height: 1100,
    })
    await expect.poll(() => text(page, 'proc-status')).toBe('Approved')
    expect(await text(page, 'read-only')).toContain('Read-only')
    for (const id of ['edit', 'submit', 'approve', 'save']) expect(await page.getByTestId(id).count()).toBe(0)
    expect(await page.getByTestId('new-draft').isVisible()).toBe(false)
    // Every version stays readable.
    await page.getByTestId('version-select').selectOption('1')
    await expect
      .poll(() => page.getByTestId('section-lock_and_tag').locator('ol > li').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(ORIGINAL_STEP)]))
    expect(await page.getByTestId('export-md').getAttribute('href')).toBe(
      `/v1/procedures/${procedureId}/export.md?version=1`,
    )
    const md = await page.request.get(`${svc.baseUrl}/v1/procedures/${procedureId}/export.md`)
    expect(md.status()).toBe(200)
    expect(await md.text()).toContain(EDITED_STEP)
    const docx = await page.request.get(
      `${svc.baseUrl}${await page.getByTestId('export-docx').getAttribute('href')}`,
    )
    expect(docx.headers()['content-type']).toMatch(/wordprocessingml/)
    // Nothing overflows sideways at 800 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800)
    await page.screenshot({ path: join(outputDir(), 'planner-tablet.png') })
    await context.close()
  })
})
