/**
 * The web sign-in and the streamed upload over real HTTP: a key exchanged for an HttpOnly cookie that works on
 * /v1 like the key (same role and sites), needs the CSRF header on writes, ends on sign-out or when the key is
 * revoked; an upload asked as an event stream reports its stages, and a failed one reports the problem and
 * stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listDocuments } from '../src/store/documents.ts'
import { revokeApiKey } from '../src/store/keys.ts'
import { startService, type TestService } from './support/harness.ts'

let svc: TestService

beforeAll(async () => {
  svc = await startService()
})
afterAll(async () => {
  await svc?.close()
})

async function signIn(key: string) {
  const res = await svc.fetch('/auth/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: key }),
  })
  const cookie = res.headers.get('set-cookie') ?? ''
  return { res, cookie: cookie.split(';')[0]!, raw: cookie, body: (await res.json()) as any }
}

function events(text: string) {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1],
      data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null'),
    }))
}

describe('session cookie', () => {
  it('is issued for a valid key only, HttpOnly and SameSite=Strict, and stands for that key', async () => {
    const bad = await signIn('pck_nope')
    expect(bad.res.status).toBe(401)
    expect(bad.body.field).toBe('api_key')
    const missing = await svc.fetch('/auth/session', { method: 'POST', body: '{}' })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as any).field).toBe('api_key')

    const key = await svc.key('planner', ['north'])
    const { res, cookie, raw, body } = await signIn(key)
    expect(res.status).toBe(200)
    expect(raw).toMatch(/HttpOnly/i)
    expect(raw).toMatch(/SameSite=Strict/i)
    expect(raw).not.toContain(key)
    expect(raw).not.toMatch(/Secure/i)
    // Behind a TLS proxy the cookie is Secure.
    const proxied = await svc.fetch('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ api_key: key }),
    })
    expect(proxied.headers.get('set-cookie')).toMatch(/;\s*Secure/i)
    expect(body).toMatchObject({ role: 'planner', mode: 'offline' })

    const me = await svc.fetch('/auth/me', { headers: { cookie } })
    expect(((await me.json()) as any).role).toBe('planner')
    // Same scope as the key: its own site only.
    expect((await svc.fetch('/v1/documents?site=north', { headers: { cookie } })).status).toBe(200)
    expect((await svc.fetch('/v1/documents?site=south', { headers: { cookie } })).status).toBe(403)
  })

  it('needs the CSRF header on writes, and ends on sign-out and when the key is revoked', async () => {
    const key = await svc.key('planner', ['north'])
    const { cookie } = await signIn(key)
    const form = () => {
      const f = new FormData()
      f.set('file', new File(['# Note\n\nText about pump P-7.\n'], 'note.md'))
      return f
    }
    const noHeader = await svc.fetch('/v1/documents', { method: 'POST', body: form(), headers: { cookie } })
    expect(noHeader.status).toBe(403)
    expect(((await noHeader.json()) as any).field).toBe('x-requested-with')
    const ok = await svc.fetch('/v1/documents', {
      method: 'POST',
      body: form(),
      headers: { cookie, 'x-requested-with': 'fetch' },
    })
    expect(ok.status).toBe(201)

    const out = await svc.fetch('/auth/session', { method: 'DELETE', headers: { cookie } })
    expect(out.status).toBe(204)
    expect((await svc.fetch('/auth/me', { headers: { cookie } })).status).toBe(401)

    const again = await signIn(key)
    expect((await svc.fetch('/auth/me', { headers: { cookie: again.cookie } })).status).toBe(200)
    await revokeApiKey(svc.store, (await signIn(key)).body.name)
    expect((await svc.fetch('/v1/documents', { headers: { cookie: again.cookie } })).status).toBe(401)
  })
})

describe('sign-in attempts', () => {
  it('refuses an address after ten failed sign-ins with 429 and Retry-After', async () => {
    const own = await startService()
    try {
      const key = await own.key('operator', ['north'])
      const attempt = (api_key: string) =>
        own.fetch('/auth/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ api_key }),
        })
      for (let i = 0; i < 10; i++) expect((await attempt(`pck_guess${i}`)).status).toBe(401)
      const blocked = await attempt(key)
      expect(blocked.status).toBe(429)
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await blocked.json()) as any).field).toBe('api_key')
    } finally {
      await own.close()
    }
  })
})

describe('upload as an event stream', () => {
  it('reports parse, embed and store progress, then the result', async () => {
    const key = await svc.key('planner', ['north'])
    const text = Array.from(
      { length: 40 },
      (_, i) => `## Step ${i}\n\n${'Check the coupling guard bolts. '.repeat(20)}\n`,
    )
    const form = new FormData()
    form.set('file', new File([`# Long SOP\n\n${text.join('\n')}`], 'long-sop.md'))
    const res = await svc.fetch('/v1/documents', {
      method: 'POST',
      body: form,
      key,
      headers: { accept: 'text/event-stream' },
    })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const ev = events(await res.text())
    const stages = ev.filter((e) => e.event === 'progress').map((e) => e.data.stage)
    expect(stages).toEqual(expect.arrayContaining(['parse', 'embed', 'store', 'index']))
    expect(stages.indexOf('parse')).toBeLessThan(stages.indexOf('store'))
    const done = ev.at(-1)!
    expect(done.event).toBe('done')
    expect(done.data).toMatchObject({ status: 'created', site: 'north' })
    expect(done.data.chunks).toBeGreaterThan(10)
  })

  it('reports a failed ingest as a problem event and stores nothing', async () => {
    const key = await svc.key('planner', ['north'])
    const before = (await listDocuments(svc.store, ['north'])).length
    const form = new FormData()
    form.set(
      'file',
      new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0, 1, 2])], 'broken.pdf'),
    )
    const res = await svc.fetch('/v1/documents', {
      method: 'POST',
      body: form,
      key,
      headers: { accept: 'text/event-stream' },
    })
    const ev = events(await res.text())
    expect(ev.at(-1)).toMatchObject({ event: 'error', data: { status: 422, field: 'file' } })
    expect((await listDocuments(svc.store, ['north'])).length).toBe(before)
  })
})
