/**
 * A procedure as a Word file: headings per section, numbered lists for steps (each list restarts at 1), the
 * sources of each section, and a references section. Uses the `docx` package.
 */
import type { Paragraph as ParagraphType } from 'docx'
import { citationKey, describeCitation } from './draft.ts'
import { numberCitations } from './markdown.ts'
import type { ProcedureDraft, ProcedureSection } from './types.ts'

const NUMBERED = 'procedure-steps'

/** `docx` is loaded on first use, so the service starts (and only this export fails) where it is not installed. */
export async function toDocx(draft: ProcedureDraft): Promise<Uint8Array> {
  const { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } = await import(
    'docx'
  )
  const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const
  const refs = numberCitations(draft)
  const children: ParagraphType[] = [new Paragraph({ text: draft.title, heading: HeadingLevel.TITLE })]
  const meta: Array<[string, string]> = [
    ['Asset', `${draft.asset.tag}${draft.asset.name ? ` (${draft.asset.name})` : ''}`],
    ['Site', draft.asset.site],
    ['Task', draft.task],
    ['Drafted', draft.generatedAt],
  ]
  for (const [k, v] of meta)
    children.push(new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v)] }))
  let lists = 0
  const numbered = (text: string, instance: number) =>
    new Paragraph({ text, numbering: { reference: NUMBERED, level: 0, instance } })
  const section = (s: ProcedureSection, depth: number, number: string) => {
    children.push(new Paragraph({ text: `${number} ${s.heading}`, heading: HEADINGS[Math.min(depth, 2)] }))
    if (s.missing)
      children.push(
        new Paragraph({
          children: [
            new TextRun({
              text: `Not found: ${s.missing}. Write this section before review.`,
              italics: true,
            }),
          ],
        }),
      )
    for (const t of s.text) children.push(new Paragraph({ text: t }))
    if (s.key === 'references') {
      const instance = ++lists
      for (const { citation } of refs.values()) children.push(numbered(describeCitation(citation), instance))
      return
    }
    if (s.items.length) {
      const instance = ++lists
      for (const item of s.items)
        children.push(
          s.ordered ? numbered(item, instance) : new Paragraph({ text: item, bullet: { level: 0 } }),
        )
    }
    const ns = [...new Set(s.citations.map((c) => refs.get(citationKey(c))!.n))]
    if (ns.length)
      children.push(
        new Paragraph({
          children: [new TextRun({ text: `Sources: ${ns.map((n) => `[${n}]`).join(', ')}`, italics: true })],
        }),
      )
    for (const [i, sub] of (s.subsections ?? []).entries()) section(sub, depth + 1, `${number}${i + 1}.`)
  }
  for (const [i, s] of draft.sections.entries()) section(s, 0, `${i + 1}.`)
  const doc = new Document({
    title: draft.title,
    creator: 'plant-copilot',
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [{ children }],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}
