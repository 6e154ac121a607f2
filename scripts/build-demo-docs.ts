/**
 * Regenerates the generated documents of the fictional Riverbend demo plant (src/demo/plant/docs):
 *   - the two equipment manuals as PDF (pdf-lib, text layer, running footer with page numbers)
 *   - the chiller service guide as DOCX (docx)
 *   - the CMMS maintenance-log export as CSV (seeded, deterministic)
 * The text lives in src/demo/plant/source/*.ts in a small line-based markup (see parseMarkup below).
 * Markdown, HTML and plain-text documents in docs/ are hand-written and not touched here.
 *
 * Usage: npx tsx scripts/build-demo-docs.ts
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib'
import { chillerGuide } from '../src/demo/plant/source/chiller-guide.ts'
import { compressorManual } from '../src/demo/plant/source/compressor-manual.ts'
import { buildMaintenanceLogCsv } from '../src/demo/plant/source/maintenance-log.ts'
import type { DocSource } from '../src/demo/plant/source/model.ts'
import { pumpManual } from '../src/demo/plant/source/pump-manual.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = join(ROOT, 'src/demo/plant/docs')
/** Fixed timestamp so rebuilt PDFs do not change without a content change. */
const BUILD_DATE = new Date('2026-10-01T08:00:00Z')

// ---------------------------------------------------------------------------------------------
// Markup
// ---------------------------------------------------------------------------------------------

type NoticeLevel = 'DANGER' | 'WARNING' | 'CAUTION' | 'NOTE'

type Node =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'steps'; items: { num: string; text: string }[] }
  | { kind: 'notice'; level: NoticeLevel; text: string }
  | { kind: 'table'; widths: number[]; header: string[]; rows: string[][] }
  | { kind: 'pagebreak' }

/**
 * Line-based markup:
 *   "# 4 Title" / "## 4.2 Title" / "### 4.2.1 Title"  headings
 *   "- text"                                           bullet item (following indented lines continue it)
 *   "12. text"                                         numbered step (number kept as written)
 *   "!WARNING text"                                    notice box (DANGER, WARNING, CAUTION, NOTE)
 *   "[table 30,20,50]" rows "a | b | c" "[/table]"     table, first row is the header, widths in percent
 *   "[pagebreak]"                                      forced page break
 *   anything else                                      paragraph text; consecutive lines are joined
 */
function parseMarkup(src: string): Node[] {
  const nodes: Node[] = []
  const lines = src.replace(/\r\n/g, '\n').split('\n')
  let para: string[] = []
  const flush = () => {
    if (para.length) nodes.push({ kind: 'para', text: para.join(' ') })
    para = []
  }
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? ''
    const line = raw.trim()
    if (!line) {
      flush()
      continue
    }
    const last = nodes[nodes.length - 1]
    if (/^\s{2,}\S/.test(raw) && para.length === 0 && last) {
      if (last.kind === 'bullets') {
        last.items[last.items.length - 1] += ` ${line}`
        continue
      }
      if (last.kind === 'steps') {
        const step = last.items[last.items.length - 1]
        if (step) step.text += ` ${line}`
        continue
      }
      if (last.kind === 'notice') {
        last.text += ` ${line}`
        continue
      }
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line)
    if (heading) {
      flush()
      nodes.push({ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3, text: heading[2]! })
      continue
    }
    if (line === '[pagebreak]') {
      flush()
      nodes.push({ kind: 'pagebreak' })
      continue
    }
    const table = /^\[table\s+([\d,\s]+)\]$/.exec(line)
    if (table) {
      flush()
      const widths = table[1]!.split(',').map((w) => Number(w.trim()))
      const rows: string[][] = []
      for (i++; i < lines.length && (lines[i] ?? '').trim() !== '[/table]'; i++) {
        const row = (lines[i] ?? '').trim()
        if (!row) continue
        if (row.startsWith('+') && rows.length) {
          // continuation of the previous row's last cell
          const prev = rows[rows.length - 1]!
          prev[prev.length - 1] += ` ${row.slice(1).trim()}`
          continue
        }
        const cells = row.split(' | ').map((c) => c.trim())
        if (cells.length !== widths.length) {
          throw new Error(`table row has ${cells.length} cells, expected ${widths.length}: ${row}`)
        }
        rows.push(cells)
      }
      const [header, ...body] = rows
      if (!header) throw new Error('empty table')
      nodes.push({ kind: 'table', widths, header, rows: body })
      continue
    }
    const notice = /^!(DANGER|WARNING|CAUTION|NOTE)\s+(.*)$/.exec(line)
    if (notice) {
      flush()
      nodes.push({ kind: 'notice', level: notice[1] as NoticeLevel, text: notice[2]! })
      continue
    }
    const bullet = /^-\s+(.*)$/.exec(line)
    if (bullet) {
      flush()
      if (last?.kind === 'bullets' && para.length === 0) last.items.push(bullet[1]!)
      else nodes.push({ kind: 'bullets', items: [bullet[1]!] })
      continue
    }
    const step = /^(\d+)\.\s+(.*)$/.exec(line)
    if (step) {
      flush()
      const item = { num: `${step[1]}.`, text: step[2]! }
      if (last?.kind === 'steps' && para.length === 0) last.items.push(item)
      else nodes.push({ kind: 'steps', items: [item] })
      continue
    }
    para.push(line)
  }
  flush()
  return nodes
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

const PAGE_W = 595.28
const PAGE_H = 841.89
const MARGIN_L = 62
const MARGIN_R = 62
const TOP = PAGE_H - 78
const BOTTOM = 72
const CONTENT_W = PAGE_W - MARGIN_L - MARGIN_R

type Op =
  | { t: 'text'; x: number; y: number; text: string; size: number; bold: boolean; gray?: number }
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; w: number; gray: number }
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill?: number; border?: number }

interface Fonts {
  regular: PDFFont
  bold: PDFFont
}

class PdfLayout {
  pages: Op[][] = []
  y = TOP
  headings: { level: number; text: string; page: number }[] = []

  constructor(private readonly fonts: Fonts) {}

  get page(): Op[] {
    const p = this.pages[this.pages.length - 1]
    if (!p) throw new Error('no page')
    return p
  }

  newPage(): void {
    this.pages.push([])
    this.y = TOP
  }

  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage()
  }

  font(bold: boolean): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular
  }

  wrap(text: string, size: number, width: number, bold = false): string[] {
    const font = this.font(bold)
    const out: string[] = []
    for (const para of text.split('\n')) {
      let line = ''
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate
        } else {
          if (line) out.push(line)
          line = word
          while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
            let cut = line.length - 1
            while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--
            out.push(line.slice(0, cut))
            line = line.slice(cut)
          }
        }
      }
      out.push(line)
    }
    return out
  }

  text(x: number, text: string, size: number, bold = false, gray?: number): void {
    this.page.push({ t: 'text', x, y: this.y, text, size, bold, gray })
  }

  heading(level: 1 | 2 | 3, text: string): void {
    const size = level === 1 ? 15 : level === 2 ? 11.5 : 10.5
    const before = level === 1 ? 16 : level === 2 ? 10 : 8
    const after = level === 1 ? 8 : 5
    // keep the heading together with at least four lines of what follows
    this.ensure(before + size + after + 4 * 13.5)
    if (this.y !== TOP) this.y -= before
    const lines = this.wrap(text, size, CONTENT_W, true)
    for (const l of lines) {
      this.y -= size
      this.text(MARGIN_L, l, size, true)
      this.y -= 3
    }
    if (level === 1) {
      this.page.push({
        t: 'line',
        x1: MARGIN_L,
        y1: this.y,
        x2: PAGE_W - MARGIN_R,
        y2: this.y,
        w: 0.8,
        gray: 0.3,
      })
    }
    this.y -= after
    this.headings.push({ level, text, page: this.pages.length })
  }

  paragraph(text: string, x = MARGIN_L, width = CONTENT_W, size = 10, leading = 13.5, after = 6): void {
    const lines = this.wrap(text, size, width)
    for (const l of lines) {
      this.ensure(leading)
      this.y -= leading
      this.text(x, l, size)
    }
    this.y -= after
  }

  hanging(label: string, text: string, indent: number, hang: number): void {
    const size = 10
    const leading = 13.5
    const lines = this.wrap(text, size, CONTENT_W - indent - hang)
    lines.forEach((l, idx) => {
      this.ensure(leading)
      this.y -= leading
      if (idx === 0) this.text(MARGIN_L + indent, label, size)
      this.text(MARGIN_L + indent + hang, l, size)
    })
    this.y -= 2.5
  }

  notice(level: NoticeLevel, text: string): void {
    const size = 9.5
    const leading = 12.5
    const labelW = 74
    const pad = 6
    const lines = this.wrap(text, size, CONTENT_W - labelW - 2 * pad)
    const h = lines.length * leading + 2 * pad
    this.ensure(h + 8)
    this.y -= 4
    const top = this.y
    const fill = level === 'DANGER' ? 0.72 : level === 'WARNING' ? 0.8 : level === 'CAUTION' ? 0.88 : 0.94
    this.page.push({ t: 'rect', x: MARGIN_L, y: top - h, w: labelW, h, fill })
    this.page.push({ t: 'rect', x: MARGIN_L, y: top - h, w: CONTENT_W, h, border: 0.8 })
    this.y = top - pad
    this.y -= leading - 1
    this.text(MARGIN_L + pad, level, 9.5, true)
    this.y = top - pad
    for (const l of lines) {
      this.y -= leading
      this.text(MARGIN_L + labelW + pad, l, size)
    }
    this.y = top - h - 10
  }

  table(widths: number[], header: string[], rows: string[][]): void {
    const size = 9
    const leading = 11.5
    const pad = 3
    const total = widths.reduce((a, b) => a + b, 0)
    const colW = widths.map((w) => (w / total) * CONTENT_W)
    const colX: number[] = []
    let acc = MARGIN_L
    for (const w of colW) {
      colX.push(acc)
      acc += w
    }
    const cellLines = (cells: string[], bold: boolean) =>
      cells.map((c, i) => this.wrap(c, size, colW[i]! - 2 * pad, bold))
    const drawRow = (cells: string[], bold: boolean) => {
      const wrapped = cellLines(cells, bold)
      const n = Math.max(...wrapped.map((w) => w.length))
      const top = this.y
      if (bold) {
        this.page.push({
          t: 'rect',
          x: MARGIN_L,
          y: top - n * leading - 2 * pad,
          w: CONTENT_W,
          h: n * leading + 2 * pad,
          fill: 0.9,
        })
      }
      wrapped.forEach((ls, ci) => {
        this.y = top - pad
        for (const l of ls) {
          this.y -= leading
          this.page.push({ t: 'text', x: colX[ci]! + pad, y: this.y + 2.5, text: l, size, bold })
        }
      })
      this.y = top - n * leading - 2 * pad
      this.page.push({
        t: 'line',
        x1: MARGIN_L,
        y1: this.y,
        x2: PAGE_W - MARGIN_R,
        y2: this.y,
        w: bold ? 0.8 : 0.4,
        gray: bold ? 0.2 : 0.6,
      })
    }
    const rowHeight = (cells: string[], bold: boolean) =>
      Math.max(...cellLines(cells, bold).map((w) => w.length)) * leading + 2 * pad
    this.ensure(rowHeight(header, true) + rowHeight(rows[0] ?? header, false) + 4)
    this.y -= 4
    const startTable = () => {
      this.page.push({
        t: 'line',
        x1: MARGIN_L,
        y1: this.y,
        x2: PAGE_W - MARGIN_R,
        y2: this.y,
        w: 0.8,
        gray: 0.2,
      })
      drawRow(header, true)
    }
    startTable()
    for (const row of rows) {
      const h = rowHeight(row, false)
      if (this.y - h < BOTTOM) {
        this.newPage()
        startTable()
      }
      drawRow(row, false)
    }
    this.y -= 10
  }
}

interface PdfCover {
  title: string
  subtitle: string
  lines: string[]
}

async function renderPdf(doc: DocSource): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  }
  const layout = new PdfLayout(fonts)
  const cover: PdfCover = doc.cover
  // page 1: cover, page 2: contents (filled in after layout)
  layout.newPage()
  layout.y = PAGE_H - 190
  for (const l of layout.wrap(doc.publisher, 13, CONTENT_W, true)) {
    layout.text(MARGIN_L, l, 13, true, 0.35)
    layout.y -= 18
  }
  layout.y -= 30
  for (const l of layout.wrap(cover.title, 24, CONTENT_W, true)) {
    layout.text(MARGIN_L, l, 24, true)
    layout.y -= 32
  }
  for (const l of layout.wrap(cover.subtitle, 14, CONTENT_W)) {
    layout.text(MARGIN_L, l, 14)
    layout.y -= 20
  }
  layout.y -= 30
  layout.page.push({
    t: 'line',
    x1: MARGIN_L,
    y1: layout.y + 12,
    x2: PAGE_W - MARGIN_R,
    y2: layout.y + 12,
    w: 1.5,
    gray: 0,
  })
  layout.y -= 8
  for (const l of cover.lines) {
    for (const w of layout.wrap(l, 10.5, CONTENT_W)) {
      layout.text(MARGIN_L, w, 10.5)
      layout.y -= 15
    }
  }
  layout.newPage()
  const tocPage = layout.pages.length
  layout.newPage()

  for (const node of parseMarkup(doc.body)) {
    switch (node.kind) {
      case 'heading':
        if (node.level === 1 && layout.y < TOP && layout.y < BOTTOM + 260) layout.newPage()
        layout.heading(node.level, node.text)
        break
      case 'para':
        layout.paragraph(node.text)
        break
      case 'bullets':
        for (const item of node.items) layout.hanging('\u2022', item, 6, 12)
        layout.y -= 4
        break
      case 'steps':
        for (const item of node.items) layout.hanging(item.num, item.text, 0, 20)
        layout.y -= 4
        break
      case 'notice':
        layout.notice(node.level, node.text)
        break
      case 'table':
        layout.table(node.widths, node.header, node.rows)
        break
      case 'pagebreak':
        if (layout.y < TOP) layout.newPage()
        break
    }
  }

  // table of contents
  const toc = layout.pages[tocPage - 1]!
  let y = TOP - 15
  toc.push({ t: 'text', x: MARGIN_L, y, text: 'Contents', size: 15, bold: true })
  y -= 26
  const entries = layout.headings.filter((h) => h.level <= 2)
  const leading = entries.length > 48 ? 12 : 13.5
  for (const h of entries.length > 52 ? layout.headings.filter((e) => e.level === 1) : entries) {
    const size = h.level === 1 ? 10 : 9.5
    const x = MARGIN_L + (h.level === 1 ? 0 : 18)
    if (h.level === 1) y -= 4
    toc.push({ t: 'text', x, y, text: h.text, size, bold: h.level === 1 })
    const num = String(h.page)
    const numW = fonts.regular.widthOfTextAtSize(num, size)
    toc.push({ t: 'text', x: PAGE_W - MARGIN_R - numW, y, text: num, size, bold: false })
    y -= leading
  }

  const total = layout.pages.length
  layout.pages.forEach((ops, idx) => {
    const page: PDFPage = pdf.addPage([PAGE_W, PAGE_H])
    for (const op of ops) drawOp(page, op, fonts)
    const pageNo = idx + 1
    if (pageNo > 1) {
      const hs = 8.5
      page.drawText(doc.headerLeft, {
        x: MARGIN_L,
        y: PAGE_H - 50,
        size: hs,
        font: fonts.bold,
        color: rgb(0.3, 0.3, 0.3),
      })
      const hrW = fonts.regular.widthOfTextAtSize(doc.headerRight, hs)
      page.drawText(doc.headerRight, {
        x: PAGE_W - MARGIN_R - hrW,
        y: PAGE_H - 50,
        size: hs,
        font: fonts.regular,
        color: rgb(0.3, 0.3, 0.3),
      })
      page.drawLine({
        start: { x: MARGIN_L, y: PAGE_H - 56 },
        end: { x: PAGE_W - MARGIN_R, y: PAGE_H - 56 },
        thickness: 0.5,
        color: rgb(0.5, 0.5, 0.5),
      })
    }
    page.drawLine({
      start: { x: MARGIN_L, y: 50 },
      end: { x: PAGE_W - MARGIN_R, y: 50 },
      thickness: 0.5,
      color: rgb(0.5, 0.5, 0.5),
    })
    const fs = 8.5
    page.drawText(doc.footerLeft, {
      x: MARGIN_L,
      y: 38,
      size: fs,
      font: fonts.regular,
      color: rgb(0.3, 0.3, 0.3),
    })
    const label = `Page ${pageNo} of ${total}`
    const lw = fonts.regular.widthOfTextAtSize(label, fs)
    page.drawText(label, {
      x: PAGE_W - MARGIN_R - lw,
      y: 38,
      size: fs,
      font: fonts.regular,
      color: rgb(0.3, 0.3, 0.3),
    })
  })

  pdf.setTitle(doc.title)
  pdf.setAuthor(doc.publisher)
  pdf.setSubject(doc.cover.subtitle)
  pdf.setKeywords(doc.keywords.split(/,\s*/))
  pdf.setProducer('Riverbend demo document builder')
  pdf.setCreator('scripts/build-demo-docs.ts')
  pdf.setCreationDate(BUILD_DATE)
  pdf.setModificationDate(BUILD_DATE)
  return pdf.save({ useObjectStreams: true })
}

function drawOp(page: PDFPage, op: Op, fonts: Fonts): void {
  if (op.t === 'text') {
    const g = op.gray ?? 0
    page.drawText(op.text, {
      x: op.x,
      y: op.y,
      size: op.size,
      font: op.bold ? fonts.bold : fonts.regular,
      color: rgb(g, g, g),
    })
  } else if (op.t === 'line') {
    page.drawLine({
      start: { x: op.x1, y: op.y1 },
      end: { x: op.x2, y: op.y2 },
      thickness: op.w,
      color: rgb(op.gray, op.gray, op.gray),
    })
  } else {
    page.drawRectangle({
      x: op.x,
      y: op.y,
      width: op.w,
      height: op.h,
      color: op.fill === undefined ? undefined : rgb(op.fill, op.fill, op.fill),
      borderColor: op.border === undefined ? undefined : rgb(0, 0, 0),
      borderWidth: op.border ?? 0,
    })
  }
}

// ---------------------------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------------------------

/**
 * Runs fn with a frozen clock: the docx package stamps core.xml and every ZIP entry with the current time,
 * which would make each rebuild differ. Only the argument-less Date constructor and Date.now are frozen.
 */
async function withFixedClock<T>(fixed: Date, fn: () => Promise<T>): Promise<T> {
  const RealDate = Date
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(fixed.getTime())
      else super(...(args as [number]))
    }
    static override now(): number {
      return fixed.getTime()
    }
  }
  globalThis.Date = FixedDate as DateConstructor
  try {
    return await fn()
  } finally {
    globalThis.Date = RealDate
  }
}

function renderDocx(doc: DocSource): Promise<Buffer> {
  return withFixedClock(BUILD_DATE, () => buildDocx(doc))
}

async function buildDocx(doc: DocSource): Promise<Buffer> {
  const children: (Paragraph | Table)[] = []
  children.push(
    new Paragraph({
      children: [new TextRun({ text: doc.publisher, bold: true, color: '555555', size: 26 })],
    }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.cover.title)] }),
    new Paragraph({
      children: [new TextRun({ text: doc.cover.subtitle, size: 28 })],
      spacing: { after: 240 },
    }),
    ...doc.cover.lines.map((l) => new Paragraph({ children: [new TextRun(l)] })),
  )
  const headingLevel = {
    1: HeadingLevel.HEADING_1,
    2: HeadingLevel.HEADING_2,
    3: HeadingLevel.HEADING_3,
  } as const
  const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '999999' }
  for (const node of parseMarkup(doc.body)) {
    switch (node.kind) {
      case 'heading':
        children.push(
          new Paragraph({
            heading: headingLevel[node.level],
            pageBreakBefore: node.level === 1,
            children: [new TextRun(node.text)],
          }),
        )
        break
      case 'para':
        children.push(new Paragraph({ children: [new TextRun(node.text)], spacing: { after: 120 } }))
        break
      case 'bullets':
        for (const item of node.items)
          children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(item)] }))
        break
      case 'steps':
        for (const item of node.items) {
          children.push(
            new Paragraph({
              indent: { left: 440, hanging: 440 },
              spacing: { after: 60 },
              children: [new TextRun(`${item.num}\t${item.text}`)],
              tabStops: [{ type: 'left', position: 440 }],
            }),
          )
        }
        break
      case 'notice':
        children.push(
          new Paragraph({
            border: {
              top: { style: BorderStyle.SINGLE, size: 8, color: '000000' },
              bottom: { style: BorderStyle.SINGLE, size: 8, color: '000000' },
              left: { style: BorderStyle.SINGLE, size: 8, color: '000000' },
              right: { style: BorderStyle.SINGLE, size: 8, color: '000000' },
            },
            shading: {
              type: ShadingType.CLEAR,
              color: 'auto',
              fill: node.level === 'NOTE' ? 'F2F2F2' : 'FFF2CC',
            },
            spacing: { before: 120, after: 120 },
            children: [new TextRun({ text: `${node.level}: `, bold: true }), new TextRun(node.text)],
          }),
        )
        break
      case 'table': {
        const total = node.widths.reduce((a, b) => a + b, 0)
        const mkRow = (cells: string[], header: boolean) =>
          new TableRow({
            tableHeader: header,
            children: cells.map(
              (c, i) =>
                new TableCell({
                  width: {
                    size: Math.round(((node.widths[i] ?? 0) / total) * 100),
                    type: WidthType.PERCENTAGE,
                  },
                  borders: { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder },
                  shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' } : undefined,
                  children: [new Paragraph({ children: [new TextRun({ text: c, bold: header, size: 19 })] })],
                }),
            ),
          })
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [mkRow(node.header, true), ...node.rows.map((r) => mkRow(r, false))],
          }),
          new Paragraph({ children: [] }),
        )
        break
      }
      case 'pagebreak':
        children.push(new Paragraph({ pageBreakBefore: true, children: [] }))
        break
    }
  }
  const document = new Document({
    creator: doc.publisher,
    title: doc.title,
    description: doc.cover.subtitle,
    keywords: doc.keywords,
    styles: { default: { document: { run: { font: 'Calibri', size: 21 } } } },
    sections: [
      {
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({ text: `${doc.headerLeft} - ${doc.headerRight}`, size: 16, color: '666666' }),
                ],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: `${doc.footerLeft}    Page `, size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16 }),
                  new TextRun({ text: ' of ', size: 16 }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  })
  return Packer.toBuffer(document)
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true })
  const written: string[] = []
  const write = (name: string, data: Uint8Array | string) => {
    const path = join(OUT_DIR, name)
    writeFileSync(path, data)
    written.push(path)
  }
  write('P-101-P-102-pump-manual.pdf', await renderPdf(pumpManual))
  write('K-201-compressor-manual.pdf', await renderPdf(compressorManual))
  write('CH-301-chiller-service-guide.docx', await renderDocx(chillerGuide))
  write('maintenance-log-2023-2026.csv', buildMaintenanceLogCsv())
  for (const path of written) {
    console.log(`${String(statSync(path).size).padStart(8)}  ${path.slice(ROOT.length + 1)}`)
  }
}

await main()
