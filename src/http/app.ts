/** The Hono application: health, the /v1 API behind API keys, and problem+json errors everywhere. */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { IngestError } from '../ingest/types.ts'
import { slackRoutes } from '../slack/index.ts'
import { countChunks } from '../store/documents.ts'
import { webRoutes } from '../web/index.ts'
import { type AuthEnv, requireKey } from './auth.ts'
import { openApiRoutes } from './openapi.ts'
import { HttpProblem, ingestProblem, problem } from './problem.ts'
import { chatRoutes } from './routes/chat.ts'
import { documentRoutes } from './routes/documents.ts'
import { feedbackRoutes } from './routes/feedback.ts'
import { plantRoutes } from './routes/plant.ts'
import { procedureRoutes } from './routes/procedures.ts'
import { searchRoutes } from './routes/search.ts'
import type { Services } from './services.ts'

export function createApp(services: Services) {
  const app = new Hono<AuthEnv>()

  app.onError(async (err, c) => {
    // A body left unread (too large to drain) means the connection cannot be reused: tell the client.
    if (!(await drainBody(c.req.raw, services.config.maxUploadBytes))) c.header('Connection', 'close')
    if (err instanceof HttpProblem) return problem(c, err.status, err.title, err.message, err.field)
    if (err instanceof IngestError) {
      const { status, title } = ingestProblem(err)
      return problem(c, status, title, err.message, err.field)
    }
    if (err instanceof HTTPException)
      return problem(c, err.status as 400, 'Request rejected', err.message || 'rejected')
    console.error(`[http] ${c.req.method} ${c.req.path} failed:`, err)
    return problem(c, 500, 'Internal error', 'the server could not complete the request; see its log')
  })
  app.notFound((c) => problem(c, 404, 'Not found', `no route ${c.req.method} ${c.req.path}`))

  app.get('/healthz', async (c) => {
    const chunks = await countChunks(services.store)
    return c.json({
      status: 'ok',
      database: services.store.driver,
      bm25: services.store.features.bm25,
      embeddings: services.embedder.id,
      mode: services.llm ? 'llm' : 'offline',
      chunks,
    })
  })

  // The API description (/openapi.json) and its readable reference (/docs/api): no key needed.
  app.route('/', openApiRoutes())

  // Slack signs its requests; its routes check the signature instead of an API key.
  if (services.slack) app.route('/slack', slackRoutes(services, services.slack))

  // The web pages and the cookie sign-in; the pages call /v1 with the session cookie.
  app.route('/', webRoutes(services))

  app.use('/v1/*', requireKey(services.store))
  app.route('/v1', searchRoutes(services))
  app.route('/v1', documentRoutes(services))
  app.route('/v1', chatRoutes(services))
  app.route('/v1', feedbackRoutes(services))
  app.route('/v1', plantRoutes(services))
  app.route('/v1', procedureRoutes(services))
  return app
}

/**
 * Reads what is left of a request body before an early error answer (a rejected key or role on an upload):
 * answering while the client still sends makes the connection reset and the client never sees the answer.
 */
async function drainBody(req: Request, limit: number): Promise<boolean> {
  if (!req.body || req.bodyUsed) return true
  const length = Number(req.headers.get('content-length') ?? Number.POSITIVE_INFINITY)
  if (length > limit) return false
  try {
    await req.arrayBuffer()
    return true
  } catch {
    return false
  }
}
