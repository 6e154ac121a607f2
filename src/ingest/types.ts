/**
 * Shapes that flow through ingestion: a parser turns a file into blocks, the chunker turns blocks into chunks,
 * the pipeline embeds and stores them. Keep this file free of logic.
 */

export const DOC_KINDS = ['manual', 'sop', 'log', 'other'] as const
export type DocKind = (typeof DOC_KINDS)[number]

export type BlockType = 'heading' | 'paragraph' | 'list-item' | 'table-row' | 'page-break'

/** One structural unit of a document as the parser saw it. */
export interface Block {
  type: BlockType
  text: string
  /** 1-based page of a paged format (PDF); null for formats without pages. */
  page: number | null
  /** For headings: 1 = top level. */
  level?: number
  /**
   * Legal-outline locator when the block is a numbered paragraph of a regulation or SOP,
   * e.g. ['(c)', '(7)', '(iv)'] for paragraph (c)(7)(iv). Set by the chunker's outline pass, not by parsers.
   */
  outline?: string[]
  /**
   * For table rows: the table's header row, cells joined with ' | ' (the same way as `text`), so a chunk that
   * starts in the middle of a table can repeat it for context.
   */
  tableHeader?: string
}

/** A work-order record parsed from a maintenance-log CSV row. */
export interface WorkOrderRecord {
  woId: string
  equipmentId: string | null
  equipmentName: string | null
  description: string | null
  failureCode: string | null
  failureDescription: string | null
  problemCode: string | null
  problemDescription: string | null
  /** 'preventive' | 'corrective' | null when the export does not say. */
  workType: 'preventive' | 'corrective' | null
  priority: string | null
  /** ISO timestamps (UTC, no offset in source means local plant time taken as UTC). */
  reportedAt: string | null
  finishedAt: string | null
  durationHours: number | null
  laborHours: number | null
  status: string | null
  /** Free-form extra columns, e.g. collection/component. */
  extra: Record<string, string>
  /** The raw CSV row, column name -> value. */
  raw: Record<string, string>
}

export interface ParsedDocument {
  title: string
  mimeType: string
  /** Number of pages for paged formats. */
  pageCount: number | null
  blocks: Block[]
  /** Problems worth telling the user that did not stop the ingest (e.g. "pages 3, 7 have no text layer"). */
  warnings: string[]
  /** Present for maintenance-log CSVs. */
  workOrders?: WorkOrderRecord[]
}

export interface Chunk {
  ordinal: number
  page: number | null
  /** Human-readable section path, parts joined with ' > ' (for outlines the locator, e.g. '(c)(7)(iv)'). */
  section: string | null
  /** The chunk's own text (what a citation shows). */
  text: string
  /** Text used for indexing/embedding: the chunk text with its section breadcrumb and document title in front. */
  indexText: string
}

/** Raised for input that cannot be ingested; `field` names what was wrong, message is one readable line. */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly code:
      | 'empty_file'
      | 'unsupported_type'
      | 'corrupt_file'
      | 'encrypted_file'
      | 'no_text'
      | 'unrecognised_columns'
      | 'too_large'
      | 'invalid_option',
    readonly field = 'file',
  ) {
    super(message)
    this.name = 'IngestError'
  }
}
