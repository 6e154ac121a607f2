import { extensionOf } from './textutil.ts'
import { IngestError } from './types.ts'

export type DocFormat = 'pdf' | 'docx' | 'markdown' | 'html' | 'text' | 'csv'

export const SUPPORTED_TYPES_TEXT =
  'PDF (.pdf), Word (.docx), Markdown (.md, .markdown), HTML (.html, .htm), plain text (.txt, .text, .log) and CSV (.csv, .tsv)'

const EXTENSIONS: Record<string, DocFormat> = {
  pdf: 'pdf',
  docx: 'docx',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  txt: 'text',
  text: 'text',
  log: 'text',
  csv: 'csv',
  tsv: 'csv',
}

/** Binary signatures we know and refuse, so the message can say what the file looks like. */
const KNOWN_BINARIES: Array<{ magic: number[]; what: string; withNul?: boolean }> = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { magic: [0x4d, 0x5a], what: 'a Windows executable', withNul: true },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'a legacy Office file (.doc/.xls); save it as .docx or .csv' },
  { magic: [0x1f, 0x8b, 0x08], what: 'a gzip archive' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
]

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b)

function indexOfAscii(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const n = Array.from(needle, (c) => c.charCodeAt(0))
  const last = Math.min(to, bytes.length) - n.length
  outer: for (let i = from; i <= last; i++) {
    for (let j = 0; j < n.length; j++) if (bytes[i + j] !== n[j]) continue outer
    return i
  }
  return -1
}

function isWhitespaceOnly(bytes: Uint8Array): boolean {
  let i = 0
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) i = 3
  else if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    // UTF-16: whitespace characters are ASCII plus a NUL high/low byte.
    for (let k = 2; k < bytes.length; k++) {
      const b = bytes[k]!
      if (b !== 0 && b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0b && b !== 0x0c)
        return false
    }
    return true
  }
  for (; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false
  }
  return true
}

function unsupported(fileName: string, reason: string): IngestError {
  return new IngestError(
    `"${fileName}" is not a supported file type (${reason}); supported types are ${SUPPORTED_TYPES_TEXT}.`,
    'unsupported_type',
  )
}

/**
 * Decides how to read a file: by its content first (%PDF header; a ZIP holding word/document.xml is DOCX),
 * then by its extension. A `.pdf` or `.docx` name whose bytes do not look right is still reported as that
 * format, so the parser can say the file is corrupt rather than "unsupported".
 * Throws IngestError 'empty_file' (0 bytes or only whitespace) or 'unsupported_type'.
 */
export function detectFormat(fileName: string, bytes: Uint8Array): DocFormat {
  if (bytes.length === 0) throw new IngestError(`"${fileName}" is empty (0 bytes).`, 'empty_file')
  // pdf.js accepts a header anywhere in the first kilobyte.
  if (indexOfAscii(bytes, '%PDF-', 0, 1024) >= 0) return 'pdf'
  const ext = extensionOf(fileName)
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (indexOfAscii(bytes, 'word/document.xml') >= 0 || ext === 'docx') return 'docx'
    const what =
      indexOfAscii(bytes, 'xl/workbook') >= 0
        ? 'an Excel workbook; export it as CSV'
        : indexOfAscii(bytes, 'ppt/presentation') >= 0
          ? 'a PowerPoint file'
          : 'a ZIP archive'
    throw unsupported(fileName, `looks like ${what}`)
  }
  if (isWhitespaceOnly(bytes)) {
    throw new IngestError(`"${fileName}" contains only whitespace.`, 'empty_file')
  }
  for (const known of KNOWN_BINARIES) {
    // Two-byte signatures such as "MZ" also start ordinary text, so those need binary content as well.
    if (known.withNul && !bytes.subarray(0, 1024).includes(0)) continue
    if (startsWith(bytes, known.magic)) throw unsupported(fileName, `looks like ${known.what}`)
  }
  if (ext === 'pdf' || ext === 'docx') return ext
  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])
  if (!utf16 && bytes.subarray(0, 8192).includes(0)) throw unsupported(fileName, 'binary content')
  const byExt = EXTENSIONS[ext]
  if (byExt) return byExt
  // No usable extension: accept only unmistakable HTML.
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase()
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html'
  throw unsupported(fileName, ext ? `extension .${ext}` : 'no file extension')
}
