/**
 * The Slack endpoints (mounted at /slack): Events API, the /ask slash command and interactive feedback buttons.
 * Every request is signature-checked on its raw body; answers are posted in the background after a fast ack.
 */
import { type Context, Hono } from 'hono'
import type { CopilotDeps } from '../answer/copilot.ts'
import { problem } from '../http/problem.ts'
import { type Block, FEEDBACK_DOWN, FEEDBACK_UP, unescapeSlack } from './blocks.ts'
import type { SlackConfig } from './config.ts'
import { DeliveryLog } from './deliveries.ts'
import { TaskRunner } from './memory.ts'
import { SlackResponder } from './responder.ts'
import { verifySlackSignature } from './signature.ts'

type SlackEnv = { Variables: { rawBody: string } }

const MAX_BODY_BYTES = 1024 * 1024

export interface SlackRoutesOptions {
  /** Background work tracker; tests pass one to wait for the answers (`idle()`). */
  tasks?: TaskRunner
}

export function slackRoutes(services: CopilotDeps, cfg: SlackConfig, opts: SlackRoutesOptions = {}) {
  const now = cfg.now ?? Date.now
  const tasks = opts.tasks ?? new TaskRunner()
  const deliveries = new DeliveryLog(services.store, now)
  const responder = new SlackResponder(services, cfg)
  const r = new Hono<SlackEnv>()

  r.use('*', async (c, next) => {
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES)
      return problem(c, 413, 'Request too large', 'Slack requests are at most 1 MB')
    const raw = await c.req.text()
    const check = verifySlackSignature({
      secret: cfg.signingSecret,
      timestamp: c.req.header('x-slack-request-timestamp'),
      signature: c.req.header('x-slack-signature'),
      body: raw,
      nowMs: now(),
    })
    if (!check.ok) return problem(c, 401, 'Unauthorized', check.reason)
    c.set('rawBody', raw)
    await next()
  })

  r.post('/events', (c) => {
    const body = parseJson(c.get('rawBody')) as EventEnvelope | null
    if (!body) return problem(c, 400, 'Bad request', 'the body must be a JSON Events API payload')
    if (body.type === 'url_verification') return c.json({ challenge: String(body.challenge ?? '') })
    if (body.type !== 'event_callback' || !body.event) return c.body(null, 200)
    // Without an event id a retry cannot be told from its first delivery: acknowledge it, answer nothing.
    if (!body.event_id && c.req.header('x-slack-retry-num')) return ackNoRetry(c)
    const q = questionOf(body)
    if (!q) return c.body(null, 200)
    // Acknowledge at once; the delivery log decides in the background whether this is new. A redelivery of an
    // event already taken is never answered again, one whose first delivery never arrived is answered now, and
    // the same message arriving as two events (app_mention and message.im) is answered once.
    tasks.run(`${q.channel}:${q.threadTs}`, async () => {
      if (body.event_id && !(await deliveries.claim(`event:${body.event_id}`))) return
      if (!(await deliveries.claim(`msg:${q.channel}:${q.ts}`))) return
      await responder.answer(q)
    })
    return c.body(null, 200)
  })

  r.post('/commands', async (c) => {
    const form = new URLSearchParams(c.get('rawBody'))
    const text = (form.get('text') ?? '').trim()
    const user = form.get('user_id')
    const channel = form.get('channel_id')
    if (!user || !channel) return problem(c, 400, 'Bad request', 'user_id and channel_id are required')
    if (!text)
      return c.json({
        response_type: 'ephemeral',
        text: `Usage: ${form.get('command') ?? '/ask'} <your question>`,
      })
    const triggerId = form.get('trigger_id')
    if (triggerId && !(await deliveries.claim(`command:${triggerId}`)))
      return c.json({ response_type: 'ephemeral', text: 'Already on it…' })
    const team = form.get('team_id') ?? undefined
    const responseUrl = form.get('response_url') ?? undefined
    tasks.run(`${channel}:command:${user}`, async () => {
      await responder.answer({
        team,
        user,
        channel,
        text: unescapeSlack(text),
        // Part of the signed request, so as trustworthy as the rest of it.
        responseUrl,
        preface: `<@${user}> asked: ${quoteLine(text)}`,
      })
    })
    return c.json({ response_type: 'ephemeral', text: 'Looking that up…' })
  })

  r.post('/interactions', (c) => {
    const raw = new URLSearchParams(c.get('rawBody')).get('payload')
    const payload = raw ? (parseJson(raw) as InteractionPayload | null) : null
    if (!payload) return problem(c, 400, 'Bad request', 'the body must carry a JSON "payload" field')
    if (payload.type !== 'block_actions') return c.body(null, 200)
    const action = payload.actions?.find((a) => a.action_id === FEEDBACK_UP || a.action_id === FEEDBACK_DOWN)
    const channel = payload.channel?.id ?? payload.container?.channel_id
    const messageTs = payload.message?.ts ?? payload.container?.message_ts
    const user = payload.user?.id
    if (!action?.value || !channel || !messageTs || !user) return c.body(null, 200)
    const click = {
      team: payload.team?.id ?? payload.user?.team_id,
      user,
      channel,
      messageTs,
      messageId: action.value,
      rating: action.action_id === FEEDBACK_UP ? ('up' as const) : ('down' as const),
      blocks: payload.message?.blocks ?? [],
    }
    tasks.run(`${channel}:${messageTs}`, async () => {
      await responder.feedback(click)
    })
    return c.body(null, 200)
  })

  return r
}

interface SlackEvent {
  type?: string
  subtype?: string
  bot_id?: string
  user?: string
  text?: string
  channel?: string
  channel_type?: string
  ts?: string
  thread_ts?: string
}

interface EventEnvelope {
  type?: string
  challenge?: unknown
  team_id?: string
  event_id?: string
  event?: SlackEvent
}

interface InteractionPayload {
  type?: string
  team?: { id?: string }
  user?: { id?: string; team_id?: string }
  channel?: { id?: string }
  container?: { channel_id?: string; message_ts?: string }
  message?: { ts?: string; blocks?: Block[] }
  actions?: Array<{ action_id?: string; value?: string }>
}

/** The question in an event, or null when the event is not one to answer (bots, edits, channel chatter). */
function questionOf(body: EventEnvelope) {
  const e = body.event!
  if (e.bot_id || e.subtype || !e.user || !e.channel || !e.ts) return null
  const isMention = e.type === 'app_mention'
  const isDm = e.type === 'message' && e.channel_type === 'im'
  if (!isMention && !isDm) return null
  const text = unescapeSlack(
    (e.text ?? '').replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, (m, offset: number, all: string) =>
      // Only the leading mention(s) address the bot; later ones are part of the question.
      /^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)*$/.test(all.slice(0, offset)) ? '' : m,
    ),
  ).trim()
  return {
    team: body.team_id,
    user: e.user,
    channel: e.channel,
    ts: e.ts,
    threadTs: e.thread_ts ?? e.ts,
    text,
  }
}

function ackNoRetry(c: Context<SlackEnv>) {
  c.header('X-Slack-No-Retry', '1')
  return c.body(null, 200)
}

function parseJson(text: string): unknown {
  try {
    const v = JSON.parse(text)
    return v && typeof v === 'object' ? v : null
  } catch {
    return null
  }
}

function quoteLine(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return `_${line.length > 200 ? `${line.slice(0, 199)}…` : line}_`
}
