import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedPath } from '../../test/support/shared.ts'
import { markdownToBlocks, parseMarkdown, stripInlineMarkdown } from './markdown.ts'

const SOP = `---
title: Front matter title
---
# Pump P-101 start-up

Intro paragraph that
continues on a second line.

## 1 Preparation
- Open the suction valve
  fully before start.
* Vent the casing.
1. Check the seal flush.
2) Start the pump.

| Step | Check | Limit |
|------|:-----:|------:|
| 1 | Discharge pressure | 6 **bar** |
| 2 | Vibration | 4.5 mm/s |

\`\`\`
P-101 > RUN
  wait 30 s
\`\`\`

Setext heading
--------------

> Note: do not run dry.

    indented code line

Text with [a link](http://x) and \`code\` and *emphasis* and snake_case_name.
`

describe('markdownToBlocks', () => {
  it('reads headings, paragraphs, lists, tables, code and quotes', () => {
    const { blocks, title } = markdownToBlocks(SOP)
    expect(title).toBe('Pump P-101 start-up')
    expect(blocks.map((b) => [b.type, b.level ?? null, b.text])).toEqual([
      ['heading', 1, 'Pump P-101 start-up'],
      ['paragraph', null, 'Intro paragraph that continues on a second line.'],
      ['heading', 2, '1 Preparation'],
      ['list-item', null, 'Open the suction valve fully before start.'],
      ['list-item', null, 'Vent the casing.'],
      ['list-item', null, 'Check the seal flush.'],
      ['list-item', null, 'Start the pump.'],
      ['table-row', null, '1 | Discharge pressure | 6 bar'],
      ['table-row', null, '2 | Vibration | 4.5 mm/s'],
      ['paragraph', null, 'P-101 > RUN\n  wait 30 s'],
      ['heading', 2, 'Setext heading'],
      ['paragraph', null, 'Note: do not run dry.'],
      ['paragraph', null, 'indented code line'],
      ['paragraph', null, 'Text with a link and code and emphasis and snake_case_name.'],
    ])
    expect(blocks.filter((b) => b.type === 'table-row').map((b) => b.tableHeader)).toEqual([
      'Step | Check | Limit',
      'Step | Check | Limit',
    ])
  })

  it('uses a front-matter title when there is no H1', () => {
    expect(markdownToBlocks('---\ntitle: "Shift notes"\n---\nBody.').title).toBe('Shift notes')
    expect(parseMarkdown(new TextEncoder().encode('Body only.'), 'notes/shift-42.md').title).toBe('shift-42')
  })

  it('strips inline markup but keeps words', () => {
    expect(stripInlineMarkdown('**Bold** and __bold__, _it_, ![img](a.png) [ref][1] a\\*b <br/> x')).toBe(
      'Bold and bold, it, img ref a*b   x',
    )
  })
})

const OSHA = sharedPath('corpus/osha-loto/29-CFR-1910.147.md')

describe.skipIf(!existsSync(OSHA))('the OSHA lockout/tagout Markdown', () => {
  it('reads every non-blank line group as a paragraph (the file has no Markdown headings)', () => {
    const text = readFileSync(OSHA, 'utf8')
    const doc = parseMarkdown(readFileSync(OSHA), '29-CFR-1910.147.md')
    const groups = text.split(/\n\s*\n/).filter((g) => g.trim()).length
    expect(doc.blocks).toHaveLength(groups)
    expect(doc.blocks.every((b) => b.type === 'paragraph')).toBe(true)
    expect(doc.blocks[0]!.text).toBe('§ 1910.147 The control of hazardous energy (lockout/tagout).')
    expect(doc.title).toBe('29-CFR-1910.147')
  })
})
