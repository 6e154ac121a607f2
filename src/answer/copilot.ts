/**
 * One chat turn, end to end: conversation and follow-up context -> retrieval (plus lockout/tagout passages for
 * servicing questions) -> an answer from the model (LLM mode) or extracted from the passages (offline mode, also
 * the fallback when the model is down) -> messages persisted -> audit row.
 */
import { and, asc, eq } from 'drizzle-orm'
import type OpenAI from 'openai'
import { answerAnalytics, type KnownVocabulary, loadVocabulary } from '../analytics/index.ts'
import type { EmbeddingProvider } from '../embed/types.ts'
import type { Plant } from '../plant/index.ts'
import { type SearchHit, search } from '../retrieve/search.ts'
import type { Store } from '../store/db.ts'
import { canSeeSite, type Principal } from '../store/keys.ts'
import { auditLog, conversations, messages } from '../store/schema.ts'
import { assetsInQuestion, isFollowUp, isServicingQuestion } from './intent.ts'
import { LlmUnavailableError, runLlmTurn } from './llm.ts'
import { offlineAnswer } from './offline.ts'
import { routePlantQuestion } from './plant-intent.ts'
import { plantTools } from './plant-tools.ts'
import { loadPrompt } from './prompts.ts'
import { type CopilotTool, searchDocumentsTool } from './tools.ts'
import type { AnswerResult, EventSink, Source } from './types.ts'
import { workOrderTools } from './work-order-tools.ts'

export interface LlmConfig {
  client: OpenAI
  model: string
}

export interface CopilotDeps {
  store: Store
  embedder: EmbeddingProvider
  llm?: LlmConfig | null
  /** Live plant data; without it the copilot answers from documents only. */
  plant?: Plant | null
}

export interface TurnInput {
  message: string
  conversationId?: string
  /** Sites this turn may read (already checked against the principal). */
  sites: string[] | '*'
  principal: Principal
  channel: 'api' | 'web' | 'slack'
  userRef?: string
  /**
   * The equipment the user has picked (the web page's asset picker). A question that names no equipment is
   * asked about this one: the tag is added to the question as written to the history and the audit.
   */
  asset?: string
}

export interface TurnResult extends AnswerResult {
  conversationId: string
  messageId: string
  timings: { retrieveMs: number; answerMs: number; totalMs: number }
}

export class ConversationNotFound extends Error {}

const K = 6
const SAFETY_K = 2
const HISTORY_TURNS = 6

export async function runTurn(
  deps: CopilotDeps,
  input: TurnInput,
  onEvent: EventSink = () => {},
): Promise<TurnResult> {
  const t0 = performance.now()
  const { store } = deps
  if (input.asset && assetsInQuestion(input.message).length === 0)
    input = { ...input, message: `${input.message} (${input.asset})` }
  const convo = await openConversation(store, input)
  const history = await store.db
    .select({ role: messages.role, content: messages.content })
    .from(messages)
    .where(eq(messages.conversationId, convo.id))
    .orderBy(asc(messages.createdAt))
  const state = convo.state as { asset?: string; topic?: string }

  // Follow-ups keep the equipment and topic of the previous turn in the retrieval query.
  const assets = assetsInQuestion(input.message)
  let query = input.message
  if (assets.length === 0 && state.asset && isFollowUp(input.message))
    query = `${input.message} ${state.asset}`
  if (state.topic && isFollowUp(input.message) && input.message.trim().split(/\s+/).length <= 4) {
    query = `${query} ${state.topic}`
  }
  // With a model, a follow-up is rewritten into a standalone query (the carried-forward one if that fails).
  if (deps.llm && history.length && isFollowUp(input.message)) {
    query = (await rewriteQuery(deps.llm, history.slice(-HISTORY_TURNS * 2), input.message)) ?? query
  }
  const filters = { sites: input.sites }
  const hits = await search(deps, query, filters, { k: K })
  const asset = assets[0] ?? (isFollowUp(input.message) ? state.asset : undefined)
  let safety: SearchHit[] = []
  if (isServicingQuestion(input.message)) {
    safety = await search(
      deps,
      `lockout tagout isolation energy sources ${asset ?? ''} ${input.message}`,
      {
        ...filters,
        kinds: ['sop'],
      },
      { k: SAFETY_K },
    )
    for (const h of safety) if (!hits.some((x) => x.chunkId === h.chunkId)) hits.push(h)
  }
  const t1 = performance.now()

  let result: AnswerResult
  let error: string | null = null
  const sources: Source[] = hits.map((hit, i) => ({ n: i + 1, hit }))
  const tools: CopilotTool[] = [searchDocumentsTool(deps, filters), ...workOrderTools(store, input.sites)]
  if (deps.plant) {
    tools.push(
      ...plantTools({
        store,
        plant: deps.plant,
        sites: input.sites,
        requestedBy: input.principal.keyId,
        conversationId: convo.id,
      }),
    )
  }
  const offlineTurn = async (): Promise<AnswerResult> => {
    const routed =
      (await routeAnalytics(store, input, onEvent)) ??
      (deps.plant ? await routePlant(deps, input, tools, onEvent) : null)
    return routed ?? offline(input.message, hits, safety, onEvent)
  }
  if (deps.llm) {
    try {
      result = await runLlmTurn({
        client: deps.llm.client,
        model: deps.llm.model,
        question: input.message,
        history: history.slice(-HISTORY_TURNS * 2),
        sources,
        tools,
        onEvent,
      })
    } catch (err) {
      if (!(err instanceof LlmUnavailableError)) throw err
      error = err.message
      onEvent({
        type: 'error',
        message: `the language model is unavailable (${err.message}); answering offline`,
        retryable: true,
      })
      result = await offlineTurn()
    }
  } else result = await offlineTurn()
  if (result.mode === 'llm' && CLAIMS_ACTION.test(result.answer)) {
    // The copilot can only read: a model that says otherwise is corrected in front of the reader.
    const note = `\n\n${READ_ONLY_NOTE}`
    onEvent({ type: 'delta', text: note })
    result = { ...result, answer: result.answer + note }
  }
  const t2 = performance.now()

  // Question and answer in one statement, the answer a millisecond later so the thread always reads in order.
  const askedAt = new Date()
  const [, answerMsg] = await store.db
    .insert(messages)
    .values([
      { conversationId: convo.id, role: 'user', content: input.message, createdAt: askedAt },
      {
        createdAt: new Date(askedAt.getTime() + 1),
        conversationId: convo.id,
        role: 'assistant',
        content: result.answer,
        citations: result.citations,
        toolCalls: result.toolCalls,
        mode: result.mode,
        refused: result.refused,
      },
    ])
    .returning({ id: messages.id })
  await store.db
    .update(conversations)
    .set({
      updatedAt: new Date(),
      title: convo.title ?? input.message.slice(0, 80),
      state: {
        asset: asset ?? state.asset,
        topic: result.refused ? state.topic : topicOf(input.message, state.topic),
      },
    })
    .where(eq(conversations.id, convo.id))
  const totalMs = Math.round(performance.now() - t0)
  await store.db.insert(auditLog).values({
    keyId: input.principal.keyId,
    principal: input.principal.name,
    userRef: input.userRef ?? null,
    channel: input.channel,
    siteId: convo.siteId,
    conversationId: convo.id,
    messageId: answerMsg!.id,
    question: input.message,
    searchQuery: query,
    retrieved: result.sources.map((s) => ({
      n: s.n,
      chunk_id: s.hit.chunkId,
      document_id: s.hit.document.id,
      page: s.hit.page,
      section: s.hit.section,
      score: Number(s.hit.score.toFixed(4)),
    })),
    toolCalls: result.toolCalls,
    mode: result.mode,
    model: result.model ?? null,
    promptTokens: result.usage?.promptTokens ?? null,
    completionTokens: result.usage?.completionTokens ?? null,
    latencyMs: totalMs,
    error,
  })
  return {
    ...result,
    conversationId: convo.id,
    messageId: answerMsg!.id,
    timings: { retrieveMs: Math.round(t1 - t0), answerMs: Math.round(t2 - t1), totalMs },
  }
}

const VOCABULARY_TTL_MS = 60_000
const vocabularies = new WeakMap<Store, Map<string, { at: number; v: KnownVocabulary }>>()

/** The work-order vocabulary (equipment, codes) of the sites, read at most once a minute. */
async function vocabularyFor(store: Store, sites: string[]): Promise<KnownVocabulary> {
  let bySites = vocabularies.get(store)
  if (!bySites) {
    bySites = new Map()
    vocabularies.set(store, bySites)
  }
  const key = sites.join(',')
  const hit = bySites.get(key)
  if (hit && Date.now() - hit.at < VOCABULARY_TTL_MS) return hit.v
  const v = await loadVocabulary(store, sites)
  bySites.set(key, { at: Date.now(), v })
  return v
}

/** Work-order questions ("how many corrective WOs on P-101 in 2025?") answered offline from the records. */
async function routeAnalytics(
  store: Store,
  input: TurnInput,
  onEvent: EventSink,
): Promise<AnswerResult | null> {
  const sites = input.sites === '*' ? [] : input.sites
  const r = await answerAnalytics(store, input.message, sites, await vocabularyFor(store, sites))
  if (!r) return null
  const args = { ...r.query.filters, operation: r.query.operation } as Record<string, unknown>
  const summary = r.answer.length > 300 ? `${r.answer.slice(0, 297)}...` : r.answer
  onEvent({ type: 'tool', name: 'work_order_stats', arguments: args, result: summary })
  for (const part of r.answer.match(/[^\n]+\n*|\n+/g) ?? []) onEvent({ type: 'delta', text: part })
  onEvent({ type: 'citations', citations: [] })
  return {
    answer: r.answer,
    citations: [],
    sources: [],
    toolCalls: [
      { name: 'work_order_stats', arguments: args, result: JSON.stringify(r.result).slice(0, 4000) },
    ],
    refused: false,
    mode: 'offline',
  }
}

/** Plant-data questions answered offline from the tools (plus cited documents where they explain). */
async function routePlant(
  deps: CopilotDeps,
  input: TurnInput,
  tools: CopilotTool[],
  onEvent: EventSink,
): Promise<AnswerResult | null> {
  const r = await routePlantQuestion(
    input.message,
    {
      plant: deps.plant!,
      sites: input.sites,
      tools,
      searchDocs: (query, asset) =>
        search(deps, query, { sites: input.sites, ...(asset ? { assetTags: [asset] } : {}) }, { k: 4 }).then(
          (h) => (h.length ? h : search(deps, query, { sites: input.sites }, { k: 4 })),
        ),
      extract: (question, hits) => offlineAnswer(question, hits),
    },
    onEvent,
  )
  if (!r) return null
  for (const part of r.answer.match(/[^\n]+\n*|\n+/g) ?? []) onEvent({ type: 'delta', text: part })
  onEvent({ type: 'citations', citations: r.citations })
  return { ...r, refused: false, mode: 'offline' }
}

function offline(question: string, hits: SearchHit[], safety: SearchHit[], onEvent: EventSink): AnswerResult {
  const r = withSafety(offlineAnswer(question, hits), safety)
  // Offline answers are ready at once; they are still sent as deltas so every client reads one protocol.
  for (const part of r.answer.match(/[^\n]+\n*|\n+/g) ?? []) onEvent({ type: 'delta', text: part })
  onEvent({ type: 'citations', citations: r.citations })
  return {
    answer: r.answer,
    citations: r.citations,
    refused: r.refused,
    sources: r.sources,
    toolCalls: [],
    mode: 'offline',
  }
}

const CLAIMS_ACTION =
  /\bI(?:'ve| have|'ll| will)?\s+(?:now\s+)?(?:shut|stopped|started|restarted|closed|opened|reset|changed|adjusted|raised|created|submitted|isolated|locked|acknowledged|set|switched|tripped)\b/i
export const READ_ONLY_NOTE =
  'Note: this copilot is read-only. It has not changed anything in the plant or the CMMS; any action must be done by a person.'

const REWRITE_TIMEOUT_MS = 10_000

/** Asks the model for a standalone search query; null when it cannot (then the caller keeps its own). */
async function rewriteQuery(
  llm: LlmConfig,
  history: Array<{ role: 'user' | 'assistant'; content: string }>,
  question: string,
): Promise<string | null> {
  try {
    const res = await llm.client.chat.completions.create(
      {
        model: llm.model,
        messages: [
          { role: 'system', content: loadPrompt('rewrite') },
          ...history.map((m) => ({ role: m.role, content: m.content.slice(0, 1500) })),
          { role: 'user', content: question },
        ],
        max_tokens: 60,
        temperature: 0,
      },
      { timeout: REWRITE_TIMEOUT_MS, maxRetries: 0 },
    )
    const text = res.choices[0]?.message?.content
      ?.split('\n')[0]
      ?.replace(/^["']|["']$/g, '')
      .trim()
    return text && text.length >= 3 && text.length <= 300 ? text : null
  } catch {
    return null
  }
}

const ISOLATION = /\b(lock|lockout|tag|isolat|de-?energi|zero energy|bleed|vent|drain|breaker|disconnect)/i

/**
 * A servicing question's offline answer always carries the site's lockout/tagout requirement: when none of the
 * cited passages is an SOP about isolation, the best isolation sentences of the safety passage are added, cited.
 */
function withSafety(
  r: ReturnType<typeof offlineAnswer>,
  safety: SearchHit[],
): ReturnType<typeof offlineAnswer> {
  if (safety.length === 0 || r.refused) return r
  const citedSop = r.citations.some((c) =>
    r.sources.some((s) => s.n === c.n && s.hit.document.kind === 'sop' && ISOLATION.test(s.hit.text)),
  )
  if (citedSop) return r
  const hit = safety.find((h) => ISOLATION.test(h.text))
  if (!hit) return r
  const sentences = hit.text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((x) => x.trim())
    .filter((x) => ISOLATION.test(x))
    .slice(0, 2)
  const n = r.citations.length + 1
  const where = hit.section ? `${hit.document.title} (${hit.section.split(' > ').pop()})` : hit.document.title
  const line = `Safety first - ${where}: ${sentences.join(' ')} [${n}]`
  const citation = {
    n,
    document: { id: hit.document.id, title: hit.document.title, source: hit.document.source },
    page: hit.page,
    section: hit.section,
    snippet: sentences.join(' ').slice(0, 300),
  }
  const others = r.sources
    .filter((s) => s.hit.chunkId !== hit.chunkId)
    .map((s) => (s.n > r.citations.length ? { ...s, n: s.n + 1 } : s))
  return {
    ...r,
    answer: `${line}\n\n${r.answer}`,
    citations: [...r.citations, citation],
    sources: [...others, { n, hit }].sort((a, b) => a.n - b.n),
  }
}

async function openConversation(store: Store, input: TurnInput) {
  if (input.conversationId) {
    const rows = await store.db.select().from(conversations).where(eq(conversations.id, input.conversationId))
    const c = rows[0]
    // Another key's conversation is reported exactly like a missing one.
    if (!c || !mayOpenConversation(c, input.principal)) {
      throw new ConversationNotFound(`no conversation ${input.conversationId}`)
    }
    return c
  }
  const [c] = await store.db
    .insert(conversations)
    .values({
      keyId: input.principal.keyId,
      userRef: input.userRef ?? null,
      channel: input.channel,
      siteId: input.sites === '*' || input.sites.length !== 1 ? null : input.sites[0]!,
    })
    .returning()
  return c!
}

/** The content words of a question, kept as the topic a terse follow-up ("and P-102?") refers to. */
function topicOf(question: string, previous: string | undefined): string | undefined {
  const words = question
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/\s+/)
    .filter(
      (w) =>
        w.length > 3 &&
        !/^(what|when|where|which|does|should|about|there|their|with|from|have|this|that)$/.test(w),
    )
  return words.length >= 2 ? words.slice(0, 6).join(' ') : previous
}

/**
 * A conversation is its key's. An admin may also open others' conversations, but only of sites the admin may see:
 * an admin of all sites any, an admin of some sites those of a single site among them.
 */
export function mayOpenConversation(
  c: { keyId: string | null; siteId: string | null },
  p: Principal,
): boolean {
  if (c.keyId === p.keyId) return true
  if (p.role !== 'admin') return false
  return p.sites === '*' || (c.siteId !== null && canSeeSite(p, c.siteId))
}

export async function getConversation(store: Store, id: string, principal: Principal) {
  const rows = await store.db.select().from(conversations).where(eq(conversations.id, id))
  const c = rows[0]
  if (!c || !mayOpenConversation(c, principal)) return null
  const msgs = await store.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, id)))
    .orderBy(asc(messages.createdAt))
  return { conversation: c, messages: msgs }
}
