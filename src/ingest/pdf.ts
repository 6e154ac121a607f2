import { getDocumentProxy, getResolvedPDFJS } from 'unpdf'
import { buildLines, layoutPages, type PageLines, type TextRun } from './pdf-layout.ts'
import { baseName } from './textutil.ts'
import { IngestError, type ParsedDocument } from './types.ts'

export interface PdfOptions {
  /** Password for an encrypted PDF. */
  password?: string
}

/** A list of page numbers for a message: "page 3" / "pages 3, 7". */
function pageList(pages: number[]): string {
  return pages.length === 1 ? `page ${pages[0]}` : `pages ${pages.join(', ')}`
}

/** Titles that PDF producers fill in by themselves and that say nothing. */
function usableTitle(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const t = raw
    .replace(/^Microsoft (Word|PowerPoint) - /i, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (!t || /^(untitled|document\d*|title)$/i.test(t) || /^\S+\.(docx?|pdf|indd|tmp)$/i.test(t)) return null
  return t
}

/**
 * Reads a PDF's text layer page by page (pdf.js through unpdf) and lays it out into blocks with 1-based
 * `page` numbers; see pdf-layout.ts for paragraphs, headings, lists, running headers/footers and hyphenation.
 * Pages without text are reported in `warnings`.
 * Throws IngestError 'encrypted_file' (password missing or wrong), 'corrupt_file' (not readable as a PDF),
 * 'no_text' (no page has a text layer).
 */
export async function parsePdf(
  bytes: Uint8Array,
  fileName: string,
  opts: PdfOptions = {},
): Promise<ParsedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    // pdf.js may take ownership of the buffer it is given, so it gets a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,
      password: opts.password,
      isEvalSupported: false,
    })
  } catch (err) {
    throw openError(err, fileName, opts.password !== undefined)
  }
  try {
    const pages: PageLines[] = []
    const unreadable: number[] = []
    for (let n = 1; n <= pdf.numPages; n++) {
      try {
        const page = await pdf.getPage(n)
        const content = await page.getTextContent()
        const runs: TextRun[] = []
        for (const item of content.items) {
          if (!('str' in item)) continue
          const t = item.transform as number[]
          runs.push({
            text: item.str,
            x: t[4] ?? 0,
            y: t[5] ?? 0,
            width: item.width,
            fontSize: Math.hypot(t[2] ?? 0, t[3] ?? 0) || item.height || 10,
            eol: item.hasEOL,
          })
        }
        pages.push({ page: n, lines: buildLines(runs) })
      } catch {
        unreadable.push(n)
        pages.push({ page: n, lines: [] })
      }
    }
    const { blocks, textlessPages } = layoutPages(pages)
    const warnings: string[] = []
    if (unreadable.length) warnings.push(`${pageList(unreadable)} could not be read and were not indexed`)
    const empty = textlessPages.filter((p) => !unreadable.includes(p))
    if (blocks.length === 0) {
      if (unreadable.length === pdf.numPages) {
        throw new IngestError(`"${fileName}" is damaged: none of its pages could be read.`, 'corrupt_file')
      }
      throw new IngestError(
        `"${fileName}" has no text layer (a scan or images only?); run OCR on it first.`,
        'no_text',
      )
    }
    if (empty.length) {
      const { scanned, blank } = await classifyTextless(pdf, empty)
      if (scanned.length) {
        warnings.push(
          `${pageList(scanned)} ${scanned.length === 1 ? 'has' : 'have'} no text layer (scanned?) and ${scanned.length === 1 ? 'was' : 'were'} not indexed`,
        )
      }
      if (blank.length) warnings.push(`${pageList(blank)} ${blank.length === 1 ? 'is' : 'are'} blank`)
    }
    let title: string | null = null
    try {
      const meta = await pdf.getMetadata()
      title = usableTitle((meta.info as Record<string, unknown> | undefined)?.['Title'])
    } catch {
      // metadata is optional
    }
    title ??= blocks.find((b) => b.type === 'heading' && b.level === 1 && b.page === 1)?.text ?? null
    return {
      title: title ?? baseName(fileName),
      mimeType: 'application/pdf',
      pageCount: pdf.numPages,
      blocks,
      warnings,
    }
  } finally {
    await pdf.destroy().catch(() => {})
  }
}

function openError(err: unknown, fileName: string, hadPassword: boolean): IngestError {
  const name = err instanceof Error ? err.name : ''
  if (name === 'PasswordException') {
    return new IngestError(
      hadPassword
        ? `"${fileName}" is encrypted and the password given is wrong.`
        : `"${fileName}" is password-protected; remove the password or supply it.`,
      'encrypted_file',
    )
  }
  const reason = err instanceof Error ? err.message : String(err)
  return new IngestError(`"${fileName}" is not a readable PDF (${reason}).`, 'corrupt_file')
}

/** Splits pages without text into those that paint images (likely scans) and truly blank ones. */
async function classifyTextless(
  pdf: Awaited<ReturnType<typeof getDocumentProxy>>,
  pages: number[],
): Promise<{ scanned: number[]; blank: number[] }> {
  const { OPS } = await getResolvedPDFJS()
  const paints = new Set<number>(
    [
      OPS.paintImageXObject,
      OPS.paintInlineImageXObject,
      OPS.paintImageMaskXObject,
      OPS.paintImageXObjectRepeat,
    ].filter((op): op is number => typeof op === 'number'),
  )
  const scanned: number[] = []
  const blank: number[] = []
  for (const n of pages) {
    let hasImage = true
    try {
      const ops = await (await pdf.getPage(n)).getOperatorList()
      hasImage = ops.fnArray.some((fn) => paints.has(fn))
    } catch {
      // when in doubt, report it as possibly scanned
    }
    ;(hasImage ? scanned : blank).push(n)
  }
  return { scanned, blank }
}
