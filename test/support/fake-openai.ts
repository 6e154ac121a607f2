/**
 * A scripted OpenAI-compatible HTTP server for tests: real HTTP on 127.0.0.1 with an ephemeral port, so the
 * real `openai` SDK (or LangChain's ChatOpenAI) can talk to it unchanged.
 *
 *   const fake = await startFakeOpenAI()
 *   const client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'test' })
 *   fake.enqueue({ type: 'tool_calls', calls: [{ name: 'read_tag', arguments: { tag: 'PT-101' } }] })
 *   ...
 *   await fake.close()
 *
 * Routes
 *   POST /v1/embeddings        deterministic vectors (feature hashing of the input's words, so texts sharing
 *                              words are similar; identical text -> identical vector), unit length. Length =
 *                              request `dimensions`, else the `embeddingDimensions` option (default 64).
 *                              `encoding_format: 'base64'` -> little-endian float32 base64 like the real API;
 *                              'float' or absent -> number arrays.
 *   POST /v1/chat/completions  answers from the script queue; SSE chunks when the request has `stream: true`.
 *   GET  /v1/models[/:id]      the `models` option.
 *
 * Script queue (FIFO, shared by all routes). On each request the server takes, from the front of the queue:
 * first any modifier steps (`stall`, `delayChunks`) that apply to the route, then one response step
 * (`text`, `tool_calls`, `status`) if the front one applies. Steps that do not apply are left in place. With no
 * response step the route answers normally (chat: `defaultText`). Which route a step applies to: `endpoint` if
 * given, else `text`/`tool_calls`/`delayChunks` -> chat, `status`/`stall` -> any route.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeEndpoint = 'chat' | 'embeddings' | 'models' | 'any'

export interface FakeToolCall {
  name: string
  /** Object (JSON-encoded for you) or an already-encoded string, which is sent verbatim. */
  arguments: string | Record<string, unknown>
  /** Default `call_<n>`. */
  id?: string
}

export type FakeStep =
  | { type: 'text'; content: string; endpoint?: FakeEndpoint }
  | {
      type: 'tool_calls'
      calls: FakeToolCall[] /** optional assistant text before the calls */
      content?: string
      endpoint?: FakeEndpoint
    }
  | {
      type: 'status'
      status: number
      /** JSON value or raw string. Default: an OpenAI-style `{ error: { message, type, code } }`. */
      body?: unknown
      /** Extra headers. 429 and 5xx get `retry-after-ms: 10` unless you set retry headers, to keep SDK retries fast. */
      headers?: Record<string, string>
      endpoint?: FakeEndpoint
    }
  /** Wait `ms` before answering (to exercise client timeouts); then the next response step applies. */
  | { type: 'stall'; ms: number; endpoint?: FakeEndpoint }
  /** Wait `ms` between streamed chunks of the next streamed chat answer. */
  | { type: 'delayChunks'; ms: number; endpoint?: FakeEndpoint }

export interface FakeOpenAIOptions {
  steps?: FakeStep[]
  /** Embedding length when the request does not ask for `dimensions`. Default 64. */
  embeddingDimensions?: number
  /** Chat answer when no response step is queued. */
  defaultText?: string
  /** Ids served by GET /v1/models. */
  models?: string[]
  /** When set, requests must carry `Authorization: Bearer <apiKey>`, else 401. */
  apiKey?: string
}

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string>
  /** Parsed JSON body; the raw string if it was not JSON; undefined when empty. */
  body: unknown
  /** Route the request was matched to, or null for an unknown route. */
  endpoint: Exclude<FakeEndpoint, 'any'> | null
  /** The response step consumed for this request, if any. */
  step?: FakeStep
}

export interface FakeOpenAI {
  /** e.g. http://127.0.0.1:40123/v1, ready for `new OpenAI({ baseURL })`. */
  baseURL: string
  port: number
  /** Every request received, in arrival order (including retries). */
  requests: RecordedRequest[]
  enqueue(...steps: FakeStep[]): void
  /** Steps still queued. */
  pending(): number
  close(): Promise<void>
}

export const DEFAULT_FAKE_TEXT = 'This is the fake OpenAI server default answer.'
const CREATED = 1_700_000_000

type ChatBody = {
  model?: string
  stream?: boolean
  stream_options?: { include_usage?: boolean } | null
  messages?: unknown[]
}
type EmbeddingsBody = {
  model?: string
  input?: unknown
  dimensions?: number
  encoding_format?: string
}

const isModifier = (s: FakeStep) => s.type === 'stall' || s.type === 'delayChunks'
const stepEndpoint = (s: FakeStep): FakeEndpoint =>
  s.endpoint ?? (s.type === 'status' || s.type === 'stall' ? 'any' : 'chat')

function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h >>> 0
}

/** Feature-hashing embedding: each lowercase word adds ±1 at two hashed positions; unit length. */
export function fakeEmbedding(text: string, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions)
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const features = words.length > 0 ? words : [`\u0000${text}`]
  for (const w of features) {
    for (const seed of [1, 2]) {
      const h = hash32(w, seed)
      const i = h % dimensions
      v[i] = (v[i] as number) + (h & 0x80000000 ? -1 : 1)
    }
  }
  let sq = 0
  for (const x of v) sq += x * x
  if (sq === 0) {
    v[hash32(text, 3) % dimensions] = 1
    sq = 1
  }
  const inv = 1 / Math.sqrt(sq)
  for (let i = 0; i < dimensions; i++) v[i] = (v[i] as number) * inv
  return v
}

function toBase64(v: Float32Array): string {
  const buf = Buffer.alloc(v.length * 4)
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i] as number, i * 4)
  return buf.toString('base64')
}

/** Splits text into streamable pieces: words with their trailing whitespace. */
function pieces(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : [])
}

/** Splits a string into `n` roughly equal parts (at least one). */
function split(text: string, n: number): string[] {
  if (text.length === 0) return ['']
  const size = Math.max(1, Math.ceil(text.length / n))
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

const approxTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4))

export async function startFakeOpenAI(script?: FakeStep[] | FakeOpenAIOptions): Promise<FakeOpenAI> {
  const opts: FakeOpenAIOptions = Array.isArray(script) ? { steps: script } : (script ?? {})
  const queue: FakeStep[] = [...(opts.steps ?? [])]
  const requests: RecordedRequest[] = []
  const defaultDims = opts.embeddingDimensions ?? 64
  const models = opts.models ?? ['fake-chat', 'fake-embed']
  const closing = new AbortController()
  let seq = 0

  function take(endpoint: Exclude<FakeEndpoint, 'any'>) {
    const applies = (s: FakeStep) => {
      const e = stepEndpoint(s)
      return e === 'any' || e === endpoint
    }
    let stallMs = 0
    let chunkDelayMs = 0
    while (queue[0] && isModifier(queue[0]) && applies(queue[0])) {
      const m = queue.shift() as FakeStep
      if (m.type === 'stall') stallMs += m.ms
      if (m.type === 'delayChunks') chunkDelayMs = m.ms
    }
    const front = queue[0]
    const step = front && !isModifier(front) && applies(front) ? queue.shift() : undefined
    return { stallMs, chunkDelayMs, step }
  }

  /** Resolves true after `ms`, or false early if the client went away or the server is closing. */
  function sleep(ms: number, res: ServerResponse): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(!res.destroyed)
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer)
        res.off('close', onClose)
        closing.signal.removeEventListener('abort', onClose)
        resolve(ok)
      }
      const onClose = () => done(false)
      const timer = setTimeout(() => done(!res.destroyed), ms)
      res.on('close', onClose)
      closing.signal.addEventListener('abort', onClose)
    })
  }

  function sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    if (res.destroyed) return
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'x-request-id': `req_fake_${seq}`,
      ...headers,
    })
    res.end(text)
  }

  function errorBody(status: number, message: string) {
    const type =
      status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error'
    return { error: { message, type, param: null, code: type } }
  }

  function sendStatus(res: ServerResponse, step: Extract<FakeStep, { type: 'status' }>) {
    const headers: Record<string, string> = { ...(step.headers ?? {}) }
    const hasRetryHeader = Object.keys(headers).some((h) => h.toLowerCase().startsWith('retry-after'))
    if ((step.status === 429 || step.status >= 500) && !hasRetryHeader) headers['retry-after-ms'] = '10'
    sendJson(res, step.status, step.body ?? errorBody(step.status, `scripted ${step.status}`), headers)
  }

  function handleEmbeddings(body: EmbeddingsBody, res: ServerResponse) {
    const input = body.input
    let items: string[]
    if (typeof input === 'string') items = [input]
    else if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')) {
      items = input as string[]
    } else if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'number')) {
      items = [JSON.stringify(input)]
    } else if (Array.isArray(input) && input.length > 0 && input.every(Array.isArray)) {
      items = input.map((x) => JSON.stringify(x))
    } else {
      sendJson(res, 400, errorBody(400, "'input' must be a non-empty string or array"))
      return
    }
    if (items.some((s) => s === '')) {
      sendJson(res, 400, errorBody(400, "'input' must not contain empty strings"))
      return
    }
    const dims = body.dimensions ?? defaultDims
    if (!Number.isInteger(dims) || dims < 1) {
      sendJson(res, 400, errorBody(400, "'dimensions' must be a positive integer"))
      return
    }
    const base64 = body.encoding_format === 'base64'
    const tokens = items.reduce((n, s) => n + approxTokens(s), 0)
    sendJson(res, 200, {
      object: 'list',
      data: items.map((text, index) => {
        const v = fakeEmbedding(text, dims)
        return { object: 'embedding', index, embedding: base64 ? toBase64(v) : Array.from(v) }
      }),
      model: body.model ?? 'fake-embed',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    })
  }

  async function handleChat(
    body: ChatBody,
    res: ServerResponse,
    step: FakeStep | undefined,
    chunkDelayMs: number,
  ) {
    const id = `chatcmpl-fake-${seq}`
    const model = body.model ?? 'fake-chat'
    const content =
      step?.type === 'text' ? step.content : step?.type === 'tool_calls' ? (step.content ?? null) : null
    const text = step === undefined ? (opts.defaultText ?? DEFAULT_FAKE_TEXT) : content
    const calls =
      step?.type === 'tool_calls'
        ? step.calls.map((c, i) => ({
            id: c.id ?? `call_${seq}_${i}`,
            type: 'function' as const,
            function: {
              name: c.name,
              arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
            },
          }))
        : []
    const finish = calls.length > 0 ? 'tool_calls' : 'stop'
    const promptTokens = approxTokens(JSON.stringify(body.messages ?? []))
    const completionTokens = approxTokens((text ?? '') + calls.map((c) => c.function.arguments).join(''))
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    }

    if (!body.stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: CREATED,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: text,
              refusal: null,
              ...(calls.length > 0 ? { tool_calls: calls } : {}),
            },
            logprobs: null,
            finish_reason: finish,
          },
        ],
        usage,
      })
      return
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': `req_fake_${seq}`,
    })
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    })
    const events: unknown[] = [chunk({ role: 'assistant', content: calls.length > 0 && !text ? null : '' })]
    for (const p of pieces(text ?? '')) events.push(chunk({ content: p }))
    calls.forEach((c, index) => {
      events.push(
        chunk({
          tool_calls: [
            { index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } },
          ],
        }),
      )
      for (const part of split(c.function.arguments, 3)) {
        events.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }))
      }
    })
    events.push(chunk({}, finish))
    if (body.stream_options?.include_usage) {
      events.push({ id, object: 'chat.completion.chunk', created: CREATED, model, choices: [], usage })
    }
    for (const [i, ev] of events.entries()) {
      if (i > 0 && !(await sleep(chunkDelayMs, res))) return
      if (res.destroyed) return
      res.write(`data: ${JSON.stringify(ev)}\n\n`)
    }
    res.end('data: [DONE]\n\n')
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    seq++
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    let body: unknown
    if (raw !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        body = raw
      }
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname.replace(/\/+$/, '')
    const method = req.method ?? 'GET'
    let endpoint: RecordedRequest['endpoint'] = null
    if (method === 'POST' && path === '/v1/chat/completions') endpoint = 'chat'
    else if (method === 'POST' && path === '/v1/embeddings') endpoint = 'embeddings'
    else if (method === 'GET' && (path === '/v1/models' || path.startsWith('/v1/models/')))
      endpoint = 'models'

    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
    }
    const record: RecordedRequest = { method, path: url.pathname, headers, body, endpoint }
    requests.push(record)

    if (opts.apiKey !== undefined && headers['authorization'] !== `Bearer ${opts.apiKey}`) {
      sendJson(res, 401, errorBody(401, 'Incorrect API key provided'))
      return
    }
    if (endpoint === null) {
      sendJson(res, 404, errorBody(404, `no route for ${method} ${url.pathname}`))
      return
    }
    if ((endpoint === 'chat' || endpoint === 'embeddings') && (typeof body !== 'object' || body === null)) {
      sendJson(res, 400, errorBody(400, 'request body must be a JSON object'))
      return
    }

    const { stallMs, chunkDelayMs, step } = take(endpoint)
    if (step) record.step = step
    if (!(await sleep(stallMs, res))) return
    if (step?.type === 'status') {
      sendStatus(res, step)
      return
    }
    if (endpoint === 'models') {
      const all = models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'fake' }))
      if (path === '/v1/models') sendJson(res, 200, { object: 'list', data: all })
      else {
        const id = decodeURIComponent(path.slice('/v1/models/'.length))
        const found = all.find((m) => m.id === id)
        if (found) sendJson(res, 200, found)
        else sendJson(res, 404, errorBody(404, `model ${id} not found`))
      }
      return
    }
    if (endpoint === 'embeddings') {
      handleEmbeddings(body as EmbeddingsBody, res)
      return
    }
    await handleChat(body as ChatBody, res, step, chunkDelayMs)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `fake server bug: ${String(err)}`))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    enqueue: (...steps) => {
      queue.push(...steps)
    },
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
