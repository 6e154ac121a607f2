/**
 * Access: an operator of site A gets nothing of site B through any route or channel.
 *
 * One real service (real PGlite store, the plant facade over two sites: the demo simulator on "alpha" and a CSV
 * replay on "bravo", the Slack app against a fake Web API) holds documents, work orders, procedures, work-order
 * drafts and conversations of both sites. A table of cases then asks every /v1 route (and every Slack endpoint)
 * as a key of site A for site B's things, and asks the same as a key of site B or an admin as a positive control:
 * the control proves the request would return B's content, so the denial is real. The web pages' session cookie
 * is checked the same way. The last test walks the Hono app's routes and fails naming any /v1 or /slack route
 * without a denied and an allowed case.
 * An admin key limited to some sites is held to those sites like any other key (audit, conversations, feedback).
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { and, eq } from 'drizzle-orm'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plantTools } from '../src/answer/plant-tools.ts'
import { createEmbeddingProvider } from '../src/embed/index.ts'
import { createApp } from '../src/http/app.ts'
import { CSRF_HEADER, SESSION_COOKIE } from '../src/http/auth.ts'
import { demoPlantConfig, plantConfigSchema } from '../src/plant/config.ts'
import { connectorFactory } from '../src/plant/connectors.ts'
import { type ConnectorFactory, createPlant, demoPlantFile, type Plant } from '../src/plant/index.ts'
import { createReplayConnector, ManualClock } from '../src/plant/replay.ts'
import type { SlackConfig } from '../src/slack/config.ts'
import { nameUuid } from '../src/slack/principal.ts'
import { signSlackRequest } from '../src/slack/signature.ts'
import { openStore, type Store } from '../src/store/db.ts'
import { createApiKey } from '../src/store/keys.ts'
import { auditLog, feedback, type Role } from '../src/store/schema.ts'
import { type FakeSlack, startFakeSlack } from './support/fake-slack.ts'

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: two sites with distinctive words (MARIGOLD on alpha, QUOKKAFLUX / ZEPHYRLOCK on bravo).
// ---------------------------------------------------------------------------------------------------------------

const A = 'alpha'
const B = 'bravo'
const SLACK_SECRET = 'access-test-signing-secret'
const SLACK_TOKEN = 'xoxb-access-test'

const A_MANUAL = `# P-101 Marigold Cooling Water Pump Manual

## Bearing protection

The bearing temperature trip setting on pump P-101 is 95 degC (MARIGOLD trip). The high alarm is set at 85 degC.

## Mechanical seal replacement

Replace the P-101 mechanical seal with cartridge seal MARIGOLD-55. Torque the gland bolts of P-101 to 25 Nm.
`

const A_SOP = `# SOP-LOTO-101 Lockout and tagout of cooling water pump P-101

## Purpose and scope

This procedure covers the isolation of pump P-101 for maintenance in the MARIGOLD cooling water area.

## Hazards and PPE

- Rotating equipment and hot water up to 45 degC on P-101.
- Wear safety glasses, gloves and safety shoes.

## Preparation for shutdown

1. Tell the control room that P-101 will be stopped.

## Shutdown

1. Stop P-101 from its local control station.

## Isolation

1. Open the P-101 breaker in MCC-1 bucket 2A.

## Lock and tag

1. Apply your personal lock and tag to the P-101 breaker.

## Release of stored energy

1. Drain the P-101 casing through DV-101.

## Verification of isolation

1. Try to start P-101 locally; it must not start.

## Return to service

1. Remove locks and tags, then restart P-101.
`

const B_MANUAL = `# P-201 Quokkaflux Brine Pump Manual

## Impeller clearance

The impeller clearance of the brine pump P-201 is 0.45 mm, checked with feeler gauge QUOKKAFLUX-7.

## Coupling spares

The brine pump P-201 shares its coupling spares with pump P-101 of the sister plant (QUOKKAFLUX stores, bin 12).
`

const B_SOP = `# SOP-LOTO-201 Lockout and tagout of brine pump P-201

## Purpose and scope

This procedure covers the isolation of brine pump P-201 with the ZEPHYRLOCK isolation kit.

## Hazards and PPE

- Cold brine at minus 12 degC from P-201: wear ZEPHYRLOCK face shields.

## Preparation for shutdown

1. Tell the brine plant desk that P-201 will be stopped.

## Shutdown

1. Stop P-201 at panel ZEPHYRLOCK-3.

## Isolation

1. Open the P-201 breaker in MCC-9 bucket 4C.

## Lock and tag

1. Apply your personal lock and the ZEPHYRLOCK tag to the P-201 breaker.

## Release of stored energy

1. Drain the P-201 casing to the brine sump.

## Verification of isolation

1. Try to start P-201 locally; it must not start.

## Return to service

1. Remove locks and tags, then restart P-201.
`

const WO_HEADER =
  'WO Number,Asset Tag,Asset Description,Work Description,Work Type,Priority,Failure Code,Failure Description,Reported Date,Completed Date,Duration (h),Labor Hours,Status'
const A_WOS = `${WO_HEADER}
AWO-0001,P-101,Cooling water pump A,"Replaced MARIGOLD drive-end bearing on P-101",CM,2,BRG-WEAR,Bearing wear,2025-03-01 08:00,2025-03-02 10:00,4.0,6.0,Completed
AWO-0002,P-101,Cooling water pump A,"Quarterly PM: regrease P-101 bearings (MARIGOLD grease)",PM,3,,,2025-05-01 08:00,2025-05-01 10:00,1.0,1.0,Completed
`
const B_WOS = `${WO_HEADER}
BWO-0001,P-201,Brine pump,"QUOKKAFLUX seal flush on P-201",CM,2,SEAL-LEAK,Seal leak,2025-02-01 08:00,2025-02-01 12:00,3.0,5.0,Completed
BWO-0002,P-201,Brine pump,"QUOKKAFLUX impeller clearance check on P-201",PM,3,,,2025-04-01 08:00,2025-04-01 09:00,1.0,1.0,Completed
BWO-0003,P-201,Brine pump,"QUOKKAFLUX bearing replaced on P-201",CM,1,BRG-WEAR,Bearing wear,2025-06-01 08:00,2025-06-02 08:00,8.0,12.0,Completed
BWO-0004,P-101,Sister-site cooling pump,"QUOKKAFLUX coupling spare lent for P-101",CM,4,,,2025-07-01 08:00,2025-07-01 09:00,0.5,0.5,Completed
`

/** Bravo's live data: hourly rows up to a minute ago, TT-851 ends above its high limit (an active alarm). */
function bravoCsv(): string {
  const now = Date.now()
  const temps = [60, 62, 66, 71, 84, 96]
  const rows = temps.map((t, i) => {
    const at = new Date(now - (temps.length - 1 - i) * 3_600_000 - 60_000).toISOString()
    return `${at},${t},${(4.1 + i * 0.05).toFixed(2)}`
  })
  return ['timestamp,TT-851,PT-851', ...rows].join('\n')
}

/** Words, ids and tags of site B: none may appear in what a site-A caller gets. */
const B_WORDS = ['QUOKKAFLUX', 'ZEPHYRLOCK', 'BWO-', '0.45 mm', 'TT-851', 'PT-851']

type Who = 'opA' | 'plA' | 'plA2' | 'adminA' | 'opB' | 'plB' | 'plB2' | 'admin'
const WHO: Record<Who, { role: Role; sites: string[] | '*' }> = {
  opA: { role: 'operator', sites: [A] },
  plA: { role: 'planner', sites: [A] },
  plA2: { role: 'planner', sites: [A] },
  adminA: { role: 'admin', sites: [A] },
  opB: { role: 'operator', sites: [B] },
  plB: { role: 'planner', sites: [B] },
  plB2: { role: 'planner', sites: [B] },
  admin: { role: 'admin', sites: '*' },
}

interface Fixtures {
  keys: Record<Who, string>
  sessions: Record<`${Who}@web`, string>
  aManual: string
  aSop: string
  aCsv: string
  aThrow: string
  bManual: string
  bSop: string
  bCsv: string
  bThrow: string
  aConv: string
  aMsg: string
  bConv: string
  bMsg: string
  bAudit: number
  aProc: string
  bProc: string
  aContent: unknown
  bContent: unknown
  bDraft: string
  slackAMsg: string
}

let store: Store
let plant: Plant
let fake: FakeSlack
let app: ReturnType<typeof createApp>
let baseUrl: string
let closeServer: () => Promise<void>
const fx = {} as Fixtures

/** Everything of site B a site-A caller must never see: its words plus the ids of its things. */
const bMarkers = () => [
  ...B_WORDS,
  fx.bManual,
  fx.bSop,
  fx.bCsv,
  fx.bThrow,
  fx.bConv,
  fx.bMsg,
  fx.bProc,
  fx.bDraft,
  `"${B}"`,
]

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

interface Outcome {
  status: number
  /** The body as text (a DOCX as its text, Slack as the posted message's arguments). */
  text: string
  type: string
  /** What the caller sent (path and body): echoing it back (e.g. "no tag TT-851") is not a leak. */
  sent: string
}

/** A key, or the web page's session cookie signed in with that key ("opA@web"). */
type Caller = Who | `${Who}@web`

async function call(
  who: Caller,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  const h = new Headers(headers)
  if (who.endsWith('@web')) {
    h.set('cookie', `${SESSION_COOKIE}=${fx.sessions[who as `${Who}@web`]}`)
    h.set(CSRF_HEADER, 'fetch')
  } else h.set('authorization', `Bearer ${fx.keys[who as Who]}`)
  let payload: BodyInit | undefined
  if (body instanceof FormData) payload = body
  else if (body !== undefined) {
    h.set('content-type', 'application/json')
    payload = JSON.stringify(body)
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers: h, body: payload })
  const type = res.headers.get('content-type') ?? ''
  const text = type.includes('wordprocessingml')
    ? (await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) })).value
    : await res.text()
  const sent = `${path} ${body instanceof FormData ? '' : JSON.stringify(body ?? '')}`
  return { status: res.status, text, type, sent }
}

const json = (o: Outcome) => JSON.parse(o.text) as any

async function upload(who: Who, name: string, text: string, fields: Record<string, string> = {}) {
  const form = new FormData()
  form.set('file', new File([new TextEncoder().encode(text)], name))
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  const res = await call(who, 'POST', '/v1/documents', form)
  expect(res.status, `${who} uploads ${name}: ${res.text}`).toBe(201)
  return json(res).id as string
}

async function ask(who: Who, message: string, extra: Record<string, unknown> = {}) {
  const res = await call(who, 'POST', '/v1/chat', { message, ...extra })
  expect(res.status, res.text).toBe(200)
  return json(res)
}

let slackSeq = 0
function slackPost(path: string, body: string, contentType: string) {
  const ts = Math.floor(Date.now() / 1000)
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackRequest(SLACK_SECRET, ts, body),
    },
    body,
  })
}

/** A Slack question (mention, DM or /ask) and the one message the app posts for it. */
async function slackAsk(kind: 'mention' | 'dm' | 'command', user: string, text: string): Promise<Outcome> {
  fake.reset()
  const n = ++slackSeq
  let res: Response
  if (kind === 'command') {
    const form = new URLSearchParams({
      command: '/ask',
      text,
      user_id: user,
      channel_id: 'CACCESS',
      team_id: 'T1',
      trigger_id: `trigger-${n}`,
      response_url: fake.responseUrl,
    })
    res = await slackPost('/slack/commands', form.toString(), 'application/x-www-form-urlencoded')
  } else {
    const event =
      kind === 'mention'
        ? { type: 'app_mention', user, text: `<@UBOT> ${text}`, channel: 'CACCESS', ts: `1800000${n}.000100` }
        : { type: 'message', channel_type: 'im', user, text, channel: `D${user}`, ts: `1800000${n}.000200` }
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: `EvAccess${n}`, event })
    res = await slackPost('/slack/events', body, 'application/json')
  }
  await res.text()
  const [post] = await fake.waitFor('chat.postMessage', 1, 20_000)
  return { status: res.status, text: JSON.stringify(post!.args), type: 'slack', sent: text }
}

/** A 👍 click in Slack on an answer; the outcome says whether the rating was stored for that Slack user. */
async function slackRate(user: string, messageId: string): Promise<Outcome> {
  fake.reset()
  const ts = `1800009${++slackSeq}.000300`
  const click = (who: string, action: string, value: string) => {
    const payload = {
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: who, team_id: 'T1' },
      channel: { id: 'CACCESS' },
      message: { ts, blocks: [] },
      actions: [{ action_id: action, value }],
    }
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
    return slackPost('/slack/interactions', body, 'application/x-www-form-urlencoded')
  }
  const res = await click(user, 'feedback_up', messageId)
  await res.text()
  // Clicks on one message are handled one after another in the background: a 👎 by UADMIN on site A's answer
  // right after is a fence, its chat.update means the click under test has been handled too.
  await (await click('UADMIN', 'feedback_down', fx.slackAMsg)).text()
  const until = Date.now() + 10_000
  while (!fake.callsOf('chat.update').some((c) => /not helpful/.test(String(c.args.text)))) {
    if (Date.now() > until) throw new Error('the fence click was never handled')
    await new Promise((r) => setTimeout(r, 10))
  }
  const keyId = nameUuid(`slack:T1:${user}`)
  const rows = await store.db
    .select()
    .from(feedback)
    .where(and(eq(feedback.messageId, messageId), eq(feedback.keyId, keyId), eq(feedback.rating, 'up')))
  return {
    status: res.status,
    text: rows.length ? `rated ${messageId}` : 'not rated',
    type: 'slack',
    sent: messageId,
  }
}

/** SSE events of a streamed chat answer as [event, data] pairs. */
function sseEvents(text: string): Array<[string, any]> {
  const out: Array<[string, any]> = []
  for (const block of text.split(/\n\n+/)) {
    const ev = /^event: ?(.*)$/m.exec(block)?.[1]
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.replace(/^data: ?/, ''))
      .join('\n')
    if (ev) out.push([ev, data ? JSON.parse(data) : null])
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// The table of cases
// ---------------------------------------------------------------------------------------------------------------

interface Case {
  /** The route as registered in the Hono app: "GET /v1/documents/:id"; Slack endpoints as "POST /slack/events". */
  route: string
  /** deny: a site-A caller asks for B (or a role asks beyond itself); allow: the positive control. */
  kind: 'deny' | 'allow'
  title: string
  run: () => Promise<Outcome>
  status: number | number[]
  /** Markers that must not appear in the body (default for deny cases with a 2xx status: all of site B's). */
  hides?: () => string[]
  /** Markers that must appear in the body. */
  shows?: () => string[]
  check?: (o: Outcome) => void
}

const cases: Case[] = []

function req(who: Caller, method: string, path: string | (() => string), body?: () => unknown) {
  return () => call(who, method, typeof path === 'string' ? path : path(), body?.())
}

/** A site-A (or under-privileged) caller: the status, and for 2xx answers none of B's markers. */
function deny(
  route: string,
  who: Caller,
  path: string | (() => string),
  status: number | number[],
  opts: Partial<Pick<Case, 'hides' | 'check' | 'shows'>> & {
    method?: string
    body?: () => unknown
  } = {},
) {
  const method = opts.method ?? route.split(' ')[0]!
  cases.push({
    route,
    kind: 'deny',
    title: `${who}: ${method} ${describePath(path)}${noteOf(opts.body)} -> ${status}`,
    run: req(who, method, path, opts.body),
    status,
    hides: opts.hides,
    shows: opts.shows,
    check: opts.check,
  })
}

/** The positive control: a key of site B (or an admin) does get B's content for the same request. */
function allow(
  route: string,
  who: Caller,
  path: string | (() => string),
  status: number | number[],
  shows: () => string[],
  opts: { method?: string; body?: () => unknown; check?: (o: Outcome) => void } = {},
) {
  const method = opts.method ?? route.split(' ')[0]!
  cases.push({
    route,
    kind: 'allow',
    title: `${who}: ${method} ${describePath(path)}${noteOf(opts.body)} -> ${status} (control)`,
    run: req(who, method, path, opts.body),
    status,
    shows,
    check: opts.check,
  })
}

/** A body built with a `note` (chat questions) is named in the title. */
function noteOf(body: unknown): string {
  const note = (body as { note?: string } | undefined)?.note
  return note ? ` ${note}` : ''
}

/** The path with fixture ids named, for readable test titles (built before the fixtures exist). */
function describePath(path: string | (() => string)): string {
  if (typeof path === 'string') return path
  const src = path.toString()
  const m = /=>\s*(`[^`]*`|'[^']*')/.exec(src)
  return (m?.[1] ?? src).replace(/\$\{fx\.(\w+)\}/g, ':$1').replace(/[`']/g, '')
}

const Q_B_ONLY = 'Which impeller clearance is specified for the brine pump P-201?'

// --- search ------------------------------------------------------------------------------------------------------
{
  const r = 'GET /v1/search'
  const q = encodeURIComponent('impeller clearance brine pump QUOKKAFLUX feeler gauge')
  deny(r, 'opA', `/v1/search?q=${q}&k=20`, 200)
  allow(r, 'opB', `/v1/search?q=${q}&k=20`, 200, () => [fx.bManual, 'QUOKKAFLUX'])
  deny(r, 'opA', `/v1/search?q=${q}&site=${B}`, 403)
  deny(r, 'opA', `/v1/search?q=${q}&site=${A},${B}`, 403)
  deny(r, 'opA', `/v1/search?q=${q}&site=*`, 403)
  allow(r, 'opB', `/v1/search?q=${q}&site=${B}`, 200, () => [fx.bManual])
  deny(r, 'opA', () => `/v1/search?q=${q}&document=${fx.bManual}`, 200, {
    check: (o) => expect(json(o).results).toEqual([]),
  })
  allow(
    r,
    'opB',
    () => `/v1/search?q=${q}&document=${fx.bManual}`,
    200,
    () => [fx.bManual],
  )
  deny(r, 'opA', `/v1/search?q=lockout+isolation+kit&kind=sop&asset=P-201`, 200, {
    check: (o) => expect(json(o).results).toEqual([]),
  })
  allow(r, 'opB', `/v1/search?q=lockout+isolation+kit&kind=sop&asset=P-201`, 200, () => [fx.bSop])
  // A tag both sites use: site B's document that mentions P-101 stays on site B.
  deny(r, 'opA', `/v1/search?q=coupling+spares+sister+plant&asset=P-101&k=20`, 200)
  allow(r, 'admin', `/v1/search?q=coupling+spares+sister+plant&asset=P-101&k=20`, 200, () => [fx.bManual])
  deny(r, 'opA', `/v1/search?q=QUOKKAFLUX+seal+flush&kind=log&k=20`, 200)
  allow(r, 'opB', `/v1/search?q=QUOKKAFLUX+seal+flush&kind=log&k=20`, 200, () => [fx.bCsv])
}

// --- documents ---------------------------------------------------------------------------------------------------
{
  const list = 'GET /v1/documents'
  deny(list, 'opA', '/v1/documents', 200, { shows: () => [fx.aManual] })
  allow(list, 'opB', '/v1/documents', 200, () => [fx.bManual, fx.bSop, fx.bCsv])
  allow(list, 'admin', '/v1/documents', 200, () => [fx.aManual, fx.bManual])
  deny(list, 'opA', `/v1/documents?site=${B}`, 403)
  deny(list, 'opA', `/v1/documents?site=${A},${B}`, 403)
  deny(list, 'opA', '/v1/documents?site=*', 403)
  allow(list, 'opB', `/v1/documents?site=${B}`, 200, () => [fx.bManual])

  const one = 'GET /v1/documents/:id'
  for (const id of ['bManual', 'bSop', 'bCsv'] as const) {
    deny(one, 'opA', () => `/v1/documents/${fx[id]}`, 404)
    allow(
      one,
      'opB',
      () => `/v1/documents/${fx[id]}`,
      200,
      () => [fx[id]],
    )
  }
  deny(one, 'adminA', () => `/v1/documents/${fx.bManual}`, 404)

  const file = 'GET /v1/documents/:id/file'
  deny(file, 'opA', () => `/v1/documents/${fx.bManual}/file`, 404)
  allow(
    file,
    'opB',
    () => `/v1/documents/${fx.bManual}/file`,
    200,
    () => ['QUOKKAFLUX-7'],
  )
  deny(file, 'opA', () => `/v1/documents/${fx.bCsv}/file`, 404)
  allow(
    file,
    'opB',
    () => `/v1/documents/${fx.bCsv}/file`,
    200,
    () => ['BWO-0001'],
  )
  deny(file, 'plA', () => `/v1/documents/${fx.bSop}/file`, 404)
  allow(
    file,
    'admin',
    () => `/v1/documents/${fx.bSop}/file`,
    200,
    () => ['ZEPHYRLOCK'],
  )

  const chunks = 'GET /v1/documents/:id/chunks'
  deny(chunks, 'opA', () => `/v1/documents/${fx.bManual}/chunks`, 404)
  deny(chunks, 'opA', () => `/v1/documents/${fx.bSop}/chunks?page=1`, 404)
  deny(chunks, 'adminA', () => `/v1/documents/${fx.bCsv}/chunks`, 404)
  allow(
    chunks,
    'opB',
    () => `/v1/documents/${fx.bManual}/chunks`,
    200,
    () => ['QUOKKAFLUX-7'],
  )

  const up = 'POST /v1/documents'
  const form =
    (name: string, text: string, fields: Record<string, string> = {}) =>
    () => {
      const f = new FormData()
      f.set('file', new File([new TextEncoder().encode(text)], name))
      for (const [k, v] of Object.entries(fields)) f.set(k, v)
      return f
    }
  deny(up, 'opA', '/v1/documents', 403, { body: form('op-a.md', '# Operator note\n\nP-101 is fine.\n') })
  deny(up, 'opA', '/v1/documents', 403, {
    body: form('op-a2.md', '# Operator note\n\nP-101 ok.\n', { site: A }),
  })
  deny(up, 'plA', '/v1/documents', 403, {
    body: form('into-b.md', '# Planted in B\n\nP-201 note.\n', { site: B }),
  })
  deny(up, 'adminA', '/v1/documents', 403, {
    body: form('into-b2.md', '# Planted in B too\n\nP-201 note.\n', { site: B }),
  })
  allow(up, 'plA', '/v1/documents', 201, () => [`"${A}"`], {
    body: form('planner-a.md', '# Planner note\n\nThe P-101 MARIGOLD strainer was cleaned.\n'),
  })
  allow(up, 'plB', '/v1/documents', 201, () => [`"${B}"`], {
    body: form('planner-b.md', '# Planner note\n\nThe P-201 QUOKKAFLUX strainer was cleaned.\n', { site: B }),
  })

  const del = 'DELETE /v1/documents/:id'
  deny(del, 'opA', () => `/v1/documents/${fx.aThrow}`, 403)
  deny(del, 'plA', () => `/v1/documents/${fx.bThrow}`, 404)
  deny(del, 'adminA', () => `/v1/documents/${fx.bThrow}`, 404)
  // Still there after the refused deletes.
  allow(
    one,
    'opB',
    () => `/v1/documents/${fx.bThrow}`,
    200,
    () => [fx.bThrow],
  )
  allow(
    del,
    'plB',
    () => `/v1/documents/${fx.bThrow}`,
    200,
    () => [fx.bThrow],
  )
  allow(
    del,
    'plA',
    () => `/v1/documents/${fx.aThrow}`,
    200,
    () => [fx.aThrow],
  )
}

// --- chat and conversations --------------------------------------------------------------------------------------
{
  const chat = 'POST /v1/chat'
  const body = (message: string, extra: Record<string, unknown> = {}) =>
    Object.assign(() => ({ message, ...extra }), { note: `"${message}" ${JSON.stringify(extra)}` })
  deny(chat, 'opA', '/v1/chat', 200, { body: body(Q_B_ONLY) })
  allow(chat, 'opB', '/v1/chat', 200, () => [fx.bManual, '0.45 mm'], { body: body(Q_B_ONLY) })
  deny(chat, 'opA', '/v1/chat', 200, {
    body: body('How do I isolate brine pump P-201 with the lockout kit?'),
  })
  allow(chat, 'opB', '/v1/chat', 200, () => [fx.bSop], {
    body: body('How do I isolate brine pump P-201 with the lockout kit?'),
  })
  deny(chat, 'opA', '/v1/chat', 200, { body: body('Why is P-201 alarming?') })
  allow(chat, 'opB', '/v1/chat', 200, () => ['TT-851'], { body: body('Why is P-201 alarming?') })
  deny(chat, 'opA', '/v1/chat', 200, { body: body('What was the latest work order on P-201?') })
  allow(chat, 'opB', '/v1/chat', 200, () => ['BWO-0003'], {
    body: body('What was the latest work order on P-201?'),
  })
  deny(chat, 'opA', '/v1/chat', 200, { body: body('What is P-201?') })
  allow(chat, 'opB', '/v1/chat', 200, () => ['QUOKKAFLUX'], { body: body('What is P-201?') })
  deny(chat, 'opA', '/v1/chat', 403, { body: body(Q_B_ONLY, { site: B }) })
  deny(chat, 'opA', '/v1/chat', 403, { body: body(Q_B_ONLY, { site: '*' }) })
  allow(chat, 'opB', '/v1/chat', 200, () => [fx.bManual], { body: body(Q_B_ONLY, { site: B }) })
  deny(chat, 'opA', '/v1/chat', 404, { body: () => ({ message: Q_B_ONLY, conversation_id: fx.bConv }) })
  allow(chat, 'opB', '/v1/chat', 200, () => [fx.bConv, fx.bManual], {
    body: () => ({ message: Q_B_ONLY, conversation_id: fx.bConv }),
  })
  deny(chat, 'adminA', '/v1/chat', 404, {
    body: () => ({ message: 'and the coupling?', conversation_id: fx.bConv }),
  })
  // Streamed (SSE): the same question, the same answer, nothing of B in any event.
  const sse = (o: Outcome) => {
    const events = sseEvents(o.text)
    expect(events.map(([e]) => e)).toContain('done')
  }
  deny(chat, 'opA', '/v1/chat', 200, { body: body(Q_B_ONLY, { stream: true }), check: sse })
  deny(chat, 'opA', '/v1/chat', 200, {
    body: body('Why is P-201 alarming?', { stream: true }),
    check: sse,
  })
  allow(chat, 'opB', '/v1/chat', 200, () => [fx.bManual, '0.45 mm'], {
    body: body(Q_B_ONLY, { stream: true }),
    check: sse,
  })
  deny(chat, 'opA', '/v1/chat', 200, {
    body: () => ({ message: Q_B_ONLY, stream: true, conversation_id: fx.bConv }),
    check: (o) => expect(sseEvents(o.text).map(([e]) => e)).toEqual(['error']),
  })
  deny(chat, 'opA', '/v1/chat', 403, { body: body(Q_B_ONLY, { stream: true, site: B }) })

  const conv = 'GET /v1/conversations/:id'
  deny(conv, 'opA', () => `/v1/conversations/${fx.bConv}`, 404)
  deny(conv, 'plA', () => `/v1/conversations/${fx.bConv}`, 404)
  allow(
    conv,
    'opB',
    () => `/v1/conversations/${fx.bConv}`,
    200,
    () => [fx.bMsg, '0.45 mm'],
  )
  allow(
    conv,
    'admin',
    () => `/v1/conversations/${fx.bConv}`,
    200,
    () => [fx.bMsg],
  )
  deny(conv, 'adminA', () => `/v1/conversations/${fx.bConv}`, 404, {})

  const fb = 'POST /v1/feedback'
  deny(fb, 'opA', '/v1/feedback', 404, { body: () => ({ message_id: fx.bMsg, rating: 'down' }) })
  deny(fb, 'plA', '/v1/feedback', 404, { body: () => ({ message_id: fx.bMsg, rating: 'up' }) })
  allow(fb, 'opB', '/v1/feedback', 201, () => [fx.bMsg], {
    body: () => ({ message_id: fx.bMsg, rating: 'up' }),
  })
  allow(fb, 'opA', '/v1/feedback', 201, () => [fx.aMsg], {
    body: () => ({ message_id: fx.aMsg, rating: 'up' }),
  })
  deny(fb, 'adminA', '/v1/feedback', 404, {
    body: () => ({ message_id: fx.bMsg, rating: 'down', comment: 'site-A admin' }),
  })
}

// --- audit (admins only) -----------------------------------------------------------------------------------------
{
  const list = 'GET /v1/audit'
  deny(list, 'opA', '/v1/audit', 403)
  deny(list, 'plA', '/v1/audit', 403)
  allow(list, 'admin', '/v1/audit?limit=500', 200, () => [fx.bConv, 'impeller clearance is specified'])
  deny(list, 'adminA', '/v1/audit?limit=500', 200, {
    shows: () => [fx.aConv],
  })
  const one = 'GET /v1/audit/:id'
  deny(one, 'opA', () => `/v1/audit/${fx.bAudit}`, 403)
  allow(
    one,
    'admin',
    () => `/v1/audit/${fx.bAudit}`,
    200,
    () => [fx.bConv],
  )
  deny(one, 'adminA', () => `/v1/audit/${fx.bAudit}`, 404, {})
}

// --- plant data --------------------------------------------------------------------------------------------------
{
  const assets = 'GET /v1/plant/assets'
  deny(assets, 'opA', '/v1/plant/assets', 200, { shows: () => ['P-101', 'K-201'] })
  allow(assets, 'opB', '/v1/plant/assets', 200, () => ['P-201', 'QUOKKAFLUX'])
  deny(assets, 'opA', `/v1/plant/assets?site=${B}`, 403)
  allow(assets, 'opB', `/v1/plant/assets?site=${B}`, 200, () => ['P-201'])

  const asset = 'GET /v1/plant/assets/:tag'
  deny(asset, 'opA', '/v1/plant/assets/P-201', 404)
  deny(asset, 'opA', '/v1/plant/assets/p201', 404)
  deny(asset, 'opA', `/v1/plant/assets/P-201?site=${B}`, 403)
  allow(asset, 'opB', '/v1/plant/assets/P-201', 200, () => ['TT-851', fx.bManual, 'BWO-0003'])
  // Same tag on both sites: A's P-101 lists none of B's documents or work orders that mention P-101.
  deny(asset, 'opA', '/v1/plant/assets/P-101', 200, { shows: () => [fx.aManual, 'AWO-0001'] })
  allow('GET /v1/work-orders', 'opB', '/v1/work-orders?equipment=P-101', 200, () => ['BWO-0004'])
  // An admin of every site asking for P-101 (A's asset) gets A's records only, though B has a P-101 work order.
  deny(asset, 'admin', '/v1/plant/assets/P-101', 200, { shows: () => [fx.aManual, 'AWO-0001'] })

  const tags = 'GET /v1/plant/tags'
  deny(tags, 'opA', '/v1/plant/tags', 200, { shows: () => ['TT-101A'] })
  allow(tags, 'opB', '/v1/plant/tags', 200, () => ['TT-851', 'PT-851'])
  deny(tags, 'opA', '/v1/plant/tags?asset=P-201', 200, { check: (o) => expect(json(o).tags).toEqual([]) })
  allow(tags, 'opB', '/v1/plant/tags?asset=P-201', 200, () => ['TT-851'])
  deny(tags, 'opA', `/v1/plant/tags?site=${B}`, 403)

  const tag = 'GET /v1/plant/tags/:tag'
  deny(tag, 'opA', '/v1/plant/tags/TT-851', 404)
  deny(tag, 'opA', '/v1/plant/tags/tt851', 404)
  deny(tag, 'opA', `/v1/plant/tags/TT-851?site=${B}`, 403)
  allow(tag, 'opB', '/v1/plant/tags/TT-851', 200, () => ['TT-851', '96'])

  const hist = 'GET /v1/plant/tags/:tag/history'
  deny(hist, 'opA', '/v1/plant/tags/TT-851/history?from=-24h', 404)
  deny(hist, 'opA', '/v1/plant/tags/PT-851/history?from=-24h&interval=1h', 404)
  deny(hist, 'opA', `/v1/plant/tags/TT-851/history?site=${B}`, 403)
  allow(hist, 'opB', '/v1/plant/tags/TT-851/history?from=-24h', 200, () => ['TT-851'], {
    check: (o) => expect(json(o).points.length).toBeGreaterThanOrEqual(5),
  })

  const alarms = 'GET /v1/plant/alarms'
  deny(alarms, 'opA', '/v1/plant/alarms', 200)
  deny(alarms, 'opA', '/v1/plant/alarms?asset=P-201', 200, {
    check: (o) => expect(json(o).alarms).toEqual([]),
  })
  deny(alarms, 'opA', `/v1/plant/alarms?site=${B}`, 403)
  allow(alarms, 'opB', '/v1/plant/alarms', 200, () => ['TT-851'])
  allow(alarms, 'admin', '/v1/plant/alarms?asset=P-201', 200, () => ['TT-851'])
}

// --- work orders -------------------------------------------------------------------------------------------------
{
  const wo = 'GET /v1/work-orders'
  deny(wo, 'opA', '/v1/work-orders?limit=500', 200, { shows: () => ['AWO-0001', 'AWO-0002'] })
  allow(wo, 'opB', '/v1/work-orders?limit=500', 200, () => ['BWO-0001', 'BWO-0004'])
  deny(wo, 'opA', '/v1/work-orders?equipment=P-201', 200, {
    check: (o) => expect(json(o).work_orders).toEqual([]),
  })
  deny(wo, 'opA', '/v1/work-orders?equipment=P-101&limit=500', 200, { shows: () => ['AWO-0001'] })
  allow(wo, 'admin', '/v1/work-orders?equipment=P-101&limit=500', 200, () => ['BWO-0004'])
  deny(wo, 'opA', '/v1/work-orders?q=QUOKKAFLUX', 200, {
    check: (o) => expect(json(o).work_orders).toEqual([]),
  })
  deny(wo, 'opA', `/v1/work-orders?site=${B}`, 403)
  allow(wo, 'opB', `/v1/work-orders?site=${B}`, 200, () => ['BWO-0001'])

  const stats = 'GET /v1/work-orders/stats'
  const count = (n: number) => (o: Outcome) => expect(json(o)).toMatchObject({ count: n })
  deny(stats, 'opA', '/v1/work-orders/stats?op=count&equipment=P-201', 200, { check: count(0) })
  allow(stats, 'opB', '/v1/work-orders/stats?op=count&equipment=P-201', 200, () => [], { check: count(3) })
  deny(stats, 'opA', '/v1/work-orders/stats?op=count', 200, { check: count(2) })
  allow(stats, 'admin', '/v1/work-orders/stats?op=count', 200, () => [], { check: count(6) })
  deny(stats, 'opA', '/v1/work-orders/stats?op=group&group_by=equipment', 200, { shows: () => ['P-101'] })
  allow(stats, 'opB', '/v1/work-orders/stats?op=group&group_by=equipment', 200, () => ['P-201'])
  deny(stats, 'opA', '/v1/work-orders/stats?op=latest&limit=10', 200, { shows: () => ['AWO-0002'] })
  allow(stats, 'opB', '/v1/work-orders/stats?op=latest&limit=10', 200, () => ['BWO-0004'])
  deny(stats, 'opA', '/v1/work-orders/stats?op=sum&field=labor_hours&q=QUOKKAFLUX', 200, {
    check: (o) => expect(json(o)).toMatchObject({ count: 0, value: null }),
  })
  deny(stats, 'opA', `/v1/work-orders/stats?op=count&site=${B}`, 403)

  const drafts = 'GET /v1/work-orders/drafts'
  deny(drafts, 'opA', '/v1/work-orders/drafts', 200, { shows: () => ['MARIGOLD'] })
  allow(drafts, 'opB', '/v1/work-orders/drafts', 200, () => [fx.bDraft, 'QUOKKAFLUX'])
  deny(drafts, 'opA', `/v1/work-orders/drafts?site=${B}`, 403)
  allow(drafts, 'admin', `/v1/work-orders/drafts?site=${B}`, 200, () => [fx.bDraft])
}

// --- procedures --------------------------------------------------------------------------------------------------
{
  const draft = 'POST /v1/procedures/draft'
  const task = (asset: string, site?: string) => () => ({ asset, task: 'check the impeller clearance', site })
  deny(draft, 'opA', '/v1/procedures/draft', 403, { body: task('P-101') })
  deny(draft, 'opB', '/v1/procedures/draft', 403, { body: task('P-201') })
  deny(draft, 'plA', '/v1/procedures/draft', 404, { body: task('P-201') })
  deny(draft, 'plA', '/v1/procedures/draft', 403, { body: task('P-201', B) })
  deny(draft, 'adminA', '/v1/procedures/draft', 404, { body: task('P-201') })
  allow(draft, 'plB', '/v1/procedures/draft', 201, () => ['P-201', `"${B}"`], { body: task('P-201') })

  const list = 'GET /v1/procedures'
  deny(list, 'opA', '/v1/procedures', 200, { shows: () => [fx.aProc] })
  allow(list, 'opB', '/v1/procedures', 200, () => [fx.bProc])
  deny(list, 'opA', '/v1/procedures?asset=P-201', 200, {
    check: (o) => expect(json(o).procedures).toEqual([]),
  })
  deny(list, 'opA', `/v1/procedures?site=${B}`, 403)
  allow(list, 'admin', `/v1/procedures?site=${B}`, 200, () => [fx.bProc])

  const get = 'GET /v1/procedures/:id'
  deny(get, 'opA', () => `/v1/procedures/${fx.bProc}`, 404)
  deny(get, 'opA', () => `/v1/procedures/${fx.bProc}?site=${B}`, [403, 404])
  deny(get, 'adminA', () => `/v1/procedures/${fx.bProc}`, 404)
  allow(
    get,
    'opB',
    () => `/v1/procedures/${fx.bProc}`,
    200,
    () => [fx.bProc, 'QUOKKAFLUX'],
  )

  const version = 'GET /v1/procedures/:id/versions/:v'
  deny(version, 'opA', () => `/v1/procedures/${fx.bProc}/versions/1`, 404)
  deny(version, 'opA', () => `/v1/procedures/${fx.bProc}/versions/2`, 404)
  allow(
    version,
    'opB',
    () => `/v1/procedures/${fx.bProc}/versions/1`,
    200,
    () => [fx.bProc, 'ZEPHYRLOCK'],
  )

  const diff = 'GET /v1/procedures/:id/diff'
  deny(diff, 'opA', () => `/v1/procedures/${fx.bProc}/diff?from=1&to=2`, 404)
  allow(
    diff,
    'opB',
    () => `/v1/procedures/${fx.bProc}/diff?from=1&to=2`,
    200,
    () => ['QUOKKAFLUX'],
  )

  const md = 'GET /v1/procedures/:id/export.md'
  deny(md, 'opA', () => `/v1/procedures/${fx.bProc}/export.md`, 404)
  deny(md, 'opA', () => `/v1/procedures/${fx.bProc}/export.md?version=1`, 404)
  allow(
    md,
    'opB',
    () => `/v1/procedures/${fx.bProc}/export.md`,
    200,
    () => ['ZEPHYRLOCK', 'QUOKKAFLUX'],
  )

  const docx = 'GET /v1/procedures/:id/export.docx'
  const isDocx = (o: Outcome) => expect(o.type).toMatch(/wordprocessingml/)
  deny(docx, 'opA', () => `/v1/procedures/${fx.bProc}/export.docx`, 404)
  deny(docx, 'plA', () => `/v1/procedures/${fx.bProc}/export.docx?version=1`, 404)
  allow(
    docx,
    'opB',
    () => `/v1/procedures/${fx.bProc}/export.docx`,
    200,
    () => ['ZEPHYRLOCK'],
    { check: isDocx },
  )

  const put = 'PUT /v1/procedures/:id'
  deny(put, 'plA', () => `/v1/procedures/${fx.bProc}`, 404, { body: () => ({ content: fx.bContent }) })
  deny(put, 'adminA', () => `/v1/procedures/${fx.bProc}`, 404, { body: () => ({ content: fx.bContent }) })
  deny(put, 'opB', () => `/v1/procedures/${fx.bProc}`, 403, { body: () => ({ content: fx.bContent }) })
  deny(put, 'opA', () => `/v1/procedures/${fx.aProc}`, 403, { body: () => ({ content: fx.aContent }) })
  allow(
    put,
    'plB',
    () => `/v1/procedures/${fx.bProc}`,
    200,
    () => [fx.bProc],
    {
      body: () => ({ content: fx.bContent }),
    },
  )
  allow(
    put,
    'plA',
    () => `/v1/procedures/${fx.aProc}`,
    200,
    () => [fx.aProc],
    {
      body: () => ({ content: fx.aContent }),
    },
  )

  const submit = 'POST /v1/procedures/:id/submit'
  deny(submit, 'plA', () => `/v1/procedures/${fx.bProc}/submit`, 404)
  deny(submit, 'opA', () => `/v1/procedures/${fx.aProc}/submit`, 403)
  deny(submit, 'opB', () => `/v1/procedures/${fx.bProc}/submit`, 403)
  allow(
    submit,
    'plB',
    () => `/v1/procedures/${fx.bProc}/submit`,
    200,
    () => ['in_review'],
  )
  allow(
    submit,
    'plA',
    () => `/v1/procedures/${fx.aProc}/submit`,
    200,
    () => ['in_review'],
  )

  // B's procedure is now in review: a site-A planner or admin still cannot approve it, nor see that it exists.
  const approve = 'POST /v1/procedures/:id/approve'
  deny(approve, 'plA', () => `/v1/procedures/${fx.bProc}/approve`, 404)
  deny(approve, 'adminA', () => `/v1/procedures/${fx.bProc}/approve`, 404)
  deny(approve, 'opA', () => `/v1/procedures/${fx.aProc}/approve`, 403)
  deny(approve, 'opB', () => `/v1/procedures/${fx.bProc}/approve`, 403)
  allow(
    approve,
    'plB2',
    () => `/v1/procedures/${fx.bProc}/approve`,
    200,
    () => ['approved'],
  )
  allow(
    approve,
    'plA2',
    () => `/v1/procedures/${fx.aProc}/approve`,
    200,
    () => ['approved'],
  )
  allow(
    get,
    'opB',
    () => `/v1/procedures/${fx.bProc}`,
    200,
    () => ['approved'],
  )
  deny(list, 'opA', '/v1/procedures?status=approved', 200, { shows: () => [fx.aProc] })
}

// --- the web pages' session cookie (signed in with a key of site A or B) -------------------------------------------
{
  const q = encodeURIComponent('impeller clearance brine pump QUOKKAFLUX feeler gauge')
  deny('GET /auth/me', 'opA@web', '/auth/me', 200, { shows: () => [`"${A}"`] })
  allow('GET /auth/me', 'opB@web', '/auth/me', 200, () => [`"${B}"`])
  deny('GET /v1/documents', 'opA@web', '/v1/documents', 200, { shows: () => [fx.aManual] })
  allow('GET /v1/documents', 'opB@web', '/v1/documents', 200, () => [fx.bManual])
  deny('GET /v1/documents/:id', 'opA@web', () => `/v1/documents/${fx.bManual}`, 404)
  deny('GET /v1/documents/:id/file', 'opA@web', () => `/v1/documents/${fx.bManual}/file`, 404)
  deny('GET /v1/documents/:id/chunks', 'opA@web', () => `/v1/documents/${fx.bManual}/chunks`, 404)
  allow(
    'GET /v1/documents/:id/chunks',
    'opB@web',
    () => `/v1/documents/${fx.bManual}/chunks`,
    200,
    () => ['QUOKKAFLUX-7'],
  )
  deny('GET /v1/search', 'opA@web', `/v1/search?q=${q}&k=20`, 200)
  deny('GET /v1/search', 'opA@web', `/v1/search?q=${q}&site=${B}`, 403)
  const ask = Object.assign(() => ({ message: Q_B_ONLY }), { note: `"${Q_B_ONLY}"` })
  deny('POST /v1/chat', 'opA@web', '/v1/chat', 200, { body: ask })
  allow('POST /v1/chat', 'opB@web', '/v1/chat', 200, () => [fx.bManual, '0.45 mm'], { body: ask })
  deny('GET /v1/conversations/:id', 'opA@web', () => `/v1/conversations/${fx.bConv}`, 404)
  deny('GET /v1/procedures/:id', 'opA@web', () => `/v1/procedures/${fx.bProc}`, 404)
  deny('GET /v1/plant/alarms', 'opA@web', '/v1/plant/alarms', 200)
  deny('GET /v1/work-orders', 'opA@web', '/v1/work-orders?limit=500', 200)
}

// --- Slack -------------------------------------------------------------------------------------------------------
{
  const slack = (
    route: string,
    kind: Case['kind'],
    title: string,
    run: () => Promise<Outcome>,
    o: Partial<Case> = {},
  ) => cases.push({ route, kind, title, run, status: 200, ...o })
  const events = 'POST /slack/events'
  slack(events, 'deny', 'Slack UALPHA mentions the bot about B content', () =>
    slackAsk('mention', 'UALPHA', Q_B_ONLY),
  )
  slack(events, 'deny', 'Slack UALPHA asks in a DM about B content', () => slackAsk('dm', 'UALPHA', Q_B_ONLY))
  slack(events, 'deny', 'Slack UALPHA asks why P-201 is alarming', () =>
    slackAsk('mention', 'UALPHA', 'Why is P-201 alarming?'),
  )
  slack(
    events,
    'allow',
    'Slack UBRAVO mentions the bot about B content (control)',
    () => slackAsk('mention', 'UBRAVO', Q_B_ONLY),
    { shows: () => [fx.bManual, '0.45 mm'] },
  )
  slack(
    events,
    'allow',
    'Slack UADMIN (all sites) asks in a DM (control)',
    () => slackAsk('dm', 'UADMIN', Q_B_ONLY),
    { shows: () => [fx.bManual] },
  )
  const commands = 'POST /slack/commands'
  slack(commands, 'deny', 'Slack UALPHA /ask about B content', () => slackAsk('command', 'UALPHA', Q_B_ONLY))
  slack(
    commands,
    'deny',
    'Slack UNKNOWN (not set up) /ask about B content',
    () => slackAsk('command', 'UNKNOWN', Q_B_ONLY),
    { shows: () => ['not set up'] },
  )
  slack(
    commands,
    'allow',
    'Slack UBRAVO /ask about B content (control)',
    () => slackAsk('command', 'UBRAVO', Q_B_ONLY),
    { shows: () => [fx.bManual] },
  )
  const interactions = 'POST /slack/interactions'
  slack(
    interactions,
    'deny',
    'Slack UNKNOWN (not set up) cannot rate an answer',
    () => slackRate('UNKNOWN', fx.slackAMsg),
    { shows: () => ['not rated'] },
  )
  slack(
    interactions,
    'allow',
    'Slack UALPHA rates its own answer (control)',
    () => slackRate('UALPHA', fx.slackAMsg),
    { shows: () => ['rated'], hides: () => ['not rated'] },
  )
}

// ---------------------------------------------------------------------------------------------------------------
// The service and its content
// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  store = await openStore()
  const embedder = await createEmbeddingProvider({})

  const demo = demoPlantConfig(demoPlantFile())
  const config = plantConfigSchema.parse({
    sites: [
      { ...demo.sites[0]!, id: A, name: 'Alpha utilities' },
      {
        id: B,
        name: 'Bravo brine plant',
        areas: [
          {
            id: 'BR',
            name: 'Brine',
            equipment: [{ tag: 'P-201', name: 'Quokkaflux brine pump', type: 'centrifugal pump' }],
          },
        ],
      },
    ],
    connectors: [
      { id: 'sim-alpha', kind: 'simulator', site: A, backfillDays: 1 },
      {
        id: 'replay-bravo',
        kind: 'replay',
        site: B,
        file: 'bravo.csv',
        startAt: 5,
        tags: {
          'TT-851': {
            asset: 'P-201',
            unit: 'degC',
            description: 'P-201 bearing temperature',
            alarms: { hi: 80 },
          },
          'PT-851': { asset: 'P-201', unit: 'bar', description: 'P-201 discharge pressure' },
        },
      },
    ],
  })
  const builtIn = connectorFactory({ live: false, log: () => {} })
  const factory: ConnectorFactory = async (cfg, deps) =>
    cfg.kind === 'replay'
      ? createReplayConnector({ ...cfg, csv: bravoCsv(), clock: new ManualClock(0) })
      : builtIn(cfg, deps)
  plant = await createPlant(config, { store }, factory)

  fake = await startFakeSlack({ token: SLACK_TOKEN })
  const slack: SlackConfig = {
    signingSecret: SLACK_SECRET,
    botToken: SLACK_TOKEN,
    apiUrl: fake.apiUrl,
    webBaseUrl: 'http://copilot.test',
    users: {
      UALPHA: { role: 'operator', sites: [A] },
      UBRAVO: { role: 'operator', sites: [B] },
      UADMIN: { role: 'admin', sites: '*' },
    },
    defaultUser: null,
  }
  app = createApp({ store, embedder, llm: null, plant, slack, config: { maxUploadBytes: 5 * 1024 * 1024 } })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  closeServer = () =>
    new Promise<void>((resolve) => {
      if ('closeAllConnections' in server) server.closeAllConnections()
      server.close(() => resolve())
    })

  const keys = {} as Record<Who, string>
  for (const [who, k] of Object.entries(WHO))
    keys[who as Who] = (await createApiKey(store, { name: `access-${who}`, ...k })).secret
  fx.keys = keys
  fx.sessions = {} as Fixtures['sessions']
  for (const who of ['opA', 'opB'] as const) {
    const res = await fetch(`${baseUrl}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: keys[who] }),
    })
    expect(res.status, await res.text()).toBe(200)
    const cookie = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get('set-cookie') ?? '')
    fx.sessions[`${who}@web`] = cookie![1]!
  }

  // Documents, uploaded by each site's planner.
  fx.aManual = await upload('plA', 'a-p101-manual.md', A_MANUAL, { kind: 'manual' })
  fx.aSop = await upload('plA', 'SOP-LOTO-101-a.md', A_SOP, { kind: 'sop' })
  fx.aCsv = await upload('plA', 'a-work-orders.csv', A_WOS, { kind: 'log' })
  fx.aThrow = await upload('plA', 'a-scratch.md', '# Alpha scratch\n\nMARIGOLD scratch note on P-101.\n')
  fx.bManual = await upload('plB', 'b-p201-manual.md', B_MANUAL, { kind: 'manual' })
  fx.bSop = await upload('plB', 'SOP-LOTO-201-b.md', B_SOP, { kind: 'sop' })
  fx.bCsv = await upload('plB', 'b-work-orders.csv', B_WOS, { kind: 'log', site: B })
  fx.bThrow = await upload('plB', 'b-scratch.md', '# Bravo scratch\n\nQUOKKAFLUX scratch note on P-201.\n')

  // Conversations of each site.
  const a = await ask('opA', 'What is the bearing temperature trip setting on pump P-101?')
  fx.aConv = a.conversation_id
  fx.aMsg = a.message_id
  const b = await ask('opB', Q_B_ONLY)
  fx.bConv = b.conversation_id
  fx.bMsg = b.message_id
  expect(JSON.stringify(b.citations), JSON.stringify(b)).toContain(fx.bManual)
  const [audit] = await store.db.select().from(auditLog).where(eq(auditLog.conversationId, fx.bConv))
  fx.bAudit = audit!.id

  // Procedures drafted by each site's planner, each with a second version.
  const draft = async (who: Who, asset: string, task: string) => {
    const r = await call(who, 'POST', '/v1/procedures/draft', { asset, task })
    expect(r.status, r.text).toBe(201)
    const proc = json(r)
    const content = structuredClone(proc.content)
    content.sections[4].items.push(`Record the ${asset} readings in the work order.`)
    const v2 = await call(who, 'PUT', `/v1/procedures/${proc.id}`, { content })
    expect(v2.status, v2.text).toBe(200)
    return { id: proc.id as string, content }
  }
  const ap = await draft('plA', 'P-101', 'replace the mechanical seal')
  fx.aProc = ap.id
  fx.aContent = ap.content
  const bp = await draft('plB', 'P-201', 'check the impeller clearance')
  fx.bProc = bp.id
  fx.bContent = bp.content

  // Work-order drafts the copilot stored for each site (its one "write").
  const woDraft = async (sites: string[], asset: string, title: string) => {
    const tool = plantTools({ store, plant, sites }).find(
      (t) => (t.definition as { function?: { name: string } }).function?.name === 'draft_work_order',
    )!
    const r = JSON.parse(
      (await tool.execute({ asset, title, description: `${title}: found on the shift round` })).result,
    )
    return r.draft_id as string
  }
  await woDraft([A], 'P-101', 'MARIGOLD seal weeping')
  fx.bDraft = await woDraft([B], 'P-201', 'QUOKKAFLUX seal leaking')

  // An answer UALPHA got in Slack (for the feedback buttons).
  await slackAsk('mention', 'UALPHA', 'What is the bearing temperature trip setting on pump P-101?')
  const blocks = JSON.stringify(fake.callsOf('chat.postMessage')[0]!.args.blocks)
  fx.slackAMsg = /"value":"([0-9a-f-]{36})"/.exec(blocks)![1]!
}, 120_000)

afterAll(async () => {
  await closeServer?.()
  await fake?.close()
  await plant?.close()
  await store?.close()
})

// ---------------------------------------------------------------------------------------------------------------
// Run the table, then check that it covers every route
// ---------------------------------------------------------------------------------------------------------------

const has = (text: string, marker: string) => text.toLowerCase().includes(marker.toLowerCase())

describe('access: site A gets nothing of site B', () => {
  for (const c of cases) {
    it(`${c.route} | ${c.title}`, async () => {
      const o = await c.run()
      const statuses = Array.isArray(c.status) ? c.status : [c.status]
      expect(statuses, `status ${o.status}: ${o.text.slice(0, 300)}`).toContain(o.status)
      const ok = o.status >= 200 && o.status < 300
      // Refusals are problem+json and quote nothing of B.
      if (!ok && o.type !== 'slack') expect(o.type).toMatch(/application\/problem\+json/)
      const hides = c.hides?.() ?? (c.kind === 'deny' ? (ok ? bMarkers() : B_WORDS) : [])
      const leaked = hides.filter((m) => m && has(o.text, m) && !has(o.sent, m))
      expect(leaked, `leaks ${leaked.join(', ')} in ${o.text.slice(0, 600)}`).toEqual([])
      const missing = (c.shows?.() ?? []).filter((m) => !has(o.text, m))
      expect(missing, `missing ${missing.join(', ')} in ${o.text.slice(0, 600)}`).toEqual([])
      c.check?.(o)
    })
  }

  it('has a denied and an allowed case for every /v1 and /slack route of the app', () => {
    const routes = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/v1/') || r.path.startsWith('/slack/')))
        .map((r) => `${r.method} ${r.path}`),
    )
    expect(routes.size).toBeGreaterThan(25)
    const missing: string[] = []
    for (const route of routes) {
      for (const kind of ['deny', 'allow'] as const)
        if (!cases.some((c) => c.route === route && c.kind === kind)) missing.push(`${route} (${kind})`)
    }
    expect(missing, `routes without an access case: ${missing.join('; ')}`).toEqual([])
    const served = new Set(app.routes.map((r) => `${r.method} ${r.path}`))
    const unknown = [...new Set(cases.map((c) => c.route))].filter((r) => !served.has(r))
    expect(unknown, 'cases for routes the app does not have').toEqual([])
  })
})
