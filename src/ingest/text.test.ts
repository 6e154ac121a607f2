import { describe, expect, it } from 'vitest'
import { isCapsHeading, numberedHeadingLevel, parseText, textToBlocks } from './text.ts'

describe('textToBlocks', () => {
  it('splits paragraphs at blank lines and promotes numbered headings', () => {
    const blocks = textToBlocks(
      [
        '4 Lubrication',
        '',
        '4.2 Bearing lubrication',
        'Grease the bearings every',
        '500 hours.',
        '',
        'SAFETY PRECAUTIONS',
        '',
        '- Wear gloves.',
        '- Wear goggles.',
        '1. Remove the cover.',
        '',
        'WARNING: hot surface.',
      ].join('\r\n'),
    )
    expect(blocks.map((b) => [b.type, b.level ?? null, b.text])).toEqual([
      ['heading', 1, '4 Lubrication'],
      ['heading', 2, '4.2 Bearing lubrication'],
      ['paragraph', null, 'Grease the bearings every 500 hours.'],
      ['heading', 1, 'SAFETY PRECAUTIONS'],
      ['list-item', null, 'Wear gloves.'],
      ['list-item', null, 'Wear goggles.'],
      ['list-item', null, '1. Remove the cover.'],
      ['paragraph', null, 'WARNING: hot surface.'],
    ])
  })

  it('splits time-stamped log lines into separate paragraphs in .log files', () => {
    const log = '2024-03-01 06:00 P-101 started\n2024-03-01 06:05 vibration high\n  continued detail\n'
    const doc = parseText(new TextEncoder().encode(log), 'shift.log')
    expect(doc.blocks.map((b) => b.text)).toEqual([
      '2024-03-01 06:00 P-101 started',
      '2024-03-01 06:05 vibration high continued detail',
    ])
    expect(parseText(new TextEncoder().encode(log), 'shift.txt').blocks).toHaveLength(1)
  })
})

describe('heading heuristics', () => {
  it('accepts section numbers with a capitalised title, rejects sentences and list items', () => {
    expect(numberedHeadingLevel('4.2.1 Grease type')).toBe(3)
    expect(numberedHeadingLevel('Section 3 Shutdown')).toBe(1)
    expect(numberedHeadingLevel('1. Remove the cover')).toBe(0)
    expect(numberedHeadingLevel('4.2 Bearings are greased.')).toBe(0)
    expect(numberedHeadingLevel('2023 was a good year')).toBe(0)
    expect(
      numberedHeadingLevel('12 bolts hold the cover in place on the housing of the pump with care today'),
    ).toBe(0)
    expect(isCapsHeading('START-UP CHECKS')).toBe(true)
    expect(isCapsHeading('CAUTION')).toBe(false)
    expect(isCapsHeading('P-101')).toBe(false)
  })
})
