/**
 * Public API of ingestion: parse a file into blocks, chunk them, read work orders, find asset tags; then prepare
 * the chunks (embeddings, tsvectors; on a helper thread for large documents) and store them.
 */
export { CHUNK_DEFAULTS, type ChunkOptions, chunkBlocks } from './chunk.ts'
export {
  type ColumnMapping,
  parseDateTime,
  parseDurationHours,
  parseWorkOrderCsv,
  type WorkOrderField,
} from './csv.ts'
export { type DocFormat, detectFormat } from './detect.ts'
export { applyOutline, formatLocator, looksOutlined } from './outline.ts'
export { type ParseOptions, parseFile } from './parse.ts'
export {
  type IngestContext,
  type IngestInput,
  type IngestProgress,
  type IngestResult,
  ingestDocument,
  storeChunks,
} from './pipeline.ts'
export { ChunkPreparer, HELPER_MIN_CHUNKS } from './prepare.ts'
export { extractAssetTags } from './tags.ts'
export {
  type Block,
  type BlockType,
  type Chunk,
  DOC_KINDS,
  type DocKind,
  IngestError,
  type ParsedDocument,
  type WorkOrderRecord,
} from './types.ts'
