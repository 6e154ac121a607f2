/**
 * Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, vLLM, llama.cpp, Ollama, LocalAI…)
 * through the `openai` SDK.
 *
 * Environment (read by `openAIOptionsFromEnv`):
 *   EMBEDDINGS_BASE_URL        e.g. http://127.0.0.1:8080/v1 (required)
 *   EMBEDDINGS_MODEL           model name sent to the server (required)
 *   EMBEDDINGS_API_KEY         bearer token; optional for local servers
 *   EMBEDDINGS_DIMENSIONS      expected vector length. Also sent as the API's `dimensions` parameter
 *                              (OpenAI text-embedding-3-* shorten their output accordingly). Unset = discovered
 *                              from the first response. If a server rejects the parameter, unset this.
 *   EMBEDDINGS_BATCH_SIZE      texts per request (default 64)
 *   EMBEDDINGS_CONCURRENCY     requests in flight (default 1)
 *   EMBEDDINGS_TIMEOUT_MS      per-request timeout (default 120000)
 *   EMBEDDINGS_MAX_RETRIES     SDK retries on connection errors, 408/409/429/5xx, with backoff (default 3)
 *   EMBEDDINGS_QUERY_PREFIX    prepended to queries, for models trained with one ("query: ", "search_query: ")
 *   EMBEDDINGS_DOCUMENT_PREFIX prepended to documents ("passage: ", "search_document: ")
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai'
import type { EmbeddingProvider } from './types.ts'
import { normalizeInPlace, nullEmbedding } from './vector.ts'

export interface OpenAIEmbeddingOptions {
  baseURL: string
  model: string
  apiKey?: string
  dimensions?: number
  batchSize?: number
  concurrency?: number
  timeoutMs?: number
  maxRetries?: number
  queryPrefix?: string
  documentPrefix?: string
}

export type EmbeddingErrorCode = 'config' | 'unreachable' | 'timeout' | 'http' | 'bad_response'

/** Raised by the embedding providers; `message` is one readable line naming the server and what to check. */
export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly code: EmbeddingErrorCode,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'EmbeddingError'
  }
}

export const DEFAULT_BATCH_SIZE = 64
export const DEFAULT_TIMEOUT_MS = 120_000
export const DEFAULT_MAX_RETRIES = 3

/** Used when no key is configured: local servers ignore it, but the SDK refuses to start without one. */
const PLACEHOLDER_API_KEY = 'no-key'

function intFromEnv(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name]?.trim()
  if (!raw) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) {
    throw new EmbeddingError(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`, 'config')
  }
  return n
}

/** Reads the EMBEDDINGS_* variables; null when EMBEDDINGS_BASE_URL or EMBEDDINGS_MODEL is missing. */
export function openAIOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenAIEmbeddingOptions | null {
  const baseURL = env['EMBEDDINGS_BASE_URL']?.trim()
  const model = env['EMBEDDINGS_MODEL']?.trim()
  if (!baseURL || !model) return null
  const opts: OpenAIEmbeddingOptions = { baseURL, model }
  const apiKey = env['EMBEDDINGS_API_KEY']?.trim()
  if (apiKey) opts.apiKey = apiKey
  const dims = intFromEnv(env, 'EMBEDDINGS_DIMENSIONS', 1)
  if (dims !== undefined) opts.dimensions = dims
  const batch = intFromEnv(env, 'EMBEDDINGS_BATCH_SIZE', 1)
  if (batch !== undefined) opts.batchSize = batch
  const conc = intFromEnv(env, 'EMBEDDINGS_CONCURRENCY', 1)
  if (conc !== undefined) opts.concurrency = conc
  const timeout = intFromEnv(env, 'EMBEDDINGS_TIMEOUT_MS', 1)
  if (timeout !== undefined) opts.timeoutMs = timeout
  const retries = intFromEnv(env, 'EMBEDDINGS_MAX_RETRIES', 0)
  if (retries !== undefined) opts.maxRetries = retries
  if (env['EMBEDDINGS_QUERY_PREFIX']) opts.queryPrefix = env['EMBEDDINGS_QUERY_PREFIX']
  if (env['EMBEDDINGS_DOCUMENT_PREFIX']) opts.documentPrefix = env['EMBEDDINGS_DOCUMENT_PREFIX']
  return opts
}

/** Walks an error's `cause` chain for a system error code such as ECONNREFUSED. */
function causeCode(err: unknown): string | undefined {
  let e: unknown = err
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

function decodeBase64Floats(b64: string): number[] {
  const bytes = Buffer.from(b64, 'base64')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Array<number>(bytes.byteLength >> 2)
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true)
  return out
}

export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  readonly id: string
  readonly model: string
  readonly baseURL: string
  readonly batchSize: number
  readonly concurrency: number
  private readonly client: OpenAI
  private readonly configuredDims: number | undefined
  private discoveredDims: number | undefined
  private readonly queryPrefix: string
  private readonly documentPrefix: string

  constructor(opts: OpenAIEmbeddingOptions) {
    if (!opts.baseURL) throw new EmbeddingError('embeddings base URL is empty', 'config')
    if (!opts.model) throw new EmbeddingError('embeddings model name is empty', 'config')
    this.model = opts.model
    this.baseURL = opts.baseURL
    this.id = `openai:${opts.model}`
    this.batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE)
    this.concurrency = Math.max(1, opts.concurrency ?? 1)
    this.configuredDims = opts.dimensions
    this.queryPrefix = opts.queryPrefix ?? ''
    this.documentPrefix = opts.documentPrefix ?? ''
    this.client = new OpenAI({
      baseURL: opts.baseURL,
      apiKey: opts.apiKey || PLACEHOLDER_API_KEY,
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: opts.maxRetries ?? DEFAULT_MAX_RETRIES,
    })
  }

  /** Configured, else discovered from the first response. Throws before that: call `ready()` first. */
  get dimensions(): number {
    const d = this.configuredDims ?? this.discoveredDims
    if (d === undefined) {
      throw new EmbeddingError(
        `dimensions of ${this.id} are not known yet: call ready() or embed() first, or set EMBEDDINGS_DIMENSIONS`,
        'config',
      )
    }
    return d
  }

  /** True once `dimensions` can be read without a request. */
  get hasDimensions(): boolean {
    return (this.configuredDims ?? this.discoveredDims) !== undefined
  }

  /** Ensures `dimensions` is known, with one probe request when it is neither configured nor discovered. */
  async ready(): Promise<this> {
    if (!this.hasDimensions) await this.request(['dimension probe'])
    return this
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return this.embedMany(texts.map((t) => (t.trim() === '' ? t : this.documentPrefix + t)))
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [v] = await this.embedMany([text.trim() === '' ? text : this.queryPrefix + text])
    return v as Float32Array
  }

  private async embedMany(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array(texts.length)
    // Blank input is rejected by the OpenAI API; it carries no signal, so it gets the local stand-in vector.
    const todo: number[] = []
    texts.forEach((t, i) => {
      if (t.trim() !== '') todo.push(i)
    })
    if (todo.length < texts.length) {
      await this.ready()
      texts.forEach((t, i) => {
        if (t.trim() === '') out[i] = nullEmbedding(t, this.dimensions)
      })
    }

    const batches: number[][] = []
    for (let i = 0; i < todo.length; i += this.batchSize) batches.push(todo.slice(i, i + this.batchSize))
    let next = 0
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++] as number[]
        const vectors = await this.request(batch.map((i) => texts[i] as string))
        batch.forEach((textIndex, k) => {
          out[textIndex] = vectors[k] as Float32Array
        })
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.concurrency, batches.length) }, worker))
    return out
  }

  /** One API call; returns unit vectors in input order. */
  private async request(input: string[]): Promise<Float32Array[]> {
    let res: OpenAI.Embeddings.CreateEmbeddingResponse
    try {
      res = await this.client.embeddings.create({
        model: this.model,
        input,
        // The SDK would otherwise ask for base64 and decode it; servers that ignore the field and send
        // floats anyway would then yield garbage. Floats are always safe.
        encoding_format: 'float',
        ...(this.configuredDims !== undefined ? { dimensions: this.configuredDims } : {}),
      })
    } catch (err) {
      throw this.describe(err)
    }

    const data = Array.isArray(res?.data) ? res.data : null
    if (!data || data.length !== input.length) {
      throw new EmbeddingError(
        `embeddings server ${this.baseURL} returned ${data ? data.length : 'no'} vectors for ${input.length} inputs`,
        'bad_response',
      )
    }
    const ordered = [...data].sort((x, y) => (x.index ?? 0) - (y.index ?? 0))
    return ordered.map((item, k) => {
      const raw: unknown = item.embedding
      const values =
        typeof raw === 'string' ? decodeBase64Floats(raw) : Array.isArray(raw) ? (raw as number[]) : null
      if (
        !values ||
        values.length === 0 ||
        !values.every((x) => typeof x === 'number' && Number.isFinite(x))
      ) {
        throw new EmbeddingError(`embeddings server ${this.baseURL} sent a malformed vector`, 'bad_response')
      }
      const expected = this.configuredDims ?? this.discoveredDims
      if (expected === undefined) this.discoveredDims = values.length
      else if (values.length !== expected) {
        throw new EmbeddingError(
          `embeddings server ${this.baseURL} sent ${values.length}-dim vectors for ${this.id}, expected ${expected}` +
            (this.configuredDims !== undefined ? ' (EMBEDDINGS_DIMENSIONS)' : ''),
          'bad_response',
        )
      }
      const v = normalizeInPlace(Float32Array.from(values))
      const isZero = v.every((x) => x === 0)
      return isZero ? nullEmbedding(input[k] as string, values.length) : v
    })
  }

  private describe(err: unknown): EmbeddingError {
    const where = `embeddings server ${this.baseURL}`
    if (err instanceof APIConnectionTimeoutError) {
      return new EmbeddingError(
        `${where} did not answer in time (model ${this.model})`,
        'timeout',
        undefined,
        {
          cause: err,
        },
      )
    }
    if (err instanceof APIConnectionError) {
      const code = causeCode(err)
      return new EmbeddingError(
        `${where} is unreachable${code ? ` (${code})` : ''}: check EMBEDDINGS_BASE_URL and that the server is ` +
          'running, or unset EMBEDDINGS_BASE_URL to use the offline embedder',
        'unreachable',
        undefined,
        { cause: err },
      )
    }
    if (err instanceof APIError) {
      const status = err.status
      let hint = ''
      if (status === 401 || status === 403) hint = ' (check EMBEDDINGS_API_KEY)'
      else if (status === 404)
        hint = ' (check EMBEDDINGS_BASE_URL, usually ending in /v1, and EMBEDDINGS_MODEL)'
      else if (status === 400 && this.configuredDims !== undefined) {
        hint = ' (if the server does not support the dimensions parameter, unset EMBEDDINGS_DIMENSIONS)'
      }
      return new EmbeddingError(
        `${where} answered ${status ?? 'an error'} for model ${this.model}: ${err.message}${hint}`,
        'http',
        status,
        { cause: err },
      )
    }
    const msg = err instanceof Error ? err.message : String(err)
    return new EmbeddingError(`${where} request failed: ${msg}`, 'bad_response', undefined, { cause: err })
  }
}

/** Builds the provider and makes sure its dimensions are known (probing the server if not configured). */
export async function createOpenAIEmbeddingProvider(
  opts: OpenAIEmbeddingOptions,
): Promise<OpenAIEmbeddingProvider> {
  return new OpenAIEmbeddingProvider(opts).ready()
}
