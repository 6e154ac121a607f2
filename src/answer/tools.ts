/** The copilot's tools as the model sees them (JSON schema) with their executors. Read-only, site-scoped. */
import type OpenAI from 'openai'
import type { EmbeddingProvider } from '../embed/types.ts'
import { DOC_KINDS, type DocKind } from '../ingest/types.ts'
import { type SearchFilters, type SearchHit, search } from '../retrieve/search.ts'
import type { Store } from '../store/db.ts'

export interface CopilotTool {
  definition: OpenAI.Chat.Completions.ChatCompletionTool
  execute(args: Record<string, unknown>): Promise<{ result: string; hits?: SearchHit[] }>
}

export function searchDocumentsTool(
  deps: { store: Store; embedder: EmbeddingProvider },
  scope: SearchFilters,
): CopilotTool {
  return {
    definition: {
      type: 'function',
      function: {
        name: 'search_documents',
        description:
          "Search the site's manuals, SOPs and maintenance logs. Returns numbered passages with document and page that you can cite.",
        parameters: {
          type: 'object',
          properties: {
            query: { type: 'string', description: 'What to look for, in plain words' },
            kind: { type: 'string', enum: [...DOC_KINDS], description: 'Only this kind of document' },
            asset: { type: 'string', description: 'Only passages mentioning this equipment tag, e.g. P-101' },
            k: { type: 'integer', minimum: 1, maximum: 8 },
          },
          required: ['query'],
          additionalProperties: false,
        },
      },
    },
    async execute(args) {
      const query = typeof args.query === 'string' ? args.query.trim() : ''
      if (!query) return { result: 'error: query is required' }
      const kind =
        typeof args.kind === 'string' && DOC_KINDS.includes(args.kind as DocKind)
          ? [args.kind as DocKind]
          : undefined
      const asset =
        typeof args.asset === 'string' && args.asset.trim() ? [args.asset.trim().toUpperCase()] : undefined
      const k = Math.min(8, Math.max(1, Number(args.k) || 4))
      const hits = await search(deps, query, { ...scope, kinds: kind, assetTags: asset }, { k })
      return {
        result: hits.length ? `${hits.length} passages found` : 'no passages found',
        hits,
      }
    },
  }
}
