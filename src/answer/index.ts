/** The copilot: chat turns in LLM or offline mode, their tools, and the model client from the environment. */
import OpenAI from 'openai'
import type { LlmConfig } from './copilot.ts'

export {
  ConversationNotFound,
  getConversation,
  type LlmConfig,
  mayOpenConversation,
  runTurn,
  type TurnInput,
  type TurnResult,
} from './copilot.ts'
export type { AnswerResult, ChatEvent, Citation, Source } from './types.ts'

/** LLM mode when OPENAI_BASE_URL (or OPENAI_API_KEY for OpenAI itself) and LLM_MODEL are set; else offline. */
export function llmFromEnv(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const model = env.LLM_MODEL?.trim()
  const baseURL = env.OPENAI_BASE_URL?.trim()
  const apiKey = env.OPENAI_API_KEY?.trim()
  if (!model || (!baseURL && !apiKey)) return null
  return {
    model,
    client: new OpenAI({
      baseURL: baseURL || undefined,
      apiKey: apiKey || 'no-key',
      maxRetries: 0,
      timeout: 60_000,
    }),
  }
}
