/**
 * The plant model: every tag's value as a pure function of time (given seed, creation time and incidents), so a
 * value at time t never depends on when or how often it was asked for. Thermal lags are closed-form (first-order
 * response to sinusoids and exponential approach after start/stop), the compressor's load/unload cycle is an
 * integrated phase memoized per UTC day. Numbers follow the Riverbend manuals (src/demo/plant/source/).
 * Tags the model does not know get a quiet value in the middle of their normal range.
 */
import type { TagInfo } from '../types.ts'
import { DAY, HOUR, type Incident, MINUTE } from './incidents.ts'
import { gaussAt, hashString, smoothNoise } from './prng.ts'

export interface PlantModelOptions {
  tags: readonly TagInfo[]
  seed: number
  /** Simulator creation time (ms); incidents must already be absolute (resolveIncidents). */
  anchor: number
  incidents: readonly Incident[]
}

export interface Sample {
  /** One value per tag, in the order of `tags`, rounded to 3 decimals. */
  values: Float64Array
  /** Whether the tag's alarms are evaluated now (pump pressure/flow/current only while the pump runs). */
  armed: boolean[]
}

export interface PlantModel {
  readonly tags: readonly TagInfo[]
  sample(t: number): Sample
}

interface Wave {
  amp: number
  period: number
  /** Time within the period at which the wave peaks (from the epoch, UTC). */
  peakAt: number
}

/** Sum of cosines, optionally seen through a first-order lag with time constant tau (steady-state response). */
function waves(ws: readonly Wave[], t: number, tau = 0): number {
  let s = 0
  for (const w of ws) {
    const om = (2 * Math.PI) / w.period
    const ot = om * tau
    s += (w.amp / Math.sqrt(1 + ot * ot)) * Math.cos(om * (t - w.peakAt) - Math.atan(ot))
  }
  return s
}

const AMBIENT: Wave[] = [
  { amp: 6, period: DAY, peakAt: 15 * HOUR },
  { amp: 2.5, period: 5.3 * DAY, peakAt: 1.1 * DAY },
]
const CW_LOAD: Wave[] = [{ amp: 0.12, period: DAY, peakAt: 13 * HOUR }]
const CHW_LOAD: Wave[] = [{ amp: 0.13, period: DAY, peakAt: 14 * HOUR }]
const BASIN: Wave[] = [{ amp: 1.6, period: DAY, peakAt: 16 * HOUR }]
const AIR_DEMAND: Wave[] = [{ amp: 0.15, period: DAY, peakAt: 11 * HOUR }]

/** R-134a saturation pressure (bar g) by condensing temperature, from the CH-301 service guide table 3.3. */
const R134A: Array<[number, number]> = [
  [30, 6.7],
  [34, 7.6],
  [36, 8.1],
  [38, 8.6],
  [40, 9.2],
  [44, 10.3],
  [46, 10.9],
  [50, 12.2],
  [52, 12.9],
]

export function r134aPressure(tempC: number): number {
  const first = R134A[0]!
  const last = R134A[R134A.length - 1]!
  if (tempC <= first[0]) return first[1] + (tempC - first[0]) * ((R134A[1]![1] - first[1]) / 4)
  for (let i = 1; i < R134A.length; i++) {
    const [t1, p1] = R134A[i]!
    const [t0, p0] = R134A[i - 1]!
    if (tempC <= t1) return p0 + ((tempC - t0) / (t1 - t0)) * (p1 - p0)
  }
  return last[1] + (tempC - last[0]) * 0.35
}

interface PumpSpec {
  asset: string
  /** The pair partner: when one takes duty by a duty_swap, the other stops. */
  partner: string
  dutyByDefault: boolean
  pt: string
  ft: string
  ii: string
  ttDe: string
  ttNde: string
  vt: string
  pdt: string
  /** Bearing temperature rise over the pump-room temperature when running steadily (K). */
  deRise: number
  ndeRise: number
  vib: number
}

const PUMPS: PumpSpec[] = [
  {
    asset: 'P-101',
    partner: 'P-102',
    dutyByDefault: true,
    pt: 'PT-101',
    ft: 'FT-101',
    ii: 'II-101',
    ttDe: 'TT-101A',
    ttNde: 'TT-101B',
    vt: 'VT-101',
    pdt: 'PDT-101',
    deRise: 40,
    ndeRise: 35,
    vib: 1.9,
  },
  {
    asset: 'P-102',
    partner: 'P-101',
    dutyByDefault: false,
    pt: 'PT-102',
    ft: 'FT-102',
    ii: 'II-102',
    ttDe: 'TT-102A',
    ttNde: 'TT-102B',
    vt: 'VT-102',
    pdt: 'PDT-102',
    deRise: 34,
    ndeRise: 31,
    vib: 1.4,
  },
]

const STRAINER_CLEAN_DP = 0.1
/** Background fouling of a suction strainer, bar per hour (about 0.034 bar a week). */
const STRAINER_BASE_RATE = 0.0002
const TAU_WARM = 45 * MINUTE
const TAU_COOL = 90 * MINUTE
const COMP_LOAD = 6.3
const COMP_UNLOAD = 7.0

const round3 = (v: number) => Math.round(v * 1000) / 1000
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

export function createPlantModel(opts: PlantModelOptions): PlantModel {
  const { seed, anchor, incidents } = opts
  const tags = opts.tags
  const index = new Map(tags.map((t, i) => [t.name, i]))
  const keys = tags.map((t) => hashString(t.name))
  const K = {
    ambient: hashString('~ambient'),
    cwLoad: hashString('~cw-load'),
    chwLoad: hashString('~chw-load'),
    air: hashString('~air-demand'),
    basin: hashString('~basin'),
    cond: hashString('~condenser'),
  }

  const drifts = incidents.filter((i) => i.kind === 'bearing_drift')
  const clogs = incidents.filter((i) => i.kind === 'strainer_clog')
  const cleans = incidents.filter((i) => i.kind === 'strainer_clean')
  const swaps = incidents.filter((i) => i.kind === 'duty_swap').sort((a, b) => a.start - b.start)
  const cavs = incidents.filter((i) => i.kind === 'cavitation')

  /** Running state and warm-up factor (0 cold .. 1 steady running) of a pump at t. */
  function pumpState(p: PumpSpec, t: number): { running: boolean; warm: number } {
    let running = p.dutyByDefault
    let warm = running ? 1 : 0
    let since = -Infinity
    const evolve = (until: number) => {
      if (since === -Infinity) return
      const target = running ? 1 : 0
      warm = target + (warm - target) * Math.exp(-(until - since) / (running ? TAU_WARM : TAU_COOL))
    }
    for (const s of swaps) {
      if (s.start >= t) break
      if (s.asset !== p.asset && s.asset !== p.partner) continue
      const inside = s.asset === p.asset
      const end = s.start + s.durationMs
      evolve(s.start)
      since = s.start
      running = inside
      if (end >= t) break
      evolve(end)
      since = end
      running = p.dutyByDefault
    }
    evolve(t)
    return { running, warm }
  }

  function strainerDp(tag: string, t: number): number {
    let lastClean = anchor - 28 * DAY
    for (const c of cleans) if (c.tag === tag && c.at <= t && c.at > lastClean) lastClean = c.at
    let dp = STRAINER_CLEAN_DP + (STRAINER_BASE_RATE * (t - lastClean)) / HOUR
    for (const c of clogs) {
      if (c.tag !== tag) continue
      const from = Math.max(c.start, lastClean)
      if (t > from) dp += (c.ratePerHour * (t - from)) / HOUR
    }
    return dp
  }

  function drift(tag: string, t: number): { rise: number; vib: Map<string, number> } {
    let rise = 0
    const vib = new Map<string, number>()
    for (const d of drifts) {
      if (t <= d.start) continue
      const r = Math.min((d.ratePerHour * (t - d.start)) / HOUR, d.maxRise ?? Infinity)
      if (d.tag === tag) rise += r
      if (d.vibrationTag) vib.set(d.vibrationTag, (vib.get(d.vibrationTag) ?? 0) + r * (d.vibrationPerK ?? 0))
    }
    return { rise, vib }
  }

  function cavitation(asset: string, t: number): number {
    let s = 0
    for (const c of cavs) {
      if (c.asset !== asset) continue
      const edge = Math.min(t - c.start, c.start + c.durationMs - t)
      if (edge > 0) s = Math.max(s, clamp(edge / (5 * MINUTE), 0, 1) * (c.severity ?? 1))
    }
    return s
  }

  // Compressor load/unload: phase (cycles) integrated minute by minute over each UTC day, memoized.
  const airDemand = (t: number) =>
    clamp(0.55 + waves(AIR_DEMAND, t) + 0.06 * smoothNoise(seed, K.air, t, 20 * MINUTE), 0.25, 0.85)
  /** Cycle period in minutes: receiver and network (~15 m3) filled and drawn down over the 0.7 bar band. */
  const cyclePeriod = (d: number) => 0.7 * (1 / (1 - d) + 1 / d)
  const phaseDays = new Map<number, Float64Array>()
  function compressorPhase(t: number): number {
    const day = Math.floor(t / DAY)
    let table = phaseDays.get(day)
    if (!table) {
      if (phaseDays.size > 32) phaseDays.clear()
      table = new Float64Array(1441)
      for (let k = 0; k < 1440; k++)
        table[k + 1] = table[k]! + 1 / cyclePeriod(airDemand(day * DAY + k * MINUTE))
      phaseDays.set(day, table)
    }
    const x = (t - day * DAY) / MINUTE
    const k = Math.floor(x)
    return table[k]! + (x - k) / cyclePeriod(airDemand(day * DAY + k * MINUTE))
  }

  function sample(t: number): Sample {
    const values = new Float64Array(tags.length)
    const armed = tags.map(() => true)
    const done = new Uint8Array(tags.length)
    const sec = Math.floor(t / 1000)
    const set = (name: string, v: number, on = true) => {
      const i = index.get(name)
      if (i === undefined) return
      values[i] = round3(v)
      armed[i] = on
      done[i] = 1
    }
    /** White noise of a tag this second. */
    const w = (name: string, salt = 0) => gaussAt(seed, (hashString(name) + salt) >>> 0, sec)
    const sm = (name: string, period: number, salt = 0) =>
      smoothNoise(seed, (hashString(name) + salt) >>> 0, t, period)

    const ambient = 12 + waves(AMBIENT, t) + 0.8 * smoothNoise(seed, K.ambient, t, 3 * HOUR)
    const ambientLag = 12 + waves(AMBIENT, t, 3 * HOUR)
    const pumpRoom = 22 + 0.4 * (ambientLag - 12)
    const cwLoad = 0.72 + waves(CW_LOAD, t) + 0.03 * smoothNoise(seed, K.cwLoad, t, HOUR)
    const chwLoad = clamp(0.75 + waves(CHW_LOAD, t) + 0.03 * smoothNoise(seed, K.chwLoad, t, HOUR), 0.3, 1)
    const basin =
      25.8 + waves(BASIN, t, HOUR) + 4 * (cwLoad - 0.72) + 0.4 * smoothNoise(seed, K.basin, t, 2 * HOUR)

    // Cooling-water pumps, duty/standby.
    for (const p of PUMPS) {
      const st = pumpState(p, t)
      const cav = st.running ? cavitation(p.asset, t) : 0
      const flow = st.running ? 395 + 40 * (cwLoad - 0.72) + 3 * sm(p.ft, 15 * MINUTE) + 1.5 * w(p.ft) : 0
      const cavFlow = cav * (-35 + 30 * w(p.ft, 7))
      const q = flow + cavFlow
      const fouling = strainerDp(p.pdt, t)
      const dp = st.running ? fouling * (q / 400) ** 2 + 0.004 * w(p.pdt) : 0
      // Pump curve: head falls with flow; a fouled strainer lowers suction and so discharge pressure.
      const pt = st.running
        ? 3.45 -
          0.004 * (flow - 395) -
          (dp - STRAINER_CLEAN_DP) +
          0.02 * w(p.pt) +
          cav * (-0.45 + 0.25 * w(p.pt, 7))
        : 0.18 + 0.005 * w(p.pt)
      const amps = st.running ? 90 + 0.12 * (q - 395) + 0.8 * w(p.ii) + cav * (-6 + 4 * w(p.ii, 7)) : 0
      const de = drift(p.ttDe, t)
      const nde = drift(p.ttNde, t)
      const heat = st.warm
      const loadHeat = st.running ? 0.1 * (flow - 395) : 0
      const ttDe =
        pumpRoom + heat * (p.deRise + loadHeat + de.rise) + 0.4 * sm(p.ttDe, HOUR) + 0.25 * w(p.ttDe)
      const ttNde =
        pumpRoom +
        heat * (p.ndeRise + loadHeat + nde.rise + 0.15 * de.rise) +
        0.4 * sm(p.ttNde, HOUR) +
        0.25 * w(p.ttNde)
      const vibExtra = de.vib.get(p.vt) ?? 0
      const vt = st.running
        ? p.vib +
          vibExtra +
          0.15 * sm(p.vt, 30 * MINUTE) +
          0.08 * w(p.vt) +
          cav * (3.2 + 0.8 * Math.abs(w(p.vt, 7)))
        : 0.05 + 0.02 * Math.abs(w(p.vt))
      set(p.ft, Math.max(0, st.running ? q : 0.3 * Math.abs(w(p.ft))), st.running)
      set(p.pt, pt, st.running)
      set(p.ii, Math.max(0, amps), st.running)
      set(p.pdt, Math.max(0, dp), st.running)
      set(p.ttDe, ttDe)
      set(p.ttNde, ttNde)
      set(p.vt, vt)
    }

    // Cooling tower basin: fans hold 27 °C by day, the basin runs cooler at night.
    set('TT-103', basin + 0.08 * w('TT-103'))

    // Compressor K-201: load/unload sawtooth between 6.3 and 7.0 bar g.
    const d = airDemand(t)
    const ph = compressorPhase(t)
    const frac = ph - Math.floor(ph)
    const loaded = frac < d
    const pressure = loaded
      ? COMP_LOAD + ((COMP_UNLOAD - COMP_LOAD) * frac) / d
      : COMP_UNLOAD - ((COMP_UNLOAD - COMP_LOAD) * (frac - d)) / (1 - d)
    const separator = 0.3 + (0.0003 * (t - (anchor - 7 * DAY))) / HOUR
    set('PT-201', pressure + 0.01 * w('PT-201'))
    set(
      'II-201',
      loaded
        ? 143 + (6 * (pressure - COMP_LOAD)) / 0.7 + 20 * (separator - 0.3) + 1.2 * w('II-201')
        : 50 + w('II-201'),
    )
    const inCycle = loaded ? 1.5 * (frac / d) : 1.5 * (1 - (frac - d) / (1 - d))
    set('TT-201', 82 + 8 * (d - 0.55) + 0.3 * (basin - 26) + inCycle + 0.3 * w('TT-201'))
    set('PDT-201', separator * (loaded ? 1 : 0.55) + 0.005 * w('PDT-201'))
    set('TT-202', 3.6 + 0.08 * (ambient - 12) + 0.15 * sm('TT-202', HOUR) + 0.05 * w('TT-202'))

    // Chiller CH-301 and chilled-water pump P-301.
    const supply = 6.0 + 0.6 * (chwLoad - 0.75) + 0.05 * sm('TT-301', 30 * MINUTE)
    set('TT-301', supply + 0.04 * w('TT-301'))
    set('TT-302', supply + (5 * chwLoad) / 0.77 + 0.05 * w('TT-302'))
    set('FT-301', 120 + 1.2 * sm('FT-301', 30 * MINUTE) + 0.6 * w('FT-301'))
    const condensing = basin + (5 * chwLoad) / 0.85 + 2.5 + 0.3 * smoothNoise(seed, K.cond, t, 2 * HOUR)
    set('PT-301', r134aPressure(condensing) + 0.03 * w('PT-301'))
    set('II-301', (25 + 205 * chwLoad) * (1 + 0.03 * (condensing - 33)) + 1.5 * w('II-301'))

    // Anything else: quiet noise around the middle of the normal range.
    for (let i = 0; i < tags.length; i++) {
      if (done[i]) continue
      const tag = tags[i]!
      const mid = tag.normal ? (tag.normal.min + tag.normal.max) / 2 : 0
      const span = tag.normal ? tag.normal.max - tag.normal.min : 1
      values[i] = round3(
        mid + 0.08 * span * smoothNoise(seed, keys[i]!, t, HOUR) + 0.02 * span * gaussAt(seed, keys[i]!, sec),
      )
    }
    return { values, armed }
  }

  return { tags, sample }
}
