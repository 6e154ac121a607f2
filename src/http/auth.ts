/** Bearer API keys on every /v1 route; the principal (role + sites) travels in the request context. */
import type { MiddlewareHandler } from 'hono'
import type { Store } from '../store/db.ts'
import { canSeeSite, type Principal, verifyApiKey } from '../store/keys.ts'
import type { Role } from '../store/schema.ts'
import { forbidden, HttpProblem } from './problem.ts'

export type AuthEnv = { Variables: { principal: Principal } }

export function requireKey(store: Store): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const m = /^Bearer\s+(\S+)$/i.exec(header)
    if (!m) {
      throw new HttpProblem(
        401,
        'Unauthorized',
        'send an API key as "Authorization: Bearer <key>"',
        'authorization',
      )
    }
    const principal = await verifyApiKey(store, m[1]!)
    if (!principal)
      throw new HttpProblem(401, 'Unauthorized', 'the API key is not valid or was revoked', 'authorization')
    c.set('principal', principal)
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
