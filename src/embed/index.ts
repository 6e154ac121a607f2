/**
 * Embedding stage entry point. `createEmbeddingProvider()` picks the OpenAI-compatible backend when both
 * EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL are set, else the offline wink SIF embedder.
 */
import { createOpenAIEmbeddingProvider, type OpenAIEmbeddingOptions, openAIOptionsFromEnv } from './openai.ts'
import type { EmbeddingProvider } from './types.ts'
import { createWinkEmbeddingProvider } from './wink.ts'

export {
  createOpenAIEmbeddingProvider,
  EmbeddingError,
  type EmbeddingErrorCode,
  type OpenAIEmbeddingOptions,
  OpenAIEmbeddingProvider,
  openAIOptionsFromEnv,
} from './openai.ts'
export type { EmbeddingProvider } from './types.ts'
export { cosine, isNullEmbedding, NULL_EMBEDDING_NORM, nullEmbedding } from './vector.ts'
export {
  createWinkEmbeddingProvider,
  defaultCacheDir,
  ensureWinkCache,
  loadWinkModel,
  type NearestOptions,
  type NearestWord,
  nearestWords,
  SIF_A,
  SIF_K,
  WINK_PROVIDER_ID,
  WinkEmbeddingProvider,
  WinkModel,
  wordVector,
} from './wink.ts'

export interface CreateEmbeddingProviderOptions {
  /** Where one-line notices go (e.g. half-configured OpenAI settings). Default: stderr. */
  warn?: (line: string) => void
}

export async function createEmbeddingProvider(
  env: NodeJS.ProcessEnv = process.env,
  opts: CreateEmbeddingProviderOptions = {},
): Promise<EmbeddingProvider> {
  const remote: OpenAIEmbeddingOptions | null = openAIOptionsFromEnv(env)
  if (remote) return createOpenAIEmbeddingProvider(remote)
  const half = ['EMBEDDINGS_BASE_URL', 'EMBEDDINGS_MODEL'].filter((k) => env[k]?.trim())
  if (half.length === 1) {
    const warn = opts.warn ?? ((line: string) => process.stderr.write(`${line}\n`))
    const missing = half[0] === 'EMBEDDINGS_BASE_URL' ? 'EMBEDDINGS_MODEL' : 'EMBEDDINGS_BASE_URL'
    warn(`[embed] ${half[0]} is set but ${missing} is not; using the offline embedder`)
  }
  return createWinkEmbeddingProvider({ cacheDir: env['EMBEDDINGS_CACHE_DIR'] || undefined })
}
