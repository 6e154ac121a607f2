/** Contract shared by every embedding backend. Keep this file free of logic. */
export interface EmbeddingProvider {
  /**
   * Stable model id stored with each chunk, e.g. 'wink-sif-100d' or 'openai:text-embedding-3-small'.
   * Vectors from providers with different ids must never be compared.
   */
  readonly id: string
  /** Length of every vector this provider returns. */
  readonly dimensions: number
  /** Embeds documents (chunks). Output order matches input order. Vectors are L2-normalised. */
  embed(texts: string[]): Promise<Float32Array[]>
  /** Embeds a search query. Vector is L2-normalised. */
  embedQuery(text: string): Promise<Float32Array>
}
