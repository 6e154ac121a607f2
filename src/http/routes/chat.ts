import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { ConversationNotFound, getConversation, runTurn } from '../../answer/index.ts'
import type { ChatEvent } from '../../answer/types.ts'
import { isUuid } from '../../store/documents.ts'
import type { Services } from '../app.ts'
import { type AuthEnv, readableSites } from '../auth.ts'
import { badRequest, notFound } from '../problem.ts'

interface ChatBody {
  message: string
  conversation_id?: string
  site?: string
  stream?: boolean
}

export function chatRoutes(s: Services) {
  const r = new Hono<AuthEnv>()

  r.post('/chat', async (c) => {
    const body = await readBody(c.req.raw)
    const p = c.get('principal')
    const sites = readableSites(p, body.site)
    const input = {
      message: body.message,
      conversationId: body.conversation_id,
      sites,
      principal: p,
      channel: 'api' as const,
    }
    const wantsStream = body.stream === true || (c.req.header('accept') ?? '').includes('text/event-stream')
    if (!wantsStream) {
      try {
        const t = await runTurn(s, input)
        return c.json(publicTurn(t))
      } catch (err) {
        if (err instanceof ConversationNotFound) throw notFound(err.message)
        throw err
      }
    }
    return streamSSE(c, async (stream) => {
      // Events are written strictly in the order the turn emits them.
      let queue: Promise<void> = Promise.resolve()
      const send = (e: ChatEvent) => {
        const { type, ...data } = e
        queue = queue.then(() => stream.writeSSE({ event: type, data: JSON.stringify(data) }))
      }
      try {
        const t = await runTurn(s, input, send)
        await queue
        await stream.writeSSE({
          event: 'done',
          data: JSON.stringify({
            conversation_id: t.conversationId,
            message_id: t.messageId,
            mode: t.mode,
            refused: t.refused,
            timings: t.timings,
          }),
        })
      } catch (err) {
        const message =
          err instanceof ConversationNotFound ? err.message : 'the turn failed; see the server log'
        if (!(err instanceof ConversationNotFound)) console.error('[chat] turn failed:', err)
        await queue
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ message }) })
      }
    })
  })

  r.get('/conversations/:id', async (c) => {
    const id = c.req.param('id')
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
        tool_calls: m.toolCalls,
        mode: m.mode,
        created_at: m.createdAt,
      })),
    })
  })
  return r
}

async function readBody(req: Request): Promise<ChatBody> {
  let raw: unknown
  try {
    raw = await req.json()
  } catch {
    throw badRequest('the body must be JSON: {"message": "..."}', 'message')
  }
  const b = raw as Record<string, unknown>
  if (!b || typeof b !== 'object') throw badRequest('the body must be a JSON object', 'message')
  if (typeof b.message !== 'string' || !b.message.trim()) throw badRequest('message is required', 'message')
  if (b.message.length > 4000) throw badRequest('message is longer than 4000 characters', 'message')
  if (
    b.conversation_id !== undefined &&
    (typeof b.conversation_id !== 'string' || !isUuid(b.conversation_id))
  ) {
    throw badRequest('conversation_id must be a conversation id', 'conversation_id')
  }
  if (b.site !== undefined && typeof b.site !== 'string') throw badRequest('site must be a site id', 'site')
  if (b.stream !== undefined && typeof b.stream !== 'boolean')
    throw badRequest('stream must be true or false', 'stream')
  return b as unknown as ChatBody
}

function publicTurn(t: Awaited<ReturnType<typeof runTurn>>) {
  return {
    conversation_id: t.conversationId,
    message_id: t.messageId,
    answer: t.answer,
    citations: t.citations,
    tool_calls: t.toolCalls,
    mode: t.mode,
    refused: t.refused,
    timings: t.timings,
  }
}
