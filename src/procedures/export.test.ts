import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toDocx } from './docx.ts'
import { draftProcedure } from './draft.ts'
import { toMarkdown } from './markdown.ts'
import { demoFixture, type Fixture } from './test-helpers.ts'
import type { ProcedureDraft } from './types.ts'

let fx: Fixture
let draft: ProcedureDraft

beforeAll(async () => {
  fx = await demoFixture()
  draft = await draftProcedure(fx, {
    asset: 'P-101',
    task: 'replace the mechanical seal',
    sites: ['riverbend'],
  })
}, 60_000)
afterAll(async () => fx?.close())

describe('exports', () => {
  it('writes Markdown with numbered sections, the LOTO stages in order, numbered steps and references', () => {
    const md = toMarkdown(draft)
    expect(md.startsWith('# Replace the mechanical seal — P-101')).toBe(true)
    const headings = md.split('\n').filter((l) => l.startsWith('## ') || l.startsWith('### '))
    expect(headings).toEqual([
      '## 1. Scope',
      '## 2. Hazards and PPE',
      '## 3. Energy sources and isolation (lockout/tagout)',
      '### 3.1. Preparation for shutdown',
      '### 3.2. Shutdown',
      '### 3.3. Isolation',
      '### 3.4. Lock and tag',
      '### 3.5. Release of stored energy',
      '### 3.6. Verification of isolation',
      '## 4. Tools and parts',
      '## 5. Steps: replace the mechanical seal',
      '## 6. Return to service',
      '## 7. References',
    ])
    expect(md).toMatch(/### 3\.3\. Isolation\n\n1\. At MCC-1, turn the isolator handle/)
    expect(md).toMatch(/_Sources: \[\d+\]/)
    const refs = md.slice(md.indexOf('## 7. References'))
    expect(refs).toMatch(
      /\n1\. SOP-LOTO-101 .*\(SOP-LOTO-101-cooling-water-pumps\.md\), section "Purpose and scope"/,
    )
    expect(refs).toMatch(/WO-2023-0027 \(work order\)/)
  })

  it('writes a Word file that mammoth reads back with headings, numbered lists and references', async () => {
    const bytes = await toDocx(draft)
    expect(bytes[0]).toBe(0x50) // a zip: "PK"
    const buffer = Buffer.from(bytes)
    const text = (await mammoth.extractRawText({ buffer })).value
    expect(text).toContain('Energy sources and isolation (lockout/tagout)')
    for (const h of [
      'Preparation for shutdown',
      'Release of stored energy',
      'Verification of isolation',
      'References',
    ])
      expect(text).toContain(h)
    const html = (await mammoth.convertToHtml({ buffer })).value
    expect(html).toMatch(/<h1>3\. Energy sources and isolation \(lockout\/tagout\)<\/h1>/)
    expect(html).toMatch(/<h2>3\.3\. Isolation<\/h2><ol><li>At MCC-1, turn the isolator handle/)
    expect(html).toContain('WO-2023-0027 (work order)')
  })
})
