/**
 * The OpenAPI 3.1 description of the service, built from the zod schemas the routes validate with.
 *
 * Route files declare each route once with `declareRoutes(app, base)` (src/http/route.ts): the one spec is
 * registered here (`describeRoute`), its roles are enforced and its params, query and body schemas are the ones
 * the handler parses with. `openApiDocument()` turns the registry into the document served at
 * `GET /openapi.json`, and `GET /docs/api` renders it as a readable page (src/http/api-reference.ts).
 *
 * Routes outside /v1 (sign-in under /auth/*, the web pages) are declared the same way with the full path (Hono
 * `:param` or OpenAPI `{param}` form), `auth: 'none'` for a route that takes no key; `describeTag` adds a tag.
 * `src/http/openapi.test.ts` checks that every /v1 route the app serves is described and that every described
 * path is served.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { Role } from '../store/schema.ts'
import { renderApiReference } from './api-reference.ts'
import { CSRF_HEADER, SESSION_COOKIE } from './auth.ts'
import { problemSchema } from './schemas.ts'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

export interface ResponseDoc {
  description: string
  /** The body (JSON unless `contentType` says otherwise); none for a body without a useful schema. */
  schema?: z.ZodType
  /** Default `application/json`. */
  contentType?: string
  /** Several media types for one status (e.g. JSON or an event stream); replaces `schema`/`contentType`. */
  content?: Record<string, z.ZodType | null>
}

export interface RouteDoc {
  method: HttpMethod
  /** The full path: '/v1/documents/:id' (Hono) or '/v1/documents/{id}' (OpenAPI). */
  path: string
  summary: string
  description?: string
  tags: string[]
  /** Path parameters: an object schema (a refined or transformed one too), one key per parameter. */
  params?: z.ZodType
  /** Query parameters: an object schema (a refined or transformed one too), one key per parameter. */
  query?: z.ZodType
  body?: z.ZodType
  /** Default 'json'. */
  bodyType?: 'json' | 'multipart'
  responses: Record<number, ResponseDoc>
  /** The roles that may call it, 'any' for every valid key or session, 'none' for a public route. */
  auth: Role[] | 'any' | 'none'
}

type JsonSchema = Record<string, unknown>

export interface OpenApiDocument {
  openapi: '3.1.0'
  info: { title: string; version: string; description: string }
  servers: Array<{ url: string }>
  tags: Array<{ name: string; description?: string }>
  paths: Record<string, Record<string, JsonSchema>>
  components: {
    schemas: Record<string, JsonSchema>
    securitySchemes: Record<string, JsonSchema>
  }
}

const routes = new Map<string, RouteDoc>()
const tagDescriptions = new Map<string, string>([
  ['search', 'Hybrid (keyword + vector) search over the documents of your sites'],
  ['documents', 'Upload, list, read and delete documents'],
  ['chat', 'Cited answers, conversations and feedback'],
  ['audit', 'The audit trail of every answered turn (admins)'],
  ['plant', 'Read-only live plant data: assets, instrument tags, history, alarms'],
  ['work-orders', 'Work orders from the maintenance logs, statistics and drafted work orders'],
  ['procedures', 'Drafted maintenance procedures: versions, review, comparison and export'],
  ['meta', 'Health and this API description'],
])
let cached: OpenApiDocument | null = null

/** '/v1/documents/:id' -> '/v1/documents/{id}' (a Hono regex suffix ':id{[0-9]+}' is dropped). */
export function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')
}

/** Registers (or replaces) the description of one route. Call it next to the route. */
export function describeRoute(doc: RouteDoc): RouteDoc {
  routes.set(`${doc.method} ${toOpenApiPath(doc.path)}`, doc)
  cached = null
  return doc
}

/** Adds or replaces the description of a tag. */
export function describeTag(name: string, description: string): void {
  tagDescriptions.set(name, description)
  cached = null
}

/** Every described route as `{ method, path }` in OpenAPI form. */
export function describedRoutes(): Array<{ method: HttpMethod; path: string }> {
  return [...routes.values()].map((r) => ({ method: r.method, path: toOpenApiPath(r.path) }))
}

export function openApiDocument(): OpenApiDocument {
  if (cached) return cached
  const conv = new SchemaConverter()
  const paths: OpenApiDocument['paths'] = {}
  const sorted = [...routes.values()].sort(
    (a, b) => toOpenApiPath(a.path).localeCompare(toOpenApiPath(b.path)) || a.method.localeCompare(b.method),
  )
  const used = new Set<string>()
  for (const r of sorted) {
    const path = toOpenApiPath(r.path)
    paths[path] ??= {}
    paths[path][r.method] = operation(r, path, conv)
    for (const t of r.tags) used.add(t)
  }
  conv.component('Problem', problemSchema)
  const order = [...tagDescriptions.keys()]
  const tags = [...used]
    .sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b))
    .map((name) => ({
      name,
      ...(tagDescriptions.has(name) ? { description: tagDescriptions.get(name) } : {}),
    }))
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Plant copilot API',
      version: '1.0.0',
      description:
        'Cited answers from manuals, SOPs and maintenance logs, and read-only plant data. Every /v1 route takes ' +
        '`Authorization: Bearer <API key>` (or the `pc_session` cookie of the web pages; a write with the cookie ' +
        `must also send the header \`${CSRF_HEADER}\`). Keys have a role (operator, planner, admin) and the sites ` +
        'they may see. Errors are `application/problem+json` with `status`, `title`, `detail` and, where it ' +
        'applies, the `field` that was wrong.',
    },
    servers: [{ url: '/' }],
    tags,
    paths,
    components: {
      schemas: conv.schemas,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (`npm run keys`) sent as `Authorization: Bearer <key>`',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: `The session cookie of the web pages; writes must also send the header "${CSRF_HEADER}"`,
        },
      },
    },
  }
  return cached
}

const rank = (order: string[], t: string) => {
  const i = order.indexOf(t)
  return i < 0 ? order.length : i
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad request: `field` names the parameter or body field',
  401: 'No API key or session, or it is not valid',
  403: 'The role or a requested site is not allowed',
  404: 'Not found (or not on a site the key can see)',
  409: 'Conflict with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Could not be processed',
  503: 'Not available on this service',
}

function operation(r: RouteDoc, path: string, conv: SchemaConverter): JsonSchema {
  const parameters = [...parametersOf(r.params, 'path', conv), ...parametersOf(r.query, 'query', conv)]
  const responses: Record<string, JsonSchema> = {}
  for (const [status, res] of Object.entries(r.responses))
    responses[status] = response(Number(status), res, conv)
  const errors = [...(parameters.length || r.body ? [400] : []), ...(r.auth === 'none' ? [] : [401, 403])]
  for (const status of errors)
    responses[String(status)] ??= response(status, { description: ERROR_TEXT[status]! }, conv)
  const roles = Array.isArray(r.auth) ? r.auth : null
  const who =
    r.auth === 'none' ? 'No key needed.' : roles ? `Roles: ${roles.join(', ')}.` : 'Any valid key or session.'
  return {
    operationId: operationId(r.method, path),
    summary: r.summary,
    description: [r.description, who].filter(Boolean).join('\n\n'),
    tags: r.tags,
    ...(parameters.length ? { parameters } : {}),
    ...(r.body
      ? {
          requestBody: {
            required: true,
            content: {
              [r.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json']: {
                schema: conv.convert(r.body, 'input'),
              },
            },
          },
        }
      : {}),
    responses,
    security: r.auth === 'none' ? [] : [{ apiKey: [] }, { session: [] }],
    ...(roles ? { 'x-roles': roles } : {}),
  }
}

function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((s) =>
      s
        .replace(/[{}]/g, '')
        .replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase()),
    )
  return [method, ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('')
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', conv: SchemaConverter) {
  if (!schema) return []
  const json = conv.convert(schema, 'input')
  const props = (json.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((json.required ?? []) as string[])
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    }
  })
}

function response(status: number, res: ResponseDoc, conv: SchemaConverter): JsonSchema {
  if (status >= 400 && !res.schema && !res.content) {
    return {
      description: res.description,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    }
  }
  const content =
    res.content ??
    (res.schema || res.contentType ? { [res.contentType ?? 'application/json']: res.schema ?? null } : {})
  const entries = Object.entries(content)
  return {
    description: res.description,
    ...(entries.length
      ? {
          content: Object.fromEntries(
            entries.map(([type, s]) => [type, { schema: s ? conv.convert(s, 'output') : {} }]),
          ),
        }
      : {}),
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER

/**
 * zod -> JSON Schema (2020-12, the dialect of OpenAPI 3.1). Named schemas (`.meta({ id })`) and recursive ones
 * are hoisted into `components.schemas` and referenced; a schema whose input and output differ gets one
 * component per side.
 */
class SchemaConverter {
  readonly schemas: Record<string, JsonSchema> = {}
  private readonly raw = new Map<string, string>()

  component(name: string, schema: z.ZodType): void {
    const json = this.convert(schema, 'output')
    if (!this.schemas[name]) this.schemas[name] = json
  }

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema
    delete json.$schema
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>
    delete json.$defs
    const names = new Map<string, string>()
    for (const [local, def] of Object.entries(defs)) names.set(local, this.nameFor(local, def, io))
    // A recursive root refers to itself as '#': hoist it into a component too.
    const rootName = JSON.stringify(json).includes('"$ref":"#"') ? this.nameFor('__root', json, io) : null
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite)
      if (!node || typeof node !== 'object') return node
      const out: JsonSchema = {}
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && v === '#' && rootName) out[k] = `#/components/schemas/${rootName}`
        else if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
          out[k] = `#/components/schemas/${names.get(v.slice(8)) ?? v.slice(8)}`
        } else if ((k === 'maximum' && v === MAX_SAFE) || (k === 'minimum' && v === -MAX_SAFE)) {
          // z.number().int() bounds: noise in a reference.
        } else out[k] = rewrite(v)
      }
      return out
    }
    for (const [local, def] of Object.entries(defs)) {
      const name = names.get(local)!
      this.schemas[name] ??= rewrite(def) as JsonSchema
    }
    if (rootName) {
      this.schemas[rootName] ??= rewrite(json) as JsonSchema
      return { $ref: `#/components/schemas/${rootName}` }
    }
    return rewrite(json) as JsonSchema
  }

  /** A component name for a definition: its id, made unique when another definition already has it. */
  private nameFor(local: string, def: JsonSchema, io: 'input' | 'output'): string {
    const text = JSON.stringify(def)
    const base = local.startsWith('__') ? `Schema${hash(text)}` : local
    for (const name of [base, io === 'input' ? `${base}Input` : `${base}Output`, `${base}${hash(text)}`]) {
      const seen = this.raw.get(name)
      if (seen === undefined || seen === text) {
        this.raw.set(name, text)
        return name
      }
    }
    return `${base}${hash(text)}`
  }
}

function hash(s: string): string {
  let h = 2166136261
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return (h >>> 0).toString(16).padStart(8, '0')
}

const documentJson = z.looseObject({
  openapi: z.literal('3.1.0'),
  paths: z.record(z.string(), z.unknown()),
})

/** `GET /openapi.json` and `GET /docs/api`; neither needs a key (they describe, they do not serve data). */
export function openApiRoutes() {
  const r = new Hono()
  describeRoute({
    method: 'get',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    tags: ['meta'],
    responses: { 200: { description: 'The OpenAPI document', schema: documentJson } },
    auth: 'none',
  })
  r.get('/openapi.json', (c) => c.json(openApiDocument()))

  describeRoute({
    method: 'get',
    path: '/docs/api',
    summary: 'This API as a readable reference page',
    tags: ['meta'],
    responses: {
      200: { description: 'An HTML page (no scripts)', contentType: 'text/html', schema: z.string() },
    },
    auth: 'none',
  })
  r.get('/docs/api', (c) =>
    c.html(renderApiReference(openApiDocument(), new URL(c.req.url).origin), 200, {
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
    }),
  )

  // Served by app.ts; described here so the reference lists it.
  describeRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Health: database, ranking, embedding model, answer mode, chunk count',
    tags: ['meta'],
    responses: {
      200: {
        description: 'The service is up',
        schema: z.object({
          status: z.literal('ok'),
          database: z.string(),
          bm25: z.boolean(),
          embeddings: z.string(),
          mode: z.enum(['llm', 'offline']),
          chunks: z.number().int(),
        }),
      },
    },
    auth: 'none',
  })
  return r
}
