/** Request and response schemas of the /procedures routes (procedures.ts validates with them; openapi.ts shows them). */
import { z } from 'zod'
import { PROCEDURE_STATUSES } from '../../procedures/schema.ts'
import { procedureDraftSchema } from '../../procedures/validate.ts'
import { emptyAsAbsent, siteQuery, versionParam } from '../schemas.ts'

const ASSET_REQUIRED = 'asset is required (a tag such as P-101)'
const TASK_REQUIRED = 'task is required'
const nonBlank = (s: string) => s.trim().length > 0

export const draftBody = z.object({
  asset: z
    .string({ error: ASSET_REQUIRED })
    .refine(nonBlank, ASSET_REQUIRED)
    .meta({ description: 'Equipment tag', examples: ['P-101'] }),
  task: z
    .string({ error: TASK_REQUIRED })
    .refine(nonBlank, TASK_REQUIRED)
    .max(300, 'task is at most 300 characters')
    .meta({ description: 'What the procedure is for', examples: ['replace the mechanical seal'] }),
  site: z
    .string({ error: 'site must be a string' })
    .optional()
    .meta({ description: "The asset's site (default: every site of the key)" }),
})

export const procedureListQuery = z.object({
  site: siteQuery,
  status: emptyAsAbsent(
    z.enum(PROCEDURE_STATUSES, { error: `status must be one of ${PROCEDURE_STATUSES.join(', ')}` }),
  ),
  asset: z.string().optional().meta({ description: 'Only procedures of this equipment tag' }),
})

export const procedureParams = z.object({ id: z.string().meta({ description: 'Procedure id (UUID)' }) })
export const versionParams = procedureParams.extend({ v: versionParam('v') })

export const exportQuery = z.object({
  version: emptyAsAbsent(versionParam('version')).meta({ description: 'A version (default: the latest)' }),
})

export const diffQuery = z.object({
  from: versionParam('from').meta({ description: 'The older version' }),
  to: versionParam('to').meta({ description: 'The newer version' }),
})

// The recursive section of a procedure gets a name in the OpenAPI document (metadata only).
const sectionSchema = procedureDraftSchema.shape.sections.element
if (!z.globalRegistry.has(sectionSchema)) z.globalRegistry.add(sectionSchema, { id: 'ProcedureSection' })

export const updateBody = z.object({
  content: procedureDraftSchema.meta({
    description: 'The whole edited procedure (as GET returns it in `content`)',
  }),
})

const iso = z.string().meta({ format: 'date-time' })

export const procedureSummarySchema = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    siteId: z.string(),
    asset: z.string(),
    task: z.string(),
    title: z.string(),
    status: z.enum(PROCEDURE_STATUSES),
    version: z.number().int().meta({ description: 'The latest version' }),
    authorKeyId: z.string().nullable(),
    approvedBy: z.string().nullable(),
    approvedAt: iso.nullable(),
    createdAt: iso,
    updatedAt: iso,
  })
  .meta({ id: 'ProcedureSummary' })

export const procedureVersionSchema = procedureSummarySchema
  .extend({
    shownVersion: z
      .number()
      .int()
      .meta({ description: 'The version shown (latest unless another was asked)' }),
    versionAuthorKeyId: z.string().nullable(),
    versionCreatedAt: iso,
    content: procedureDraftSchema,
  })
  .meta({ id: 'ProcedureVersion' })

export const procedureDetailSchema = procedureVersionSchema.extend({
  versions: z.array(
    z.object({ version: z.number().int(), authorKeyId: z.string().nullable(), createdAt: iso }),
  ),
})

export const diffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  lines: z.array(z.object({ op: z.enum(['same', 'add', 'remove']), text: z.string() })),
  unified: z.string().meta({ description: 'The diff of the Markdown, one line per line with + / - / space' }),
  added: z.number().int(),
  removed: z.number().int(),
})
