/**
 * Browser sessions: signing in with an API key issues a random token for an HttpOnly cookie. The session carries
 * the key's role and sites at every request (looked up, not copied), so revoking the key ends its sessions.
 */
import { randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, lt } from 'drizzle-orm'
import type { Store } from './db.ts'
import { hashKey, type Principal, principalOf } from './keys.ts'
import { apiKeys, webSessions } from './schema.ts'

export const SESSION_TTL_MS = 12 * 3600_000

export async function createSession(
  store: Store,
  keyId: string,
  ttlMs = SESSION_TTL_MS,
): Promise<{ token: string; expiresAt: Date }> {
  const token = `pcs_${randomBytes(32).toString('base64url')}`
  const expiresAt = new Date(Date.now() + ttlMs)
  // Expired sessions are cleared as new ones are made; the table stays as small as the signed-in users.
  await store.db.delete(webSessions).where(lt(webSessions.expiresAt, new Date()))
  await store.db.insert(webSessions).values({ tokenHash: hashKey(token), keyId, expiresAt })
  return { token, expiresAt }
}

export async function verifySession(store: Store, token: string): Promise<Principal | null> {
  if (!token || token.length > 200) return null
  const rows = await store.db
    .select({ id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, sites: apiKeys.sites })
    .from(webSessions)
    .innerJoin(apiKeys, eq(apiKeys.id, webSessions.keyId))
    .where(
      and(
        eq(webSessions.tokenHash, hashKey(token)),
        gt(webSessions.expiresAt, new Date()),
        isNull(apiKeys.revokedAt),
      ),
    )
  const row = rows[0]
  return row ? principalOf(row) : null
}

export async function deleteSession(store: Store, token: string): Promise<void> {
  await store.db.delete(webSessions).where(eq(webSessions.tokenHash, hashKey(token)))
}
