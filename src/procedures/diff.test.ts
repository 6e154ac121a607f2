import { describe, expect, it } from 'vitest'
import { diffLines, formatDiff } from './diff.ts'

describe('diffLines', () => {
  it('keeps common lines and marks removed and added ones in place', () => {
    const lines = diffLines('a\nb\nc\nd', 'a\nc\nx\nd')
    expect(formatDiff(lines)).toBe('  a\n- b\n  c\n+ x\n  d')
  })

  it('reports no changes for equal texts', () => {
    expect(diffLines('x\ny', 'x\ny').every((l) => l.op === 'same')).toBe(true)
  })
})
