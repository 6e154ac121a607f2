/** What the HTTP app, the web pages and the Slack app are built from: the store, the embedder and the options. */
import type { LlmConfig } from '../answer/copilot.ts'
import type { Config } from '../config.ts'
import type { EmbeddingProvider } from '../embed/types.ts'
import type { Plant } from '../plant/index.ts'
import type { SlackConfig } from '../slack/index.ts'
import type { Store } from '../store/db.ts'

export interface Services {
  store: Store
  embedder: EmbeddingProvider
  config: Pick<Config, 'maxUploadBytes'>
  /** The chat model; null or absent = offline mode. */
  llm?: LlmConfig | null
  /** Live plant data; absent = documents only. */
  plant?: Plant | null
  /** The Slack app; absent = not mounted. */
  slack?: SlackConfig | null
}
