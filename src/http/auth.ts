/**
 * Every /v1 route needs a caller: a Bearer API key (scripts, Slack-free clients) or the session cookie the web page
 * got by signing in with one. The principal (role + sites) travels in the request context.
 */
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Store } from '../store/db.ts'
import { canSeeSite, type Principal, verifyApiKey } from '../store/keys.ts'
import type { Role } from '../store/schema.ts'
import { verifySession } from '../store/sessions.ts'
import { forbidden, HttpProblem } from './problem.ts'

/** `via`: how the caller signed in (an API key, or the web page's session cookie). */
export type AuthEnv = { Variables: { principal: Principal; via: 'key' | 'session' } }

export const SESSION_COOKIE = 'pc_session'
/** The header a cookie-signed-in page sends on every write; a form posted by another site cannot set it. */
export const CSRF_HEADER = 'x-requested-with'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function requireKey(store: Store): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const m = /^Bearer\s+(\S+)$/i.exec(header)
    const cookie = m ? undefined : getCookie(c, SESSION_COOKIE)
    if (cookie) {
      const principal = await verifySession(store, cookie)
      if (!principal)
        throw new HttpProblem(401, 'Unauthorized', 'the session has expired; sign in again', 'session')
      if (!SAFE_METHODS.has(c.req.method) && !c.req.header(CSRF_HEADER)) {
        throw new HttpProblem(
          403,
          'Forbidden',
          `a write with the session cookie must carry the header "${CSRF_HEADER}"`,
          CSRF_HEADER,
        )
      }
      c.set('principal', principal)
      c.set('via', 'session')
      return next()
    }
    if (!m) {
      throw new HttpProblem(
        401,
        'Unauthorized',
        'send an API key as "Authorization: Bearer <key>" or sign in at /login',
        'authorization',
      )
    }
    const principal = await verifyApiKey(store, m[1]!)
    if (!principal)
      throw new HttpProblem(401, 'Unauthorized', 'the API key is not valid or was revoked', 'authorization')
    c.set('principal', principal)
    c.set('via', 'key')
    await next()
  }
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role))
    throw forbidden(`this needs the role ${roles.join(' or ')}; your key is ${p.role}`)
}

/**
 * The sites a request may read: the `site` parameter (comma-separated) when given, each of which the caller
 * must be allowed to see; otherwise every site of the caller.
 */
export function readableSites(p: Principal, requested: string | undefined): string[] | '*' {
  const asked = (requested ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (asked.length === 0) return p.sites
  for (const s of asked)
    if (!canSeeSite(p, s)) throw new HttpProblem(403, 'Forbidden', `no access to site "${s}"`, 'site')
  return asked
}

/** The one site a write goes to: the given one (checked), or the caller's only site. */
export function writableSite(p: Principal, requested: string | undefined): string {
  const site = requested?.trim()
  if (site) {
    if (!canSeeSite(p, site)) throw new HttpProblem(403, 'Forbidden', `no access to site "${site}"`, 'site')
    return site
  }
  if (p.sites !== '*' && p.sites.length === 1) return p.sites[0]!
  throw new HttpProblem(400, 'Bad request', 'say which site the document belongs to', 'site')
}
