/**
 * Request validation from zod schemas, and the schemas several routes share. A route validates its params,
 * query and body with the same schemas it gives `describeRoute`, so the OpenAPI document cannot drift from what
 * the code accepts. A failed parse becomes the usual problem+json 400 naming the field (the issue path joined
 * with '.').
 */
import { z } from 'zod'
import { DOC_KINDS } from '../ingest/types.ts'
import { isUuid } from '../store/documents.ts'
import { badRequest } from './problem.ts'

/** The field an issue is about: its path joined with '.' ('' for the value itself). */
export function issueField(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.')
}

/**
 * The detail of an issue: the schema's own message when it names the field (the messages our schemas write,
 * e.g. "k must be a whole number from 1 to 50"), else the message prefixed with the field ("from: a date
 * YYYY-MM-DD", "work_type: Invalid option: …").
 */
export function issueDetail(issue: z.core.$ZodIssue): string {
  const field = issueField(issue)
  const last = issue.path.length ? String(issue.path[issue.path.length - 1]) : ''
  if (!last) return issue.message
  const escaped = last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^\\w])${escaped}([^\\w]|$)`).test(issue.message)
    ? issue.message
    : `${field}: ${issue.message}`
}

/** Parses `value` with `schema`; the first issue becomes a 400 problem naming its field. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  opts: { rootField?: string } = {},
): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  throw badRequest(issueDetail(issue), issueField(issue) || opts.rootField)
}

/**
 * Reads a JSON object body; anything else (no JSON, an array, null) is a 400 with `detail` and `field`.
 * The object is then checked with the route's schema by `parseOr400`.
 */
export async function readJsonObject(
  req: { json(): Promise<unknown> },
  detail: string,
  field?: string,
  notObjectDetail = detail,
): Promise<Record<string, unknown>> {
  let body: unknown
  try {
    body = await req.json()
  } catch {
    throw badRequest(detail, field)
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest(notObjectDetail, field)
  return body as Record<string, unknown>
}

// ---- building blocks for query parameters (always strings on the wire) ----

/** Splits a comma-separated parameter, trimming and dropping empty entries. */
export function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
}

/**
 * A comma-separated list parameter whose every entry must pass `ok`; the first bad entry is reported on the
 * parameter itself with `message(entry)`. Parses to the list (empty when absent).
 */
export function csvParam(
  ok: (entry: string) => boolean,
  message: (entry: string) => string,
  description: string,
) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const xs = splitList(v)
      const bad = xs.find((x) => !ok(x))
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: message(bad), input: v })
        return z.NEVER
      }
      return xs
    })
    .meta({ description })
}

/** An empty parameter (`?status=`) counts as absent. */
export function emptyAsAbsent<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional())
}

/**
 * A whole number parameter in [min, max], with a default (or none: absent stays undefined); every failure gets
 * the same `message(input)`.
 */
export function intParam<D extends number | undefined>(
  min: number,
  max: number,
  fallback: D,
  message: (input: unknown) => string,
  description: string,
) {
  const error = (iss: { input?: unknown }) => message(iss.input)
  const n = z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error })
  return (fallback === undefined ? n.optional() : n.default(fallback)).meta({
    description,
  }) as D extends number ? z.ZodDefault<typeof n> : z.ZodOptional<typeof n>
}

/** A version number (1, 2, …) in a path or query parameter. */
export function versionParam(field: string) {
  const error = `${field} must be a version number (1, 2, …)`
  return z.coerce.number({ error }).int({ error }).min(1, { error }).meta({ description: 'version number' })
}

/** The `site` parameter every read takes: comma-separated site ids, each of which the key must see. */
export const siteQuery = z.string().optional().meta({
  description: 'Comma-separated site ids (default: every site of the key); 403 for a site the key cannot see',
})

export const uuidString = (error: string) =>
  z.string({ error }).refine(isUuid, { error }).meta({ format: 'uuid' })

// ---- shared response shapes ----

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'about:blank#<title in kebab case>' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'What went wrong, readable' }),
    field: z.string().optional().meta({ description: 'The parameter or body field that was wrong' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' })

const isoTime = (description?: string) => z.string().meta({ format: 'date-time', description })

export { isoTime }

export const docKindSchema = z.enum(DOC_KINDS).meta({ id: 'DocKind' })

export const documentSchema = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    site: z.string(),
    title: z.string(),
    source: z.string().meta({ description: 'File name or path it was ingested from' }),
    kind: docKindSchema,
    mime_type: z.string(),
    version: z.number().int(),
    pages: z.number().int().nullable(),
    bytes: z.number().int(),
    asset_tags: z.array(z.string()),
    chunks: z.number().int().nullable(),
    work_orders: z.number().int().nullable(),
    warnings: z.array(z.string()),
    created_at: isoTime(),
    updated_at: isoTime(),
  })
  .meta({ id: 'Document' })

export const citationSchema = z
  .object({
    n: z.number().int().meta({ description: 'The [n] the answer cites' }),
    document: z.object({ id: z.string(), title: z.string(), source: z.string() }),
    page: z.number().int().nullable(),
    section: z.string().nullable(),
    snippet: z.string(),
  })
  .meta({ id: 'Citation' })

export const toolCallSchema = z
  .object({
    name: z.string(),
    arguments: z.record(z.string(), z.unknown()),
    result: z.string(),
    summary: z.string().optional().meta({ description: 'What the tool found, in a few readable lines' }),
  })
  .meta({ id: 'ToolCall' })

export const answerModeSchema = z.enum(['llm', 'offline'])
