/** A real service on an ephemeral loopback port over a real (in-memory or on-disk) PGlite store. */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { LlmConfig } from '../../src/answer/copilot.ts'
import { createEmbeddingProvider } from '../../src/embed/index.ts'
import type { EmbeddingProvider } from '../../src/embed/types.ts'
import { createApp } from '../../src/http/app.ts'
import type { Plant } from '../../src/plant/index.ts'
import { openStore, type Store } from '../../src/store/db.ts'
import { createApiKey } from '../../src/store/keys.ts'
import type { Role } from '../../src/store/schema.ts'

export interface TestService {
  store: Store
  embedder: EmbeddingProvider
  baseUrl: string
  /** Creates a key and returns its secret. */
  key(role: Role, sites: string[] | '*'): Promise<string>
  fetch(path: string, init?: RequestInit & { key?: string }): Promise<Response>
  upload(
    key: string,
    name: string,
    bytes: Uint8Array,
    fields?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, any> }>
  close(): Promise<void>
}

export async function startService(
  opts: { store?: Store; maxUploadBytes?: number; llm?: LlmConfig | null; plant?: Plant | null } = {},
): Promise<TestService> {
  const store = opts.store ?? (await openStore())
  const embedder = await createEmbeddingProvider({})
  const app = createApp({
    store,
    embedder,
    llm: opts.llm ?? null,
    plant: opts.plant ?? null,
    config: { maxUploadBytes: opts.maxUploadBytes ?? 5 * 1024 * 1024 },
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let n = 0
  const svc: TestService = {
    store,
    embedder,
    baseUrl,
    key: async (role, sites) => (await createApiKey(store, { name: `${role}-${++n}`, role, sites })).secret,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers)
      if (init.key) headers.set('authorization', `Bearer ${init.key}`)
      return fetch(`${baseUrl}${path}`, { ...init, headers })
    },
    upload: async (key, name, bytes, fields = {}) => {
      const form = new FormData()
      form.set('file', new File([new Uint8Array(bytes)], name))
      for (const [k, v] of Object.entries(fields)) form.set(k, v)
      const res = await svc.fetch('/v1/documents', { method: 'POST', body: form, key })
      return { status: res.status, body: (await res.json()) as Record<string, any> }
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (!opts.store) await store.close()
    },
  }
  return svc
}
