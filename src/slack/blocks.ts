/** Block Kit for answers: the answer as mrkdwn, cited documents as links to the web UI, the mode, and 👍/👎. */
import type { AnswerMode, Citation } from '../answer/types.ts'

// Block Kit shapes kept to what is used here (plain objects; the Web API takes them as JSON).
export type Block = Record<string, unknown> & { type: string; block_id?: string }

export const FEEDBACK_UP = 'feedback_up'
export const FEEDBACK_DOWN = 'feedback_down'
const SECTION_LIMIT = 3000
const FALLBACK_LIMIT = 3900

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Slack sends &, < and > escaped in message text; undone before the question reaches the copilot. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

/** Markdown from the copilot to Slack mrkdwn: **bold** -> *bold*, headings -> bold lines, links -> <url|text>. */
export function toMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<$2|$1>')
}

/**
 * A citation opens in the web UI's viewer: after signing in there (the link carries no credential), a PDF opens at
 * the cited page and other formats show the cited passage highlighted.
 */
export function citationUrl(webBaseUrl: string, c: Citation): string {
  const q = new URLSearchParams()
  if (c.page) q.set('page', String(c.page))
  if (c.section) q.set('section', c.section)
  const query = q.toString()
  return `${webBaseUrl}/view/${encodeURIComponent(c.document.id)}${query ? `?${query}` : ''}`
}

export function citationLink(webBaseUrl: string, c: Citation): string {
  // A | would end the link text; < > & are escaped.
  const title = escapeMrkdwn(c.document.title.replace(/\|/g, ' ')).trim()
  const label = `[${c.n}] ${title}${c.page ? ` p.${c.page}` : ''}`
  return `<${citationUrl(webBaseUrl, c)}|${label}>`
}

export function modeBadge(mode: AnswerMode): string {
  return mode === 'llm'
    ? ':robot_face: AI answer from your documents'
    : ':page_facing_up: offline answer (extracted from documents)'
}

/** Splits long text at paragraph or line breaks into pieces a section block accepts. */
function splitText(text: string, limit: number): string[] {
  const parts: string[] = []
  let rest = text
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n\n', limit)
    if (cut < limit / 2) cut = rest.lastIndexOf('\n', limit)
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit)
    if (cut < limit / 2) cut = limit
    parts.push(rest.slice(0, cut))
    rest = rest.slice(cut).replace(/^\s+/, '')
  }
  if (rest) parts.push(rest)
  return parts
}

export interface AnswerMessage {
  answer: string
  citations: Citation[]
  mode: AnswerMode
  messageId: string
  /** A line above the answer (who asked what), for answers posted to a channel. */
  preface?: string
}

/** The message posted for an answer: `text` is the notification/fallback, `blocks` what Slack shows. */
export function answerMessage(webBaseUrl: string, m: AnswerMessage): { text: string; blocks: Block[] } {
  const blocks: Block[] = []
  if (m.preface) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: m.preface }] })
  for (const part of splitText(toMrkdwn(m.answer), SECTION_LIMIT).slice(0, 20))
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: part } })
  if (m.citations.length) {
    const links = m.citations.map((c) => citationLink(webBaseUrl, c))
    blocks.push({
      type: 'context',
      block_id: 'citations',
      elements: [{ type: 'mrkdwn', text: splitText(links.join('  ·  '), SECTION_LIMIT)[0]! }],
    })
  }
  blocks.push({ type: 'context', block_id: 'mode', elements: [{ type: 'mrkdwn', text: modeBadge(m.mode) }] })
  blocks.push({
    type: 'actions',
    block_id: `feedback:${m.messageId}`,
    elements: [
      feedbackButton(FEEDBACK_UP, ':thumbsup: Helpful', m.messageId),
      feedbackButton(FEEDBACK_DOWN, ':thumbsdown: Not helpful', m.messageId),
    ],
  })
  const text = m.answer.length > FALLBACK_LIMIT ? `${m.answer.slice(0, FALLBACK_LIMIT - 1)}…` : m.answer
  return { text, blocks }
}

function feedbackButton(actionId: string, label: string, messageId: string) {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label, emoji: true },
    value: messageId,
  }
}

/** The same message with the feedback buttons replaced by a note of the rating. */
export function withRating(blocks: Block[], rating: 'up' | 'down', user: string): Block[] {
  const note: Block = {
    type: 'context',
    block_id: 'feedback-recorded',
    elements: [
      {
        type: 'mrkdwn',
        text: `${rating === 'up' ? ':thumbsup:' : ':thumbsdown:'} Feedback recorded from <@${user}>. Thank you.`,
      },
    ],
  }
  const kept = blocks.filter((b) => b.type !== 'actions' && b.block_id !== 'feedback-recorded')
  return [...kept, note]
}
