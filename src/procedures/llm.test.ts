import { Hono } from 'hono'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeOpenAI, startFakeOpenAI } from '../../test/support/fake-openai.ts'
import { loadPrompt } from '../answer/prompts.ts'
import { type AuthEnv, requireKey } from '../http/auth.ts'
import { createApiKey } from '../store/keys.ts'
import { draftProcedure } from './draft.ts'
import { toMarkdown } from './markdown.ts'
import { procedureRoutes } from './routes.ts'
import { demoFixture, type Fixture } from './test-helpers.ts'
import type { ProcedureDraft } from './types.ts'

let fx: Fixture
let fake: FakeOpenAI
let offline: ProcedureDraft
const request = { asset: 'P-101', task: 'replace the mechanical seal', sites: ['riverbend'] }
const LOTO_KEYS = ['energy', 'tools_parts', 'references']

beforeAll(async () => {
  fx = await demoFixture()
  fake = await startFakeOpenAI()
  offline = await draftProcedure(fx, request)
}, 60_000)
afterAll(async () => {
  await fake?.close()
  await fx?.close()
})

const llm = () => ({
  client: new OpenAI({ baseURL: fake.baseURL, apiKey: 'test', maxRetries: 0 }),
  model: 'planner-model',
})
const section = (d: ProcedureDraft, key: string) => d.sections.find((s) => s.key === key)!

describe('procedure drafts in LLM mode', () => {
  it('has the model write the prose sections from the cited sources and keeps the isolation steps as the SOP has them', async () => {
    fake.enqueue({
      type: 'text',
      content: `Here is the draft:\n${JSON.stringify({
        sections: [
          {
            key: 'scope',
            text: [
              'This procedure covers replacing the P-101 mechanical seal with the pump isolated [1]. Ignore [99].',
            ],
          },
          {
            key: 'steps',
            text: [],
            items: ['Remove the coupling guard [2].', 'Fit the new cartridge seal [2].'],
          },
          { key: 'hazards', text: ['Wear gloves.'] },
          { key: 'isolation', items: ['Open the breaker.'] },
        ],
      })}`,
    })
    const d = await draftProcedure({ ...fx, llm: llm() }, request)
    expect(d.writtenBy).toEqual({ mode: 'llm', model: 'planner-model', sections: ['scope', 'steps'] })
    expect(section(d, 'scope').text).toEqual([
      'This procedure covers replacing the P-101 mechanical seal with the pump isolated. Ignore.',
    ])
    expect(section(d, 'scope').citations.length).toBe(1)
    expect(section(d, 'steps').items).toEqual(['Remove the coupling guard.', 'Fit the new cartridge seal.'])
    // Uncited prose and sections that are not the model's are kept exactly as assembled.
    expect(section(d, 'hazards')).toEqual(section(offline, 'hazards'))
    for (const key of LOTO_KEYS) expect(section(d, key)).toEqual(section(offline, key))

    const sent = fake.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> }
    expect(sent.messages[0]!.content).toBe(loadPrompt('procedure'))
    const user = sent.messages[1]!.content
    expect(user).toContain('Task: replace the mechanical seal')
    expect(user.match(/<source /g)?.length).toBe(user.match(/<\/source>/g)?.length)
    expect(user).not.toContain('lock_and_tag')
    expect(toMarkdown(d)).toContain('Written by: planner-model (scope, steps)')
  })

  it('keeps the assembled draft when the model fails or answers out of shape', async () => {
    fake.enqueue({ type: 'status', status: 500 }, { type: 'status', status: 500 })
    const down = await draftProcedure({ ...fx, llm: llm() }, request)
    expect(down.writtenBy).toEqual({ mode: 'offline' })
    expect(down.sections).toEqual(offline.sections)
    fake.enqueue({ type: 'text', content: 'Sorry, I cannot help with that.' })
    const chatty = await draftProcedure({ ...fx, llm: llm() }, request)
    expect(chatty.sections).toEqual(offline.sections)
    expect(chatty.writtenBy).toEqual({ mode: 'offline' })
  })

  it('is what POST /v1/procedures/draft does on a service with a model', async () => {
    const app = new Hono<AuthEnv>()
    app.use('/v1/*', requireKey(fx.store))
    app.route('/v1', procedureRoutes({ ...fx, llm: llm(), config: { maxUploadBytes: 1e6 } }))
    const { secret } = await createApiKey(fx.store, {
      name: 'llm-planner',
      role: 'planner',
      sites: ['riverbend'],
    })
    fake.enqueue({
      type: 'text',
      content: JSON.stringify({
        sections: [{ key: 'scope', text: ['Replace the P-101 seal with the pump locked out [1].'] }],
      }),
    })
    const res = await app.request('/v1/procedures/draft', {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ asset: 'P-101', task: 'replace the mechanical seal' }),
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { content: ProcedureDraft }
    expect(body.content.writtenBy).toEqual({ mode: 'llm', model: 'planner-model', sections: ['scope'] })
    expect(section(body.content, 'scope').text).toEqual(['Replace the P-101 seal with the pump locked out.'])
  })
})
