import { Hono } from 'hono'
import { z } from 'zod'
import { DOC_KINDS, type DocKind } from '../../ingest/types.ts'
import { search } from '../../retrieve/search.ts'
import { isUuid } from '../../store/documents.ts'
import { type AuthEnv, readableSites } from '../auth.ts'
import { declareRoutes } from '../route.ts'
import { csvParam, docKindSchema, intParam, siteQuery, splitList } from '../schemas.ts'
import type { Services } from '../services.ts'

const Q_REQUIRED = 'the query parameter q is required'

export const searchQuery = z.object({
  q: z
    .string({ error: Q_REQUIRED })
    .trim()
    .min(1, Q_REQUIRED)
    .max(2000, 'q is longer than 2000 characters')
    .meta({ description: 'The question or keywords', examples: ['how do I lock out the air compressor'] }),
  k: intParam(
    1,
    50,
    5,
    (got) => `k must be a whole number from 1 to 50 (got "${String(got)}")`,
    'How many passages to return',
  ),
  kind: csvParam(
    (k) => DOC_KINDS.includes(k as DocKind),
    () => `kind must be one of ${DOC_KINDS.join(', ')}`,
    `Comma-separated document kinds: ${DOC_KINDS.join(', ')}`,
  ),
  document: csvParam(
    isUuid,
    (id) => `document must be a document id (got "${id}")`,
    'Comma-separated document ids to search within',
  ),
  site: siteQuery,
  asset: z
    .string()
    .optional()
    .transform((v) => splitList(v).map((a) => a.toUpperCase()))
    .meta({ description: 'Comma-separated asset tags (e.g. P-101) the passages must mention' }),
})

export const searchResponse = z.object({
  results: z.array(
    z.object({
      document: z.object({
        id: z.string().meta({ format: 'uuid' }),
        title: z.string(),
        source: z.string(),
        kind: docKindSchema,
        site: z.string(),
      }),
      page: z.number().int().nullable().meta({ description: '1-based PDF page; null for other formats' }),
      section: z.string().nullable(),
      text: z.string(),
      score: z.number(),
    }),
  ),
})

export function searchRoutes(s: Services) {
  const r = new Hono<AuthEnv>()
  const route = declareRoutes(r, '/v1')
  route(
    {
      method: 'get',
      path: '/v1/search',
      summary: 'Hybrid search over the documents of your sites',
      description:
        'Keyword (BM25 or ts_rank) and vector search fused; each result names its document and page.',
      tags: ['search'],
      query: searchQuery,
      responses: { 200: { description: 'The best passages, best first', schema: searchResponse } },
      auth: 'any',
    },
    async (c, input) => {
      const query = input.query()
      const sites = readableSites(c.get('principal'), query.site)
      const hits = await search(
        s,
        query.q,
        {
          sites,
          kinds: query.kind as DocKind[],
          assetTags: query.asset,
          documentIds: query.document,
        },
        { k: query.k },
      )
      return c.json({
        results: hits.map((h) => ({
          document: h.document,
          page: h.page,
          section: h.section,
          text: h.text,
          score: Number(h.score.toFixed(4)),
        })),
      } satisfies z.input<typeof searchResponse>)
    },
  )
  return r
}
