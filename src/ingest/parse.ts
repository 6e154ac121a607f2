import { type ColumnMapping, parseTableCsv, parseWorkOrderCsv } from './csv.ts'
import { type DocFormat, detectFormat } from './detect.ts'
import { parseDocx } from './docx.ts'
import { parseHtml } from './html.ts'
import { parseMarkdown } from './markdown.ts'
import { parsePdf } from './pdf.ts'
import { parseText } from './text.ts'
import { baseName } from './textutil.ts'
import { IngestError, type ParsedDocument } from './types.ts'

export interface ParseOptions {
  /** Largest file accepted, in bytes ('too_large' above it). */
  maxBytes?: number
  /** Password of an encrypted PDF. */
  password?: string
  /** Work-order CSV columns, field -> header name; implies csvMode 'work-orders'. */
  mapping?: ColumnMapping
  /**
   * How to read a CSV: 'work-orders' (must be a work-order export, else 'unrecognised_columns'), 'table'
   * (plain rows), or 'auto' (default: work orders when the columns are recognised, plain rows otherwise,
   * with a warning).
   */
  csvMode?: 'auto' | 'work-orders' | 'table'
}

export const MIME_TYPES: Record<DocFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown',
  html: 'text/html',
  text: 'text/plain',
  csv: 'text/csv',
}

function parseCsv(bytes: Uint8Array, fileName: string, opts: ParseOptions): ParsedDocument {
  const mode = opts.mapping ? 'work-orders' : (opts.csvMode ?? 'auto')
  if (mode === 'table') return parseTableCsv(bytes, fileName)
  try {
    return parseWorkOrderCsv(bytes, fileName, opts.mapping)
  } catch (err) {
    if (mode === 'auto' && err instanceof IngestError && err.code === 'unrecognised_columns') {
      const doc = parseTableCsv(bytes, fileName)
      doc.warnings.push(
        `no work-order columns recognised, so the ${doc.blocks.length} rows were indexed as plain table rows (pass a column mapping to read it as work orders)`,
      )
      return doc
    }
    throw err
  }
}

/**
 * Reads one uploaded file into blocks, dispatching on detectFormat. The title is the document's own (first
 * H1, PDF metadata Title, front-matter title), else the file name without its extension.
 * Throws IngestError: 'too_large', 'empty_file', 'unsupported_type', 'corrupt_file', 'encrypted_file',
 * 'no_text' (nothing readable), 'unrecognised_columns' / 'invalid_option' (CSV mapping).
 */
export async function parseFile(
  fileName: string,
  bytes: Uint8Array,
  opts: ParseOptions = {},
): Promise<ParsedDocument> {
  if (opts.maxBytes !== undefined && bytes.byteLength > opts.maxBytes) {
    throw new IngestError(
      `"${fileName}" is ${(bytes.byteLength / 1048576).toFixed(1)} MB, over the ${(opts.maxBytes / 1048576).toFixed(1)} MB limit.`,
      'too_large',
    )
  }
  const format = detectFormat(fileName, bytes)
  let doc: ParsedDocument
  switch (format) {
    case 'pdf':
      doc = await parsePdf(bytes, fileName, { password: opts.password })
      break
    case 'docx':
      doc = await parseDocx(bytes, fileName)
      break
    case 'html':
      doc = parseHtml(bytes, fileName)
      break
    case 'markdown':
      doc = parseMarkdown(bytes, fileName)
      break
    case 'text':
      doc = parseText(bytes, fileName)
      break
    case 'csv':
      doc = parseCsv(bytes, fileName, opts)
      break
  }
  if (!doc.blocks.some((b) => b.type !== 'page-break' && b.text.trim())) {
    throw new IngestError(`"${fileName}" contains no text that could be indexed.`, 'no_text')
  }
  return { ...doc, title: doc.title.trim() || baseName(fileName), mimeType: MIME_TYPES[format] }
}
