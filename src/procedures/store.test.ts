import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../store/db.ts'
import {
  type Actor,
  approveProcedure,
  compareVersions,
  createProcedure,
  getProcedure,
  listProcedures,
  listVersions,
  submitProcedure,
  updateProcedure,
} from './store.ts'
import type { ProcedureDraft } from './types.ts'

let store: Store
const planner = (sites: string[] | '*' = ['riverbend']): Actor => ({
  keyId: randomUUID(),
  role: 'planner',
  sites,
})
const author = planner()
const reviewer = planner()

function sampleDraft(step = 'Close the discharge valve.'): ProcedureDraft {
  return {
    title: 'Replace the mechanical seal — P-101',
    asset: { tag: 'P-101', name: 'Pump A', site: 'riverbend' },
    task: 'replace the mechanical seal',
    generatedAt: '2026-01-01T00:00:00.000Z',
    sections: [
      {
        key: 'steps',
        heading: 'Steps',
        text: [],
        items: ['Lock out the pump.', step],
        ordered: true,
        citations: [
          {
            type: 'document',
            documentId: randomUUID(),
            title: 'Manual',
            source: 'm.pdf',
            page: 12,
            section: '8.3',
          },
        ],
      },
    ],
  }
}

beforeAll(async () => {
  store = await openStore()
})
afterAll(async () => store?.close())

describe('procedure store', () => {
  it('keeps every edit as a version and compares two versions line by line', async () => {
    const p = await createProcedure(store, sampleDraft(), author)
    expect(p).toMatchObject({
      status: 'draft',
      version: 1,
      shownVersion: 1,
      authorKeyId: author.keyId,
      siteId: 'riverbend',
    })
    const editor = planner()
    const v2 = await updateProcedure(store, p.id, sampleDraft('Close the suction valve.'), editor)
    expect(v2).toMatchObject({
      version: 2,
      shownVersion: 2,
      versionAuthorKeyId: editor.keyId,
      authorKeyId: author.keyId,
    })
    expect((await getProcedure(store, p.id, ['riverbend'], 1)).content.sections[0]!.items[1]).toBe(
      'Close the discharge valve.',
    )
    expect((await listVersions(store, p.id, '*')).map((v) => v.version)).toEqual([1, 2])
    const diff = await compareVersions(store, p.id, 1, 2, ['riverbend'])
    expect(diff).toMatchObject({ from: 1, to: 2, added: 1, removed: 1 })
    expect(diff.unified).toContain('- 2. Close the discharge valve.')
    expect(diff.unified).toContain('+ 2. Close the suction valve.')
    await expect(getProcedure(store, p.id, ['riverbend'], 3)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('approves only from review, only by a planner or admin other than the author', async () => {
    const p = await createProcedure(store, sampleDraft(), author)
    await expect(approveProcedure(store, p.id, reviewer)).rejects.toMatchObject({ code: 'conflict' })
    await expect(submitProcedure(store, p.id, { ...reviewer, role: 'operator' })).rejects.toMatchObject({
      code: 'forbidden',
    })
    expect((await submitProcedure(store, p.id, author)).status).toBe('in_review')
    await expect(submitProcedure(store, p.id, author)).rejects.toMatchObject({ code: 'conflict' })
    await expect(approveProcedure(store, p.id, author)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(approveProcedure(store, p.id, { ...reviewer, role: 'operator' })).rejects.toMatchObject({
      code: 'forbidden',
    })
    const ok = await approveProcedure(store, p.id, { ...reviewer, role: 'admin' })
    expect(ok).toMatchObject({ status: 'approved', approvedBy: reviewer.keyId })
    // An edit after approval starts a new draft that needs a new review.
    const v2 = await updateProcedure(store, p.id, sampleDraft('x'), author)
    expect(v2).toMatchObject({ status: 'draft', approvedBy: null, version: 2 })
  })

  it('does not let the last editor approve', async () => {
    const p = await createProcedure(store, sampleDraft(), author)
    await updateProcedure(store, p.id, sampleDraft('y'), reviewer)
    await submitProcedure(store, p.id, reviewer)
    await expect(approveProcedure(store, p.id, reviewer)).rejects.toMatchObject({ code: 'forbidden' })
    expect((await approveProcedure(store, p.id, planner())).status).toBe('approved')
  })

  it('scopes procedures to their site', async () => {
    const p = await createProcedure(store, sampleDraft(), author)
    await expect(getProcedure(store, p.id, ['elsewhere'])).rejects.toMatchObject({ code: 'not_found' })
    await expect(getProcedure(store, 'not-a-uuid', '*')).rejects.toMatchObject({ code: 'not_found' })
    await expect(submitProcedure(store, p.id, planner(['elsewhere']))).rejects.toMatchObject({
      code: 'not_found',
    })
    expect(await listProcedures(store, ['elsewhere'])).toEqual([])
    expect((await listProcedures(store, ['riverbend'], { asset: 'p-101' })).map((x) => x.id)).toContain(p.id)
  })
})
