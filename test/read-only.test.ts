/**
 * Read-only by construction: no connector code can write to a control system, publish to a broker or write a
 * plant historian, and the only tool that "writes" stores a draft for a person to approve.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { plantTools } from '../src/answer/plant-tools.ts'
import { searchDocumentsTool } from '../src/answer/tools.ts'
import { workOrderTools } from '../src/answer/work-order-tools.ts'

const ROOT = join(import.meta.dirname, '..', 'src')

function sources(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...sources(full))
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
      out.push({ file: full, text: readFileSync(full, 'utf8') })
  }
  return out
}

/**
 * Calls that change a plant: OPC UA writes and method calls, MQTT publishes (Sparkplug NCMD/DCMD are publishes;
 * the MQTT tests also watch the broker for any message from the connector).
 */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['OPC UA write', /\.write\s*\(|writeSingleNode|\bWriteRequest\b/],
  ['OPC UA method call', /session\.call\s*\(|\.callMethod\s*\(/],
  ['MQTT publish', /\.publish\s*\(|\bpublishAsync\s*\(/],
]

describe('read-only by construction', () => {
  it('no plant connector source contains a write, method call or publish', () => {
    // The simulator is left out: it is the (simulated) plant itself, and keeps its own history in this database.
    const files = sources(join(ROOT, 'plant')).filter(
      (f) => !f.file.includes(`${join('plant', 'simulator')}`),
    )
    expect(files.length).toBeGreaterThan(3)
    const offences: string[] = []
    for (const { file, text } of files) {
      for (const [what, re] of FORBIDDEN) if (re.test(text)) offences.push(`${file}: ${what}`)
    }
    expect(offences).toEqual([])
  })

  it('the copilot offers only reading tools plus a draft that waits for approval', () => {
    const fake = {} as never
    const names = [
      searchDocumentsTool({ store: fake, embedder: fake }, { sites: '*' }),
      ...plantTools({ store: fake, plant: fake, sites: '*' }),
      ...workOrderTools(fake, '*'),
    ].map((t) => (t.definition.type === 'function' ? t.definition.function.name : ''))
    const readers = names.filter((n) => /^(get|list|search)_|_stats$/.test(n))
    expect(readers.length).toBeGreaterThanOrEqual(7)
    expect(names.filter((n) => !readers.includes(n))).toEqual(['draft_work_order'])
    const draft = plantTools({ store: fake, plant: fake, sites: '*' }).find(
      (t) => t.definition.type === 'function' && t.definition.function.name === 'draft_work_order',
    )!
    expect(draft.definition.type === 'function' && draft.definition.function.description).toMatch(
      /awaiting_approval/,
    )
  })
})
