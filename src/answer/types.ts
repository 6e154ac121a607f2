/**
 * Shapes of the copilot's answers: numbered sources, citations, tool calls and the events a streamed turn emits.
 * Keep this file free of logic.
 */
import type { SearchHit } from '../retrieve/search.ts'

/** A retrieved passage offered to the answerer as source [n]. */
export interface Source {
  /** 1-based number the answer cites as [n]. */
  n: number
  hit: SearchHit
}

export interface Citation {
  n: number
  document: { id: string; title: string; source: string }
  page: number | null
  section: string | null
  /** A short excerpt of the cited passage (the sentence(s) used, where known). */
  snippet: string
}

export interface ToolCallRecord {
  name: string
  arguments: Record<string, unknown>
  /** Compact result as given to the model / shown to the user. */
  result: string
}

export type AnswerMode = 'llm' | 'offline'

export interface AnswerResult {
  answer: string
  citations: Citation[]
  toolCalls: ToolCallRecord[]
  mode: AnswerMode
  /** True when the answer says the documents/data do not contain what was asked. */
  refused: boolean
  model?: string
  usage?: { promptTokens: number; completionTokens: number }
  /** Every source the answerer saw (numbered), for the audit trail. */
  sources: Source[]
}

/** What a turn emits while it runs; the HTTP layer turns these into SSE events. */
export type ChatEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'tool'
      name: string
      arguments: Record<string, unknown>
      /** The result as the model saw it, shortened. */
      result: string
      /** What it found in a few readable lines, for tool cards (absent where no summary is known). */
      summary?: string
    }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'error'; message: string; retryable?: boolean }

export type EventSink = (event: ChatEvent) => void
