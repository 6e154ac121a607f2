import { describe, expect, it } from 'vitest'
import { answerMessage, citationLink, toMrkdwn, withRating } from './blocks.ts'

const citation = {
  n: 2,
  document: { id: 'd1', title: 'Pump <P-101> | manual', source: 'p101.pdf' },
  page: 14,
  section: null,
  snippet: '',
}

describe('Slack blocks', () => {
  it('links a citation to its page or section in the web UI viewer with safe link text', () => {
    expect(citationLink('http://h:3000', citation)).toBe(
      '<http://h:3000/view/d1?page=14|[2] Pump &lt;P-101&gt;   manual p.14>',
    )
    expect(citationLink('http://h:3000', { ...citation, page: null })).toBe(
      '<http://h:3000/view/d1|[2] Pump &lt;P-101&gt;   manual>',
    )
    // A section path keeps the link whole: no | or > inside the address.
    const link = citationLink('http://h:3000', {
      ...citation,
      page: null,
      section: '5 Procedure > 5.3 | Isolation',
    })
    expect(link).toBe(
      '<http://h:3000/view/d1?section=5+Procedure+%3E+5.3+%7C+Isolation|[2] Pump &lt;P-101&gt;   manual>',
    )
  })

  it('turns markdown into mrkdwn and escapes control characters', () => {
    expect(toMrkdwn('## Steps\n**Close** valve A & B <now>')).toBe(
      '*Steps*\n*Close* valve A &amp; B &lt;now&gt;',
    )
  })

  it('builds answer, citations, mode badge and feedback buttons; a rating replaces the buttons', () => {
    const m = answerMessage('http://h', {
      answer: `Trip at 95 degC [2].\n\n${'x'.repeat(4000)}`,
      citations: [citation],
      mode: 'offline',
      messageId: 'm-1',
    })
    expect(m.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'context', 'actions'])
    expect(m.text.length).toBeLessThanOrEqual(3900)
    const actions = m.blocks.at(-1) as any
    expect(actions.elements.map((e: any) => [e.action_id, e.value])).toEqual([
      ['feedback_up', 'm-1'],
      ['feedback_down', 'm-1'],
    ])
    const rated = withRating(m.blocks, 'up', 'U1')
    expect(rated.some((b) => b.type === 'actions')).toBe(false)
    expect(JSON.stringify(rated.at(-1))).toContain('<@U1>')
  })
})
