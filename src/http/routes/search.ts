import { Hono } from 'hono'
import { DOC_KINDS, type DocKind } from '../../ingest/types.ts'
import { search } from '../../retrieve/search.ts'
import { isUuid } from '../../store/documents.ts'
import type { Services } from '../app.ts'
import { type AuthEnv, readableSites } from '../auth.ts'
import { badRequest } from '../problem.ts'

export function searchRoutes(s: Services) {
  const r = new Hono<AuthEnv>()
  r.get('/search', async (c) => {
    const q = c.req.query('q')?.trim()
    if (!q) throw badRequest('the query parameter q is required', 'q')
    if (q.length > 2000) throw badRequest('q is longer than 2000 characters', 'q')
    const kRaw = c.req.query('k') ?? '5'
    const k = Number(kRaw)
    if (!Number.isInteger(k) || k < 1 || k > 50)
      throw badRequest(`k must be a whole number from 1 to 50 (got "${kRaw}")`, 'k')
    const kinds = list(c.req.query('kind'))
    for (const kind of kinds) {
      if (!DOC_KINDS.includes(kind as DocKind))
        throw badRequest(`kind must be one of ${DOC_KINDS.join(', ')}`, 'kind')
    }
    const documentIds = list(c.req.query('document'))
    for (const id of documentIds)
      if (!isUuid(id)) throw badRequest(`document must be a document id (got "${id}")`, 'document')
    const sites = readableSites(c.get('principal'), c.req.query('site'))
    const hits = await search(
      s,
      q,
      {
        sites,
        kinds: kinds as DocKind[],
        assetTags: list(c.req.query('asset')).map((a) => a.toUpperCase()),
        documentIds,
      },
      { k },
    )
    return c.json({
      results: hits.map((h) => ({
        document: h.document,
        page: h.page,
        section: h.section,
        text: h.text,
        score: Number(h.score.toFixed(4)),
      })),
    })
  })
  return r
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
}
