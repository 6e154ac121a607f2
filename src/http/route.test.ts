import { Hono } from 'hono'
import { expect, it } from 'vitest'
import { z } from 'zod'
import type { Principal } from '../store/keys.ts'
import type { AuthEnv } from './auth.ts'
import { openApiDocument } from './openapi.ts'
import { HttpProblem, problem } from './problem.ts'
import { declareRoutes } from './route.ts'

function app(role: Principal['role']) {
  const root = new Hono<AuthEnv>()
  root.onError((err, c) =>
    err instanceof HttpProblem
      ? problem(c, err.status, err.title, err.message, err.field)
      : c.text('bug', 500),
  )
  root.use('*', async (c, next) => {
    c.set('principal', { keyId: 'k', name: 'k', role, sites: '*' } as Principal)
    await next()
  })
  const r = new Hono<AuthEnv>()
  const route = declareRoutes(r, '/v1')
  const order: string[] = []
  route(
    {
      method: 'post',
      path: '/v1/route-test/:n',
      summary: 'A test route',
      tags: ['meta'],
      params: z.object({ n: z.coerce.number({ error: 'n must be a number' }) }),
      query: z.object({ twice: z.enum(['yes', 'no']).optional() }),
      body: z.object({ word: z.string({ error: 'word is required' }) }),
      responses: { 200: { description: 'ok' } },
      auth: ['planner', 'admin'],
      middleware: [
        async (_c, next) => {
          order.push('middleware')
          await next()
        },
      ],
    },
    async (c, input) => {
      order.push('handler')
      const { n } = input.params()
      const { twice } = input.query()
      const { word } = await input.json('send JSON', 'word')
      return c.json({ n, word: twice === 'yes' ? word + word : word })
    },
  )
  root.route('/v1', r)
  return { root, order }
}

const post = (a: Hono<AuthEnv>, path: string, body: string) =>
  a.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

it('enforces the roles it documents, after the middleware and before the handler', async () => {
  const { root, order } = app('operator')
  const op = openApiDocument().paths['/v1/route-test/{n}']!.post as Record<string, unknown>
  expect(op['x-roles']).toEqual(['planner', 'admin'])
  const res = await post(root, '/v1/route-test/1', '{"word":"a"}')
  expect(res.status).toBe(403)
  expect(((await res.json()) as { detail: string }).detail).toBe(
    'this needs the role planner or admin; your key is operator',
  )
  expect(order).toEqual(['middleware'])
})

it('parses the params, query and body with the described schemas', async () => {
  const { root, order } = app('planner')
  const ok = await post(root, '/v1/route-test/2?twice=yes', '{"word":"ab"}')
  expect(await ok.json()).toEqual({ n: 2, word: 'abab' })
  expect(order).toEqual(['middleware', 'handler'])
  const badParam = await post(root, '/v1/route-test/x', '{"word":"ab"}')
  expect(badParam.status).toBe(400)
  expect(await badParam.json()).toMatchObject({ field: 'n', detail: 'n must be a number' })
  const badBody = await post(root, '/v1/route-test/2', '{}')
  expect(await badBody.json()).toMatchObject({ status: 400, field: 'word', detail: 'word is required' })
  const notJson = await post(root, '/v1/route-test/2', 'nope')
  expect(await notJson.json()).toMatchObject({ status: 400, field: 'word', detail: 'send JSON' })
})

it('refuses a spec whose path is not under the router', () => {
  const route = declareRoutes(new Hono<AuthEnv>(), '/v1')
  expect(() =>
    route({ method: 'get', path: '/other', summary: 's', tags: [], responses: {}, auth: 'any' }, (c) =>
      c.text(''),
    ),
  ).toThrow('route /other is not under /v1')
})
