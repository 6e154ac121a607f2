/**
 * The chat API over real HTTP on the demo plant: offline answers with citations, SSE event order, conversations
 * and follow-ups, lockout/tagout passages for servicing questions, feedback and the audit trail.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoPlant } from '../src/demo/index.ts'
import { startService, type TestService } from './support/harness.ts'

let svc: TestService
let operator: string
let other: string
let admin: string

async function chat(key: string, body: Record<string, unknown>) {
  const res = await svc.fetch('/v1/chat', {
    key,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

/** Reads an SSE response into its events, in order. */
async function sse(res: Response): Promise<Array<{ event: string; data: any }>> {
  const text = await res.text()
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n')
      return { event, data: JSON.parse(data) }
    })
}

beforeAll(async () => {
  svc = await startService()
  await loadDemoPlant(svc)
  operator = await svc.key('operator', ['riverbend'])
  other = await svc.key('operator', ['riverbend'])
  admin = await svc.key('admin', '*')
})
afterAll(async () => svc?.close())

describe('POST /v1/chat (offline mode)', () => {
  it('answers from the demo documents with numbered citations to pages', async () => {
    const r = await chat(operator, { message: 'What is the bearing temperature trip setting on P-101?' })
    expect(r.status).toBe(200)
    expect(r.body.mode).toBe('offline')
    expect(r.body.refused).toBe(false)
    expect(r.body.answer).toMatch(/95/)
    expect(r.body.answer).toMatch(/\[1\]/)
    expect(r.body.citations.length).toBeGreaterThan(0)
    const c = r.body.citations[0]
    expect(c).toMatchObject({ n: 1, document: { source: expect.any(String), title: expect.any(String) } })
    expect(typeof c.snippet).toBe('string')
    // Every [n] in the answer is a citation that exists.
    const cited = [...r.body.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]))
    for (const n of cited) expect(r.body.citations.some((x: any) => x.n === n)).toBe(true)
  })

  it('says plainly when the documents do not have the answer', async () => {
    const r = await chat(operator, {
      message: 'What did the 2019 overhaul of the boiler feed pump BFP-7 cost?',
    })
    expect(r.body.refused).toBe(true)
    expect(r.body.answer).toMatch(/can't find|cannot find|could not find/i)
  })

  it('brings the lockout/tagout procedure into a servicing answer, cited', async () => {
    const r = await chat(operator, {
      message: 'I need to replace the mechanical seal on P-102. What do I do first?',
    })
    expect(r.status).toBe(200)
    const sources = r.body.citations.map((c: any) => c.document.source).join(' ')
    expect(sources).toMatch(/LOTO-101|lockout/i)
  })

  it('streams delta, citations and done events in order', async () => {
    const res = await svc.fetch('/v1/chat', {
      key: operator,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ message: 'How much grease goes into the P-101 drive-end bearing?' }),
    })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const events = await sse(res)
    const kinds = events.map((e) => e.event)
    expect(kinds[0]).toBe('delta')
    expect(kinds.at(-1)).toBe('done')
    expect(kinds.indexOf('citations')).toBeGreaterThan(kinds.lastIndexOf('delta'))
    const done = events.at(-1)!.data
    expect(done).toMatchObject({
      mode: 'offline',
      conversation_id: expect.any(String),
      message_id: expect.any(String),
    })
    const text = events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('')
    const stored = await (
      await svc.fetch(`/v1/conversations/${done.conversation_id}`, { key: operator })
    ).json()
    expect(stored.messages.at(-1).content).toBe(text)
  })

  it('keeps a conversation and carries the equipment into a follow-up', async () => {
    const first = await chat(operator, { message: 'What is the vibration alarm limit for P-101?' })
    const id = first.body.conversation_id
    const second = await chat(operator, { message: 'and the trip value?', conversation_id: id })
    expect(second.status).toBe(200)
    expect(second.body.conversation_id).toBe(id)
    expect(second.body.citations.length).toBeGreaterThan(0)
    const convo = await (await svc.fetch(`/v1/conversations/${id}`, { key: operator })).json()
    expect(convo.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
    // Another key cannot read or continue it.
    expect((await svc.fetch(`/v1/conversations/${id}`, { key: other })).status).toBe(404)
    expect((await chat(other, { message: 'more?', conversation_id: id })).status).toBe(404)
  })

  it('rejects bad requests with a problem naming the field', async () => {
    expect((await chat(operator, {})).body.field).toBe('message')
    expect((await chat(operator, { message: 'x', conversation_id: 'nope' })).body.field).toBe(
      'conversation_id',
    )
    expect((await chat(operator, { message: 'x', site: 'elsewhere' })).status).toBe(403)
  })
})

describe('feedback and audit', () => {
  it('records a rating on an answer and every turn in the audit trail', async () => {
    const r = await chat(operator, { message: 'How often is the K-201 oil changed?' })
    const fb = await svc.fetch('/v1/feedback', {
      key: operator,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message_id: r.body.message_id,
        rating: 'down',
        comment: 'wanted the litres too',
      }),
    })
    expect(fb.status).toBe(201)
    const bad = await svc.fetch('/v1/feedback', {
      key: operator,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message_id: r.body.message_id, rating: 'meh' }),
    })
    expect((await bad.json()).field).toBe('rating')
    expect((await svc.fetch('/v1/audit', { key: operator })).status).toBe(403)
    const audit = (await (await svc.fetch('/v1/audit?limit=50', { key: admin })).json()) as any
    const entry = audit.entries.find((e: any) => e.message_id === r.body.message_id)
    expect(entry).toMatchObject({
      question: 'How often is the K-201 oil changed?',
      channel: 'api',
      mode: 'offline',
    })
    expect(entry.retrieved.length).toBeGreaterThan(0)
    expect(entry.retrieved[0]).toMatchObject({ chunk_id: expect.any(Number), score: expect.any(Number) })
    expect(entry.latency_ms).toBeGreaterThanOrEqual(0)
    const rows = await svc.store.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM feedback WHERE rating = 'down'`,
    )
    expect(rows[0]!.n).toBe(1)
  })
})

describe('feedback export', () => {
  it('turns down-rated answers into eval cases for a reviewer', async () => {
    const { exportDownRated } = await import('../src/answer/feedback-export.ts')
    const cases = await exportDownRated(svc.store)
    const c = cases.find((x) => x.question === 'How often is the K-201 oil changed?')
    expect(c).toMatchObject({ kind: 'retrieval', sources: [], answer_contains: [] })
    expect(c!.notes).toContain('wanted the litres too')
    expect(c!.id).toMatch(/^feedback-/)
  })
})
