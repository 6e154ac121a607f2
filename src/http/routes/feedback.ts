import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { mayOpenConversation } from '../../answer/index.ts'
import type { Principal } from '../../store/keys.ts'
import { auditLog, conversations, feedback, messages } from '../../store/schema.ts'
import type { AuthEnv } from '../auth.ts'
import { notFound } from '../problem.ts'
import { declareRoutes } from '../route.ts'
import { answerModeSchema, intParam, isoTime, uuidString } from '../schemas.ts'
import type { Services } from '../services.ts'

const COMMENT_ERROR = 'comment must be text of at most 2000 characters'

export const feedbackBody = z.object({
  message_id: uuidString('message_id must be an answer id').meta({
    description: 'The `message_id` of an answer from POST /v1/chat',
  }),
  rating: z.enum(['up', 'down'], { error: 'rating must be "up" or "down"' }),
  comment: z.string({ error: COMMENT_ERROR }).max(2000, COMMENT_ERROR).optional(),
})

export const feedbackResponse = z.object({
  id: z.string().meta({ format: 'uuid' }),
  message_id: z.string().meta({ format: 'uuid' }),
  rating: z.enum(['up', 'down']),
})

export const auditQuery = z.object({
  limit: intParam(1, 500, 50, () => 'limit must be 1 to 500', 'Entries to return, newest first'),
  before: z
    .string()
    .regex(/^\d+$/, 'before must be an audit id')
    .optional()
    .meta({ description: 'Only entries older than this audit id (paging)' }),
})

export const auditParams = z.object({
  id: z.string().meta({ description: 'Audit entry id (a number; anything else is not found)' }),
})

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: isoTime(),
    key_id: z.string().nullable().meta({ format: 'uuid' }),
    principal: z.string().nullable(),
    user: z.string().nullable().meta({ description: 'Who asked beyond the key, e.g. a Slack user id' }),
    channel: z.string(),
    site: z.string().nullable(),
    conversation_id: z.string().nullable(),
    message_id: z.string().nullable(),
    question: z.string(),
    search_query: z.string().nullable(),
    retrieved: z.array(z.unknown()).meta({ description: 'The retrieved chunks with their scores' }),
    tool_calls: z.array(z.unknown()),
    mode: answerModeSchema.nullable(),
    model: z.string().nullable(),
    prompt_tokens: z.number().int().nullable(),
    completion_tokens: z.number().int().nullable(),
    latency_ms: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' })

export function feedbackRoutes(s: Services) {
  const r = new Hono<AuthEnv>()
  const route = declareRoutes(r, '/v1')

  /** Thumbs up or down on an answer; one rating per key and answer (a second one replaces the first). */
  route(
    {
      method: 'post',
      path: '/v1/feedback',
      summary: 'Rate an answer up or down',
      description: 'One rating per key and answer; a second one replaces the first.',
      tags: ['chat'],
      body: feedbackBody,
      responses: {
        201: { description: 'Recorded', schema: feedbackResponse },
        404: { description: 'No such answer for your key' },
      },
      auth: 'any',
    },
    async (c, input) => {
      const p = c.get('principal')
      const b = await input.json(
        'the body must be JSON: {"message_id", "rating": "up"|"down", "comment"?}',
        'message_id',
      )
      const rows = await s.store.db
        .select({
          id: messages.id,
          role: messages.role,
          keyId: conversations.keyId,
          siteId: conversations.siteId,
        })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(eq(messages.id, b.message_id))
      const m = rows[0]
      if (m?.role !== 'assistant' || !mayOpenConversation(m, p)) throw notFound(`no answer ${b.message_id}`)
      const [row] = await s.store.db
        .insert(feedback)
        .values({
          messageId: m.id,
          keyId: p.keyId,
          rating: b.rating,
          comment: b.comment ?? null,
        })
        .onConflictDoUpdate({
          target: [feedback.messageId, feedback.keyId],
          set: { rating: b.rating, comment: b.comment ?? null, createdAt: new Date() },
        })
        .returning({ id: feedback.id })
      return c.json(
        { id: row!.id, message_id: m.id, rating: b.rating } satisfies z.input<typeof feedbackResponse>,
        201,
      )
    },
  )

  /** The audit trail, newest first (admins only). */
  route(
    {
      method: 'get',
      path: '/v1/audit',
      summary: 'The audit trail, newest first',
      description:
        'Every answered turn: who asked, the question and search query, the retrieved chunks with scores, tool ' +
        'calls, model, tokens and latency.',
      tags: ['audit'],
      query: auditQuery,
      responses: {
        200: { description: 'Audit entries', schema: z.object({ entries: z.array(auditEntrySchema) }) },
      },
      auth: ['admin'],
    },
    async (c, input) => {
      const { limit, before } = input.query()
      const rows = await s.store.db
        .select()
        .from(auditLog)
        .where(and(before ? lt(auditLog.id, Number(before)) : undefined, auditScope(c.get('principal'))))
        .orderBy(desc(auditLog.id))
        .limit(limit)
      return c.json({ entries: rows.map(publicAudit) })
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/audit/:id',
      summary: 'One audit entry',
      tags: ['audit'],
      params: auditParams,
      responses: {
        200: { description: 'The entry', schema: auditEntrySchema },
        404: { description: 'No such entry' },
      },
      auth: ['admin'],
    },
    async (c, input) => {
      const { id } = input.params()
      if (!/^\d+$/.test(id)) throw notFound(`no audit entry ${id}`)
      const rows = await s.store.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.id, Number(id)), auditScope(c.get('principal'))))
      if (!rows[0]) throw notFound(`no audit entry ${id}`)
      return c.json(publicAudit(rows[0]))
    },
  )
  return r
}

/** An admin of some sites reads the audit of those sites only (turns across several sites carry no site). */
function auditScope(p: Principal) {
  if (p.sites === '*') return undefined
  return p.sites.length ? inArray(auditLog.siteId, p.sites) : sql`false`
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
