/**
 * Down-rated answers as eval cases in the ../shared/evals format, for a reviewer to complete: the question, what
 * was answered and cited, and the rater's comment go into `notes`; `sources` and `answer_contains` start empty.
 */
import { and, asc, eq, gte } from 'drizzle-orm'
import type { Store } from '../store/db.ts'
import { feedback, messages } from '../store/schema.ts'

export interface ExportedCase {
  id: string
  kind: 'retrieval'
  question: string
  sources: []
  answer_contains: []
  notes: string
}

export async function exportDownRated(store: Store, since?: Date): Promise<ExportedCase[]> {
  const rows = await store.db
    .select({
      messageId: messages.id,
      conversationId: messages.conversationId,
      answer: messages.content,
      citations: messages.citations,
      createdAt: messages.createdAt,
      comment: feedback.comment,
      ratedAt: feedback.createdAt,
    })
    .from(feedback)
    .innerJoin(messages, eq(messages.id, feedback.messageId))
    .where(and(eq(feedback.rating, 'down'), since ? gte(feedback.createdAt, since) : undefined))
    .orderBy(asc(feedback.createdAt))
  const out: ExportedCase[] = []
  for (const r of rows) {
    // The question is the user message just before the rated answer in its conversation.
    const thread = await store.db
      .select({ id: messages.id, role: messages.role, content: messages.content })
      .from(messages)
      .where(eq(messages.conversationId, r.conversationId))
      .orderBy(asc(messages.createdAt))
    const at = thread.findIndex((m) => m.id === r.messageId)
    const question = [...thread.slice(0, at)].reverse().find((m) => m.role === 'user')?.content
    if (!question) continue
    const cited = (
      r.citations as Array<{
        n: number
        document?: { source?: string }
        page?: number | null
        section?: string | null
      }>
    )
      .map(
        (c) =>
          `[${c.n}] ${c.document?.source ?? '?'}${c.page ? ` p.${c.page}` : c.section ? ` ${c.section}` : ''}`,
      )
      .join('; ')
    out.push({
      id: `feedback-${r.messageId.slice(0, 8)}`,
      kind: 'retrieval',
      question,
      sources: [],
      answer_contains: [],
      notes: `down-rated ${r.ratedAt.toISOString().slice(0, 10)}${r.comment ? `: "${r.comment}"` : ''}. Answered: ${oneLine(r.answer, 300)} Cited: ${cited || 'nothing'}. Fill in sources and answer_contains.`,
    })
  }
  return out
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim()
  return t.length > max ? `${t.slice(0, max - 1)}…` : t
}
