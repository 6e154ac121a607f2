import mammoth from 'mammoth'
import { htmlToBlocks } from './html.ts'
import { baseName } from './textutil.ts'
import { IngestError, type ParsedDocument } from './types.ts'

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** Word's own title styles count as headings; everything else uses mammoth's default style map. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"]

/**
 * Reads a .docx by converting it to HTML with mammoth and reusing the HTML block extraction, so Word headings,
 * lists and tables keep their structure. Images are dropped (not read at all).
 * Throws IngestError 'corrupt_file' when the file is not a readable Word document.
 */
export async function parseDocx(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
  let html: string
  let messages: Array<{ type: string; message: string }>
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    )
    html = result.value
    messages = result.messages
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err)
    throw new IngestError(`"${fileName}" is not a readable Word document (${reason}).`, 'corrupt_file')
  }
  const { blocks, title } = htmlToBlocks(html)
  const warnings = messages.filter((m) => m.type === 'error').map((m) => `Word conversion: ${m.message}`)
  return { title: title ?? baseName(fileName), mimeType: DOCX_MIME, pageCount: null, blocks, warnings }
}
