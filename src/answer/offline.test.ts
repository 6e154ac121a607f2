import { describe, expect, it } from 'vitest'
import type { SearchHit } from '../retrieve/search.ts'
import { EVIDENCE_THRESHOLD, offlineAnswer, REFUSAL } from './offline.ts'

let nextId = 1
function hit(text: string, over: Partial<SearchHit> & { title?: string } = {}): SearchHit {
  const id = nextId++
  const { title, ...rest } = over
  return {
    chunkId: id,
    document: {
      id: `doc-${id}`,
      title: title ?? `Manual ${id}`,
      source: `manual-${id}.pdf`,
      kind: 'manual',
      site: 'test',
    },
    page: 10 + id,
    section: null,
    text,
    score: 1,
    signals: { coverage: 0.5, bm25: 0.5, vector: 0.5 },
    ...rest,
  }
}

describe('offlineAnswer', () => {
  it('quotes the sentence that holds the answer and cites it', () => {
    const h = hit(
      'The oil system supplies the bearings through drilled passages. Filters are changed at each inspection. ' +
        'Adjust the relief valve to 45 psi at approximately 75 percent of rated thrust. ' +
        'Coolers keep the temperature in range.',
      { title: 'Turbine Oil Systems', page: 31 },
    )
    const r = offlineAnswer('what oil pressure do I set the relief valve to on a turbojet?', [h])
    expect(r.refused).toBe(false)
    expect(r.answer).toContain('45 psi')
    expect(r.answer).toContain('[1]')
    expect(r.answer).toContain('Turbine Oil Systems, p. 31')
    expect(r.answer).not.toContain('Coolers keep')
    expect(r.citations).toHaveLength(1)
    expect(r.citations[0]).toMatchObject({ n: 1, page: 31, document: { id: h.document.id } })
    expect(r.citations[0]!.snippet).toContain('45 psi')
    expect(r.sources[0]).toEqual({ n: 1, hit: h })
  })

  it('numbers only the cited sources, from 1, whatever their rank', () => {
    const offTopic = hit('Propeller blades are inspected for nicks and cracks. Spinners are removed first.')
    const answer = hit('Six-cylinder inline engines generally have a firing order of 1-5-3-6-2-4.', {
      page: 16,
    })
    const r = offlineAnswer('firing order for a 6 cyl inline engine?', [offTopic, answer])
    expect(r.refused).toBe(false)
    expect(r.answer).toContain('1-5-3-6-2-4. [1]')
    expect(r.answer).not.toContain('[2]')
    expect(r.citations.map((c) => c.n)).toEqual([1])
    expect(r.citations[0]!.document.id).toBe(answer.document.id)
    // every passage seen stays in the audit trail, the cited one first
    expect(r.sources.map((s) => [s.n, s.hit.chunkId])).toEqual([
      [1, answer.chunkId],
      [2, offTopic.chunkId],
    ])
  })

  it('cites two sources as [1] then [2] when both answer', () => {
    const a = hit('The leak down test regulator is set to 80 psi input pressure before the test.', {
      title: 'Engine Inspection',
      page: 40,
    })
    const b = hit('For the leak down test the input pressure is best set at 80 psi with the piston at TDC.', {
      title: 'Light Sport Engines',
      page: 24,
    })
    const r = offlineAnswer('leak down test: what input pressure do I set?', [a, b], { maxSentences: 2 })
    expect(r.refused).toBe(false)
    const one = r.answer.indexOf('[1]')
    const two = r.answer.indexOf('[2]')
    expect(one).toBeGreaterThan(0)
    expect(two).toBeGreaterThan(one)
    expect(r.citations.map((c) => [c.n, c.document.title])).toEqual([
      [1, 'Engine Inspection'],
      [2, 'Light Sport Engines'],
    ])
    expect(r.sources.map((s) => s.n)).toEqual([1, 2])
  })

  it('refuses when the model number asked about is absent, naming what the passage does cover', () => {
    const h = hit(
      'The overhaul time is listed in hours and is referred to as time between overhaul (TBO). ' +
        'For example, an engine with a TBO of 2,000 hours that has run 500 hours has 1,500 hours left.',
      { title: 'Powerplant Handbook', page: 1 },
    )
    const r = offlineAnswer('TBO on a Continental O-470?', [h])
    expect(r.refused).toBe(true)
    expect(r.answer).toContain(REFUSAL)
    expect(r.answer).toContain('O-470')
    expect(r.answer).not.toMatch(/2,000|1,500/)
    expect(r.citations).toHaveLength(1)
    expect(r.citations[0]!.n).toBe(1)
  })

  it('answers when the model number is there', () => {
    const h = hit(
      'Continental engines vary widely. The O-470 has a recommended TBO of 1,500 hours in this example table.',
    )
    const r = offlineAnswer('TBO on a Continental O-470?', [h])
    expect(r.refused).toBe(false)
    expect(r.answer).toContain('1,500 hours')
  })

  it('refuses a cost question when the records hold no cost', () => {
    const h = hit(
      'WO293261 · Chiller 9 · corrective · finished 2017-06-14 · M017 Major Overhaul · duration 3 h · labor 1 h',
      { page: null, title: 'work orders' },
    )
    const r = offlineAnswer('how much did the major overhaul on Chiller 9 cost?', [h])
    expect(r.refused).toBe(true)
    expect(r.answer).toContain('"cost"')
  })

  it('refuses when the passages are about something else', () => {
    const h = hit(
      'Magnetos are timed to the engine with a timing light. The breaker points open at the E-gap.',
    )
    const r = offlineAnswer('how do I calibrate the boiler feedwater level transmitter?', [h])
    expect(r.refused).toBe(true)
    expect(r.evidence).toBeLessThan(EVIDENCE_THRESHOLD)
  })

  it('handles no hits', () => {
    const r = offlineAnswer('what is the firing order?', [])
    expect(r).toMatchObject({ answer: REFUSAL, citations: [], refused: true, sources: [] })
  })

  it('mentions the section for unpaged documents', () => {
    const h = hit(
      '(iv) The employer shall certify that employee training has been accomplished and is being kept up to ' +
        "date. The certification shall contain each employee's name and dates of training.",
      { page: null, section: '(c)(7)(iv)', title: '29 CFR 1910.147' },
    )
    const r = offlineAnswer('what has to be on the lockout training certification?', [h])
    expect(r.refused).toBe(false)
    expect(r.answer).toContain('From 29 CFR 1910.147, (c)(7)(iv):')
    expect(r.answer).toContain('name')
    expect(r.citations[0]).toMatchObject({ page: null, section: '(c)(7)(iv)' })
  })

  it('trims citation snippets', () => {
    const long = `The harness must be laced ${'with care and attention to every bundle '.repeat(20)}using waxed cord.`
    const r = offlineAnswer('how must the harness be laced?', [hit(long)])
    expect(r.citations[0]!.snippet.length).toBeLessThanOrEqual(300)
  })

  it('reads a sentence under its heading: the section names what the sentence leaves out', () => {
    const manual = hit('Each housing carries a Pt100 sensor. The trip is set at 95 °C.', {
      title: 'End-Suction Pump Manual (P-7 / P-8)',
      section: 'Instrumentation > Bearing temperature alarm and trip',
    })
    const rounds = hit(
      'On rounds, read the bearing temperature of P-7 on the local gauge; it is usually near 60 °C.',
      {
        title: 'Operator rounds',
      },
    )
    const r = offlineAnswer('P-7 bearing temperature trip setting?', [manual, rounds])
    expect(r.refused).toBe(false)
    expect(r.citations[0]!.document.id).toBe(manual.document.id)
    expect(r.answer.split('\n')[0]).toContain('95 °C')
  })

  it('refuses "how much did it cost" when no amount of money is quoted', () => {
    const h = hit(
      'A high separator dP costs about 0.7 % more power for each additional 0.1 bar of the compressor overhaul.',
    )
    expect(offlineAnswer('How much did the last compressor overhaul cost?', [h]).refused).toBe(true)
    const priced = hit('The last compressor overhaul cost $18,400 including the exchange air-end.')
    const r = offlineAnswer('How much did the last compressor overhaul cost?', [priced])
    expect(r.refused).toBe(false)
    expect(r.answer).toContain('$18,400')
  })

  it('refuses "what is the X of …" when no passage names X', () => {
    const h = hit(
      'The controller stops the compressor motor after a period of unloaded running and restarts it on demand.',
    )
    expect(offlineAnswer('What is the warranty period of the compressor?', [h]).refused).toBe(true)
    const w = hit('The compressor carries a warranty period of 24 months from commissioning.')
    expect(offlineAnswer('What is the warranty period of the compressor?', [w]).answer).toContain('24 months')
    const log = hit(
      'WO-2025-0112: replaced the mechanical seal of pump P-7 after a flush leak; 6 labour hours.',
    )
    expect(offlineAnswer('Which technician replaced the P-7 mechanical seal?', [log]).refused).toBe(true)
    expect(
      offlineAnswer('Which pump had its mechanical seal replaced after a flush leak?', [log]).refused,
    ).toBe(false)
    // Of three words one may be missing: "change the oil every …" answers "the oil change interval".
    const oil = hit('Change the compressor oil every 4,000 running hours or yearly, whichever comes first.')
    expect(offlineAnswer('What is the oil change interval of the compressor?', [oil]).answer).toContain(
      '4,000',
    )
    // "the best way" names nothing of its own: no such requirement.
    const way = hit('Flush the strainer by opening the drain valve with the pump running.')
    expect(offlineAnswer('What is the best way to flush the strainer?', [way]).refused).toBe(false)
  })

  it('refuses "when was …" when no date is quoted', () => {
    const h = hit(
      'During the first two weeks after commissioning of pump P-102, expect frequent strainer cleaning.',
    )
    expect(offlineAnswer('When was P-102 commissioned?', [h]).refused).toBe(true)
    const dated = hit('Pump P-102 was commissioned on 14 March 2019 together with the new cooling tower.')
    expect(offlineAnswer('When was P-102 commissioned?', [dated]).answer).toContain('March 2019')
  })

  it('answers "how many …" only with a number, not with a paragraph marker', () => {
    const step = hit(
      '(1) Each fitter must carry personal padlocks for lockout and apply them to every isolation point of the machine.',
    )
    expect(offlineAnswer('How many padlocks must each fitter carry for lockout?', [step]).refused).toBe(true)
    const issued = hit('Each fitter carries two personal padlocks for lockout and one spare hasp.')
    const r = offlineAnswer('How many padlocks must each fitter carry for lockout?', [step, issued])
    expect(r.refused).toBe(false)
    expect(r.answer).toContain('two personal padlocks')
  })

  it('answers a question asked in a unit only with a value in that unit', () => {
    const level = hit('Check the refrigerant level of chiller CH-6 in the sight glass every month.')
    expect(offlineAnswer('What refrigerant charge in kg does chiller CH-6 hold?', [level]).refused).toBe(true)
    const charge = hit('Chiller CH-6 holds a refrigerant charge of 210 kg of R-134a in two circuits.')
    expect(
      offlineAnswer('What refrigerant charge in kg does chiller CH-6 hold?', [level, charge]).answer,
    ).toContain('210 kg')
    // Spelled out, or written against the number, counts too.
    const psi = hit('Set the discharge relief of compressor K-201 to 150psig before the first start.')
    expect(offlineAnswer('What relief setting in psi does K-201 need?', [psi]).refused).toBe(false)
    const temp = hit('The bearing alarm of P-101 sounds at 85 °C and the pump trips at 95 °C.')
    expect(offlineAnswer('At what temperature in degrees C does P-101 trip?', [temp]).answer).toContain(
      '95 °C',
    )
    expect(offlineAnswer('At what temperature in °F does P-101 trip?', [temp]).refused).toBe(true)
    // "in F-16 engines" names no unit.
    const fuel = hit('Fuel pressure in F-16 engines is held at 40 psi by the boost pump.')
    expect(offlineAnswer('What is the fuel pressure in F-16 engines?', [fuel]).refused).toBe(false)
  })

  it('answers "who …" with someone: a role, a body or a name, else not at all', () => {
    const definition = hit(
      'Lockout: the placement of a lockout device on an energy isolating device so that the equipment cannot be operated until the device is removed.',
    )
    const rule = hit('Each lockout device shall be removed by the employee who applied it.', { score: 0.6 })
    const r = offlineAnswer('Who may remove a lockout device?', [definition, rule])
    expect(r.refused).toBe(false)
    expect(r.answer).toContain('by the employee who applied it')
    expect(offlineAnswer('Who may remove a lockout device?', [definition]).refused).toBe(true)
    // "Who is the X": the X must be there.
    const service = hit('Service chiller CH-6 every spring: clean the condenser tubes and check the oil.')
    expect(offlineAnswer('Who is the service vendor for chiller CH-6?', [service]).refused).toBe(true)
  })

  it('does not take "which X" from the document title', () => {
    const log = hit('WO-5120: replaced the mechanical seal of pump P-7 after a flush leak; 6 labour hours.', {
      title: 'Maintenance Technician Handbook',
    })
    expect(offlineAnswer('Which technician replaced the P-7 mechanical seal?', [log]).refused).toBe(true)
    const named = hit(
      'WO-5120: technician R. Okafor replaced the mechanical seal of pump P-7 after a flush leak.',
      {
        title: 'Maintenance Technician Handbook',
      },
    )
    expect(offlineAnswer('Which technician replaced the P-7 mechanical seal?', [named]).answer).toContain(
      'Okafor',
    )
  })
})
