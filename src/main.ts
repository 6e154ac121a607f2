/**
 * npm start: opens the store (embedded PGlite under DATA_DIR, or DATABASE_URL), makes sure an admin key exists,
 * loads the demo plant into an empty store, and serves the HTTP API on PORT.
 */
import { chmodSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { serve } from '@hono/node-server'
import { llmFromEnv } from './answer/index.ts'
import { loadConfig } from './config.ts'
import { loadDemoPlant } from './demo/index.ts'
import { createApp } from './http/app.ts'
import { connectorFactory } from './plant/connectors.ts'
import { createPlant, plantConfigFromEnv } from './plant/index.ts'
import { openCore } from './services.ts'
import { slackConfigFromEnv } from './slack/index.ts'
import { countChunks } from './store/documents.ts'
import { countActiveKeys, createApiKey } from './store/keys.ts'

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`)

async function main() {
  const config = loadConfig()
  // A bad plant configuration is reported before anything is opened or created.
  const plantConfig = plantConfigFromEnv()
  const slack = slackConfigFromEnv(process.env)
  const core = await openCore(config)
  log(
    `store: ${core.store.driver}${config.databaseUrl ? '' : ` in ${config.dataDir}`}; ranking: ${core.store.features.bm25 ? 'BM25 (pg_textsearch)' : 'ts_rank (no pg_textsearch on this server)'}; embeddings: ${core.embedder.id}`,
  )

  if (config.adminApiKey) {
    await createApiKey(core.store, {
      name: 'admin (ADMIN_API_KEY)',
      role: 'admin',
      sites: '*',
      secret: config.adminApiKey,
    })
    log('admin key from ADMIN_API_KEY is active')
  } else if ((await countActiveKeys(core.store)) === 0) {
    const key = await createApiKey(core.store, { name: 'local admin', role: 'admin', sites: '*' })
    const file = join(config.dataDir, 'admin-key.txt')
    writeFileSync(file, `${key.secret}\n`, { mode: 0o600 })
    chmodSync(file, 0o600)
    log(`created a local admin API key; it is in ${displayPath(file)} (manage keys with npm run keys)`)
  }

  if (config.loadDemo && (await countChunks(core.store)) === 0) {
    log('empty store: loading the demo plant')
    const n = await loadDemoPlant(core, log)
    log(`demo plant loaded (${n} chunks)`)
  }

  const plant = await createPlant(
    plantConfig,
    core,
    connectorFactory({
      live: true,
      baseDir: process.env.PLANT_CONFIG ? dirname(resolve(process.env.PLANT_CONFIG)) : process.cwd(),
      log,
    }),
  )
  log(
    `plant: ${plant.connectors.map((c) => `${c.id} (${c.kind})`).join(', ') || 'no connectors'}; ${plant.assets('*').length} assets`,
  )
  const llm = llmFromEnv()
  log(
    llm ? `answers: LLM mode with ${llm.model}` : 'answers: offline mode (no OPENAI_BASE_URL/LLM_MODEL set)',
  )
  if (slack) log(`slack: events at ${slack.webBaseUrl}/slack/events`)
  const app = createApp({ ...core, config, llm, plant, slack })
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    log(`listening on http://localhost:${info.port}`)
    log(`web page: http://localhost:${info.port}/ (sign in with an API key; API reference at /docs/api)`)
    log(
      `try: curl -H "Authorization: Bearer $(cat ${keyHint(config.dataDir)})" "http://localhost:${info.port}/v1/search?q=pump+bearing+temperature"`,
    )
  })
  const shutdown = () => {
    log('shutting down')
    server.close()
    plant
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((err) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})

function keyHint(dataDir: string): string {
  return displayPath(join(dataDir, 'admin-key.txt'))
}

/** A path relative to the working folder when it lies inside it, else absolute. */
function displayPath(p: string): string {
  const rel = relative(process.cwd(), p)
  return rel && !rel.startsWith('..') ? rel : p
}
