/**
 * A fake Slack Web API on a real loopback port: records every call (method, arguments, token) and answers like
 * Slack does for the methods the app uses. Point WebClient's slackApiUrl at `apiUrl`.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeSlackCall {
  method: string
  args: Record<string, any>
  token: string | null
  at: number
}

export interface FakeSlack {
  /** Base URL of the fake Web API, ending in a slash (e.g. http://127.0.0.1:1234/api/). */
  apiUrl: string
  /** A response_url for slash-command payloads; posts to it are recorded as method "response_url". */
  responseUrl: string
  calls: FakeSlackCall[]
  callsOf(method: string): FakeSlackCall[]
  /** Resolves with the calls of a method once there are at least n (rejects after timeoutMs). */
  waitFor(method: string, n?: number, timeoutMs?: number): Promise<FakeSlackCall[]>
  /** Makes the next call of a method fail with a Slack error code (e.g. "not_in_channel"). */
  failNext(method: string, error: string): void
  reset(): void
  close(): Promise<void>
}

export async function startFakeSlack(opts: { token?: string } = {}): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = []
  const failures = new Map<string, string>()
  let seq = 0
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://x')
    // Web API methods live under /api/; any other path is a response_url (recorded as "response_url").
    const method = url.pathname.startsWith('/api/') ? url.pathname.slice(5) : 'response_url'
    const auth = req.headers.authorization ?? ''
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : null
    const args = parseArgs(req.headers['content-type'] ?? '', body)
    calls.push({
      method,
      args,
      token: token ?? (typeof args.token === 'string' ? args.token : null),
      at: Date.now(),
    })
    const send = (payload: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(payload))
    }
    if (opts.token && token !== opts.token) return send({ ok: false, error: 'invalid_auth' })
    const failure = failures.get(method)
    if (failure) {
      failures.delete(method)
      return send({ ok: false, error: failure })
    }
    switch (method) {
      case 'response_url':
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end('ok')
      case 'chat.postMessage': {
        if (!args.channel) return send({ ok: false, error: 'channel_not_found' })
        const ts = `${1_700_000_000 + ++seq}.${String(seq).padStart(6, '0')}`
        return send({ ok: true, channel: args.channel, ts, message: { ...args, ts, type: 'message' } })
      }
      case 'chat.update':
        if (!args.channel || !args.ts) return send({ ok: false, error: 'message_not_found' })
        return send({ ok: true, channel: args.channel, ts: args.ts, text: args.text })
      case 'auth.test':
        return send({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' })
      default:
        return send({ ok: true })
    }
  })
  server.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const port = (server.address() as AddressInfo).port
  const callsOf = (method: string) => calls.filter((c) => c.method === method)
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrl: `http://127.0.0.1:${port}/commands/response`,
    calls,
    callsOf,
    waitFor: async (method, n = 1, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs
      while (callsOf(method).length < n) {
        if (Date.now() > until)
          throw new Error(`fake Slack: expected ${n} ${method} call(s), saw ${callsOf(method).length}`)
        await new Promise((r) => setTimeout(r, 10))
      }
      return callsOf(method)
    },
    failNext: (method, error) => {
      failures.set(method, error)
    },
    reset: () => {
      calls.length = 0
      failures.clear()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Form bodies (WebClient's default; objects arrive as JSON strings) or JSON bodies. */
function parseArgs(contentType: string, body: string): Record<string, any> {
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(body) as Record<string, any>
    } catch {
      return {}
    }
  }
  const args: Record<string, any> = {}
  for (const [k, v] of new URLSearchParams(body)) {
    args[k] = /^[[{]/.test(v) ? tryJson(v) : v
  }
  return args
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v)
  } catch {
    return v
  }
}
