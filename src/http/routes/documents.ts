import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ingestDocument } from '../../ingest/pipeline.ts'
import { DOC_KINDS, type DocKind } from '../../ingest/types.ts'
import {
  type DocumentRow,
  deleteDocument,
  getDocument,
  getDocumentFile,
  listDocuments,
} from '../../store/documents.ts'
import { canSeeSite } from '../../store/keys.ts'
import type { Services } from '../app.ts'
import { type AuthEnv, readableSites, requireRole, writableSite } from '../auth.ts'
import { badRequest, HttpProblem, notFound } from '../problem.ts'

export function documentRoutes(s: Services) {
  const r = new Hono<AuthEnv>()

  r.get('/documents', async (c) => {
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const docs = await listDocuments(s.store, sites)
    return c.json({ documents: docs.map(publicDoc) })
  })

  r.get('/documents/:id', async (c) => {
    const doc = await visibleDocument(s, c.get('principal'), c.req.param('id'))
    return c.json(publicDoc(doc))
  })

  r.get('/documents/:id/file', async (c) => {
    const doc = await visibleDocument(s, c.get('principal'), c.req.param('id'))
    const data = await getDocumentFile(s.store, doc.id)
    if (!data) throw notFound('the original file of this document is not stored')
    const name = doc.source.split('/').pop() ?? 'document'
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': doc.mimeType,
      'Content-Disposition': `inline; filename="${name.replace(/["\\\r\n]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
    })
  })

  r.post(
    '/documents',
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
    async (c) => {
      const p = c.get('principal')
      requireRole(p, 'planner', 'admin')
      const type = c.req.header('content-type') ?? ''
      if (!type.startsWith('multipart/form-data')) {
        throw new HttpProblem(
          415,
          'Unsupported media type',
          'send the file as multipart/form-data in a field "file"',
          'file',
        )
      }
      const body = await c.req.parseBody()
      const file = body.file
      if (!(file instanceof File))
        throw badRequest('the multipart field "file" with the document is missing', 'file')
      const kind = field(body.kind)
      if (kind && !DOC_KINDS.includes(kind as DocKind)) {
        throw badRequest(`kind must be one of ${DOC_KINDS.join(', ')} (got "${kind}")`, 'kind')
      }
      let mapping: Record<string, string> | undefined
      const mappingRaw = field(body.mapping)
      if (mappingRaw) {
        try {
          mapping = JSON.parse(mappingRaw)
        } catch {
          throw badRequest('mapping must be a JSON object of field -> CSV column', 'mapping')
        }
        if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) {
          throw badRequest('mapping must be a JSON object of field -> CSV column', 'mapping')
        }
      }
      const siteId = writableSite(p, field(body.site))
      const result = await ingestDocument(s, {
        siteId,
        source: field(body.source) || file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
        kind: (kind as DocKind) || undefined,
        title: field(body.title),
        mapping,
        maxBytes: s.config.maxUploadBytes,
      })
      return c.json(
        {
          id: result.documentId,
          status: result.status,
          version: result.version,
          title: result.title,
          kind: result.kind,
          site: siteId,
          chunks: result.chunks,
          work_orders: result.workOrders,
          warnings: result.warnings,
        },
        result.status === 'created' ? 201 : 200,
      )
    },
  )

  r.delete('/documents/:id', async (c) => {
    const p = c.get('principal')
    requireRole(p, 'planner', 'admin')
    const doc = await visibleDocument(s, p, c.req.param('id'))
    await deleteDocument(s.store, doc.id)
    return c.json({ id: doc.id, deleted: true })
  })

  return r
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

function field(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
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
