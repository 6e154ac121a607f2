/** Small documents of every supported format, generated in memory for tests. */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { PDFDocument, StandardFonts } from 'pdf-lib'

/** A PDF with one text page per string; an empty string makes a page without a text layer. */
export async function makePdf(pages: string[], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  if (title) pdf.setTitle(title)
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  for (const text of pages) {
    const page = pdf.addPage([612, 792])
    let y = 740
    for (const line of text.split('\n')) {
      if (line) page.drawText(line, { x: 60, y, size: 11, font })
      y -= 16
    }
  }
  return pdf.save()
}

export async function makeDocx(
  title: string,
  sections: Array<{ heading: string; paragraphs: string[] }>,
): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
          ...sections.flatMap((s) => [
            new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_2 }),
            ...s.paragraphs.map((p) => new Paragraph({ text: p })),
          ]),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}

export const utf8 = (s: string) => new TextEncoder().encode(s)
