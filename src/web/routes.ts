/**
 * The browser side of the service: sign-in (an API key exchanged for an HttpOnly session cookie), the pages
 * (chat, upload, planner, document viewer, sign-in) and their static files. No build step: the pages are plain
 * HTML + ES modules from ./static, and Chart.js comes from node_modules. Nothing is fetched from the internet.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getConnInfo } from '@hono/node-server/conninfo'
import { type Context, Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { type AuthEnv, requireKey, SESSION_COOKIE } from '../http/auth.ts'
import { HttpProblem } from '../http/problem.ts'
import { declareRoutes } from '../http/route.ts'
import type { Services } from '../http/services.ts'
import { canSeeSite, verifyApiKey } from '../store/keys.ts'
import { ROLES, sites as sitesTable } from '../store/schema.ts'
import { createSession, deleteSession, SESSION_TTL_MS } from '../store/sessions.ts'
import { SignInLimiter } from './limit.ts'

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url))
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/** Pages only load what this service serves; documents open in their own tab. */
const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ')

const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/login': 'login.html',
  '/upload': 'upload.html',
  '/planner': 'planner.html',
  '/view/:id': 'view.html',
}

export function webRoutes(s: Services) {
  const r = new Hono<AuthEnv>()
  const route = declareRoutes(r)
  const limiter = new SignInLimiter()
  const files = new Map<string, { body: Uint8Array; type: string }>()
  for (const name of readdirSync(STATIC_DIR)) {
    const type = TYPES[extname(name)]
    if (type) files.set(name, { body: readFileSync(join(STATIC_DIR, name)), type })
  }
  const chartJs = readFileSync(
    createRequire(import.meta.url)
      .resolve('chart.js')
      .replace(/chart\.c?js$/, 'chart.umd.min.js'),
  )

  const send = (name: string, cache: string) => {
    const f = files.get(name)
    if (!f) return null
    const headers: Record<string, string> = {
      'Content-Type': f.type,
      'Cache-Control': cache,
      'X-Content-Type-Options': 'nosniff',
    }
    if (name.endsWith('.html')) {
      headers['Content-Security-Policy'] = PAGE_CSP
      headers['Referrer-Policy'] = 'same-origin'
    }
    return new Response(f.body as Uint8Array<ArrayBuffer>, { headers })
  }

  for (const [path, file] of Object.entries(PAGES)) r.get(path, () => send(file, 'no-cache')!)
  r.get('/static/:name', (c) => send(c.req.param('name'), 'no-cache') ?? c.notFound())
  r.get(
    '/vendor/chart.umd.js',
    () =>
      new Response(chartJs as Uint8Array<ArrayBuffer>, {
        headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'max-age=86400' },
      }),
  )

  /** Sign in: an API key in, an HttpOnly SameSite cookie out. The key itself never reaches page script again. */
  route(
    {
      method: 'post',
      path: '/auth/session',
      summary: 'Sign in with an API key: sets the HttpOnly session cookie the web pages use',
      description:
        'The cookie (pc_session, HttpOnly, SameSite=Strict, 12 h) stands for the key: same role and sites, ended by ' +
        'signing out or revoking the key. Writes made with it must send the header x-requested-with.',
      tags: ['session'],
      body: signInBody,
      responses: {
        200: { description: 'Signed in; Set-Cookie carries the session', schema: meSchema },
        401: { description: 'The key is not valid or was revoked' },
        429: { description: 'Too many failed sign-ins from this address; see Retry-After' },
      },
      auth: 'none',
    },
    async (c, input) => {
      const address = clientAddress(c)
      const wait = limiter.blockedFor(address)
      if (wait > 0) {
        c.header('Retry-After', String(wait))
        throw new HttpProblem(
          429,
          'Too many attempts',
          `too many failed sign-ins; try again in ${wait} s`,
          'api_key',
        )
      }
      const body = await input.json('send JSON: {"api_key": "..."}', 'api_key')
      const key = body.api_key.trim()
      const principal = await verifyApiKey(s.store, key)
      if (!principal) {
        limiter.fail(address)
        throw new HttpProblem(401, 'Unauthorized', 'the API key is not valid or was revoked', 'api_key')
      }
      limiter.succeed(address)
      const { token } = await createSession(s.store, principal.keyId)
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        // Behind a TLS-terminating proxy the request arrives as http; the proxy says what the browser used.
        secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      })
      return c.json(await me(s, principal))
    },
  )

  route(
    {
      method: 'delete',
      path: '/auth/session',
      summary: 'Sign out: ends the session and clears its cookie',
      tags: ['session'],
      responses: { 204: { description: 'Signed out' } },
      auth: 'none',
    },
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE)
      if (token) await deleteSession(s.store, token)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    },
  )

  route(
    {
      method: 'get',
      path: '/auth/me',
      summary: 'Who is signed in: role, the sites to pick from, and the answer mode',
      tags: ['session'],
      responses: {
        200: { description: 'The caller', schema: meSchema },
        401: { description: 'Not signed in' },
      },
      auth: 'any',
      middleware: [requireKey(s.store)],
    },
    async (c) => c.json(await me(s, c.get('principal'))),
  )

  return r
}

const signInBody = z.object({
  api_key: z
    .string({ error: 'api_key is required' })
    .refine((k) => k.trim().length > 0, 'api_key is required')
    .meta({ description: 'An API key (npm run keys)' }),
})

const meSchema = z.object({
  key_id: z.string().meta({ description: 'The id of the key signed in with (not its secret)' }),
  name: z.string(),
  role: z.enum(ROLES),
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
  all_sites: z.boolean().meta({ description: 'The key may see every site' }),
  mode: z.enum(['llm', 'offline']),
  model: z.string().nullable(),
})

/** The address a sign-in comes from (the socket's; requests made in-process have none). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'local'
  }
}

/** Who is signed in, the sites they may pick from, and whether answers come from a model. */
async function me(s: Services, p: AuthEnv['Variables']['principal']): Promise<z.infer<typeof meSchema>> {
  const all = await s.store.db.select({ id: sitesTable.id, name: sitesTable.name }).from(sitesTable)
  const sites = all.filter((x) => canSeeSite(p, x.id))
  return {
    key_id: p.keyId,
    name: p.name,
    role: p.role,
    sites: sites.map((x) => ({ id: x.id, name: x.name })),
    all_sites: p.sites === '*',
    mode: s.llm ? 'llm' : 'offline',
    model: s.llm?.model ?? null,
  }
}
