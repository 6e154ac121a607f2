/**
 * Test fixtures built at test time: PDFs (pdf-lib), DOCX (docx), a tiny PNG. Nothing here is used by the
 * application.
 */
import { deflateSync } from 'node:zlib'
import {
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { IngestError } from '../types.ts'

export interface PdfLine {
  text: string
  /** Font size, default 11. */
  size?: number
  /** Left position, default 72. */
  x?: number
  /** Extra space above this line in points (a paragraph gap), default 0. */
  gapBefore?: number
}

export interface PdfPage {
  lines?: PdfLine[]
  /** A running header printed at the top of the page. */
  header?: string
  /** A running footer printed at the bottom of the page. */
  footer?: string
  /** Paint an image on the page (what a scanned page looks like). */
  image?: boolean
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return (c ^ 0xffffffff) >>> 0
}

/** A valid grey PNG of the given size. */
export function makePng(width = 8, height = 8): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length)
    const view = new DataView(out.buffer)
    view.setUint32(0, data.length)
    out.set(new TextEncoder().encode(type), 4)
    out.set(data, 8)
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
    return out
  }
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, width)
  v.setUint32(4, height)
  ihdr.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale
  const raw = new Uint8Array(height * (width + 1))
  for (let y = 0; y < height; y++) raw.fill(0x80, y * (width + 1) + 1, (y + 1) * (width + 1))
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array()),
  ]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** A PDF with real text layers, one entry per page. Line spacing is 1.3 × font size. */
export async function makePdf(pages: PdfPage[], meta: { title?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  if (meta.title) doc.setTitle(meta.title)
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const png = pages.some((p) => p.image) ? await doc.embedPng(makePng()) : null
  for (const spec of pages) {
    const page = doc.addPage([600, 800])
    if (spec.header) page.drawText(spec.header, { x: 72, y: 760, size: 9, font })
    if (spec.footer) page.drawText(spec.footer, { x: 280, y: 30, size: 9, font })
    if (spec.image && png) page.drawImage(png, { x: 50, y: 100, width: 500, height: 600 })
    let y = 720
    for (const line of spec.lines ?? []) {
      const size = line.size ?? 11
      y -= (line.gapBefore ?? 0) + size * 1.3
      page.drawText(line.text, { x: line.x ?? 72, y, size, font })
    }
  }
  return doc.save({ useObjectStreams: true })
}

/** Wraps text into lines of at most `width` characters (for PdfLine arrays). */
export function wrap(text: string, width = 80): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) out.push(line)
  return out
}

/** A small Word document: title, headings, paragraphs, a bulleted and a numbered list, a table. */
export async function makeDocx(): Promise<Uint8Array> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'steps',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: 'left' }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Cooling Tower CT-101 Procedure', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: '1 Scope', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('This procedure covers the fan motor '),
              new TextRun({ text: 'CT-101-M1', bold: true }),
              new TextRun(' and the basin heater.'),
            ],
          }),
          new Paragraph({ text: '1.1 Safety', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Lock out the fan disconnect before work.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Verify zero energy at the motor terminals.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Open the access door.', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Inspect the fill for scale.', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: '2 Inspection points', heading: HeadingLevel.HEADING_1 }),
          new Table({
            rows: [
              new TableRow({
                tableHeader: true,
                children: ['Item', 'Check', 'Limit'].map(
                  (t) => new TableCell({ children: [new Paragraph(t)] }),
                ),
              }),
              new TableRow({
                children: ['Fan belt', 'Tension', '10 mm deflection'].map(
                  (t) => new TableCell({ children: [new Paragraph(t)] }),
                ),
              }),
              new TableRow({
                children: ['Gearbox', 'Oil level', 'Mid sight glass'].map(
                  (t) => new TableCell({ children: [new Paragraph(t)] }),
                ),
              }),
            ],
          }),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}

/** The IngestError a call throws (fails the test when it throws something else or nothing). */
export function errorOf(fn: () => unknown): IngestError {
  try {
    fn()
  } catch (err) {
    if (err instanceof IngestError) return err
    throw err
  }
  throw new Error('expected an IngestError')
}
