/**
 * Answers a Slack question in the background: principal from the user map, one conversation per thread and
 * user, one copilot turn, exactly one chat.postMessage. Feedback clicks are stored and the message updated.
 */
import { WebClient } from '@slack/web-api'
import { eq } from 'drizzle-orm'
import { ConversationNotFound, type CopilotDeps, runTurn } from '../answer/copilot.ts'
import { isUuid } from '../store/documents.ts'
import { canSeeSite } from '../store/keys.ts'
import { conversations, feedback, messages } from '../store/schema.ts'
import { answerMessage, type Block, withRating } from './blocks.ts'
import type { SlackConfig } from './config.ts'
import { TtlMap } from './memory.ts'
import { NOT_SET_UP, slackPrincipal } from './principal.ts'

/** How long a thread keeps its conversation in memory after its last answer. */
const THREAD_TTL_MS = 24 * 60 * 60 * 1000

export interface SlackQuestion {
  team?: string
  user: string
  channel: string
  text: string
  /** Thread to answer in; absent = a new top-level message (slash commands). */
  threadTs?: string
  /** Context line above the answer (slash commands, where the question is not visible). */
  preface?: string
  /** Slash commands: where to post instead when the bot cannot post to the channel (not a member). */
  responseUrl?: string
}

export interface FeedbackClick {
  team?: string
  user: string
  channel: string
  messageTs: string
  messageId: string
  rating: 'up' | 'down'
  blocks: Block[]
}

export class SlackResponder {
  readonly client: WebClient
  private readonly threads: TtlMap<string>

  constructor(
    private readonly deps: CopilotDeps,
    private readonly cfg: SlackConfig,
  ) {
    // No automatic retries: a retried chat.postMessage whose first attempt did land would post twice.
    this.client = new WebClient(cfg.botToken, {
      slackApiUrl: cfg.apiUrl,
      retryConfig: { retries: 0 },
      timeout: 15_000,
    })
    this.threads = new TtlMap(THREAD_TTL_MS, cfg.now)
  }

  /** Runs one turn and posts the one reply. Returns the ts of the posted message. */
  async answer(q: SlackQuestion): Promise<string | undefined> {
    const principal = slackPrincipal(this.cfg, q.team, q.user)
    if (!principal) return this.post(q, { text: NOT_SET_UP })
    if (!q.text.trim())
      return this.post(q, { text: 'Ask me a question about your equipment, procedures or work orders.' })
    // Per thread *and* user: users with different sites never share a conversation's history.
    const threadKey = q.threadTs ? `${q.team ?? ''}:${q.channel}:${q.threadTs}:${q.user}` : undefined
    const input = {
      message: q.text.slice(0, 4000),
      sites: principal.sites,
      principal,
      channel: 'slack' as const,
      userRef: q.user,
    }
    let turn: Awaited<ReturnType<typeof runTurn>>
    try {
      const conversationId = threadKey ? this.threads.get(threadKey) : undefined
      try {
        turn = await runTurn(this.deps, { ...input, conversationId })
      } catch (err) {
        if (!(err instanceof ConversationNotFound)) throw err
        turn = await runTurn(this.deps, input)
      }
    } catch (err) {
      console.error('[slack] turn failed:', err)
      return this.post(q, { text: 'Sorry, I could not answer that just now. Please try again in a minute.' })
    }
    const msg = answerMessage(this.cfg.webBaseUrl, {
      answer: turn.answer,
      citations: turn.citations,
      mode: turn.mode,
      messageId: turn.messageId,
      preface: q.preface,
    })
    const ts = await this.post(q, msg)
    const threadTs = q.threadTs ?? ts
    if (threadTs) this.threads.set(`${q.team ?? ''}:${q.channel}:${threadTs}:${q.user}`, turn.conversationId)
    return ts
  }

  /** Stores a rating (one per Slack user and answer; a second click replaces it) and updates the message. */
  async feedback(f: FeedbackClick): Promise<boolean> {
    const principal = slackPrincipal(this.cfg, f.team, f.user)
    if (!principal || !isUuid(f.messageId)) return false
    const rows = await this.deps.store.db
      .select({ id: messages.id, role: messages.role, siteId: conversations.siteId })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(eq(messages.id, f.messageId))
    const m = rows[0]
    // Anyone in the channel may rate what they were shown, but only within the sites their mapping allows.
    if (m?.role !== 'assistant' || (m.siteId !== null && !canSeeSite(principal, m.siteId))) return false
    await this.deps.store.db
      .insert(feedback)
      .values({ messageId: f.messageId, keyId: principal.keyId, rating: f.rating })
      .onConflictDoUpdate({
        target: [feedback.messageId, feedback.keyId],
        set: { rating: f.rating, createdAt: new Date() },
      })
    const blocks = withRating(f.blocks, f.rating, f.user)
    await this.client.chat.update({
      channel: f.channel,
      ts: f.messageTs,
      text: `Feedback recorded: ${f.rating === 'up' ? 'helpful' : 'not helpful'}`,
      blocks: blocks as never,
    })
    return true
  }

  private async post(q: SlackQuestion, m: { text: string; blocks?: Block[] }): Promise<string | undefined> {
    try {
      return await this.postMessage(q, m)
    } catch (err) {
      // A private channel or DM the bot is not in: the command's response_url still reaches it (one message,
      // since the first attempt was refused).
      const code = (err as { data?: { error?: string } }).data?.error
      if (!q.responseUrl || (code !== 'not_in_channel' && code !== 'channel_not_found')) throw err
      const res = await fetch(q.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'in_channel', replace_original: false, ...m }),
        signal: AbortSignal.timeout(15_000),
      })
      if (!res.ok) throw new Error(`response_url answered ${res.status}`)
      return undefined
    }
  }

  private async postMessage(
    q: SlackQuestion,
    m: { text: string; blocks?: Block[] },
  ): Promise<string | undefined> {
    const res = await this.client.chat.postMessage({
      channel: q.channel,
      text: m.text,
      ...(m.blocks ? { blocks: m.blocks as never } : {}),
      ...(q.threadTs ? { thread_ts: q.threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    })
    return res.ts
  }
}
