import { Hono } from 'hono'
import mammoth from 'mammoth'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemo as demoFixture, type Demo as Fixture } from '../../../test/support/demo.ts'
import { type FakeOpenAI, startFakeOpenAI } from '../../../test/support/fake-openai.ts'
import type { ProcedureDraft } from '../../procedures/index.ts'
import { createApiKey } from '../../store/keys.ts'
import type { Role } from '../../store/schema.ts'
import { type AuthEnv, requireKey } from '../auth.ts'
import { HttpProblem, problem } from '../problem.ts'
import { procedureRoutes } from './procedures.ts'

let fx: Fixture
let app: Hono<AuthEnv>
const keys: Record<string, string> = {}

async function call(key: string, method: string, path: string, body?: unknown) {
  const res = await app.request(`/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const type = res.headers.get('content-type') ?? ''
  return {
    status: res.status,
    type,
    body: type.includes('json')
      ? ((await res.json()) as any)
      : type.includes('markdown')
        ? await res.text()
        : new Uint8Array(await res.arrayBuffer()),
  }
}

beforeAll(async () => {
  fx = await demoFixture()
  app = new Hono<AuthEnv>()
  app.onError((err, c) => {
    if (err instanceof HttpProblem) return problem(c, err.status, err.title, err.message, err.field)
    throw err
  })
  app.use('/v1/*', requireKey(fx.store))
  app.route(
    '/v1',
    procedureRoutes({
      store: fx.store,
      embedder: fx.embedder,
      plant: fx.plant,
      config: { maxUploadBytes: 1e6 },
    }),
  )
  const make = async (name: string, role: Role, sites: string[]) => {
    keys[name] = (await createApiKey(fx.store, { name, role, sites })).secret
  }
  await make('author', 'planner', ['riverbend'])
  await make('reviewer', 'planner', ['riverbend'])
  await make('operator', 'operator', ['riverbend'])
  await make('stranger', 'planner', ['elsewhere'])
}, 60_000)
afterAll(async () => fx?.close())

describe('procedure routes', () => {
  let id: string

  it('drafts and stores a procedure for planners only', async () => {
    const denied = await call(keys.operator!, 'POST', '/procedures/draft', {
      asset: 'P-101',
      task: 'replace the mechanical seal',
    })
    expect(denied.status).toBe(403)
    const unknown = await call(keys.author!, 'POST', '/procedures/draft', {
      asset: 'P-999',
      task: 'replace the seal',
    })
    expect(unknown).toMatchObject({
      status: 404,
      body: { field: 'asset', detail: 'no asset "P-999" on the sites you can see' },
    })
    expect((await call(keys.author!, 'POST', '/procedures/draft', { asset: 'P-101' })).body.field).toBe(
      'task',
    )
    const foreign = await call(keys.stranger!, 'POST', '/procedures/draft', {
      asset: 'P-101',
      task: 'replace the seal',
    })
    expect(foreign.status).toBe(404)
    const r = await call(keys.author!, 'POST', '/procedures/draft', {
      asset: 'p101',
      task: 'replace the mechanical seal',
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ status: 'draft', version: 1, siteId: 'riverbend', asset: 'P-101' })
    expect(r.body.content.sections[2].subsections.map((s: any) => s.heading)).toEqual([
      'Preparation for shutdown',
      'Shutdown',
      'Isolation',
      'Lock and tag',
      'Release of stored energy',
      'Verification of isolation',
    ])
    id = r.body.id
  })

  it('edits as versions, diffs them and hides the procedure from other sites', async () => {
    const v1 = (await call(keys.operator!, 'GET', `/procedures/${id}`)).body
    expect(v1.versions.map((v: any) => v.version)).toEqual([1])
    const content = structuredClone(v1.content)
    content.sections[4].items.push('Record the seal serial number in the work order.')
    expect((await call(keys.operator!, 'PUT', `/procedures/${id}`, { content })).status).toBe(403)
    expect((await call(keys.author!, 'PUT', `/procedures/${id}`, { content: { title: '' } })).status).toBe(
      400,
    )
    const v2 = await call(keys.author!, 'PUT', `/procedures/${id}`, { content })
    expect(v2.body).toMatchObject({ version: 2, status: 'draft' })
    expect((await call(keys.operator!, 'GET', `/procedures/${id}/versions/1`)).body.shownVersion).toBe(1)
    expect((await call(keys.operator!, 'GET', `/procedures/${id}/versions/9`)).status).toBe(404)
    const diff = await call(keys.operator!, 'GET', `/procedures/${id}/diff?from=1&to=2`)
    expect(diff.body).toMatchObject({ added: 1, removed: 0 })
    expect(diff.body.unified).toMatch(/\+ \d+\. Record the seal serial number/)
    expect((await call(keys.operator!, 'GET', `/procedures/${id}/diff?from=1`)).body.field).toBe('to')
    expect((await call(keys.stranger!, 'GET', `/procedures/${id}`)).status).toBe(404)
    expect((await call(keys.stranger!, 'GET', `/procedures/${id}/export.md`)).status).toBe(404)
    expect((await call(keys.stranger!, 'GET', '/procedures')).body.procedures).toEqual([])
    expect((await call(keys.operator!, 'GET', '/procedures?asset=P-101')).body.procedures[0].id).toBe(id)
  })

  it('submits and approves by someone other than the author', async () => {
    expect((await call(keys.reviewer!, 'POST', `/procedures/${id}/approve`)).status).toBe(409)
    expect((await call(keys.author!, 'POST', `/procedures/${id}/submit`)).body.status).toBe('in_review')
    expect((await call(keys.author!, 'POST', `/procedures/${id}/approve`)).status).toBe(403)
    expect((await call(keys.operator!, 'POST', `/procedures/${id}/approve`)).status).toBe(403)
    expect((await call(keys.stranger!, 'POST', `/procedures/${id}/approve`)).status).toBe(404)
    const ok = await call(keys.reviewer!, 'POST', `/procedures/${id}/approve`)
    expect(ok).toMatchObject({ status: 200, body: { status: 'approved' } })
    expect(
      (await call(keys.operator!, 'GET', '/procedures?status=approved')).body.procedures.map(
        (p: any) => p.id,
      ),
    ).toContain(id)
  })

  it('exports Markdown and Word', async () => {
    const md = await call(keys.operator!, 'GET', `/procedures/${id}/export.md`)
    expect(md.type).toMatch(/text\/markdown/)
    expect(md.body).toMatch(/### 3\.6\. Verification of isolation/)
    expect(md.body).toContain('Record the seal serial number')
    const v1 = await call(keys.operator!, 'GET', `/procedures/${id}/export.md?version=1`)
    expect(v1.body).not.toContain('Record the seal serial number')
    const docx = await call(keys.operator!, 'GET', `/procedures/${id}/export.docx`)
    expect(docx.type).toMatch(/wordprocessingml/)
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(docx.body as Uint8Array) })).value
    expect(text).toContain('Lock and tag')
  })
})

describe('procedure routes in LLM mode', () => {
  let fake: FakeOpenAI
  beforeAll(async () => {
    fake = await startFakeOpenAI()
  })
  afterAll(async () => fake?.close())
  const llm = () => ({
    client: new OpenAI({ baseURL: fake.baseURL, apiKey: 'test', maxRetries: 0 }),
    model: 'planner-model',
  })
  const section = (d: ProcedureDraft, key: string) => d.sections.find((s) => s.key === key)!

  it('is what POST /v1/procedures/draft does on a service with a model', async () => {
    const app = new Hono<AuthEnv>()
    app.use('/v1/*', requireKey(fx.store))
    app.route('/v1', procedureRoutes({ ...fx, llm: llm(), config: { maxUploadBytes: 1e6 } }))
    const { secret } = await createApiKey(fx.store, {
      name: 'llm-planner',
      role: 'planner',
      sites: ['riverbend'],
    })
    fake.enqueue({
      type: 'text',
      content: JSON.stringify({
        sections: [{ key: 'scope', text: ['Replace the P-101 seal with the pump locked out [1].'] }],
      }),
    })
    const res = await app.request('/v1/procedures/draft', {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ asset: 'P-101', task: 'replace the mechanical seal' }),
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { content: ProcedureDraft }
    expect(body.content.writtenBy).toEqual({ mode: 'llm', model: 'planner-model', sections: ['scope'] })
    expect(section(body.content, 'scope').text).toEqual(['Replace the P-101 seal with the pump locked out.'])
  })
})
