import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedPath } from '../../test/support/shared.ts'
import { parseMarkdown } from './markdown.ts'
import {
  applyOutline,
  formatLocator,
  isWithin,
  leadingMarkers,
  looksOutlined,
  markerValue,
  outlineCaption,
  outlineCaptions,
} from './outline.ts'
import type { Block } from './types.ts'

const para = (text: string): Block => ({ type: 'paragraph', text, page: null })
const locators = (texts: string[]) =>
  applyOutline(texts.map(para)).map((b) => (b.outline ? formatLocator(b.outline) : null))

describe('markers', () => {
  it('reads leading markers, several in a row, and nothing else', () => {
    expect(leadingMarkers('(2)(i) The text')).toEqual({ markers: ['2', 'i'], rest: 'The text' })
    expect(leadingMarkers('(iv) Text').markers).toEqual(['iv'])
    expect(leadingMarkers('(See subpart O of this part)').markers).toEqual([])
    expect(leadingMarkers('(Name of Company)').markers).toEqual([])
    expect(leadingMarkers('Text (a) later').markers).toEqual([])
  })

  it('values markers per numbering style', () => {
    expect(markerValue('i', 'lower-alpha')).toBe(9)
    expect(markerValue('i', 'lower-roman')).toBe(1)
    expect(markerValue('xiv', 'lower-roman')).toBe(14)
    expect(markerValue('iiii', 'lower-roman')).toBeNull()
    expect(markerValue('aa', 'lower-alpha')).toBe(27)
    expect(markerValue('C', 'upper-alpha')).toBe(3)
    expect(markerValue('12', 'arabic')).toBe(12)
  })
})

describe('applyOutline', () => {
  it('nests (a) → (1) → (i) → (A) → (1) → (i) and climbs back out', () => {
    expect(
      locators([
        '(a) Scope.',
        '(1) First.',
        '(i) Roman.',
        '(A) Upper.',
        '(1) Deep arabic.',
        '(i) Deep roman.',
        '(ii) Deep roman two.',
        '(2) Deep arabic two.',
        '(B) Upper two.',
        '(ii) Roman two.',
        '(2) Second.',
        '(b) Next letter.',
      ]),
    ).toEqual([
      '(a)',
      '(a)(1)',
      '(a)(1)(i)',
      '(a)(1)(i)(A)',
      '(a)(1)(i)(A)(1)',
      '(a)(1)(i)(A)(1)(i)',
      '(a)(1)(i)(A)(1)(ii)',
      '(a)(1)(i)(A)(2)',
      '(a)(1)(i)(B)',
      '(a)(1)(ii)',
      '(a)(2)',
      '(b)',
    ])
  })

  it('reads (i) after (h) as the letter, and as roman when it is the first child of an arabic level', () => {
    expect(locators(['(g) G.', '(h) H.', '(i) Letter i.', '(j) J.'])).toEqual(['(g)', '(h)', '(i)', '(j)'])
    expect(locators(['(h) H.', '(1) One.', '(i) Roman one.', '(ii) Roman two.'])).toEqual([
      '(h)',
      '(h)(1)',
      '(h)(1)(i)',
      '(h)(1)(ii)',
    ])
    // (v) after (u) is the letter v; after (iv) it is roman five.
    expect(locators(['(u) U.', '(v) V.'])).toEqual(['(u)', '(v)'])
    expect(locators(['(a) A.', '(1) One.', '(iv) Four.', '(v) Five.'])).toEqual([
      '(a)',
      '(a)(1)',
      '(a)(1)(iv)',
      '(a)(1)(v)',
    ])
  })

  it('handles paragraphs starting with several markers, and unnumbered paragraphs inherit', () => {
    expect(
      locators(['(c) General.', '(2)(i) Two-i text.', 'Note:', 'Exception text.', '(ii) Two-ii.']),
    ).toEqual(['(c)', '(c)(2)(i)', '(c)(2)(i)', '(c)(2)(i)', '(c)(2)(ii)'])
  })

  it('resets at an appendix and at a heading, and leaves text before the first marker alone', () => {
    const blocks: Block[] = [
      para('§ 1 Title paragraph.'),
      para('(a) Scope.'),
      para('(1) One.'),
      para('Appendix A to § 1—Typical procedure'),
      para('General'),
      para('(1) Notify employees.'),
      para('(2) Shut down.'),
      para('Restoring equipment.'),
      para('(1) Check the area.'),
      { type: 'heading', text: 'Other part', page: null, level: 1 },
      para('Plain text.'),
      para('(a) Again.'),
    ]
    expect(applyOutline(blocks).map((b) => (b.outline ? formatLocator(b.outline) : null))).toEqual([
      null,
      '(a)',
      '(a)(1)',
      'Appendix A',
      'Appendix A',
      'Appendix A (1)',
      'Appendix A (2)',
      'Appendix A (2)',
      'Appendix A (1)',
      null,
      null,
      '(a)',
    ])
  })

  it('does not modify its input', () => {
    const input = [para('(a) A.')]
    applyOutline(input)
    expect(input[0]!.outline).toBeUndefined()
  })
})

describe('helpers', () => {
  it('tests containment of locators', () => {
    expect(isWithin(['(c)', '(7)', '(iv)'], ['(c)', '(7)'])).toBe(true)
    expect(isWithin(['(c)', '(7)'], ['(c)', '(7)'])).toBe(true)
    expect(isWithin(['(c)', '(8)'], ['(c)', '(7)'])).toBe(false)
    expect(isWithin(['(c)'], ['(c)', '(7)'])).toBe(false)
  })

  it('captions a numbered paragraph by its first sentence', () => {
    expect(outlineCaption('(7) Training and communication.')).toBe('(7) Training and communication.')
    expect(outlineCaption('(1) Energy control program.  The employer shall establish a program.')).toBe(
      '(1) Energy control program.',
    )
    expect(outlineCaption(`(i) ${'word '.repeat(40)}`)).toMatch(/…$/)
  })

  it('detects outlined documents by the share of numbered paragraphs', () => {
    expect(looksOutlined(['(a) A.', '(1) One.', '(2) Two.', '(b) B.', '(1) One.', 'Text.'].map(para))).toBe(
      true,
    )
    expect(looksOutlined(['(a) A.', 'Text.', 'Text.', 'Text.', 'Text.', 'Text.'].map(para))).toBe(false)
  })
})

const OSHA = sharedPath('corpus/osha-loto/29-CFR-1910.147.md')

describe.skipIf(!existsSync(OSHA))('29 CFR 1910.147', () => {
  const blocks = () => applyOutline(parseMarkdown(readFileSync(OSHA), '29-CFR-1910.147.md').blocks)
  const at = (bs: Block[], start: string) => {
    const b = bs.find((x) => x.text.startsWith(start))
    if (!b) throw new Error(`no paragraph starting ${start}`)
    return b.outline ? formatLocator(b.outline) : null
  }

  it('is detected as outlined', () => {
    expect(looksOutlined(parseMarkdown(readFileSync(OSHA), 'x.md').blocks)).toBe(true)
  })

  it('gives the paragraphs their official locators', () => {
    const bs = blocks()
    expect(at(bs, '(iv) The employer shall certify that employee training')).toBe('(c)(7)(iv)')
    expect(at(bs, '(D) Each authorized employee shall affix a personal')).toBe('(f)(3)(ii)(D)')
    expect(at(bs, '(3) documented procedures are followed')).toBe('(a)(2)(iii)(B)(3)')
    expect(at(bs, '(3) Purpose.')).toBe('(a)(3)')
    expect(at(bs, '(iii) After January 2, 1990')).toBe('(c)(2)(iii)')
    expect(at(bs, '(2) Tagout devices.  Tagout devices, including')).toBe('(c)(5)(ii)(C)(2)')
    expect(at(bs, '(D) Identifiable.')).toBe('(c)(5)(ii)(D)')
    expect(at(bs, '(i) Lockout or tagout devices shall be affixed')).toBe('(d)(4)(i)')
    expect(at(bs, '(4) Shift or personnel changes.')).toBe('(f)(4)')
  })

  it('keeps definitions and notes under their paragraph', () => {
    const bs = blocks()
    expect(at(bs, 'Energy isolating device.')).toBe('(b)')
    expect(at(bs, 'Tagout device.')).toBe('(b)')
    expect(at(bs, 'Exception: The employer need not document')).toBe('(c)(4)(i)')
  })

  it('starts a new outline for Appendix A', () => {
    const bs = blocks()
    expect(at(bs, 'Appendix A to § 1910.147')).toBe('Appendix A')
    expect(at(bs, '(1) Notify all affected employees')).toBe('Appendix A (1)')
    expect(at(bs, '(8) The machine or equipment is now locked out.')).toBe('Appendix A (8)')
  })

  it('captions ancestors for index text', () => {
    const captions = outlineCaptions(blocks())
    expect(captions.get('(c)')).toBe('(c) General —')
    expect(captions.get('(c)(7)')).toBe('(7) Training and communication.')
    expect(captions.get('(b)')).toBe('(b) Definitions applicable to this section.')
  })
})
