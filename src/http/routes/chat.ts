import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { ConversationNotFound, getConversation, runTurn } from '../../answer/index.ts'
import { withSummary } from '../../answer/tool-summary.ts'
import type { ChatEvent, ToolCallRecord } from '../../answer/types.ts'
import { isUuid } from '../../store/documents.ts'
import { type AuthEnv, readableSites } from '../auth.ts'
import { badRequest, notFound } from '../problem.ts'
import { declareRoutes } from '../route.ts'
import { answerModeSchema, citationSchema, isoTime, toolCallSchema, uuidString } from '../schemas.ts'
import type { Services } from '../services.ts'
import { orderedEvents } from '../sse.ts'

const MESSAGE_REQUIRED = 'message is required'

export const chatBody = z.object({
  message: z
    .string({ error: MESSAGE_REQUIRED })
    .min(1, MESSAGE_REQUIRED)
    .refine((m) => m.trim().length > 0, MESSAGE_REQUIRED)
    .max(4000, 'message is longer than 4000 characters')
    .meta({ description: 'The question', examples: ['How do I lock out the air compressor K-201?'] }),
  conversation_id: uuidString('conversation_id must be a conversation id')
    .optional()
    .meta({ description: 'Continue this conversation (one your key started)' }),
  site: z
    .string({ error: 'site must be a site id' })
    .optional()
    .meta({ description: 'Comma-separated site ids to answer from (default: every site of the key)' }),
  asset: z
    .string({ error: 'asset must be an equipment tag' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'asset must be an equipment tag such as P-101')
    .optional()
    .meta({
      description:
        "The equipment in view (the web page's picker): a question that names no equipment is asked about this one",
    }),
  stream: z
    .boolean({ error: 'stream must be true or false' })
    .optional()
    .meta({ description: 'Answer as server-sent events (same as `Accept: text/event-stream`)' }),
})

const timingsSchema = z.object({
  retrieveMs: z.number().int(),
  answerMs: z.number().int(),
  totalMs: z.number().int(),
})

export const chatResponse = z.object({
  conversation_id: z.string().meta({ format: 'uuid' }),
  message_id: z.string().meta({ format: 'uuid', description: 'The answer; rate it with POST /v1/feedback' }),
  answer: z.string().meta({ description: 'The answer, citing its sources as [n]' }),
  citations: z.array(citationSchema),
  tool_calls: z.array(toolCallSchema),
  mode: answerModeSchema,
  refused: z.boolean().meta({ description: 'True when the documents do not contain what was asked' }),
  timings: timingsSchema,
})

/** The events of a streamed answer, as `event:` name and JSON `data`. */
export const chatEvents = z
  .discriminatedUnion('event', [
    z.object({ event: z.literal('delta'), data: z.object({ text: z.string() }) }),
    z.object({
      event: z.literal('tool'),
      data: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()), result: z.string() }),
    }),
    z.object({ event: z.literal('citations'), data: z.object({ citations: z.array(citationSchema) }) }),
    z.object({
      event: z.literal('done'),
      data: chatResponse.pick({
        conversation_id: true,
        message_id: true,
        mode: true,
        refused: true,
        timings: true,
      }),
    }),
    z.object({
      event: z.literal('error'),
      data: z.object({ message: z.string(), retryable: z.boolean().optional() }),
    }),
  ])
  .meta({ description: 'Server-sent events, one per line pair `event:` / `data:` (JSON)' })

export const conversationParams = z.object({ id: z.string().meta({ description: 'Conversation id (UUID)' }) })

export const conversationResponse = z.object({
  id: z.string().meta({ format: 'uuid' }),
  title: z.string().nullable(),
  created_at: isoTime(),
  messages: z.array(
    z.object({
      id: z.string().meta({ format: 'uuid' }),
      role: z.enum(['user', 'assistant']),
      content: z.string(),
      citations: z.array(citationSchema),
      tool_calls: z.array(toolCallSchema),
      mode: answerModeSchema.nullable(),
      created_at: isoTime(),
    }),
  ),
})

export function chatRoutes(s: Services) {
  const r = new Hono<AuthEnv>()
  const route = declareRoutes(r, '/v1')

  route(
    {
      method: 'post',
      path: '/v1/chat',
      summary: 'Ask a question; get a cited answer',
      description:
        'Answers from the documents and plant data of your sites, citing them as [n]. Offline mode quotes the ' +
        'passages; LLM mode (when a model is configured) writes the answer. With `"stream": true` or ' +
        '`Accept: text/event-stream` the answer comes as server-sent events: `delta` (text), `tool`, ' +
        '`citations`, then `done` or `error`.',
      tags: ['chat'],
      body: chatBody,
      responses: {
        200: {
          description: 'The answer (JSON), or its event stream',
          content: { 'application/json': chatResponse, 'text/event-stream': chatEvents },
        },
        404: { description: 'No such conversation for your key' },
      },
      auth: 'any',
    },
    async (c, input) => {
      const body = await input.json(
        'the body must be JSON: {"message": "..."}',
        'message',
        'the body must be a JSON object',
      )
      const p = c.get('principal')
      const sites = readableSites(p, body.site)
      if (body.asset && s.plant && !s.plant.findAsset(body.asset, sites))
        throw badRequest(`no equipment ${body.asset} on your sites`, 'asset')
      const turn = {
        message: body.message,
        conversationId: body.conversation_id,
        sites,
        principal: p,
        asset: body.asset?.toUpperCase(),
        channel: c.get('via') === 'session' ? ('web' as const) : ('api' as const),
      }
      const wantsStream = body.stream === true || (c.req.header('accept') ?? '').includes('text/event-stream')
      if (!wantsStream) {
        try {
          const t = await runTurn(s, turn)
          return c.json(publicTurn(t))
        } catch (err) {
          if (err instanceof ConversationNotFound) throw notFound(err.message)
          throw err
        }
      }
      return streamSSE(c, async (stream) => {
        // Events are written strictly in the order the turn emits them.
        const events = orderedEvents(stream)
        const send = (e: ChatEvent) => {
          const { type, ...data } = e
          events.send(type, data)
        }
        try {
          const t = await runTurn(s, turn, send)
          events.send('done', {
            conversation_id: t.conversationId,
            message_id: t.messageId,
            mode: t.mode,
            refused: t.refused,
            timings: t.timings,
          })
        } catch (err) {
          const message =
            err instanceof ConversationNotFound ? err.message : 'the turn failed; see the server log'
          if (!(err instanceof ConversationNotFound)) console.error('[chat] turn failed:', err)
          events.send('error', { message })
        }
        await events.flushed()
      })
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/conversations/:id',
      summary: 'The messages of a conversation',
      tags: ['chat'],
      params: conversationParams,
      responses: {
        200: { description: 'The conversation, oldest message first', schema: conversationResponse },
        404: { description: 'No such conversation for your key (admins see all)' },
      },
      auth: 'any',
    },
    async (c, input) => {
      const { id } = input.params()
      const found = isUuid(id) ? await getConversation(s.store, id, c.get('principal')) : null
      if (!found) throw notFound(`no conversation ${id}`)
      return c.json({
        id: found.conversation.id,
        title: found.conversation.title,
        created_at: found.conversation.createdAt,
        messages: found.messages.map((m) => ({
          id: m.id,
          role: m.role,
          content: m.content,
          citations: m.citations,
          tool_calls: (m.toolCalls as ToolCallRecord[]).map((t) => ({
            ...t,
            ...withSummary(t.name, t.result),
          })),
          mode: m.mode,
          created_at: m.createdAt,
        })),
      })
    },
  )
  return r
}

function publicTurn(t: Awaited<ReturnType<typeof runTurn>>) {
  return {
    conversation_id: t.conversationId,
    message_id: t.messageId,
    answer: t.answer,
    citations: t.citations,
    tool_calls: t.toolCalls.map((c) => ({ ...c, ...withSummary(c.name, c.result) })),
    mode: t.mode,
    refused: t.refused,
    timings: t.timings,
  }
}
