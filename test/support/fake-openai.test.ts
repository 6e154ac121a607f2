import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_FAKE_TEXT, type FakeOpenAI, fakeEmbedding, startFakeOpenAI } from './fake-openai.ts'

let fake: FakeOpenAI
let client: OpenAI

beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 32 })
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'test-key', maxRetries: 2, timeout: 5_000 })
})
afterAll(async () => {
  await fake.close()
})
afterEach(() => {
  expect(fake.pending()).toBe(0)
  fake.requests.length = 0
})

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0))

describe('fake OpenAI server with the real SDK', () => {
  it('serves float embeddings, deterministic and unit length', async () => {
    const res = await client.embeddings.create({
      model: 'fake-embed',
      input: ['pump impeller wear', 'pump impeller wear', 'cooling tower'],
      encoding_format: 'float',
    })
    expect(res.data).toHaveLength(3)
    const [a, b, c] = res.data.map((d) => d.embedding)
    expect(a).toHaveLength(32)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    expect(norm(a as number[])).toBeCloseTo(1, 5)
    expect(fake.requests[0]?.body).toMatchObject({ encoding_format: 'float', model: 'fake-embed' })
    expect(fake.requests[0]?.headers['authorization']).toBe('Bearer test-key')
  })

  it('serves base64 embeddings that the SDK decodes (its default when encoding_format is omitted)', async () => {
    const res = await client.embeddings.create({
      model: 'fake-embed',
      input: 'pump impeller wear',
      dimensions: 16,
    })
    expect(fake.requests[0]?.body).toMatchObject({ encoding_format: 'base64', dimensions: 16 })
    const v = Array.from(res.data[0]?.embedding ?? [])
    const expected = Array.from(fakeEmbedding('pump impeller wear', 16))
    expect(v).toHaveLength(16)
    v.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i] as number, 6)
    })
  })

  it('answers chat from the script and falls back to the default text', async () => {
    fake.enqueue({ type: 'text', content: 'Scripted answer.' })
    const first = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(first.choices[0]?.message.content).toBe('Scripted answer.')
    const second = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'hi again' }],
    })
    expect(second.choices[0]?.message.content).toBe(DEFAULT_FAKE_TEXT)
    expect(fake.requests.map((r) => r.endpoint)).toEqual(['chat', 'chat'])
  })

  it('streams a tool call as SSE deltas the SDK can reassemble', async () => {
    fake.enqueue(
      { type: 'delayChunks', ms: 2 },
      { type: 'tool_calls', calls: [{ name: 'read_tag', arguments: { tag: 'PT-101', unit: 'bar' } }] },
    )
    const stream = client.chat.completions.stream({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'what is PT-101?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'read_tag',
            parameters: { type: 'object', properties: { tag: { type: 'string' } } },
          },
        },
      ],
      stream: true,
    })
    let deltas = 0
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.tool_calls) deltas++
    }
    const done = await stream.finalChatCompletion()
    const choice = done.choices[0]
    expect(deltas).toBeGreaterThan(1)
    expect(choice?.finish_reason).toBe('tool_calls')
    const call = choice?.message.tool_calls?.[0]
    expect(call?.type).toBe('function')
    if (call?.type !== 'function') throw new Error('expected a function tool call')
    expect(call.function.name).toBe('read_tag')
    expect(JSON.parse(call.function.arguments)).toEqual({ tag: 'PT-101', unit: 'bar' })
    expect(call.id).toMatch(/^call_/)
  })

  it('streams text in several chunks ending with [DONE], with usage when asked', async () => {
    fake.enqueue({ type: 'text', content: 'Close the discharge valve slowly.' })
    const stream = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'how?' }],
      stream: true,
      stream_options: { include_usage: true },
    })
    let text = ''
    let contentChunks = 0
    let usage: unknown = null
    for await (const chunk of stream) {
      const c = chunk.choices[0]?.delta.content
      if (c) {
        text += c
        contentChunks++
      }
      if (chunk.usage) usage = chunk.usage
    }
    expect(text).toBe('Close the discharge valve slowly.')
    expect(contentChunks).toBeGreaterThan(1)
    expect(usage).toMatchObject({ total_tokens: expect.any(Number) })
  })

  it('returns a scripted 429 that the SDK retries, then succeeds', async () => {
    fake.enqueue({ type: 'status', status: 429 }, { type: 'text', content: 'after retry' })
    const res = await client.chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(res.choices[0]?.message.content).toBe('after retry')
    expect(fake.requests).toHaveLength(2)
    expect(fake.requests.map((r) => r.step?.type)).toEqual(['status', 'text'])
  })

  it('surfaces a non-retried error status with its body', async () => {
    fake.enqueue({ type: 'status', status: 400, body: { error: { message: 'bad things', type: 'x' } } })
    await expect(
      client.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('bad things') })
    expect(fake.requests).toHaveLength(1)
  })

  it('stalls to trigger a client timeout', async () => {
    fake.enqueue({ type: 'stall', ms: 1_000 }, { type: 'text', content: 'too late' })
    const impatient = new OpenAI({ baseURL: fake.baseURL, apiKey: 'k', maxRetries: 0, timeout: 100 })
    await expect(
      impatient.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toThrow(/timed out/i)
  })

  it('leaves chat-only steps queued for embeddings requests', async () => {
    fake.enqueue({ type: 'text', content: 'for chat' })
    await client.embeddings.create({ model: 'fake-embed', input: 'x', encoding_format: 'float' })
    expect(fake.pending()).toBe(1)
    const res = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'q' }],
    })
    expect(res.choices[0]?.message.content).toBe('for chat')
  })

  it('lists models', async () => {
    const ids: string[] = []
    for await (const m of client.models.list()) ids.push(m.id)
    expect(ids).toEqual(['fake-chat', 'fake-embed'])
    expect((await client.models.retrieve('fake-embed')).id).toBe('fake-embed')
  })
})

describe('fake OpenAI options', () => {
  it('requires the configured API key', async () => {
    const locked = await startFakeOpenAI({ apiKey: 'sekrit' })
    try {
      const bad = new OpenAI({ baseURL: locked.baseURL, apiKey: 'wrong', maxRetries: 0 })
      await expect(bad.models.list()).rejects.toMatchObject({ status: 401 })
      const good = new OpenAI({ baseURL: locked.baseURL, apiKey: 'sekrit', maxRetries: 0 })
      expect((await good.models.list()).data.length).toBeGreaterThan(0)
    } finally {
      await locked.close()
    }
  })

  it('close() does not wait for a stalled request', async () => {
    const f = await startFakeOpenAI([{ type: 'stall', ms: 60_000 }])
    const c = new OpenAI({ baseURL: f.baseURL, apiKey: 'k', maxRetries: 0 })
    const pending = c.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'q' }] })
    pending.catch(() => {})
    while (f.requests.length === 0) await new Promise((r) => setTimeout(r, 5))
    const t = Date.now()
    await f.close()
    expect(Date.now() - t).toBeLessThan(2_000)
    await expect(pending).rejects.toThrow()
  })
})
