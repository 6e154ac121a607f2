/**
 * The hybrid search as a LangChain retriever, so the store can sit inside LangChain runnables (chains, agents,
 * RAG templates). Each hit becomes a Document whose text is the chunk and whose metadata says where it came
 * from (document, page, section) and how well it matched. Site scoping is fixed at construction: a retriever
 * never returns documents outside the sites it was built for, whatever the query.
 */
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager'
import { Document } from '@langchain/core/documents'
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers'
import type { EmbeddingProvider } from '../embed/types.ts'
import type { DocKind } from '../ingest/types.ts'
import type { Store } from '../store/db.ts'
import { type SearchFilters, type SearchHit, type SearchMode, search } from './search.ts'

/** What each returned Document carries besides its text. */
export interface PlantDocumentMetadata {
  documentId: string
  title: string
  source: string
  kind: DocKind
  site: string
  page: number | null
  section: string | null
  score: number
  chunkId: number
}

export interface PlantRetrieverInput extends BaseRetrieverInput {
  store: Store
  embedder: EmbeddingProvider
  /** Scope of every query: sites the caller may see ('*' for all), optional kinds, documents, asset tags. */
  filters: SearchFilters
  /** Passages per query. Default 5. */
  k?: number
  /** Search mode; the default, hybrid, is the product's. */
  mode?: SearchMode
}

export class PlantRetriever extends BaseRetriever<PlantDocumentMetadata> {
  static override lc_name(): string {
    return 'PlantRetriever'
  }

  lc_namespace = ['plant_copilot', 'retrievers']

  private readonly store: Store
  private readonly embedder: EmbeddingProvider
  readonly filters: SearchFilters
  readonly k: number
  readonly mode: SearchMode

  constructor(fields: PlantRetrieverInput) {
    const { store, embedder, filters, k, mode, ...base } = fields
    // Only the generic fields go to the base class: it keeps its constructor arguments for serialisation, and
    // a database handle has no business there.
    super(base)
    this.store = store
    this.embedder = embedder
    this.filters = filters
    this.k = k ?? 5
    this.mode = mode ?? 'hybrid'
  }

  override async _getRelevantDocuments(
    query: string,
    _runManager?: CallbackManagerForRetrieverRun,
  ): Promise<Document<PlantDocumentMetadata>[]> {
    const hits = await search({ store: this.store, embedder: this.embedder }, query, this.filters, {
      k: this.k,
      mode: this.mode,
    })
    return hits.map(hitToDocument)
  }
}

/** A search hit as a LangChain Document (the chunk's id doubles as the Document id). */
export function hitToDocument(hit: SearchHit): Document<PlantDocumentMetadata> {
  return new Document<PlantDocumentMetadata>({
    id: String(hit.chunkId),
    pageContent: hit.text,
    metadata: {
      documentId: hit.document.id,
      title: hit.document.title,
      source: hit.document.source,
      kind: hit.document.kind,
      site: hit.document.site,
      page: hit.page,
      section: hit.section,
      score: hit.score,
      chunkId: hit.chunkId,
    },
  })
}
