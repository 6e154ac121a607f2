import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { type IngestProgress, type IngestResult, ingestDocument } from '../../ingest/pipeline.ts'
import { DOC_KINDS, type DocKind, IngestError } from '../../ingest/types.ts'
import {
  type DocumentRow,
  deleteDocument,
  getDocument,
  getDocumentFile,
  listDocumentChunks,
  listDocuments,
} from '../../store/documents.ts'
import { canSeeSite } from '../../store/keys.ts'
import { type AuthEnv, readableSites, requireRole, writableSite } from '../auth.ts'
import { HttpProblem, ingestProblem, notFound } from '../problem.ts'
import { declareRoutes } from '../route.ts'
import { docKindSchema, documentSchema, intParam, parseOr400, problemSchema, siteQuery } from '../schemas.ts'
import type { Services } from '../services.ts'
import { orderedEvents } from '../sse.ts'

export const documentListQuery = z.object({ site: siteQuery })
export const documentParams = z.object({ id: z.string().meta({ description: 'Document id (UUID)' }) })

const MAPPING_ERROR = 'mapping must be a JSON object of field -> CSV column'
const KIND_ERROR = `kind must be one of ${DOC_KINDS.join(', ')}`

/** The multipart form of an upload (text fields; a non-text value where text is expected is a 400). */
export const uploadForm = z.object({
  file: z.instanceof(File, { error: 'the multipart field "file" with the document is missing' }).meta({
    type: 'string',
    format: 'binary',
    description: 'The document: PDF, DOCX, Markdown, text, HTML or CSV',
  }),
  site: z.string().optional().meta({ description: "The site it belongs to (default: the key's only site)" }),
  kind: z
    .union([z.literal(''), docKindSchema], {
      error: (iss) => `${KIND_ERROR} (got "${String(iss.input)}")`,
    })
    .optional()
    .transform((k) => (k ? (k as DocKind) : undefined))
    .meta({ description: 'Document kind (default: guessed from the content)' }),
  title: z.string().optional().meta({ description: 'Title (default: from the document)' }),
  source: z.string().optional().meta({
    description:
      'Source name; an upload with the same source replaces that document (default: the file name)',
  }),
  mapping: z
    .string()
    .optional()
    .transform((raw, ctx): Record<string, string> | undefined => {
      if (!raw) return undefined
      let v: unknown
      try {
        v = JSON.parse(raw)
      } catch {
        v = undefined
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        ctx.addIssue({ code: 'custom', message: MAPPING_ERROR, input: raw })
        return z.NEVER
      }
      return v as Record<string, string>
    })
    .meta({
      description: 'CSV only: a JSON object of work-order field -> CSV column',
      examples: ['{"woId":"WO No","equipmentId":"Asset"}'],
    }),
})

export const uploadResponse = z.object({
  id: z.string().meta({ format: 'uuid' }),
  status: z.enum(['created', 'updated', 'unchanged']),
  version: z.number().int(),
  title: z.string(),
  kind: docKindSchema,
  site: z.string(),
  chunks: z.number().int(),
  work_orders: z.number().int(),
  warnings: z.array(z.string()),
})

/** The events of a streamed upload, as `event:` name and JSON `data`. */
export const uploadEvents = z
  .discriminatedUnion('event', [
    z.object({
      event: z.literal('progress'),
      data: z.object({
        stage: z.enum(['parse', 'embed', 'store', 'index']),
        done: z.number().int(),
        total: z.number().int(),
      }),
    }),
    z.object({ event: z.literal('done'), data: uploadResponse }),
    z.object({
      event: z.literal('error'),
      data: problemSchema.pick({ status: true, title: true, detail: true, field: true }),
    }),
  ])
  .meta({ description: 'Server-sent events, one per line pair `event:` / `data:` (JSON)' })

export const chunksQuery = z.object({
  page: intParam(
    1,
    Number.MAX_SAFE_INTEGER,
    undefined,
    (got) => `page must be a page number from 1 (got "${String(got)}")`,
    'Only the passages of this page (1-based)',
  ),
})

export const chunksResponse = z.object({
  document: documentSchema,
  chunks: z.array(
    z.object({
      ordinal: z.number().int(),
      page: z.number().int().nullable(),
      section: z.string().nullable(),
      text: z.string(),
    }),
  ),
})

export function documentRoutes(s: Services) {
  const r = new Hono<AuthEnv>()
  const route = declareRoutes(r, '/v1')

  route(
    {
      method: 'get',
      path: '/v1/documents',
      summary: 'The documents of your sites',
      tags: ['documents'],
      query: documentListQuery,
      responses: {
        200: { description: 'The documents', schema: z.object({ documents: z.array(documentSchema) }) },
      },
      auth: 'any',
    },
    async (c, input) => {
      const query = input.query()
      const sites = readableSites(c.get('principal'), query.site)
      const docs = await listDocuments(s.store, sites)
      return c.json({ documents: docs.map(publicDoc) })
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/documents/:id',
      summary: 'One document',
      tags: ['documents'],
      params: documentParams,
      responses: {
        200: { description: 'The document', schema: documentSchema },
        404: { description: 'No such document on your sites' },
      },
      auth: 'any',
    },
    async (c, input) => {
      const { id } = input.params()
      const doc = await visibleDocument(s, c.get('principal'), id)
      return c.json(publicDoc(doc))
    },
  )

  route(
    {
      method: 'get',
      path: '/v1/documents/:id/file',
      summary: 'The original file of a document',
      tags: ['documents'],
      params: documentParams,
      responses: {
        200: {
          description: 'The file as uploaded, with its own Content-Type (inline)',
          contentType: 'application/octet-stream',
          schema: z.string().meta({ format: 'binary' }),
        },
        404: { description: 'No such document, or its file is not stored' },
      },
      auth: 'any',
    },
    async (c, input) => {
      const { id } = input.params()
      const doc = await visibleDocument(s, c.get('principal'), id)
      const data = await getDocumentFile(s.store, doc.id)
      if (!data) throw notFound('the original file of this document is not stored')
      const name = doc.source.split('/').pop() ?? 'document'
      return c.body(new Uint8Array(data), 200, {
        'Content-Type': doc.mimeType,
        'Content-Disposition': `inline; filename="${name.replace(/["\\\r\n]/g, '_')}"`,
        'X-Content-Type-Options': 'nosniff',
      })
    },
  )

  route(
    {
      method: 'post',
      path: '/v1/documents',
      summary: 'Upload a document',
      description:
        'Parses, chunks, embeds and stores the file. Uploading the same source again makes a new version (or ' +
        'nothing, when the content is unchanged). A CSV maintenance log becomes work orders. With ' +
        '`Accept: text/event-stream` the answer is an event stream instead: `progress` events ' +
        '(`{stage, done, total}`), then `done` (the JSON result) or `error` (a problem body).',
      tags: ['documents'],
      body: uploadForm,
      bodyType: 'multipart',
      responses: {
        201: { description: 'Created', schema: uploadResponse },
        200: {
          description:
            'A new version of an existing document, or unchanged; or the event stream when asked for',
          content: { 'application/json': uploadResponse, 'text/event-stream': uploadEvents },
        },
        413: { description: 'The file is larger than MAX_UPLOAD_MB' },
        415: { description: 'Not multipart/form-data, or a file type that is not supported' },
        422: { description: 'The file could not be parsed (empty, corrupt, encrypted, CSV without columns)' },
      },
      auth: ['planner', 'admin'],
      middleware: [
        bodyLimit({
          maxSize: s.config.maxUploadBytes,
          onError: () => {
            throw new HttpProblem(
              413,
              'File too large',
              `uploads are limited to ${(s.config.maxUploadBytes / 1048576).toFixed(0)} MB`,
              'file',
            )
          },
        }),
      ],
    },
    async (c, input) => {
      const p = c.get('principal')
      const type = c.req.header('content-type') ?? ''
      if (!type.startsWith('multipart/form-data')) {
        throw new HttpProblem(
          415,
          'Unsupported media type',
          'send the file as multipart/form-data in a field "file"',
          'file',
        )
      }
      const form = await input.form()
      const siteId = writableSite(p, form.site)
      const upload = {
        siteId,
        source: form.source || form.file.name,
        bytes: new Uint8Array(await form.file.arrayBuffer()),
        kind: form.kind,
        title: form.title,
        mapping: form.mapping,
        maxBytes: s.config.maxUploadBytes,
      }
      // A client that asks for an event stream sees the ingest move (parse, embed, store) and then the result.
      if ((c.req.header('accept') ?? '').includes('text/event-stream')) {
        return streamSSE(c, async (stream) => {
          const events = orderedEvents(stream)
          let last = 0
          const onProgress = (pr: IngestProgress) => {
            const now = performance.now()
            if (pr.done < pr.total && now - last < 100) return
            last = now
            events.send('progress', pr)
          }
          try {
            const result = await ingestDocument(s, { ...upload, onProgress })
            events.send('done', uploadResult(result, siteId))
          } catch (err) {
            events.send('error', uploadProblem(err))
          }
          await events.flushed()
        })
      }
      const result = await ingestDocument(s, upload)
      return c.json(uploadResult(result, siteId), result.status === 'created' ? 201 : 200)
    },
  )

  /** The document's passages in reading order (?page=N for one page): the web viewer highlights a cited one. */
  route(
    {
      method: 'get',
      path: '/v1/documents/:id/chunks',
      summary: "A document's passages in reading order",
      description: 'The web viewer uses it to show and highlight a cited passage.',
      tags: ['documents'],
      params: documentParams,
      query: chunksQuery,
      responses: {
        200: { description: 'The document and its passages', schema: chunksResponse },
        404: { description: 'No such document on your sites' },
      },
      auth: 'any',
    },
    async (c, input) => {
      const { id } = input.params()
      const doc = await visibleDocument(s, c.get('principal'), id)
      const { page } = input.query()
      return c.json({ document: publicDoc(doc), chunks: await listDocumentChunks(s.store, doc.id, page) })
    },
  )

  route(
    {
      method: 'delete',
      path: '/v1/documents/:id',
      summary: 'Delete a document and everything derived from it',
      tags: ['documents'],
      params: documentParams,
      responses: {
        200: {
          description: 'Deleted',
          schema: z.object({ id: z.string().meta({ format: 'uuid' }), deleted: z.literal(true) }),
        },
        404: { description: 'No such document on your sites' },
      },
      auth: ['planner', 'admin'],
    },
    async (c, input) => {
      const p = c.get('principal')
      const { id } = input.params()
      const doc = await visibleDocument(s, p, id)
      await deleteDocument(s.store, doc.id)
      return c.json({ id: doc.id, deleted: true })
    },
  )

  return r
}

function uploadResult(result: IngestResult, siteId: string) {
  return {
    id: result.documentId,
    status: result.status,
    version: result.version,
    title: result.title,
    kind: result.kind,
    site: siteId,
    chunks: result.chunks,
    work_orders: result.workOrders,
    warnings: result.warnings,
  }
}

/** An ingest failure as the problem body the JSON route would have answered with. */
function uploadProblem(err: unknown) {
  if (err instanceof IngestError) return { ...ingestProblem(err), detail: err.message, field: err.field }
  console.error('[documents] upload failed:', err)
  return { status: 500, title: 'Internal error', detail: 'the ingest failed; see the server log' }
}

async function visibleDocument(
  s: Services,
  p: AuthEnv['Variables']['principal'],
  id: string,
): Promise<DocumentRow> {
  const doc = await getDocument(s.store, id)
  // A document of another site is reported exactly like a missing one: its existence is not revealed.
  if (!doc || !canSeeSite(p, doc.siteId)) throw notFound(`no document ${id}`)
  return doc
}

export function publicDoc(d: DocumentRow) {
  return {
    id: d.id,
    site: d.siteId,
    title: d.title,
    source: d.source,
    kind: d.kind,
    mime_type: d.mimeType,
    version: d.version,
    pages: d.pageCount,
    bytes: d.byteSize,
    asset_tags: d.assetTags,
    chunks: d.metadata.chunkCount ?? null,
    work_orders: d.metadata.workOrderCount ?? null,
    warnings: d.metadata.warnings ?? [],
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  }
}
