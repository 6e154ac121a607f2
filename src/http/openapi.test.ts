/**
 * The OpenAPI document against the running service: valid in shape, one operation per /v1 route the app serves
 * (and no operation the app does not serve), parameter constraints that reject what the routes reject, response
 * schemas that accept what the routes answer, and the HTML reference naming every path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { startService, type TestService } from '../../test/support/harness.ts'
import { renderApiReference } from './api-reference.ts'
import { createApp } from './app.ts'
import { type OpenApiDocument, openApiDocument, toOpenApiPath } from './openapi.ts'
import { chatResponse, conversationResponse } from './routes/chat.ts'
import { uploadResponse } from './routes/documents.ts'
import { auditEntrySchema, feedbackResponse } from './routes/feedback.ts'
import { searchResponse } from './routes/search.ts'
import { documentSchema } from './schemas.ts'

let svc: TestService
let doc: OpenApiDocument
let appRoutes: Set<string>
let admin: string
let planner: string
let operator: string

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

const SOP = `# SOP-LOTO-9 Lockout of air compressor K-9

## Isolation

1. Open breaker MCC-2 bucket 4A and lock it with a personal lock.
2. Close the discharge valve HV-901 and vent the receiver through BV-902.

## Verification

Press start on the local panel; the compressor must not turn.
`

async function json(path: string, init: RequestInit & { key?: string } = {}) {
  const res = await svc.fetch(path, init)
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any }
}

const post = (path: string, key: string, body: unknown) =>
  json(path, {
    key,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

function operations(d: OpenApiDocument) {
  return Object.entries(d.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as any })),
  )
}

beforeAll(async () => {
  svc = await startService()
  // The same app the service runs, to read its route table.
  const app = createApp({ store: svc.store, embedder: svc.embedder, config: { maxUploadBytes: 1e6 } })
  appRoutes = new Set(
    app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`),
  )
  doc = (await json('/openapi.json')).body
  admin = await svc.key('admin', '*')
  planner = await svc.key('planner', ['site-a'])
  operator = await svc.key('operator', ['site-a'])
})
afterAll(async () => svc?.close())

describe('GET /openapi.json', () => {
  it('is served without a key and is an OpenAPI 3.1 document', async () => {
    const res = await svc.fetch('/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())))
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20)
    expect(doc.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['type', 'title', 'status', 'detail']),
    })
    expect(doc.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'pc_session' }),
    })
    // The API itself still needs a key.
    expect((await svc.fetch('/v1/search?q=x')).status).toBe(401)
  })

  it('has well-formed operations: unique ids, known tags, declared path parameters, problem errors', () => {
    const tags = new Set(doc.tags.map((t) => t.name))
    const ids = new Set<string>()
    for (const { method, path, op } of operations(doc)) {
      const where = `${method} ${path}`
      expect(path, where).toMatch(/^\/[^:]*$/)
      expect(op.summary, where).toBeTruthy()
      expect(ids.has(op.operationId), where).toBe(false)
      ids.add(op.operationId)
      for (const t of op.tags) expect(tags.has(t), `${where} tag ${t}`).toBe(true)
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path')
      expect(declared.map((p: any) => p.name).sort(), where).toEqual([...inPath].sort())
      for (const p of declared) expect(p.required, `${where} ${p.name}`).toBe(true)
      expect(
        Object.keys(op.responses).some((s) => s.startsWith('2')),
        where,
      ).toBe(true)
      if (path.startsWith('/v1/')) {
        expect(op.security, where).toEqual([{ apiKey: [] }, { session: [] }])
        expect(op.responses['401'].content['application/problem+json'].schema, where).toEqual({
          $ref: '#/components/schemas/Problem',
        })
      }
    }
  })

  it('resolves every $ref to a component schema', () => {
    const text = JSON.stringify(doc)
    expect(text).not.toContain('"$defs"')
    expect(text).not.toContain('"$schema"')
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//)
      expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined()
    }
  })
})

describe('the document matches the routes', () => {
  it('describes every /v1 route the app serves, and serves every route it describes', () => {
    const described = new Set(operations(doc).map((o) => `${o.method} ${o.path}`))
    const served = [...appRoutes].filter((r) => r.split(' ')[1]!.startsWith('/v1/'))
    expect(served.length).toBeGreaterThan(20)
    expect(
      served.filter((r) => !described.has(r)),
      'served but not described',
    ).toEqual([])
    expect(
      [...described].filter((r) => !appRoutes.has(r)),
      'described but not served',
    ).toEqual([])
  })

  /** Does a JSON schema (the subset the parameters use) reject `value`? */
  function rejects(schema: any, value: unknown): boolean {
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return true
    if (typeof value === 'string') {
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return true
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) return true
      if (schema.type === 'integer' || schema.type === 'number') {
        const n = Number(value)
        if (Number.isNaN(n) || (schema.type === 'integer' && !Number.isInteger(n))) return true
        if (schema.minimum !== undefined && n < schema.minimum) return true
        if (schema.maximum !== undefined && n > schema.maximum) return true
      }
    }
    return false
  }

  const param = (path: string, name: string) =>
    (doc.paths[path]!.get as any).parameters.find((p: any) => p.name === name).schema

  it('rejects in the spec what the route rejects (400 naming the field)', async () => {
    expect(param('/v1/search', 'k')).toMatchObject({ type: 'integer', minimum: 1, maximum: 50, default: 5 })
    const queries: Array<[string, string, string, string]> = [
      ['/v1/search', 'k', '99', 'q=pump'],
      ['/v1/search', 'k', '0', 'q=pump'],
      ['/v1/audit', 'limit', '501', ''],
      ['/v1/work-orders', 'work_type', 'sometimes', ''],
      ['/v1/work-orders', 'from', '2025/01/01', ''],
      ['/v1/work-orders', 'year_from', '1800', ''],
      ['/v1/work-orders/stats', 'op', 'divide', ''],
      ['/v1/work-orders/stats', 'field', 'cost', ''],
      ['/v1/procedures', 'status', 'done', ''],
    ]
    for (const [path, name, value, rest] of queries) {
      const r = await json(`${path}?${rest}&${name}=${encodeURIComponent(value)}`, { key: admin })
      expect(r.status, `${path} ${name}=${value}`).toBe(400)
      expect(r.type).toContain('application/problem+json')
      expect(r.body.field).toBe(name)
      expect(r.body.detail.length).toBeGreaterThan(5)
      expect(rejects(param(path, name), value), `spec of ${path} ${name} rejects ${value}`).toBe(true)
    }
    // The messages the tests and clients know are kept.
    expect((await json('/v1/search?q=pump&k=99', { key: admin })).body.detail).toBe(
      'k must be a whole number from 1 to 50 (got "99")',
    )
    expect((await json('/v1/work-orders?from=2025/01/01', { key: admin })).body.detail).toBe(
      'from: a date YYYY-MM-DD',
    )
    // A value the spec allows is accepted.
    expect((await json('/v1/search?q=pump&k=50', { key: admin })).status).toBe(200)
  })

  it('rejects in the body schema what the route rejects', async () => {
    const chatBody = (doc.paths['/v1/chat']!.post as any).requestBody.content['application/json'].schema
    expect(chatBody.required).toContain('message')
    expect(chatBody.properties.message.maxLength).toBe(4000)
    const long = await post('/v1/chat', operator, { message: 'x'.repeat(4001) })
    expect(long).toMatchObject({ status: 400, body: { field: 'message' } })
    const missing = await post('/v1/chat', operator, {})
    expect(missing).toMatchObject({ status: 400, body: { field: 'message', detail: 'message is required' } })

    const fb = (doc.paths['/v1/feedback']!.post as any).requestBody.content['application/json'].schema
    expect(fb.properties.rating.enum).toEqual(['up', 'down'])
    const bad = await post('/v1/feedback', operator, {
      message_id: '00000000-0000-4000-8000-000000000000',
      rating: 'meh',
    })
    expect(bad).toMatchObject({
      status: 400,
      body: { field: 'rating', detail: 'rating must be "up" or "down"' },
    })

    const upload = (doc.paths['/v1/documents']!.post as any).requestBody.content['multipart/form-data'].schema
    expect(upload.required).toContain('file')
    expect(upload.properties.file).toMatchObject({ type: 'string', format: 'binary' })
  })

  it('describes what the routes answer', async () => {
    const up = await svc.upload(planner, 'sop-loto-9.md', new TextEncoder().encode(SOP), { site: 'site-a' })
    expect(up.status).toBe(201)
    uploadResponse.parse(up.body)
    const checks: Array<[string, z.ZodType, { status: number; body: unknown }]> = [
      ['search', searchResponse, await json('/v1/search?q=lock+out+the+compressor', { key: operator })],
      ['document', documentSchema, await json(`/v1/documents/${up.body.id}`, { key: operator })],
    ]
    const answer = await post('/v1/chat', operator, { message: 'How do I isolate the air compressor K-9?' })
    checks.push(['chat', chatResponse, answer])
    checks.push([
      'conversation',
      conversationResponse,
      await json(`/v1/conversations/${answer.body.conversation_id}`, { key: operator }),
    ])
    checks.push([
      'feedback',
      feedbackResponse,
      await post('/v1/feedback', operator, { message_id: answer.body.message_id, rating: 'up' }),
    ])
    const audit = await json('/v1/audit?limit=5', { key: admin })
    checks.push(['audit entry', auditEntrySchema, { status: audit.status, body: audit.body.entries[0] }])
    for (const [what, schema, r] of checks) {
      expect(r.status, what).toBeLessThan(300)
      const parsed = schema.safeParse(r.body)
      expect(parsed.success ? [] : parsed.error.issues, what).toEqual([])
      // No field the schema leaves out (zod objects drop unknown keys silently).
      const shape = (schema as z.ZodObject).shape
      expect(Object.keys(r.body as object).sort(), what).toEqual(Object.keys(shape).sort())
    }
  })
})

describe('GET /docs/api', () => {
  it('is a self-contained HTML page naming every operation', async () => {
    const res = await svc.fetch('/docs/api')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await res.text()
    expect(html).not.toMatch(/<script|<link|src=/i)
    for (const { method, path } of operations(doc)) {
      expect(html, path).toContain(`<code>${path}</code>`)
      expect(html).toContain(`id="op-${method}-`)
    }
    expect(html).toContain('curl -H &quot;Authorization: Bearer $API_KEY&quot;')
    // The parameters table shows the constraints of the schema (k: 1 to 50).
    expect(html).toMatch(/<code>k<\/code>.*?max <code>50<\/code>/s)
  })

  it('escapes every text it shows', () => {
    const evil = '<script>alert(1)</script>'
    const d = structuredClone(doc)
    d.info.title = evil
    d.paths['/v1/search']!.get!.summary = evil
    d.paths['/v1/search']!.get!.description = `\`${evil}\``
    d.components.schemas[evil] = {
      type: 'object',
      description: evil,
      properties: { [evil]: { type: 'string' } },
    }
    const html = renderApiReference(d, `http://x/"${evil}`)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})
