import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeOpenAI, startFakeOpenAI } from '../../test/support/fake-openai.ts'
import { loadPrompt } from '../answer/prompts.ts'
import { draftProcedure } from './draft.ts'
import { toMarkdown } from './markdown.ts'
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
})
