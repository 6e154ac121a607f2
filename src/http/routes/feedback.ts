import { and, desc, eq, lt } from 'drizzle-orm'
import { Hono } from 'hono'
import { isUuid } from '../../store/documents.ts'
import { auditLog, conversations, feedback, messages } from '../../store/schema.ts'
import type { Services } from '../app.ts'
import { type AuthEnv, requireRole } from '../auth.ts'
import { badRequest, notFound } from '../problem.ts'

export function feedbackRoutes(s: Services) {
  const r = new Hono<AuthEnv>()

  /** Thumbs up or down on an answer; one rating per key and answer (a second one replaces the first). */
  r.post('/feedback', async (c) => {
    const p = c.get('principal')
    let b: Record<string, unknown>
    try {
      b = await c.req.json()
    } catch {
      throw badRequest(
        'the body must be JSON: {"message_id", "rating": "up"|"down", "comment"?}',
        'message_id',
      )
    }
    if (typeof b.message_id !== 'string' || !isUuid(b.message_id))
      throw badRequest('message_id must be an answer id', 'message_id')
    if (b.rating !== 'up' && b.rating !== 'down') throw badRequest('rating must be "up" or "down"', 'rating')
    if (b.comment !== undefined && (typeof b.comment !== 'string' || b.comment.length > 2000)) {
      throw badRequest('comment must be text of at most 2000 characters', 'comment')
    }
    const rows = await s.store.db
      .select({ id: messages.id, role: messages.role, keyId: conversations.keyId })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(eq(messages.id, b.message_id))
    const m = rows[0]
    if (m?.role !== 'assistant' || (m.keyId !== p.keyId && p.role !== 'admin'))
      throw notFound(`no answer ${b.message_id}`)
    const [row] = await s.store.db
      .insert(feedback)
      .values({
        messageId: m.id,
        keyId: p.keyId,
        rating: b.rating,
        comment: (b.comment as string | undefined) ?? null,
      })
      .onConflictDoUpdate({
        target: [feedback.messageId, feedback.keyId],
        set: { rating: b.rating, comment: (b.comment as string | undefined) ?? null, createdAt: new Date() },
      })
      .returning({ id: feedback.id })
    return c.json({ id: row!.id, message_id: m.id, rating: b.rating }, 201)
  })

  /** The audit trail, newest first (admins only). */
  r.get('/audit', async (c) => {
    requireRole(c.get('principal'), 'admin')
    const limit = Number(c.req.query('limit') ?? 50)
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw badRequest('limit must be 1 to 500', 'limit')
    const before = c.req.query('before')
    if (before !== undefined && !/^\d+$/.test(before))
      throw badRequest('before must be an audit id', 'before')
    const rows = await s.store.db
      .select()
      .from(auditLog)
      .where(before ? lt(auditLog.id, Number(before)) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(limit)
    return c.json({ entries: rows.map(publicAudit) })
  })

  r.get('/audit/:id', async (c) => {
    requireRole(c.get('principal'), 'admin')
    const id = c.req.param('id')
    if (!/^\d+$/.test(id)) throw notFound(`no audit entry ${id}`)
    const rows = await s.store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.id, Number(id))))
    if (!rows[0]) throw notFound(`no audit entry ${id}`)
    return c.json(publicAudit(rows[0]))
  })
  return r
}

function publicAudit(a: typeof auditLog.$inferSelect) {
  return {
    id: a.id,
    at: a.at,
    key_id: a.keyId,
    principal: a.principal,
    user: a.userRef,
    channel: a.channel,
    site: a.siteId,
    conversation_id: a.conversationId,
    message_id: a.messageId,
    question: a.question,
    search_query: a.searchQuery,
    retrieved: a.retrieved,
    tool_calls: a.toolCalls,
    mode: a.mode,
    model: a.model,
    prompt_tokens: a.promptTokens,
    completion_tokens: a.completionTokens,
    latency_ms: a.latencyMs,
    error: a.error,
  }
}
