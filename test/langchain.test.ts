/**
 * The LangChain adapters over a real PGlite store and real ingestion: the retriever's Documents and site
 * scoping, the retriever inside a runnable chain, the copilot tool as a LangChain tool, and one tool-calling
 * round with ChatOpenAI against the scripted OpenAI-compatible server.
 */
import type { AIMessage } from '@langchain/core/messages'
import { ToolMessage } from '@langchain/core/messages'
import { PromptTemplate } from '@langchain/core/prompts'
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables'
import { ChatOpenAI } from '@langchain/openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPassages, toLangChainTools } from '../src/answer/langchain-tools.ts'
import { searchDocumentsTool } from '../src/answer/tools.ts'
import { createEmbeddingProvider } from '../src/embed/index.ts'
import type { EmbeddingProvider } from '../src/embed/types.ts'
import { ingestDocument } from '../src/ingest/pipeline.ts'
import { PlantRetriever } from '../src/retrieve/langchain.ts'
import type { SearchHit } from '../src/retrieve/search.ts'
import { openStore, type Store } from '../src/store/db.ts'
import { type FakeOpenAI, startFakeOpenAI } from './support/fake-openai.ts'
import { makePdf, utf8 } from './support/fixtures.ts'

const SOP_A = `# SOP-210 Lockout of cooling water pump CWP-210

## Energy sources

- Electrical: 55 kW motor fed from MCC-2 bucket 4A.

## Isolation

1. Open breaker MCC-2 bucket 4A and hang a personal lock on it.
2. Close suction valve HV-210S and discharge valve HV-210D.
3. Open drain valve DV-210 to release trapped pressure.
`

const MANUAL_A = `# Cooling tower fan CTF-5 manual

## Lubrication

Grease the CTF-5 fan bearings every 500 operating hours with lithium complex grease.

## Vibration limits

Trip the CTF-5 fan when bearing vibration exceeds 7.1 mm/s.
`

// Another site with the same equipment words: must never surface for site-a.
const SOP_B = `# SOP-210 Lockout of cooling water pump CWP-210 (site B)

## Isolation

1. Open breaker MCC-2 bucket 4A and hang a personal lock on it.
2. Close suction valve HV-210S and discharge valve HV-210D.
3. Open drain valve DV-210 to release trapped pressure.
`

let store: Store
let embedder: EmbeddingProvider
let fake: FakeOpenAI

beforeAll(async () => {
  store = await openStore()
  embedder = await createEmbeddingProvider({})
  const ctx = { store, embedder }
  await ingestDocument(ctx, { siteId: 'site-a', source: 'sop-210.md', bytes: utf8(SOP_A) })
  await ingestDocument(ctx, { siteId: 'site-a', source: 'ctf-5-manual.md', bytes: utf8(MANUAL_A) })
  await ingestDocument(ctx, { siteId: 'site-b', source: 'sop-210-b.md', bytes: utf8(SOP_B) })
  await ingestDocument(ctx, {
    siteId: 'site-a',
    source: 'boiler-b1.pdf',
    bytes: await makePdf(
      [
        'Boiler B-1 operating manual\nGeneral description of the package boiler.',
        'Blowdown\nOpen the B-1 bottom blowdown valve BDV-1 for 10 seconds once per shift.',
      ],
      'Boiler B-1 manual',
    ),
  })
  fake = await startFakeOpenAI()
})

afterAll(async () => {
  await fake?.close()
  await store?.close()
})

describe('PlantRetriever', () => {
  it('returns Documents with chunk text and provenance metadata from the right document', async () => {
    const retriever = new PlantRetriever({ store, embedder, filters: { sites: ['site-a'] }, k: 3 })
    const docs = await retriever.invoke('how often to grease the CTF-5 fan bearings')
    expect(docs.length).toBeGreaterThan(0)
    const top = docs[0]!
    expect(top.pageContent).toContain('lithium complex grease')
    expect(top.metadata).toMatchObject({
      source: 'ctf-5-manual.md',
      title: expect.stringContaining('CTF-5'),
      kind: 'manual',
      site: 'site-a',
      page: null, // Markdown has no pages
      section: expect.stringContaining('Lubrication'),
    })
    expect(top.metadata.documentId).toMatch(/^[0-9a-f-]{36}$/)
    expect(top.metadata.chunkId).toBeTypeOf('number')
    expect(top.metadata.score).toBeGreaterThan(0)
    expect(top.id).toBe(String(top.metadata.chunkId))
  })

  it('carries PDF page numbers', async () => {
    const retriever = new PlantRetriever({ store, embedder, filters: { sites: ['site-a'] }, k: 2 })
    const [top] = await retriever.invoke('bottom blowdown valve BDV-1')
    expect(top?.metadata).toMatchObject({ source: 'boiler-b1.pdf', page: 2 })
    expect(top?.pageContent).toContain('BDV-1')
  })

  it('never returns a document of another site, even when it matches best', async () => {
    const question = 'CWP-210 isolation valves HV-210S site B'
    const a = new PlantRetriever({ store, embedder, filters: { sites: ['site-a'] }, k: 8 })
    const docsA = await a.invoke(question)
    expect(docsA.length).toBeGreaterThan(0)
    expect(docsA.every((d) => d.metadata.site === 'site-a')).toBe(true)
    expect(docsA.map((d) => d.metadata.source)).not.toContain('sop-210-b.md')

    const b = new PlantRetriever({ store, embedder, filters: { sites: ['site-b'] }, k: 8 })
    const docsB = await b.invoke(question)
    expect(docsB.length).toBeGreaterThan(0)
    expect(new Set(docsB.map((d) => d.metadata.source))).toEqual(new Set(['sop-210-b.md']))

    const all = new PlantRetriever({ store, embedder, filters: { sites: '*' }, k: 8 })
    const sources = new Set((await all.invoke(question)).map((d) => d.metadata.source))
    expect(sources).toContain('sop-210.md')
    expect(sources).toContain('sop-210-b.md')
  })

  it('honours kind filters and returns nothing for an empty query', async () => {
    const sops = new PlantRetriever({ store, embedder, filters: { sites: ['site-a'], kinds: ['sop'] }, k: 8 })
    const docs = await sops.invoke('CTF-5 fan bearings grease')
    expect(docs.every((d) => d.metadata.kind === 'sop')).toBe(true)
    expect(await sops.invoke('   ')).toEqual([])
  })

  it('works as the first step of a runnable chain', async () => {
    const retriever = new PlantRetriever({ store, embedder, filters: { sites: ['site-a'] }, k: 2 })
    const sourcesChain = RunnableSequence.from([
      retriever,
      (docs: Awaited<ReturnType<typeof retriever.invoke>>) => docs.map((d) => d.metadata.source).join(','),
    ])
    const out = await sourcesChain.invoke('drain valve DV-210 trapped pressure')
    expect(out.split(',')[0]).toBe('sop-210.md')
    expect(out).not.toContain('sop-210-b.md')

    // retriever -> context formatter -> prompt template: the shape of a RAG chain, minus the model.
    const prompt = PromptTemplate.fromTemplate('Context:\n{context}\n\nQuestion: {question}')
    const ragPrompt = RunnableSequence.from([
      {
        context: retriever.pipe(
          RunnableLambda.from((docs: Awaited<ReturnType<typeof retriever.invoke>>) =>
            docs.map((d, i) => `[${i + 1}] ${d.metadata.title}: ${d.pageContent}`).join('\n'),
          ),
        ),
        question: (q: string) => q,
      },
      prompt,
    ])
    const rendered = (await ragPrompt.invoke('drain valve DV-210 trapped pressure')).toString()
    expect(rendered).toContain('[1] SOP-210 Lockout of cooling water pump CWP-210')
    expect(rendered).toContain('Open drain valve DV-210')
    expect(rendered).toContain('Question: drain valve DV-210 trapped pressure')
    expect(rendered).not.toContain('(site B)')
  })
})

describe('toLangChainTools', () => {
  const tools = () => toLangChainTools([searchDocumentsTool({ store, embedder }, { sites: ['site-a'] })])

  it('keeps name, description and JSON schema of the copilot tool', () => {
    const def = searchDocumentsTool({ store, embedder }, { sites: ['site-a'] }).definition
    const [lc] = tools()
    expect(def.type).toBe('function')
    if (def.type !== 'function') return
    expect(lc!.name).toBe('search_documents')
    expect(lc!.description).toBe(def.function.description)
    expect(lc!.schema).toEqual(def.function.parameters)
  })

  it('runs the search and lists the passages with document and page', async () => {
    const [lc] = tools()
    const text = await lc!.invoke({ query: 'bottom blowdown valve BDV-1', k: 2 })
    expect(typeof text).toBe('string')
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^\d passages? found$/)
    expect(lines[1]).toMatch(/^\[1\] Boiler B-1 manual \(boiler-b1\.pdf\), p\. 2.*: .*BDV-1/)
    expect(text).not.toContain('sop-210-b.md')
  })

  it('reports no passages plainly, and rejects arguments the schema forbids', async () => {
    const [lc] = tools()
    expect(await lc!.invoke({ query: 'bearing grease', asset: 'ZZ-999' })).toBe('no passages found')
    await expect(lc!.invoke({ k: 2 } as never)).rejects.toThrow(/did not match expected schema/)
    await expect(lc!.invoke({ query: 'x', colour: 'red' } as never)).rejects.toThrow(
      /did not match expected schema/,
    )
  })

  it('formats passages compactly and escapes document text', () => {
    const hit: SearchHit = {
      chunkId: 1,
      document: { id: 'd', title: 'T <x>', source: 's.md', kind: 'manual', site: 'a' },
      page: null,
      section: 'Sec',
      text: `a </tool_result> b\n\n${'word '.repeat(100)}`,
      score: 1,
      signals: {},
    }
    const out = formatPassages([hit], 40)
    expect(out).toBe('[1] T &lt;x&gt; (s.md), § Sec: a &lt;/tool_result&gt; b word word word word…')
  })

  it('runs a tool-calling round with ChatOpenAI bound to the tools', async () => {
    const lcTools = tools()
    const model = new ChatOpenAI({
      model: 'fake-chat',
      apiKey: 'test',
      maxRetries: 0,
      configuration: { baseURL: fake.baseURL },
    }).bindTools(lcTools)
    fake.enqueue({
      type: 'tool_calls',
      calls: [
        { id: 'call_lc_1', name: 'search_documents', arguments: { query: 'CTF-5 fan bearing grease' } },
      ],
    })
    const before = fake.requests.length
    const ai = (await model.invoke('How often are the CTF-5 bearings greased?')) as AIMessage

    // The tools went out with their JSON schema unchanged.
    const sent = fake.requests[before]!.body as {
      tools: { type: string; function: Record<string, unknown> }[]
    }
    expect(sent.tools).toHaveLength(1)
    expect(sent.tools[0]!.function).toMatchObject({
      name: 'search_documents',
      parameters: { required: ['query'], properties: { query: { type: 'string' } } },
    })

    // The model's call is parsed into a LangChain tool call and runs the tool.
    expect(ai.tool_calls).toEqual([
      {
        id: 'call_lc_1',
        name: 'search_documents',
        args: { query: 'CTF-5 fan bearing grease' },
        type: 'tool_call',
      },
    ])
    const call = ai.tool_calls![0]!
    const byName = new Map(lcTools.map((t) => [t.name, t]))
    const msg = await byName.get(call.name)!.invoke(call)
    expect(msg).toBeInstanceOf(ToolMessage)
    expect(msg.tool_call_id).toBe('call_lc_1')
    expect(String(msg.content)).toMatch(/\[1\] Cooling tower fan CTF-5 manual \(ctf-5-manual\.md\)/)
    const hits = msg.artifact as SearchHit[]
    expect(hits[0]?.document.source).toBe('ctf-5-manual.md')

    // The tool result goes back to the model, which answers.
    fake.enqueue({ type: 'text', content: 'Every 500 operating hours [1].' })
    const final = await model.invoke([
      { role: 'user', content: 'How often are the CTF-5 bearings greased?' },
      ai,
      msg,
    ])
    expect(final.content).toBe('Every 500 operating hours [1].')
    const second = fake.requests.at(-1)!.body as { messages: { role: string; content: unknown }[] }
    const toolMsg = second.messages.find((m) => m.role === 'tool')
    expect(String(toolMsg?.content)).toContain('lithium complex grease')
  })
})
