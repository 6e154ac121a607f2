import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type FakeOpenAI, fakeEmbedding, startFakeOpenAI } from '../../test/support/fake-openai.ts'
import { createEmbeddingProvider } from './index.ts'
import {
  createOpenAIEmbeddingProvider,
  EmbeddingError,
  OpenAIEmbeddingProvider,
  openAIOptionsFromEnv,
} from './openai.ts'
import { cosine, isNullEmbedding, l2norm } from './vector.ts'
import { WinkEmbeddingProvider } from './wink.ts'

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 48 })
})
afterAll(async () => {
  await fake.close()
})
afterEach(() => {
  expect(fake.pending()).toBe(0)
  fake.requests.length = 0
})

const embeddingBodies = () =>
  fake.requests.filter((r) => r.endpoint === 'embeddings').map((r) => r.body as Record<string, unknown>)

describe('OpenAIEmbeddingProvider', () => {
  it('batches 150 texts into 64 + 64 + 22, asks for floats, keeps order and normalises', async () => {
    const p = new OpenAIEmbeddingProvider({ baseURL: fake.baseURL, model: 'fake-embed', dimensions: 48 })
    const texts = Array.from({ length: 150 }, (_, i) => `work order ${i} pump seal leak`)
    const out = await p.embed(texts)
    const bodies = embeddingBodies()
    expect(bodies.map((b) => (b['input'] as string[]).length)).toEqual([64, 64, 22])
    expect(bodies.every((b) => b['encoding_format'] === 'float' && b['model'] === 'fake-embed')).toBe(true)
    expect(out).toHaveLength(150)
    out.forEach((v, i) => {
      expect(v).toHaveLength(48)
      expect(l2norm(v)).toBeCloseTo(1, 5)
      expect(cosine(v, fakeEmbedding(texts[i] as string, 48))).toBeCloseTo(1, 5)
    })
    expect(p.id).toBe('openai:fake-embed')
  })

  it('honours a configured batch size and concurrency', async () => {
    const p = new OpenAIEmbeddingProvider({
      baseURL: fake.baseURL,
      model: 'm',
      batchSize: 10,
      concurrency: 3,
    })
    const texts = Array.from({ length: 35 }, (_, i) => `text ${i}`)
    const out = await p.embed(texts)
    const sizes = embeddingBodies().map((b) => (b['input'] as string[]).length)
    expect(sizes.sort((a, b) => b - a)).toEqual([10, 10, 10, 5]) // concurrent: arrival order varies
    out.forEach((v, i) => {
      expect(cosine(v, fakeEmbedding(texts[i] as string, 48))).toBeCloseTo(1, 5)
    })
  })

  it('discovers dimensions from the first response when not configured', async () => {
    const p = new OpenAIEmbeddingProvider({ baseURL: fake.baseURL, model: 'm' })
    expect(p.hasDimensions).toBe(false)
    expect(() => p.dimensions).toThrow(EmbeddingError)
    await p.embedQuery('pump')
    expect(p.dimensions).toBe(48)
    expect(embeddingBodies()[0]).not.toHaveProperty('dimensions')

    const probed = await createOpenAIEmbeddingProvider({ baseURL: fake.baseURL, model: 'm' })
    expect(probed.dimensions).toBe(48)
  })

  it('sends configured dimensions to the API', async () => {
    const p = await createOpenAIEmbeddingProvider({ baseURL: fake.baseURL, model: 'm', dimensions: 12 })
    expect(fake.requests).toHaveLength(0) // no probe needed
    const [v] = await p.embed(['pump'])
    expect(v).toHaveLength(12)
    expect(embeddingBodies()[0]).toMatchObject({ dimensions: 12, encoding_format: 'float' })
  })

  it('retries on 429 and 5xx, then succeeds', async () => {
    fake.enqueue({ type: 'status', status: 429 }, { type: 'status', status: 503 })
    const p = new OpenAIEmbeddingProvider({ baseURL: fake.baseURL, model: 'm', maxRetries: 3 })
    const [v] = await p.embed(['pump'])
    expect(v).toHaveLength(48)
    expect(fake.requests.map((r) => r.step?.type ?? 'ok')).toEqual(['status', 'status', 'ok'])
  })

  it('gives up after maxRetries with a readable error', async () => {
    fake.enqueue({ type: 'status', status: 500 }, { type: 'status', status: 500 })
    const p = new OpenAIEmbeddingProvider({ baseURL: fake.baseURL, model: 'm', maxRetries: 1 })
    const err = await p.embed(['pump']).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EmbeddingError)
    expect(err).toMatchObject({ code: 'http', status: 500 })
    expect((err as Error).message).toContain(fake.baseURL)
    expect(fake.requests).toHaveLength(2)
  })

  it('explains an unreachable server', async () => {
    const gone = await startFakeOpenAI()
    const url = gone.baseURL
    await gone.close()
    const p = new OpenAIEmbeddingProvider({ baseURL: url, model: 'm', maxRetries: 0 })
    const err = await p.embed(['pump']).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EmbeddingError)
    expect(err).toMatchObject({ code: 'unreachable' })
    expect((err as Error).message).toMatch(
      new RegExp(`${url}.*unreachable.*ECONNREFUSED.*EMBEDDINGS_BASE_URL`),
    )
  })

  it('times out a stalled server', async () => {
    fake.enqueue({ type: 'stall', ms: 2_000, endpoint: 'embeddings' })
    const p = new OpenAIEmbeddingProvider({
      baseURL: fake.baseURL,
      model: 'm',
      timeoutMs: 150,
      maxRetries: 0,
    })
    await expect(p.embed(['pump'])).rejects.toMatchObject({ code: 'timeout' })
  })

  it('embeds blank texts locally as tiny non-zero vectors without sending them', async () => {
    const p = new OpenAIEmbeddingProvider({ baseURL: fake.baseURL, model: 'm', dimensions: 48 })
    const out = await p.embed(['', 'pump', '  '])
    expect(embeddingBodies().map((b) => b['input'])).toEqual([['pump']])
    expect(isNullEmbedding(out[0] as Float32Array)).toBe(true)
    expect(isNullEmbedding(out[2] as Float32Array)).toBe(true)
    expect(out[0]).toHaveLength(48)
    expect(isNullEmbedding(out[1] as Float32Array)).toBe(false)
  })

  it('applies query and document prefixes', async () => {
    const p = new OpenAIEmbeddingProvider({
      baseURL: fake.baseURL,
      model: 'm',
      dimensions: 48,
      queryPrefix: 'query: ',
      documentPrefix: 'passage: ',
    })
    await p.embedQuery('pump')
    await p.embed(['seal'])
    expect(embeddingBodies().map((b) => b['input'])).toEqual([['query: pump'], ['passage: seal']])
  })

  it('rejects vectors of the wrong length or a short answer', async () => {
    // A scripted raw 200 lets the server ignore `dimensions`, as some servers do.
    const raw = (embeddings: number[][]) => ({
      type: 'status' as const,
      status: 200,
      endpoint: 'embeddings' as const,
      body: {
        object: 'list',
        model: 'm',
        data: embeddings.map((embedding, index) => ({ index, embedding })),
      },
    })
    const p = new OpenAIEmbeddingProvider({
      baseURL: fake.baseURL,
      model: 'm',
      dimensions: 48,
      maxRetries: 0,
    })
    fake.enqueue(raw([[1, 2, 3]]))
    await expect(p.embed(['pump'])).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringContaining('3-dim vectors for openai:m, expected 48 (EMBEDDINGS_DIMENSIONS)'),
    })
    fake.enqueue(raw([[1, 2, 3]]))
    await expect(p.embed(['a', 'b'])).rejects.toMatchObject({ code: 'bad_response' })
    // Out-of-order `index` fields are put back in input order; a base64 string is decoded anyway.
    const q = new OpenAIEmbeddingProvider({ baseURL: fake.baseURL, model: 'm', maxRetries: 0 })
    const b64 = Buffer.from(new Float32Array([0, 3, 4]).buffer).toString('base64')
    fake.enqueue({
      ...raw([]),
      body: {
        data: [
          { index: 1, embedding: [1, 0, 0] },
          { index: 0, embedding: b64 },
        ],
      },
    })
    const [first, second] = await q.embed(['x', 'y'])
    expect(Array.from(first as Float32Array)).toEqual([0, Math.fround(0.6), Math.fround(0.8)])
    expect(Array.from(second as Float32Array)).toEqual([1, 0, 0])
    expect(q.dimensions).toBe(3)
  })
})

describe('configuration from env', () => {
  it('reads EMBEDDINGS_* variables', () => {
    expect(openAIOptionsFromEnv({})).toBeNull()
    expect(openAIOptionsFromEnv({ EMBEDDINGS_BASE_URL: 'http://x/v1' })).toBeNull()
    expect(
      openAIOptionsFromEnv({
        EMBEDDINGS_BASE_URL: 'http://x/v1',
        EMBEDDINGS_MODEL: 'bge',
        EMBEDDINGS_API_KEY: 'k',
        EMBEDDINGS_DIMENSIONS: '384',
        EMBEDDINGS_BATCH_SIZE: '16',
        EMBEDDINGS_TIMEOUT_MS: '5000',
        EMBEDDINGS_MAX_RETRIES: '0',
      }),
    ).toEqual({
      baseURL: 'http://x/v1',
      model: 'bge',
      apiKey: 'k',
      dimensions: 384,
      batchSize: 16,
      timeoutMs: 5000,
      maxRetries: 0,
    })
    expect(() =>
      openAIOptionsFromEnv({ EMBEDDINGS_BASE_URL: 'u', EMBEDDINGS_MODEL: 'm', EMBEDDINGS_DIMENSIONS: 'abc' }),
    ).toThrow(/EMBEDDINGS_DIMENSIONS/)
  })

  it('createEmbeddingProvider picks OpenAI when base URL and model are set', async () => {
    const p = await createEmbeddingProvider({
      EMBEDDINGS_BASE_URL: fake.baseURL,
      EMBEDDINGS_MODEL: 'fake-embed',
    })
    expect(p).toBeInstanceOf(OpenAIEmbeddingProvider)
    expect(p.id).toBe('openai:fake-embed')
    expect(p.dimensions).toBe(48) // probed at creation
  })

  it('createEmbeddingProvider falls back to wink, warning when half-configured', async () => {
    const warnings: string[] = []
    const p = await createEmbeddingProvider({ EMBEDDINGS_MODEL: 'x' }, { warn: (l) => warnings.push(l) })
    expect(p).toBeInstanceOf(WinkEmbeddingProvider)
    expect(p.id).toBe('wink-sif-100d')
    expect(warnings).toEqual([expect.stringContaining('EMBEDDINGS_BASE_URL')])
    const quiet = await createEmbeddingProvider({}, { warn: (l) => warnings.push(l) })
    expect(quiet.id).toBe('wink-sif-100d')
    expect(warnings).toHaveLength(1)
  }, 60_000)
})
