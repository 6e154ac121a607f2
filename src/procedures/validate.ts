/** Checks an edited procedure sent by a client before it is stored as a new version. */
import { z } from 'zod'
import type { ProcedureDraft } from './types.ts'

const citation = z.union([
  z.object({
    type: z.literal('document'),
    documentId: z.string(),
    title: z.string(),
    source: z.string(),
    page: z.number().int().nullable(),
    section: z.string().nullable(),
  }),
  z.object({
    type: z.literal('work_order'),
    woId: z.string(),
    title: z.string(),
    source: z.string(),
    page: z.null(),
    section: z.null(),
  }),
])

const text = z.string().max(20_000)

const sectionKey = z.enum([
  'scope',
  'hazards',
  'energy',
  'preparation',
  'shutdown',
  'isolation',
  'lock_and_tag',
  'stored_energy',
  'verification',
  'tools_parts',
  'steps',
  'return_to_service',
  'references',
])

const section: z.ZodType<ProcedureDraft['sections'][number]> = z.lazy(() =>
  z.object({
    key: sectionKey,
    heading: z.string().min(1).max(300),
    text: z.array(text).max(200),
    items: z.array(text).max(500),
    ordered: z.boolean(),
    citations: z.array(citation).max(500),
    missing: z.string().max(1000).optional(),
    subsections: z.array(section).max(50).optional(),
  }),
)

export const procedureDraftSchema = z.object({
  title: z.string().min(1).max(300),
  asset: z.object({ tag: z.string().min(1), name: z.string().nullable(), site: z.string().min(1) }),
  task: z.string().min(1).max(300),
  generatedAt: z.string(),
  sections: z.array(section).min(1).max(50),
  writtenBy: z
    .object({
      mode: z.enum(['llm', 'offline']),
      model: z.string().max(200).optional(),
      sections: z.array(sectionKey).max(20).optional(),
    })
    .optional(),
})

export function parseProcedureDraft(
  input: unknown,
): { ok: true; draft: ProcedureDraft } | { ok: false; error: string; field: string } {
  const r = procedureDraftSchema.safeParse(input)
  if (r.success) return { ok: true, draft: r.data }
  const issue = r.error.issues[0]!
  return { ok: false, error: issue.message, field: ['content', ...issue.path.map(String)].join('.') }
}
