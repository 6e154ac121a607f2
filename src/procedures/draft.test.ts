import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { draftProcedure, UnknownAssetError } from './draft.ts'
import { demoFixture, type Fixture } from './test-helpers.ts'
import { LOTO_STEPS, type ProcedureDraft, type ProcedureSection } from './types.ts'

let fx: Fixture
let draft: ProcedureDraft

const LOTO_SOURCE = 'SOP-LOTO-101-cooling-water-pumps.md'
const section = (key: string) => draft.sections.find((s) => s.key === key)!

beforeAll(async () => {
  fx = await demoFixture()
  draft = await draftProcedure(fx, {
    asset: 'p101',
    task: 'replace the mechanical seal',
    sites: ['riverbend'],
  })
}, 60_000)
afterAll(async () => fx?.close())

describe('draftProcedure', () => {
  it('fills the fixed template for P-101 with every section cited', () => {
    expect(draft.asset).toEqual({ tag: 'P-101', name: 'Cooling water circulation pump A', site: 'riverbend' })
    expect(draft.title).toMatch(/^Replace the mechanical seal — P-101/)
    expect(draft.sections.map((s) => s.key)).toEqual([
      'scope',
      'hazards',
      'energy',
      'tools_parts',
      'steps',
      'return_to_service',
      'references',
    ])
    const all: ProcedureSection[] = draft.sections.flatMap((s) => [s, ...(s.subsections ?? [])])
    for (const s of all) {
      expect(s.missing, s.key).toBeUndefined()
      expect(s.citations.length, s.key).toBeGreaterThan(0)
      for (const c of s.citations) {
        expect(c.title).toBeTruthy()
        expect(c.source).toBeTruthy()
        if (c.type === 'document') expect(c.documentId).toMatch(/^[0-9a-f-]{36}$/)
        else expect(c.woId).toMatch(/^WO-/)
      }
    }
  })

  it('lists the lockout/tagout steps of SOP-LOTO-101 in the required order, each cited to its step', () => {
    const steps = section('energy').subsections!
    expect(steps.map((s) => s.key)).toEqual(LOTO_STEPS.map((s) => s.key))
    const expected = [
      ['5.1 Preparation for shutdown', /work permit/],
      ['5.2 Shutdown', /OUT OF SERVICE/],
      ['5.3 Isolation', /MCC-1, turn the isolator handle of bucket 2A/],
      ['5.4 Lock and tag', /personal lock and a tag/],
      ['5.5 Release of stored energy', /casing vent VV-101/],
      ['5.6 Verification of isolation', /absence of voltage/],
    ] as const
    steps.forEach((step, i) => {
      const [heading, text] = expected[i]!
      expect(step.ordered).toBe(true)
      expect(step.citations[0]).toMatchObject({ type: 'document', source: LOTO_SOURCE })
      expect(step.citations[0]!.section).toMatch(new RegExp(`> ${heading.replace('.', '\\.')}$`))
      expect(step.items.join('\n')).toMatch(text)
    })
    // Isolation keeps the SOP's own order: discharge valve before suction valve.
    const iso = steps[2]!.items
    expect(iso.findIndex((x) => /HV-101D/.test(x))).toBeLessThan(
      iso.findIndex((x) => /HV-101S fully/.test(x)),
    )
    // The energy table keeps P-101's isolation points and drops P-102's column.
    const table = section('energy').items.join('\n')
    expect(table).toMatch(/MCC-1 bucket 2A/)
    expect(table).not.toMatch(/bucket 2B/)
  })

  it('takes hazards from the SOP, the task steps from the manual and return to service from the SOP', () => {
    expect(section('hazards').items.join('\n')).toMatch(/PPE: safety shoes/)
    const steps = section('steps')
    expect(steps.citations[0]).toMatchObject({ source: 'P-101-P-102-pump-manual.pdf', page: 12 })
    expect(steps.citations[0]!.section).toMatch(/Mechanical seal replacement/)
    expect(steps.ordered).toBe(true)
    expect(steps.items[0]).toMatch(/SOP-LOTO-101/)
    expect(steps.items.length).toBeGreaterThanOrEqual(10)
    const back = section('return_to_service')
    expect(back.citations[0]!.source).toBe(LOTO_SOURCE)
    expect(back.items.join('\n')).toMatch(/OUT OF SERVICE to AUTO/)
  })

  it('lists parts and tools from the work orders, the seal ones first, cited to the WO ids', () => {
    const tools = section('tools_parts')
    expect(tools.items[0]).toMatch(/seal/)
    expect(tools.items.join('\n')).toMatch(/NMS-55.*WO-2023-0027/)
    expect(tools.citations).toContainEqual(
      expect.objectContaining({ type: 'work_order', woId: 'WO-2023-0027' }),
    )
    for (const item of tools.items.filter((x) => /work orders?:/.test(x))) {
      for (const id of item.match(/WO-\d{4}-\d{4}/g) ?? [])
        expect(tools.citations.some((c) => c.type === 'work_order' && c.woId === id)).toBe(true)
    }
  })

  it('collects every source in the references', () => {
    const refs = section('references')
    expect(refs.items.some((x) => x.includes(LOTO_SOURCE))).toBe(true)
    expect(refs.items.some((x) => x.startsWith('WO-2023-0027'))).toBe(true)
  })

  it('rejects an unknown asset and an asset of a site the caller cannot see', async () => {
    const task = 'replace the mechanical seal'
    await expect(draftProcedure(fx, { asset: 'P-999', task, sites: ['riverbend'] })).rejects.toThrow(
      UnknownAssetError,
    )
    await expect(draftProcedure(fx, { asset: 'P-101', task, sites: ['elsewhere'] })).rejects.toThrow(
      /no asset "P-101"/,
    )
  })

  it('finds the asset from document tags when no plant registry is configured', async () => {
    const d = await draftProcedure(
      { store: fx.store, embedder: fx.embedder, plant: null },
      { asset: 'P 101', task: 'replace the mechanical seal', sites: '*' },
    )
    expect(d.asset).toMatchObject({ tag: 'P-101', site: 'riverbend' })
    expect(
      d.sections.find((s) => s.key === 'energy')!.subsections!.map((s) => s.citations[0]!.source),
    ).toEqual(Array(6).fill(LOTO_SOURCE))
    await expect(
      draftProcedure({ store: fx.store, embedder: fx.embedder }, { asset: 'X-1', task: 'x', sites: '*' }),
    ).rejects.toThrow(UnknownAssetError)
  })
})
