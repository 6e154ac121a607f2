/** RFC 9457 problem responses: every 4xx/5xx body says what went wrong and, where it applies, which field. */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { IngestError } from '../ingest/types.ts'

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  field?: string
}

export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    detail: string,
    readonly field?: string,
  ) {
    super(detail)
  }
}

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail: string,
  field?: string,
) {
  const body: Problem = {
    type: `about:blank#${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    title,
    status,
    detail,
    ...(field ? { field } : {}),
  }
  return c.json(body, status, { 'Content-Type': 'application/problem+json' })
}

export const badRequest = (detail: string, field?: string) =>
  new HttpProblem(400, 'Bad request', detail, field)
export const notFound = (detail: string) => new HttpProblem(404, 'Not found', detail)
export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail)

/** The status and title an ingest failure is answered with (JSON upload or its event stream). */
export function ingestProblem(err: IngestError): { status: 413 | 415 | 422; title: string } {
  if (err.code === 'too_large') return { status: 413, title: 'File too large' }
  if (err.code === 'unsupported_type') return { status: 415, title: 'Unsupported file type' }
  return { status: 422, title: 'File could not be ingested' }
}
