/**
 * The Slack endpoints over real HTTP against a fake Slack Web API and a real PGlite store: signatures, the
 * Events API (mentions, DMs, retries), /ask, feedback buttons and site scoping.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { and, eq, inArray } from 'drizzle-orm'
import { Hono } from 'hono'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type FakeSlack, startFakeSlack } from '../../test/support/fake-slack.ts'
import { createEmbeddingProvider } from '../embed/index.ts'
import { ingestDocument } from '../ingest/pipeline.ts'
import { openStore, type Store } from '../store/db.ts'
import { feedback, messages } from '../store/schema.ts'
import type { SlackConfig } from './config.ts'
import { TaskRunner } from './memory.ts'
import { nameUuid } from './principal.ts'
import { slackRoutes } from './routes.ts'
import { signSlackRequest } from './signature.ts'

const SECRET = 'test-signing-secret'
const TOKEN = 'xoxb-test-token'
const WEB = 'http://copilot.example:3000'

let store: Store
let embedder: Awaited<ReturnType<typeof createEmbeddingProvider>>
let slackCfg: SlackConfig
let fake: FakeSlack
let tasks: TaskRunner
let baseUrl: string
let close: () => Promise<void>
let alphaDoc: string
let bravoDoc: string
let eventSeq = 0

const ALPHA_MD = `# P-101 Feed Pump Manual

## Protection settings

The bearing temperature trip setting on pump P-101 is 95 degC. The high alarm is set at 85 degC.

## Lubrication

Grease the P-101 bearings every 2000 running hours with lithium grease.
`
const BRAVO_MD = `# K-201 Compressor Manual

## Protection settings

The lube oil pressure trip setting on compressor K-201 is 1.7 bar (BRAVOSECRET).
`

beforeAll(async () => {
  store = await openStore()
  embedder = await createEmbeddingProvider({})
  const enc = new TextEncoder()
  alphaDoc = (
    await ingestDocument(
      { store, embedder },
      { siteId: 'alpha', source: 'p101.md', bytes: enc.encode(ALPHA_MD) },
    )
  ).documentId
  bravoDoc = (
    await ingestDocument(
      { store, embedder },
      { siteId: 'bravo', source: 'k201.md', bytes: enc.encode(BRAVO_MD) },
    )
  ).documentId
  fake = await startFakeSlack({ token: TOKEN })
  tasks = new TaskRunner()
  slackCfg = {
    signingSecret: SECRET,
    botToken: TOKEN,
    apiUrl: fake.apiUrl,
    webBaseUrl: WEB,
    users: {
      UALPHA: { role: 'operator', sites: ['alpha'] },
      UBRAVO: { role: 'operator', sites: ['bravo'] },
    },
    defaultUser: null,
  }
  const app = new Hono()
  app.route('/slack', slackRoutes({ store, embedder, llm: null, plant: null }, slackCfg, { tasks }))
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => new Promise<void>((resolve) => server.close(() => resolve()))
})

afterAll(async () => {
  await tasks?.idle()
  await close?.()
  await fake?.close()
  await store?.close()
})

beforeEach(async () => {
  await tasks.idle()
  fake.reset()
})

function send(
  path: string,
  body: string,
  opts: { contentType?: string; headers?: Record<string, string>; ts?: number; sign?: boolean | string } = {},
) {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000)
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/json',
    ...opts.headers,
  }
  if (opts.sign !== false) {
    headers['x-slack-request-timestamp'] = String(ts)
    headers['x-slack-signature'] =
      typeof opts.sign === 'string' ? opts.sign : signSlackRequest(SECRET, ts, body)
  }
  return fetch(`${baseUrl}${path}`, { method: 'POST', headers, body })
}

function mention(user: string, text: string, extra: Record<string, unknown> = {}) {
  const n = ++eventSeq
  return {
    type: 'event_callback',
    team_id: 'T1',
    event_id: `Ev${n}`,
    event: {
      type: 'app_mention',
      user,
      text: `<@UBOT> ${text}`,
      channel: 'C1',
      ts: `1700000${n}.000100`,
      ...extra,
    },
  }
}

const blockText = (call: { args: Record<string, any> }) => JSON.stringify(call.args.blocks ?? [])

describe('request signatures', () => {
  const body = JSON.stringify({ type: 'url_verification', challenge: 'abc' })

  it('accepts a signed request and echoes the url_verification challenge', async () => {
    const res = await send('/slack/events', body)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ challenge: 'abc' })
  })

  it('rejects unsigned, wrongly signed and stale requests with problem JSON', async () => {
    const unsigned = await send('/slack/events', body, { sign: false })
    expect(unsigned.status).toBe(401)
    expect(unsigned.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect((await unsigned.json()).status).toBe(401)

    const wrong = await send('/slack/events', body, {
      sign: signSlackRequest('other-secret', Math.floor(Date.now() / 1000), body),
    })
    expect(wrong.status).toBe(401)

    const stale = await send('/slack/events', body, { ts: Math.floor(Date.now() / 1000) - 6 * 60 })
    expect(stale.status).toBe(401)

    const future = await send('/slack/events', body, { ts: Math.floor(Date.now() / 1000) + 6 * 60 })
    expect(future.status).toBe(401)

    // A body changed after signing (same signature) is rejected.
    const ts = Math.floor(Date.now() / 1000)
    const tampered = await send('/slack/events', body.replace('abc', 'abd'), {
      ts,
      sign: signSlackRequest(SECRET, ts, body),
    })
    expect(tampered.status).toBe(401)

    for (const path of ['/slack/commands', '/slack/interactions']) {
      const res = await send(path, 'text=hi', {
        contentType: 'application/x-www-form-urlencoded',
        sign: false,
      })
      expect(res.status).toBe(401)
    }
  })
})

describe('events', () => {
  it('answers an app_mention exactly once in the thread, even when Slack retries', async () => {
    const ev = mention('UALPHA', 'What is the bearing temperature trip setting on P-101?')
    const body = JSON.stringify(ev)
    const t0 = performance.now()
    const res = await send('/slack/events', body)
    const ackMs = performance.now() - t0
    expect(res.status).toBe(200)
    expect(ackMs).toBeLessThan(3000)
    // Slack redelivers the same event (retry headers) and, separately, a duplicate without them.
    for (const n of ['1', '2']) {
      const retry = await send('/slack/events', body, {
        headers: { 'x-slack-retry-num': n, 'x-slack-retry-reason': 'http_timeout' },
      })
      expect(retry.status).toBe(200)
    }
    expect((await send('/slack/events', body)).status).toBe(200)
    await tasks.idle()
    const posts = fake.callsOf('chat.postMessage')
    expect(posts).toHaveLength(1)
    const post = posts[0]!
    expect(post.token).toBe(TOKEN)
    expect(post.args.channel).toBe('C1')
    expect(post.args.thread_ts).toBe(ev.event.ts)
    expect(post.args.text).toMatch(/95/)
    const blocks = blockText(post)
    expect(blocks).toMatch(/95/)
    expect(blocks).toContain(`<${WEB}/view/${alphaDoc}`)
    expect(blocks).toMatch(/\[1\] [^|>]*P-101/)
    expect(blocks).toMatch(/offline answer/)
    const actions = (post.args.blocks as any[]).find((b) => b.type === 'actions')
    expect(actions.elements.map((e: any) => e.action_id)).toEqual(['feedback_up', 'feedback_down'])
    expect(actions.elements[0].value).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers a retry whose first delivery never arrived, once', async () => {
    const body = JSON.stringify(mention('UALPHA', 'How often should the P-101 bearings be greased?'))
    const retry = (n: string) =>
      send('/slack/events', body, {
        headers: { 'x-slack-retry-num': n, 'x-slack-retry-reason': 'http_error' },
      })
    expect((await retry('1')).status).toBe(200)
    expect((await retry('2')).status).toBe(200)
    await tasks.idle()
    const posts = fake.callsOf('chat.postMessage')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.args.text).toMatch(/2000/)
  })

  it('does not answer a redelivery again after a restart (the delivery log is in the store)', async () => {
    const body = JSON.stringify(mention('UALPHA', 'What is the bearing temperature trip setting on P-101?'))
    expect((await send('/slack/events', body)).status).toBe(200)
    await tasks.idle()
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1)
    // A second app on the same store, as after a restart or on another replica.
    const restartedTasks = new TaskRunner()
    const app = new Hono()
    app.route(
      '/slack',
      slackRoutes({ store, embedder, llm: null, plant: null }, slackCfg, { tasks: restartedTasks }),
    )
    const ts = Math.floor(Date.now() / 1000)
    const res = await app.request('/slack/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(SECRET, ts, body),
        'x-slack-retry-num': '1',
      },
      body,
    })
    expect(res.status).toBe(200)
    await restartedTasks.idle()
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1)
  })

  it('keeps a thread as one conversation: a follow-up in the thread carries the context', async () => {
    const first = mention('UALPHA', 'What is the bearing temperature trip setting on P-101?')
    await send('/slack/events', JSON.stringify(first))
    await tasks.idle()
    const follow = mention('UALPHA', 'and how often should they be greased?', { thread_ts: first.event.ts })
    await send('/slack/events', JSON.stringify(follow))
    await tasks.idle()
    const posts = fake.callsOf('chat.postMessage')
    expect(posts).toHaveLength(2)
    expect(posts[1]!.args.thread_ts).toBe(first.event.ts)
    expect(posts[1]!.args.text).toMatch(/2000/)
    const ids = (posts as any[]).map(
      (p) => (p.args.blocks as any[]).find((b) => b.type === 'actions').elements[0].value,
    )
    const rows = await store.db
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(inArray(messages.id, ids))
    expect(rows).toHaveLength(2)
    expect(new Set(rows.map((r) => r.conversationId)).size).toBe(1)
  })

  it('answers a DM and ignores bot messages and edits', async () => {
    const dm = {
      type: 'event_callback',
      team_id: 'T1',
      event_id: `Ev${++eventSeq}`,
      event: {
        type: 'message',
        channel_type: 'im',
        user: 'UALPHA',
        text: 'How often are the P-101 bearings greased?',
        channel: 'D1',
        ts: `1700100${eventSeq}.000200`,
      },
    }
    expect((await send('/slack/events', JSON.stringify(dm))).status).toBe(200)
    const bot = {
      ...dm,
      event_id: `Ev${++eventSeq}`,
      event: { ...dm.event, ts: '1700200001.000300', bot_id: 'BBOT', user: 'UBOT', text: 'an answer' },
    }
    expect((await send('/slack/events', JSON.stringify(bot))).status).toBe(200)
    const edit = {
      ...dm,
      event_id: `Ev${++eventSeq}`,
      event: { ...dm.event, ts: '1700200002.000300', subtype: 'message_changed' },
    }
    expect((await send('/slack/events', JSON.stringify(edit))).status).toBe(200)
    const channelChatter = {
      ...dm,
      event_id: `Ev${++eventSeq}`,
      event: { ...dm.event, ts: '1700200003.000300', channel_type: 'channel', channel: 'C9' },
    }
    expect((await send('/slack/events', JSON.stringify(channelChatter))).status).toBe(200)
    await tasks.idle()
    const posts = fake.callsOf('chat.postMessage')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.args.channel).toBe('D1')
    expect(posts[0]!.args.thread_ts).toBe(dm.event.ts)
    expect(posts[0]!.args.text).toMatch(/2000/)
  })

  it('tells an unknown Slack user they are not set up, without answering', async () => {
    await send(
      '/slack/events',
      JSON.stringify(mention('USTRANGER', 'What is the bearing trip setting on P-101?')),
    )
    await tasks.idle()
    const posts = fake.callsOf('chat.postMessage')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.args.text).toMatch(/not set up/i)
    expect(JSON.stringify(posts[0]!.args)).not.toMatch(/95/)
  })

  it('never shows a site-A user content from site B', async () => {
    await send(
      '/slack/events',
      JSON.stringify(mention('UALPHA', 'What is the lube oil pressure trip setting on compressor K-201?')),
    )
    await tasks.idle()
    const [alpha] = fake.callsOf('chat.postMessage')
    expect(JSON.stringify(alpha!.args)).not.toMatch(/BRAVOSECRET|1\.7 bar/)
    expect(JSON.stringify(alpha!.args)).not.toContain(bravoDoc)

    fake.reset()
    await send(
      '/slack/events',
      JSON.stringify(mention('UBRAVO', 'What is the lube oil pressure trip setting on compressor K-201?')),
    )
    await tasks.idle()
    const [bravo] = fake.callsOf('chat.postMessage')
    expect(bravo!.args.text).toMatch(/1\.7 bar/)
    expect(blockText(bravo!)).toContain(bravoDoc)
  })
})

describe('/ask command', () => {
  it('acks with an ephemeral note and posts one answer to the channel', async () => {
    const form = new URLSearchParams({
      command: '/ask',
      text: 'What is the bearing temperature trip setting on P-101?',
      user_id: 'UALPHA',
      team_id: 'T1',
      channel_id: 'C2',
      trigger_id: 'trig-1',
      response_url: 'http://127.0.0.1:9/unused',
    }).toString()
    const res = await send('/slack/commands', form, { contentType: 'application/x-www-form-urlencoded' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ response_type: 'ephemeral', text: 'Looking that up…' })
    await tasks.idle()
    const posts = fake.callsOf('chat.postMessage')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.args.channel).toBe('C2')
    expect(posts[0]!.args.thread_ts).toBeUndefined()
    expect(posts[0]!.args.text).toMatch(/95/)
    expect(blockText(posts[0]!)).toContain('<@UALPHA> asked')
  })
  it('falls back to the response_url when the bot is not in the channel, still posting once', async () => {
    fake.failNext('chat.postMessage', 'not_in_channel')
    const form = new URLSearchParams({
      command: '/ask',
      text: 'How often are the P-101 bearings greased?',
      user_id: 'UALPHA',
      team_id: 'T1',
      channel_id: 'CPRIVATE',
      trigger_id: 'trig-2',
      response_url: fake.responseUrl,
    }).toString()
    expect(
      (await send('/slack/commands', form, { contentType: 'application/x-www-form-urlencoded' })).status,
    ).toBe(200)
    await tasks.idle()
    const fallback = fake.callsOf('response_url')
    expect(fallback).toHaveLength(1)
    expect(fallback[0]!.args.response_type).toBe('in_channel')
    expect(fallback[0]!.args.text).toMatch(/2000/)
  })
})

describe('feedback buttons', () => {
  it('stores the rating and updates the message in place', async () => {
    await send(
      '/slack/events',
      JSON.stringify(mention('UALPHA', 'What is the bearing temperature trip setting on P-101?')),
    )
    await tasks.idle()
    const [post] = fake.callsOf('chat.postMessage')
    const blocks = post!.args.blocks as any[]
    const messageId = blocks.find((b) => b.type === 'actions').elements[1].value as string
    const payload = {
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'UALPHA' },
      channel: { id: 'C1' },
      container: { channel_id: 'C1', message_ts: '1700000001.000001' },
      message: { ts: '1700000001.000001', blocks },
      actions: [{ action_id: 'feedback_down', value: messageId, type: 'button' }],
    }
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
    const res = await send('/slack/interactions', body, { contentType: 'application/x-www-form-urlencoded' })
    expect(res.status).toBe(200)
    await tasks.idle()
    const rows = await store.db
      .select()
      .from(feedback)
      .where(and(eq(feedback.messageId, messageId), eq(feedback.keyId, nameUuid('slack:T1:UALPHA'))))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.rating).toBe('down')
    const [update] = fake.callsOf('chat.update')
    expect(update!.args).toMatchObject({ channel: 'C1', ts: '1700000001.000001' })
    const updated = update!.args.blocks as any[]
    expect(updated.some((b) => b.type === 'actions')).toBe(false)
    expect(JSON.stringify(updated)).toMatch(/Feedback recorded/)
    expect(JSON.stringify(updated)).toMatch(/95/)

    // A second click by the same user replaces the rating.
    payload.actions[0]!.action_id = 'feedback_up'
    await send('/slack/interactions', new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), {
      contentType: 'application/x-www-form-urlencoded',
    })
    await tasks.idle()
    const again = await store.db.select().from(feedback).where(eq(feedback.messageId, messageId))
    expect(again.map((r) => r.rating)).toEqual(['up'])

    // A user mapped to another site cannot rate an answer of this one, even from a shared channel.
    fake.reset()
    const foreign = { ...payload, user: { id: 'UBRAVO' } }
    await send('/slack/interactions', new URLSearchParams({ payload: JSON.stringify(foreign) }).toString(), {
      contentType: 'application/x-www-form-urlencoded',
    })
    await tasks.idle()
    const after = await store.db.select().from(feedback).where(eq(feedback.messageId, messageId))
    expect(after).toHaveLength(1)
    expect(fake.callsOf('chat.update')).toHaveLength(0)
  })
})

describe('acknowledgement time', () => {
  it('acks 100 signed app_mention events quickly (p95 printed)', async () => {
    const times: number[] = []
    for (let i = 0; i < 100; i++) {
      const body = JSON.stringify(mention('UALPHA', 'What is the bearing temperature trip setting on P-101?'))
      const t0 = performance.now()
      const res = await send('/slack/events', body)
      await res.arrayBuffer()
      times.push(performance.now() - t0)
      expect(res.status).toBe(200)
    }
    await tasks.idle()
    times.sort((a, b) => a - b)
    const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!.toFixed(1)
    console.log(
      `[slack] ack time over 100 app_mention events: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`,
    )
    expect(fake.callsOf('chat.postMessage')).toHaveLength(100)
  })
})
