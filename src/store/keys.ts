/** API keys: the secret is shown once; only its sha256 is stored. Each key has a role and the sites it may see. */
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Store } from './db.ts'
import { apiKeys, type Role } from './schema.ts'

export interface Principal {
  keyId: string
  name: string
  role: Role
  /** Site ids this caller may see, or '*' for all. */
  sites: string[] | '*'
}

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function newSecret(): string {
  return `pck_${randomBytes(24).toString('base64url')}`
}

export async function createApiKey(
  store: Store,
  opts: { name: string; role: Role; sites: string[] | '*'; secret?: string },
): Promise<{ id: string; secret: string }> {
  const secret = opts.secret ?? newSecret()
  const [row] = await store.db
    .insert(apiKeys)
    .values({
      name: opts.name,
      keyHash: hashKey(secret),
      prefix: secret.slice(0, 8),
      role: opts.role,
      sites: opts.sites === '*' ? ['*'] : opts.sites,
    })
    .onConflictDoUpdate({
      target: apiKeys.keyHash,
      set: {
        role: opts.role,
        sites: opts.sites === '*' ? ['*'] : opts.sites,
        revokedAt: null,
        name: opts.name,
      },
    })
    .returning({ id: apiKeys.id })
  return { id: row!.id, secret }
}

export async function verifyApiKey(store: Store, secret: string): Promise<Principal | null> {
  if (!secret || secret.length > 200) return null
  const rows = await store.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashKey(secret)), isNull(apiKeys.revokedAt)))
  const row = rows[0]
  return row ? principalOf(row) : null
}

/** The principal an API key row stands for (a key for all sites stores `['*']`). */
export function principalOf(
  row: Pick<typeof apiKeys.$inferSelect, 'id' | 'name' | 'role' | 'sites'>,
): Principal {
  return { keyId: row.id, name: row.name, role: row.role, sites: row.sites.includes('*') ? '*' : row.sites }
}

export async function listApiKeys(store: Store) {
  return store.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      sites: apiKeys.sites,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(apiKeys.createdAt)
}

export async function revokeApiKey(store: Store, idOrPrefix: string): Promise<number> {
  const rows = await store.db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(
        isNull(apiKeys.revokedAt),
        sql`(${apiKeys.id}::text = ${idOrPrefix} OR ${apiKeys.prefix} = ${idOrPrefix} OR ${apiKeys.name} = ${idOrPrefix})`,
      ),
    )
    .returning({ id: apiKeys.id })
  return rows.length
}

export async function countActiveKeys(store: Store): Promise<number> {
  const rows = await store.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL`,
  )
  return rows[0]?.n ?? 0
}

/** May this principal see documents of this site? */
export function canSeeSite(p: Principal, siteId: string): boolean {
  return p.sites === '*' || p.sites.includes(siteId)
}
