/**
 * One answering turn against an OpenAI-compatible chat model: streamed, cited, with a bounded tool loop.
 *
 * - The question goes out with the retrieved passages fenced as numbered sources (prompts.ts); history and
 *   sources are trimmed to a token budget (chars/4): oldest history first (down to the last exchange), then the
 *   lowest-ranked sources (down to one), then the rest of the history, then the last source's text.
 * - Content deltas are emitted as they arrive, through a CitationStreamFilter, so an invalid [n] is never shown
 *   and the concatenated deltas equal the final answer.
 * - Tool calls are accumulated from the stream, executed in order and answered with `tool` messages; passages a
 *   tool finds become new numbered sources. After `maxSteps` rounds of tool calls one more request is made with
 *   tool_choice 'none' to force an answer.
 * - Each request has its own timeout (time to the first byte and the longest gap between chunks). 429 and 5xx
 *   responses and connection failures are retried with exponential backoff (a server's retry-after is honoured
 *   up to MAX_BACKOFF_MS; a longer one gives up at once), but only while nothing of that request has been shown
 *   yet. Timeouts are not retried: a stalled model has already cost the user `timeoutMs`. Whatever fails
 *   throws LlmUnavailableError, and the caller falls back to offline mode. An abort through `signal` rethrows
 *   the abort reason unchanged.
 */

import type OpenAI from 'openai'
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai'
import type { SearchHit } from '../retrieve/search.ts'
import { CitationStreamFilter, toCitations } from './citations.ts'
import { REFUSAL_SENTENCE, renderQuestion, renderToolResult, systemPrompt } from './prompts.ts'
import { withSummary } from './tool-summary.ts'
import type { AnswerResult, ChatEvent, Source, ToolCallRecord } from './types.ts'

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam
type ToolDefinition = OpenAI.Chat.Completions.ChatCompletionTool

export interface LlmTool {
  definition: ToolDefinition
  execute(args: Record<string, unknown>): Promise<{ result: string; hits?: SearchHit[] }>
}

export interface LlmLimits {
  /** Rounds of tool calls before the model is made to answer. Default 4. */
  maxSteps?: number
  /** Budget for the prompt (system + history + sources + question), estimated as chars/4. Default 6000. */
  maxContextTokens?: number
  /** Per request: longest wait for the first byte and between streamed chunks. Default 30 s. */
  timeoutMs?: number
  /** Retries per request on 429, 5xx and connection errors. Default 2. */
  maxRetries?: number
}

export interface LlmTurnOptions {
  client: OpenAI
  model: string
  question: string
  history: Array<{ role: 'user' | 'assistant'; content: string }>
  /** Initial retrieval, numbered 1.. in rank order. */
  sources: Source[]
  tools: LlmTool[]
  onEvent: (e: ChatEvent) => void
  limits?: LlmLimits
  signal?: AbortSignal
}

export const DEFAULT_LIMITS: Required<LlmLimits> = {
  maxSteps: 4,
  maxContextTokens: 6000,
  timeoutMs: 30_000,
  maxRetries: 2,
}
const BASE_BACKOFF_MS = 250
const MAX_BACKOFF_MS = 8_000
/** Longest tool result (characters) passed back to the model. */
const MAX_TOOL_RESULT_CHARS = 4_000
/** Longest tool result shown in `tool` events and the audit trail. */
const SHORT_RESULT_CHARS = 300

export type LlmFailure = 'timeout' | 'unreachable' | 'rate_limited' | 'server_error' | 'http' | 'bad_response'

/** The model could not be used for this turn; fall back to offline answering. */
export class LlmUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: LlmFailure,
    readonly details: {
      status?: number
      /** Requests made for the failing call, retries included. */
      attempts: number
      /** True when part of an answer had already been streamed to the user before the failure. */
      partial: boolean
      cause?: unknown
    },
  ) {
    super(message, { cause: details.cause })
    this.name = 'LlmUnavailableError'
  }
}

/** Rough token estimate used for the context budget. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4)

const REFUSAL =
  /\b(?:can(?:'|’|no)t|cannot|could(?:n'|n’| no)t|unable to) (?:find|locate)\b|\bnot (?:in|covered (?:in|by)|contained in|mentioned in|found in) the (?:provided |available |retrieved )?(?:documents|sources|documentation)\b|\b(?:documents|sources) (?:do not|don't|don’t) (?:contain|cover|mention|say)\b/i

/** True when the answer says the documents do not hold what was asked (and cites nothing). */
export function isRefusal(text: string, citedCount: number): boolean {
  return citedCount === 0 && REFUSAL.test(text)
}

const toolName = (t: ToolDefinition) => (t.type === 'function' ? t.function.name : t.custom.name)

function shorten(text: string, max: number): string {
  const clean = text.trim()
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`
}

/** Fits history and sources into the token budget; see the file comment for the order things are dropped in. */
export function fitContext(
  system: string,
  question: string,
  history: LlmTurnOptions['history'],
  sources: readonly Source[],
  maxTokens: number,
): { history: LlmTurnOptions['history']; sources: Source[] } {
  let h = [...history]
  let s = [...sources]
  const size = () =>
    estimateTokens(system) +
    estimateTokens(renderQuestion(question, s)) +
    h.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0)
  while (size() > maxTokens && h.length > 2) h.shift()
  while (size() > maxTokens && s.length > 1) s.pop()
  while (size() > maxTokens && h.length > 0) h.shift()
  const last = s[s.length - 1]
  const over = size() - maxTokens
  if (over > 0 && last) {
    const keep = Math.max(200, last.hit.text.length - over * 4 - 8)
    if (keep < last.hit.text.length) {
      s = [...s.slice(0, -1), { n: last.n, hit: { ...last.hit, text: `${last.hit.text.slice(0, keep)}…` } }]
    }
  }
  h = h.filter((m) => m.content.trim() !== '')
  return { history: h, sources: s }
}

interface StepResult {
  text: string
  toolCalls: Array<{ id: string; name: string; arguments: string }>
  usage?: { promptTokens: number; completionTokens: number }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Milliseconds a 429/503 response asks us to wait, if it says. */
function retryAfterMs(err: APIError): number | undefined {
  const headers = err.headers
  if (!headers) return undefined
  const ms = Number(headers.get('retry-after-ms'))
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms
  const raw = headers.get('retry-after')
  if (raw === null) return undefined
  const secs = Number(raw)
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000
  const date = Date.parse(raw)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

export async function runLlmTurn(opts: LlmTurnOptions): Promise<AnswerResult> {
  const limits = { ...DEFAULT_LIMITS, ...definedOnly(opts.limits ?? {}) }
  const { client, model, signal, onEvent } = opts
  const system = systemPrompt()
  const fitted = fitContext(system, opts.question, opts.history, opts.sources, limits.maxContextTokens)
  const sources: Source[] = [...fitted.sources]
  const messages: Message[] = [
    { role: 'system', content: system },
    ...fitted.history.map((m): Message => ({ role: m.role, content: m.content })),
    { role: 'user', content: renderQuestion(opts.question, sources) },
  ]
  const tools = opts.tools.map((t) => t.definition)
  const byName = new Map(opts.tools.map((t) => [toolName(t.definition), t]))
  const filter = new CitationStreamFilter(sources.map((s) => s.n))
  const toolCalls: ToolCallRecord[] = []
  let answer = ''
  let usage: AnswerResult['usage']
  let includeUsage = true
  let textSeen = false

  const show = (text: string) => {
    if (text === '') return
    answer += text
    onEvent({ type: 'delta', text })
  }

  for (let step = 0; ; step++) {
    const final = step >= limits.maxSteps || tools.length === 0
    if (final && tools.length > 0 && step > 0) {
      messages.push({
        role: 'user',
        content:
          'The tool-call limit for this question is reached. Answer now from the sources above, following the rules.',
      })
    }
    let firstText = true
    const result = await requestWithRetries({
      client,
      limits,
      signal,
      shownBefore: () => answer !== '',
      onText: (delta) => {
        // Text from an earlier step (written before a tool call) stays; a blank line separates the next part.
        if (firstText && textSeen) show(filter.push('\n\n'))
        firstText = false
        textSeen = true
        show(filter.push(delta))
      },
      build: () => ({
        model,
        messages,
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
        ...(tools.length > 0 ? { tools, tool_choice: final ? ('none' as const) : ('auto' as const) } : {}),
      }),
      onStreamOptionsRejected: () => {
        includeUsage = false
      },
    })
    if (result.usage) {
      usage = {
        promptTokens: (usage?.promptTokens ?? 0) + result.usage.promptTokens,
        completionTokens: (usage?.completionTokens ?? 0) + result.usage.completionTokens,
      }
    }
    if (final || result.toolCalls.length === 0) break

    messages.push({
      role: 'assistant',
      content: result.text === '' ? null : result.text,
      tool_calls: result.toolCalls.map((c) => ({
        id: c.id,
        type: 'function' as const,
        function: { name: c.name, arguments: c.arguments },
      })),
    })
    for (const call of result.toolCalls) {
      const content = await runTool(call, byName, sources, filter, toolCalls, onEvent, signal)
      messages.push({ role: 'tool', tool_call_id: call.id, content })
    }
  }

  show(filter.end())
  if (answer.trim() === '') {
    // The model said nothing usable: say so rather than return an empty answer.
    show(filter.push(REFUSAL_SENTENCE) + filter.end())
  }
  const cited = filter.cited
  const citations = toCitations(cited, sources)
  onEvent({ type: 'citations', citations })
  return {
    answer,
    citations,
    toolCalls,
    mode: 'llm',
    refused: isRefusal(answer, cited.length),
    model,
    ...(usage ? { usage } : {}),
    sources,
  }
}

function definedOnly(limits: LlmLimits): LlmLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as LlmLimits
}

async function runTool(
  call: StepResult['toolCalls'][number],
  byName: Map<string, LlmTool>,
  sources: Source[],
  filter: CitationStreamFilter,
  records: ToolCallRecord[],
  onEvent: (e: ChatEvent) => void,
  signal: AbortSignal | undefined,
): Promise<string> {
  let args: Record<string, unknown> = {}
  let result: string
  let newSources: Source[] = []
  let known: number[] = []
  try {
    const parsed: unknown = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new SyntaxError('arguments are not a JSON object')
    }
    args = parsed as Record<string, unknown>
  } catch (err) {
    result = `Error: the arguments for ${call.name} are not a valid JSON object (${(err as Error).message}).`
    return record()
  }
  const tool = byName.get(call.name)
  if (!tool) {
    result = `Error: there is no tool named ${JSON.stringify(call.name)}.`
    return record()
  }
  try {
    const out = await tool.execute(args)
    result = shorten(out.result, MAX_TOOL_RESULT_CHARS)
    const byChunk = new Map(sources.map((s) => [s.hit.chunkId, s.n]))
    for (const hit of out.hits ?? []) {
      const existing = byChunk.get(hit.chunkId)
      if (existing !== undefined) {
        if (!known.includes(existing)) known.push(existing)
        continue
      }
      const source: Source = { n: sources.length + 1, hit }
      sources.push(source)
      byChunk.set(hit.chunkId, source.n)
      newSources.push(source)
    }
    filter.allow(newSources.map((s) => s.n))
  } catch (err) {
    if (signal?.aborted) throw signal.reason
    result = `Error: ${call.name} failed: ${err instanceof Error ? err.message : String(err)}`
    newSources = []
    known = []
  }
  return record()

  function record(): string {
    const short = shorten(result, SHORT_RESULT_CHARS)
    records.push({ name: call.name, arguments: args, result: short })
    onEvent({
      type: 'tool',
      name: call.name,
      arguments: args,
      result: short,
      ...withSummary(call.name, result),
    })
    return renderToolResult(call.name, result, newSources, known)
  }
}

interface RequestOptions {
  client: OpenAI
  limits: Required<LlmLimits>
  signal: AbortSignal | undefined
  build: () => OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming
  onText: (delta: string) => void
  /** Whether any answer text has been shown in this turn (a failure then is reported as partial). */
  shownBefore: () => boolean
  onStreamOptionsRejected: () => void
}

class TimeoutSignal extends Error {}

async function requestWithRetries(o: RequestOptions): Promise<StepResult> {
  let attempts = 0
  let retriedStreamOptions = false
  for (;;) {
    attempts++
    let emitted = false
    try {
      return await streamOnce(o, () => {
        emitted = true
      })
    } catch (err) {
      if (o.signal?.aborted) throw o.signal.reason ?? err
      const partial = emitted || o.shownBefore()
      if (
        err instanceof APIError &&
        err.status === 400 &&
        !retriedStreamOptions &&
        /stream_options/i.test(err.message)
      ) {
        // Some OpenAI-compatible servers reject stream_options; go on without usage.
        retriedStreamOptions = true
        o.onStreamOptionsRejected()
        attempts--
        continue
      }
      const failure = classify(err, o.limits.timeoutMs)
      const retryable = failure.retryable && !emitted && attempts <= o.limits.maxRetries
      let delay = BASE_BACKOFF_MS * 2 ** (attempts - 1) * (0.75 + Math.random() * 0.5)
      const asked = err instanceof APIError ? retryAfterMs(err) : undefined
      if (asked !== undefined) delay = asked
      if (!retryable || delay > MAX_BACKOFF_MS) {
        throw new LlmUnavailableError(
          `${failure.message}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`,
          failure.reason,
          {
            ...(failure.status !== undefined ? { status: failure.status } : {}),
            attempts,
            partial,
            cause: err,
          },
        )
      }
      await sleep(delay, o.signal)
    }
  }
}

function classify(
  err: unknown,
  timeoutMs: number,
): { reason: LlmFailure; retryable: boolean; message: string; status?: number } {
  if (err instanceof TimeoutSignal || err instanceof APIConnectionTimeoutError) {
    return {
      reason: 'timeout',
      retryable: false,
      message: `The language model did not respond within ${timeoutMs} ms`,
    }
  }
  if (err instanceof APIConnectionError) {
    return {
      reason: 'unreachable',
      retryable: true,
      message: `The language model server is unreachable: ${err.message}`,
    }
  }
  if (err instanceof APIError && err.status !== undefined) {
    const status = err.status
    if (status === 429) {
      return {
        reason: 'rate_limited',
        retryable: true,
        status,
        message: 'The language model is rate limited (429)',
      }
    }
    if (status >= 500) {
      return {
        reason: 'server_error',
        retryable: true,
        status,
        message: `The language model server failed (${status}): ${err.message}`,
      }
    }
    return {
      reason: 'http',
      retryable: false,
      status,
      message: `The language model server refused the request (${status}): ${err.message}`,
    }
  }
  return {
    reason: 'bad_response',
    retryable: false,
    message: `The language model returned an unusable response: ${err instanceof Error ? err.message : String(err)}`,
  }
}

/** One streamed request. The timer covers the wait for the response and every gap between chunks. */
async function streamOnce(o: RequestOptions, markEmitted: () => void): Promise<StepResult> {
  const controller = new AbortController()
  let timedOut = false
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      timedOut = true
      controller.abort(new TimeoutSignal('timeout'))
    }, o.limits.timeoutMs)
  }
  const onAbort = () => controller.abort(o.signal?.reason)
  o.signal?.addEventListener('abort', onAbort, { once: true })
  arm()
  const text: string[] = []
  const calls: Array<{ id: string; name: string; arguments: string }> = []
  let usage: StepResult['usage']
  try {
    const stream = await o.client.chat.completions.create(o.build(), {
      signal: controller.signal,
      maxRetries: 0,
      timeout: o.limits.timeoutMs,
    })
    for await (const chunk of stream) {
      arm()
      if (chunk.usage) {
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens }
      }
      const delta = chunk.choices[0]?.delta
      if (!delta) continue
      if (typeof delta.content === 'string' && delta.content !== '') {
        text.push(delta.content)
        markEmitted()
        o.onText(delta.content)
      }
      for (const tc of delta.tool_calls ?? []) {
        let slot = calls[tc.index]
        if (!slot) {
          slot = { id: '', name: '', arguments: '' }
          calls[tc.index] = slot
        }
        if (tc.id) slot.id = tc.id
        if (tc.function?.name) slot.name += tc.function.name
        if (tc.function?.arguments) slot.arguments += tc.function.arguments
      }
    }
  } catch (err) {
    if (timedOut) throw new TimeoutSignal('timeout')
    throw err
  } finally {
    clearTimeout(timer)
    o.signal?.removeEventListener('abort', onAbort)
  }
  // The SDK ends a stream quietly when it is aborted, so check why it ended.
  if (timedOut) throw new TimeoutSignal('timeout')
  if (o.signal?.aborted) throw o.signal.reason
  const toolCalls = calls
    .filter((c) => c !== undefined && c.name !== '')
    .map((c, i) => ({ ...c, id: c.id || `call_${i}` }))
  return { text: text.join(''), toolCalls, ...(usage ? { usage } : {}) }
}
