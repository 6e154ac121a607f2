/**
 * Generates the CMMS work-order export for the Riverbend demo plant (2023-01 to 2026-10).
 * Deterministic: a seeded PRNG decides times, durations and small variations; the corrective "stories"
 * (P-101 bearing trouble, K-201 separator/water-in-oil, autumn strainer clogging, ...) are written out below.
 */
import { readFileSync } from 'node:fs'

interface PlantJson {
  assets: { tag: string; name: string }[]
}

const plant = JSON.parse(readFileSync(new URL('../plant.json', import.meta.url), 'utf8')) as PlantJson
const ASSET_NAME = new Map(plant.assets.map((a) => [a.tag, a.name]))

export const FAILURE_CODES: Record<string, string> = {
  'BRG-OVHT': 'Bearing overheating',
  'VIB-HIGH': 'High vibration',
  'SEAL-LEAK': 'Mechanical seal leakage',
  CAV: 'Cavitation',
  'STR-CLOG': 'Strainer clogged',
  'TEMP-HIGH': 'High temperature',
  'TEMP-LOW': 'Low discharge temperature',
  'OIL-CARRY': 'Oil carry-over',
  'OIL-LEAK': 'Oil leak',
  'SEP-DP': 'Separator dP high',
  'PSV-LIFT': 'Safety valve lifting or passing',
  'DRAIN-FAIL': 'Condensate drain failure',
  'REF-LEAK': 'Refrigerant leak',
  'COND-FOUL': 'Condenser fouling',
  'WTR-TREAT': 'Water treatment out of limits',
  'ELEC-TRIP': 'Electrical trip',
  'CTRL-FAULT': 'Control or instrument fault',
  'OIL-COND': 'Oil condition out of limits',
  'MECH-DMG': 'Mechanical damage',
}

// ---- deterministic helpers -------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const rand = mulberry32(20231101)
const between = (min: number, max: number) => min + (max - min) * rand()
const int = (min: number, max: number) => Math.floor(between(min, max + 1))
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T
const round1 = (n: number) => Math.round(n * 10) / 10
const round2 = (n: number) => Math.round(n * 100) / 100

const START = Date.UTC(2023, 0, 1)
const END = Date.UTC(2026, 9, 31, 23, 59)
/** Date of the export; work reported after it does not exist, work completed after it is still open. */
const EXPORT = Date.UTC(2026, 9, 28, 16, 0)
const HOUR = 3600_000
const DAY = 24 * HOUR

function at(date: string, hh?: number, mm?: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d, hh ?? int(6, 15), mm ?? pick([0, 5, 10, 15, 20, 30, 40, 45, 50]))
}

/** Moves a completion time into the day shift (07:00-17:00) on or after `t`, never before `notBefore`. */
function workingHours(t: number, notBefore: number): number {
  const base = Math.max(t, notBefore)
  const day = base - (base % DAY)
  let done = day + int(9, 16) * HOUR + pick([0, 10, 20, 30, 40, 50]) * 60_000
  if (done < base) done += DAY
  return done
}

function fmt(t: number): string {
  const d = new Date(t)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** K-201 controller running hours: 24,800 h on 2023-01-01, about 21.4 h per day. */
function k201Hours(t: number): number {
  return Math.round(24800 + ((t - START) / DAY) * 21.4)
}

function k201DateForHours(h: number): number {
  return START + ((h - 24800) / 21.4) * DAY
}

// ---- work orders -------------------------------------------------------------------------------

interface WorkOrder {
  asset: string
  description: string
  type: 'PM' | 'CM'
  priority: 1 | 2 | 3 | 4
  failureCode: string
  reported: number
  completed: number | null
  duration: number
  labor: number
  status: 'Completed' | 'Open' | 'In Progress' | 'Cancelled'
}

const orders: WorkOrder[] = []

function addPm(asset: string, reported: number, description: string, duration: number, labor = duration, priority: 3 | 4 = 3) {
  if (reported < START || reported > END) return
  const completed = workingHours(reported + between(0.1, priority === 4 ? 6 : 3) * DAY, reported + duration * HOUR)
  orders.push({
    asset,
    description,
    type: 'PM',
    priority,
    failureCode: '',
    reported,
    completed,
    duration: round1(duration),
    labor: round1(labor),
    status: 'Completed',
  })
}

function addCm(
  asset: string,
  reported: number,
  failureCode: keyof typeof FAILURE_CODES,
  priority: 1 | 2 | 3,
  description: string,
  duration: number,
  labor: number,
  completedAfterDays?: number,
) {
  const delay = completedAfterDays ?? (priority === 1 ? between(0.2, 1) : priority === 2 ? between(0.5, 3) : between(2, 12))
  orders.push({
    asset,
    description,
    type: 'CM',
    priority,
    failureCode,
    reported,
    completed: priority === 1 ? reported + delay * DAY : workingHours(reported + delay * DAY, reported + duration * HOUR),
    duration,
    labor,
    status: 'Completed',
  })
}

function months(fromYear: number, fromMonth: number, stepMonths: number, fn: (y: number, m: number) => void) {
  for (let y = fromYear, m = fromMonth; Date.UTC(y, m - 1, 1) <= END; m += stepMonths) {
    while (m > 12) {
      m -= 12
      y += 1
    }
    if (Date.UTC(y, m - 1, 1) > END) break
    fn(y, m)
  }
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

// ---- preventive maintenance ----------------------------------------------------------------

function buildPreventive() {
  // Pump bearing regreasing and vibration survey, quarterly (P-101 Jan/Apr/Jul/Oct, P-102 Feb/May/Aug/Nov)
  for (const [tag, first] of [
    ['P-101', 1],
    ['P-102', 2],
  ] as const) {
    const n = tag.slice(2)
    months(2023, first, 3, (y, m) => {
      const vib = round1(between(1.1, 2.0))
      let v = vib
      // P-101 story: vibration and DE temperature worse in 2025-2026
      if (tag === 'P-101' && y >= 2025) v = round1(between(1.8, 2.9))
      const de = int(52, 64) + (tag === 'P-101' && y >= 2025 ? int(4, 10) : 0)
      const route = y === 2025 && m === 1 ? '. First PM on the new combined pump and motor lube route LR-03' : ''
      addPm(
        tag,
        at(iso(y, m, int(3, 12)), 7, 0),
        `Quarterly PM: regrease ${tag} pump bearings (DE 20 g, NDE 15 g), vibration survey all bearing housings. VT-${n} ${v} mm/s, TT-${n}A ${de} °C, TT-${n}B ${de - int(2, 6)} °C${route}`,
        1.0,
        1.0,
      )
    })
    // motor bearings every ~10 months (4,000 running hours at about 50 % duty)
    for (let t = at(tag === 'P-101' ? '2023-04-18' : '2023-06-20', 7, 0); t <= END; t += int(290, 320) * DAY) {
      addPm(tag, t, `Motor bearing regrease at 4,000 running hours: DE 35 g, NDE 25 g polyurea (Teviot PU-3)`, 0.8, 0.8)
    }
    // annual inspection
    months(2023, tag === 'P-101' ? 2 : 3, 12, (y, m) => {
      const off = round2(between(0.01, 0.045))
      const ang = round2(between(0.01, 0.04))
      const ir = int(180, 900)
      addPm(
        tag,
        at(iso(y, m, int(6, 20)), 7, 0),
        `Annual PM ${tag}: coupling alignment check (parallel ${off.toFixed(2)} mm, angular ${ang.toFixed(2)} mm/100 mm, within 0.05 limits), coupling element, anchor bolts and soft foot, motor insulation ${ir} Mohm at 500 V, calibration of TT-${n}A/B and VT-${n}`,
        4,
        6,
      )
    })
  }

  // Strainers, quarterly cleaning
  for (const [tag, first] of [
    ['S-101', 3],
    ['S-102', 3],
  ] as const) {
    months(2023, first, 3, (y, m) => {
      const dp = round2(between(0.08, 0.2))
      addPm(
        tag,
        at(iso(y, m, int(14, 25)), 7, 30),
        `Quarterly PM: clean suction strainer ${tag} basket after pump changeover. dP before cleaning ${dp.toFixed(2)} bar, after 0.10 bar. Basket and cover gasket condition OK`,
        2,
        3,
      )
    })
  }

  // Cooling tower: monthly water treatment and Legionella sample, annual clean, fan drives semi-annual
  months(2023, 1, 1, (y, m) => {
    const cond = int(1450, 1950)
    const leg = y === 2024 && m === 8 ? '1,200 cfu/L (action level exceeded, see CM)' : '< 100 cfu/L'
    const cancelled = (y === 2023 && m === 12) || (y === 2025 && m === 12)
    addPm(
      'CT-101',
      at(iso(y, m, int(2, 9)), 8, 0),
      `Monthly PM: water treatment check, conductivity ${cond} µS/cm, inhibitor and biocide dosing pumps, blowdown valve test, Legionella sample ${leg}`,
      1.5,
      1.5,
      4,
    )
    if (cancelled) {
      const wo = orders[orders.length - 1]!
      wo.status = 'Cancelled'
      wo.completed = null
      wo.duration = 0
      wo.labor = 0
      wo.description =
        'Monthly PM: water treatment check and Legionella sample. Cancelled: duplicate of the water treatment contractor visit the same week, results in contractor report'
    }
  })
  months(2023, 3, 12, (y, m) => {
    addPm(
      'CT-101',
      at(iso(y, m, int(6, 12)), 6, 0),
      `Annual PM: drain, clean and disinfect tower basin and both cells, inspect fill, drift eliminators and spray nozzles, clean basin screen`,
      16,
      32,
    )
  })
  for (const tag of ['CT-101-M1', 'CT-101-M2']) {
    months(2023, 4, 6, (y, m) => {
      const oil = m === 4 ? 'gearbox oil changed (ISO VG 220, 9 L)' : 'gearbox oil level checked'
      addPm(
        tag,
        at(iso(y, m, int(15, 26)), 7, 0),
        `Semi-annual PM: fan drive ${tag}, ${oil}, fan blade pitch and tip clearance, vibration switch test, VFD cooling filter cleaned`,
        3,
        4,
      )
    })
  }

  // K-201 hour-based services
  for (let h = 26000; ; h += 2000) {
    const t = k201DateForHours(h) + between(-4, 3) * DAY
    if (t > END) break
    const d = new Date(t)
    const when = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 7, 0)
    const hours = h.toLocaleString('en-US')
    if (h % 8000 === 0) {
      addPm(
        'K-201',
        when,
        `8,000 h service at ${hours} h: oil change 48 L RotaLube S-46, oil filter, air filter, separator element, MPV and inlet valve kits (ALD-KIT-8000), drain kits EWD-201A/C, motor bearings regreased DE 40 g, NDE 35 g, oil sample taken`,
        10,
        14,
      )
    } else if (h % 4000 === 0) {
      addPm(
        'K-201',
        when,
        `4,000 h service at ${hours} h: oil change 48 L RotaLube S-46, oil filter, air filter (ALD-KIT-4000), motor bearings regreased DE 40 g, NDE 35 g, thermostatic valve check, oil sample taken`,
        5,
        6,
      )
    } else {
      addPm('K-201', when, `2,000 h service at ${hours} h: air filter element replaced, scavenge orifice and screen cleaned`, 2, 2)
    }
  }
  addPm(
    'K-201',
    at('2024-12-10', 6, 0),
    `40,000 h air-end exchange (following the 8,000 h service) at ${k201Hours(at('2024-12-10', 6, 0)).toLocaleString('en-US')} h: fitted factory-overhauled air-end ALD-AE-90-R with new coupling element, old unit returned to Aldermoor; compressed air supplied by rental compressor during the job`,
    22,
    30,
  )

  // D-201, V-201, PSV-201
  months(2023, 5, 6, (y, m) => {
    addPm('D-201', at(iso(y, m, int(8, 20)), 7, 0), `Semi-annual PM: clean dryer condenser fins, test drain EWD-201B, record pressure dew point TT-202 ${int(2, 5)} °C`, 2, 2)
  })
  months(2023, 6, 12, (y, m) => {
    const internal = y === 2024
    addPm(
      'V-201',
      at(iso(y, m, int(5, 12)), 7, 0),
      internal
        ? 'Statutory internal examination of receiver V-201 by competent person (4-yearly), wall thickness readings satisfactory, next internal due 06/2028; drain EWD-201C serviced'
        : 'Annual PM: external visual examination of receiver V-201, supports and nameplate, test drain EWD-201C and manual drain HV-201D, check gauge PI-201R',
      internal ? 10 : 1.5,
      internal ? 12 : 1.5,
    )
    addPm(
      'PSV-201',
      at(iso(y, m, int(13, 20)), 7, 0),
      `Annual exchange of PSV-201 with bench-tested spare, set pressure 8.5 bar g confirmed, certificate AV-${y}-${int(1000, 9999)} filed`,
      2,
      3,
    )
  })

  // CH-301
  months(2023, 1, 3, (y, m) => {
    const moist = y === 2025 && m >= 1 && m <= 4 ? int(60, 80) : int(18, 45)
    const tan = round2(between(0.03, 0.08))
    addPm(
      'CH-301',
      at(iso(y, m, int(8, 20)), 9, 0),
      `Quarterly PM: compressor oil sample to Kestrel lab. Result moisture ${moist} ppm, TAN ${tan.toFixed(2)} mg KOH/g, iron ${int(3, 12)} ppm${moist > 50 ? ' (caution: filter-drier core to be changed)' : ', all normal'}`,
      1,
      1,
    )
  })
  months(2023, 5, 6, (y, m) => {
    const found = y === 2024 && m === 11
    addPm(
      'CH-301',
      at(iso(y, m, int(9, 18)), 8, 0),
      found
        ? 'Six-monthly refrigerant leak check by Coldline Refrigeration Services: leak found at SV-301D stem packing, see CM. Logged in RLB-CH301'
        : 'Six-monthly refrigerant leak check by Coldline Refrigeration Services: no leaks found, RD-301 detector bump-tested. Logged in RLB-CH301',
      3,
      3,
    )
  })
  months(2023, 3, 12, (y, m) => {
    const before = round1(between(3.6, 5.2))
    addPm(
      'CH-301',
      at(iso(y, m, int(2, 10)), 6, 0),
      `Annual PM: condenser tube cleaning (nylon brushes), water-box gaskets renewed, approach ${before} K before, ${round1(between(1.8, 2.3))} K after; spring readiness check, HP cutout tested OK at 13.0 bar g`,
      12,
      20,
    )
  })
  addPm(
    'CH-301',
    at('2024-01-09', 7, 0),
    'Five-yearly eddy-current test of condenser and evaporator tubes: two condenser tubes with more than 40 % wall loss plugged both ends, 210 tubes remain in service, next test January 2029',
    16,
    24,
  )
  months(2023, 3, 6, (y, m) => {
    addPm('P-301', at(iso(y, m, int(10, 22)), 7, 0), `Semi-annual PM: P-301 regrease motor bearings, check seal, vibration ${round1(between(1.0, 2.2))} mm/s`, 1, 1)
  })
}

// ---- corrective maintenance ----------------------------------------------------------------

function buildCorrective() {
  const k = (date: string) => k201Hours(at(date, 12, 0)).toLocaleString('en-US')

  // P-101: seal 2023, autumn cavitation, misalignment 2024, bearing trouble 2025-2026
  addCm('P-101', at('2023-05-16', 9, 40), 'SEAL-LEAK', 2, 'P-101 mechanical seal leaking about 20 drops/min at rest, duty changed to P-102. Action: replaced cartridge seal NMS-55 (NPW-310-055-E), alignment rechecked 0.02 mm', 8, 10)
  addCm('P-101', at('2023-10-26', 3, 15), 'CAV', 2, 'Operator reports "gravel" noise at P-101 suction, PT-101 fluctuating 2.7-3.3 bar g, PDT-101 0.47 bar. Action: changed over to P-102, cleaned S-101 (leaves), cleaned tower basin screen', 4, 6, 0.4)
  addCm('P-101', at('2024-07-09', 10, 5), 'VIB-HIGH', 2, 'VT-101 alert 4.8 mm/s (zone C). Action: parallel misalignment 0.21 mm found after motor terminal box work, realigned to 0.02 mm, soft foot corrected; VT-101 1.6 mm/s after', 6, 8)
  const aprilPm = orders.find((o) => o.asset === 'P-101' && o.type === 'PM' && fmt(o.reported).startsWith('2025-04') && o.description.startsWith('Quarterly'))
  if (!aprilPm) throw new Error('P-101 April 2025 PM missing')
  addCm('P-101', aprilPm.reported + DAY + 7 * HOUR + 20 * 60_000, 'BRG-OVHT', 2, 'TT-101A high alarm 87 °C, DE bearing, one day after quarterly regrease. Action: opened drain plug, purged surplus grease, no grease added; 66 °C after 8 h', 2, 2, 0.5)
  addCm('P-101', at('2025-06-17', 22, 10), 'BRG-OVHT', 2, 'TT-101A 89 °C, grease leaking from DE bearing isolator, grease looks thin and soft. Action: purged DE housing, refilled, sample of old grease kept; duty on P-102 for 2 days', 5, 6)
  addCm('P-101', at('2025-09-02', 4, 35), 'BRG-OVHT', 1, 'P-101 tripped on TT-101A high-high 96 °C, P-102 auto-started. Action: replaced DE bearing pair 7311 BEP and NDE NU 311 ECP (kit NPW-KIT-ES200-B); DE races discoloured, grease degraded and dark', 14, 20, 1.2)
  addCm('P-101', at('2026-01-20', 11, 0), 'BRG-OVHT', 2, 'TT-101A 86 °C. Grease sample shows a mix of lithium-complex and polyurea. Root cause: since the lube route change in January 2025 the pump bearings were regreased with the motor grease gun (Teviot PU-3). Action: flushed DE and NDE housings, initial fill Lubrix LC2 (DE 60 g, NDE 45 g), separate labelled grease guns issued for pump and motor', 9, 12)
  addCm('P-101', at('2026-05-12', 8, 50), 'VIB-HIGH', 2, 'VT-101 4.6 mm/s and TT-101A rising to 82 °C; spectrum shows DE outer race defect frequency. Action: replaced DE bearings; DE housing bore found 0.04 mm oversize (outer ring creep), housing re-bored and sleeved by Midvale Machining; P-102 on duty for 9 days', 20, 28, 9)
  addCm('P-101', at('2026-08-04', 15, 30), 'BRG-OVHT', 3, 'TT-101A 74 °C, above the usual 62 °C. Action: checked during heat wave (pump room 36 °C), grease and vibration normal (1.9 mm/s); no further action, trend to be watched', 1, 1)

  // P-102
  addCm('P-102', at('2024-02-13', 13, 0), 'SEAL-LEAK', 3, 'P-102 seal weeping about 5 drops/min, steady. Action: replaced cartridge seal NMS-55 during planned standby period', 7, 9)
  addCm('P-102', at('2025-09-05', 16, 45), 'ELEC-TRIP', 2, 'P-102 overload trip, II-102 139 A, while carrying the header alone with process bypass open (FT-102 545 m3/h, run-out). Action: closed bypass, throttled HV-102D to 420 m3/h, restarted', 2, 3, 0.3)
  addCm('P-102', at('2026-03-03', 9, 15), 'CTRL-FAULT', 3, 'VT-102 reading 0.0 mm/s while running. Action: sensor cable crushed under cable tray cover, cable replaced, reading 1.4 mm/s', 2, 2)

  // Strainers: autumn leaves
  for (const [tag, date, dp] of [
    ['S-101', '2023-10-24', 0.38],
    ['S-101', '2024-10-29', 0.41],
    ['S-101', '2025-11-04', 0.36],
    ['S-102', '2023-11-07', 0.37],
    ['S-102', '2024-11-12', 0.44],
    ['S-102', '2025-10-21', 0.39],
    ['S-102', '2026-10-14', 0.4],
  ] as const) {
    addCm(tag, at(date), 'STR-CLOG', 3, `${tag} dP ${dp.toFixed(2)} bar (PDT-${tag.slice(2)} high alarm 0.35 bar), leaves and fill fragments from tower basin. Action: changeover, basket cleaned, dP 0.10 bar after`, 2, 3, between(0.3, 1.5))
  }

  // Cooling tower
  addCm('CT-101', at('2023-07-25', 15, 10), 'TEMP-HIGH', 2, 'TT-103 basin temperature 33 °C (high alarm 32 °C) during heat wave, both fans at 100 %. Action: 6 blocked spray nozzles cleaned in cell 2, basin 30 °C next day', 6, 10)
  addCm('CT-101', at('2024-08-20', 10, 0), 'WTR-TREAT', 1, 'Monthly Legionella sample 1,200 cfu/L (action level 1,000 cfu/L). Action: shock dosing with biocide, tower area access restricted, resample on 2024-09-03 below 100 cfu/L', 4, 6, 14)
  addCm('CT-101-M2', at('2025-02-06', 2, 40), 'ELEC-TRIP', 2, 'CT-101-M2 VFD fault F0012 overcurrent, repeated. Action: VFD heatsink fan seized, replaced fan, heatsink cleaned', 3, 3)
  addCm('CT-101-M1', at('2025-04-15', 9, 30), 'OIL-LEAK', 3, 'Oil leak at CT-101-M1 gearbox output shaft seal, oil level at minimum. Action: replaced output shaft seal, refilled ISO VG 220', 6, 8)
  addCm('CT-101-M1', at('2026-07-08', 14, 5), 'VIB-HIGH', 2, 'CT-101 cell 1 fan vibration switch trip. Action: one fan blade pitch 3° off after storm, all blades re-pitched and torqued, test run OK', 5, 8)

  // K-201: separator, temperatures, control
  addCm('V-201', at('2023-03-14', 8, 20), 'DRAIN-FAIL', 3, 'Water at weekly HV-201D check, EWD-201C not discharging. Action: drain strainer blocked with rust, cleaned, solenoid replaced', 2, 2)
  addCm('K-201', at('2023-07-18', 14, 0), 'TEMP-HIGH', 2, `TT-201 warning 106 °C at ${k('2023-07-18')} h, cooling water outlet only 2 K above inlet. Action: oil cooler plates fouled, descaled in place; TT-201 88 °C after`, 6, 8)
  addCm('K-201', at('2023-08-29', 10, 0), 'SEP-DP', 3, `PDT-201 0.72 bar (change limit 0.70 bar) at ${k('2023-08-29')} h, about 2,000 h before the scheduled element change. Action: separator element replaced (ALD-2250-4410), dP 0.19 bar after`, 6, 8)
  addCm('K-201', at('2023-12-05', 6, 55), 'ELEC-TRIP', 2, 'K-201 main motor overload trip, II-201 166 A, during supply voltage dip. Action: checks OK, reset and restarted', 1, 1, 0.2)
  addCm('PSV-201', at('2024-03-05', 11, 20), 'PSV-LIFT', 2, 'PSV-201 weeping continuously at 7.0 bar g (set 8.5 bar g). Action: replaced with certified spare, old valve sent for overhaul', 2, 3, 0.5)
  addCm('K-201', at('2024-06-18', 9, 0), 'SEP-DP', 2, `PDT-201 0.74 bar at ${k('2024-06-18')} h, only about 4,200 h after the previous element. Oil sample: water 1,900 ppm. Action: element replaced, oil and oil filter changed`, 7, 9)
  addCm('K-201', at('2024-08-13', 13, 25), 'TEMP-HIGH', 2, 'TT-201 108 °C, cooling water flow switch FSL-204 warning. Action: HV-204A found half closed after contractor work on CW header, opened fully and locked open', 1, 1, 0.1)
  addCm('K-201', at('2025-02-18', 7, 10), 'OIL-CARRY', 1, `Oil at D-201 drain and in packaging hall air lines; PDT-201 dropped to 0.03 bar at ${k('2025-02-18')} h. Action: separator element ruptured, replaced, scavenge orifice cleaned, 12 L oil topped up`, 10, 14)
  addCm('D-201', at('2025-02-19', 8, 0), 'OIL-CARRY', 2, 'Clean dryer D-201 and line filters after K-201 oil carry-over, replace coalescing filter elements downstream', 8, 12)
  addCm('K-201', at('2025-05-20', 4, 30), 'CTRL-FAULT', 1, 'K-201 running but will not load, network pressure fell to 5.6 bar g. Action: loading solenoid Y1 coil open circuit, replaced Y1 (ALD-1089-0624)', 2, 2, 0.15)
  addCm('K-201', at('2025-10-07', 10, 30), 'SEP-DP', 2, `PDT-201 0.71 bar at ${k('2025-10-07')} h; oil sample milky. Action: element replaced, oil changed`, 7, 9)
  addCm('K-201', at('2026-06-30', 9, 45), 'SEP-DP', 2, `PDT-201 0.73 bar at ${k('2026-06-30')} h, third unplanned separator element change since February 2025; TT-201 running 64-68 °C when loaded. Action: element replaced, investigation raised`, 7, 9)
  addCm('K-201', at('2026-07-14', 10, 0), 'TEMP-LOW', 2, 'TT-201 low temperature warning 63 °C; oil sample water 2,400 ppm. Action: thermostatic valve element stuck open, replaced (ALD-2906-0071), oil and oil filter changed; TT-201 now 82 °C loaded. Root cause of the repeated early separator changes since 2024 (water in oil)', 6, 8)
  addCm('D-201', at('2024-01-16', 13, 40), 'DRAIN-FAIL', 2, 'TT-202 dew point 12 °C, water at users. Action: EWD-201B blocked, drain strainer cleaned, downstream low points drained', 3, 4)
  addCm('D-201', at('2025-12-09', 9, 5), 'DRAIN-FAIL', 3, 'EWD-201B alarm, drain not discharging. Action: replaced drain service kit (ALD-2200-EWD1)', 1.5, 1.5)
  addCm('D-201', at('2026-08-11', 15, 0), 'COND-FOUL', 3, 'TT-202 dew point 11 °C during heat wave. Action: dryer condenser fins blocked with dust, cleaned, dew point 4 °C', 2, 2)

  // CH-301 and P-301
  addCm('CH-301', at('2023-08-08', 16, 20), 'COND-FOUL', 2, 'PT-301 high alarm 11.2 bar g, approach 6.5 K. Action: condenser tubes brushed, soft slime deposits; approach 2.1 K after', 10, 16, 2)
  addCm('CH-301', at('2024-11-19', 9, 0), 'REF-LEAK', 2, 'Leak at discharge service valve SV-301D stem packing found during six-monthly check. Action: packing replaced, 12 kg R-134a added, recorded in RLB-CH301', 6, 8)
  addCm('CH-301', at('2025-01-14', 5, 20), 'CTRL-FAULT', 2, 'Nuisance trips "low chilled water flow" while FT-301 showed 118 m3/h. Action: flow switch FS-301 paddle bent, replaced', 2, 2, 0.3)
  addCm('CH-301', at('2025-05-06', 10, 0), 'OIL-COND', 3, 'Oil analysis moisture 78 ppm (caution). Action: filter-drier core replaced, resample 2 weeks later 31 ppm', 3, 4)
  addCm('CH-301', at('2025-07-22', 15, 40), 'COND-FOUL', 2, 'PT-301 11.4 bar g during heat wave, approach 5.8 K, TT-103 basin 31 °C. Action: condenser cleaned mid-season, water treatment contractor asked to review dosing', 12, 18)
  addCm('CH-301', at('2026-04-21', 11, 30), 'REF-LEAK', 2, 'RD-301 warning 520 ppm in plant room. Action: leak at liquid line sight glass, sight glass replaced, 4.5 kg R-134a added, recorded in RLB-CH301', 5, 6)
  addCm('CH-301', at('2026-06-16', 3, 10), 'ELEC-TRIP', 2, 'CH-301 VFD fault "DC bus overvoltage" during mains disturbance. Action: VFD checked, no damage, reset and restarted; TT-301 back to 6.0 °C after 40 min', 1.5, 2, 0.2)
  addCm('P-301', at('2024-05-07', 10, 0), 'SEAL-LEAK', 3, 'P-301 seal leaking, chilled water dripping on motor base. Action: seal replaced', 6, 7)
  addCm('P-301', at('2025-08-26', 14, 0), 'VIB-HIGH', 3, 'P-301 motor NDE bearing noise, vibration 4.9 mm/s. Action: motor bearings replaced', 5, 6)

  // small jobs spread over the period
  const minor: [string, keyof typeof FAILURE_CODES, string, number][] = [
    ['P-101', 'CTRL-FAULT', 'Local suction gauge PI-101S broken glass, gauge replaced', 0.5],
    ['P-102', 'CTRL-FAULT', 'PT-102 reading 0.3 bar low against test gauge, transmitter recalibrated', 1.5],
    ['P-102', 'OIL-LEAK', 'Grease weeping from P-102 NDE bearing isolator, cleaned and monitored, isolator replaced at next PM', 1],
    ['CT-101', 'CTRL-FAULT', 'TT-103 signal spiking, loose terminal in junction box JB-103 tightened', 1],
    ['CT-101', 'WTR-TREAT', 'Conductivity 2,350 µS/cm, blowdown valve stuck closed, valve actuator replaced', 3],
    ['CT-101-M2', 'CTRL-FAULT', 'CT-101-M2 VFD speed feedback lost on HMI, Modbus cable reconnected', 1],
    ['K-201', 'OIL-LEAK', 'Oil leak at oil filter head O-ring, O-ring replaced', 1],
    ['K-201', 'CTRL-FAULT', 'Air filter dP warning 50 mbar at 1,300 h, filter heavily loaded with dust from construction work, replaced', 0.5],
    ['D-201', 'CTRL-FAULT', 'TT-202 dew point display frozen at 3.0 °C, sensor replaced', 1],
    ['V-201', 'CTRL-FAULT', 'Receiver gauge PI-201R pointer sticking, replaced', 0.5],
    ['CH-301', 'CTRL-FAULT', 'Control panel filter mats blocked, panel 41 °C inside, filters replaced', 0.5],
    ['P-301', 'CTRL-FAULT', 'FT-301 zero drift, flow meter re-zeroed with P-301 stopped', 1],
    ['P-101', 'OIL-LEAK', 'Grease on coupling guard from NDE bearing drain plug left open after PM, cleaned, plug refitted', 0.5],
    ['CT-101', 'STR-CLOG', 'Basin make-up water strainer blocked, make-up valve slow to fill, strainer cleaned', 1.5],
  ]
  for (const [i, [asset, code, text, hours]] of minor.entries()) {
    const t = START + (i + 0.5) * ((END - START - 30 * DAY) / minor.length) + between(-20, 20) * DAY
    addCm(asset, t - (t % DAY) + int(7, 16) * HOUR + pick([0, 15, 30, 45]) * 60_000, code, 3, text, hours, hours)
  }

  // work still open at export time
  orders.push({
    asset: 'P-101',
    description: 'TT-101A trending up from 71 to 79 °C over 3 weeks at constant load, VT-101 2.9 mm/s. Investigate DE bearing, vibration spectrum requested',
    type: 'CM',
    priority: 2,
    failureCode: 'BRG-OVHT',
    reported: at('2026-10-19', 9, 20),
    completed: null,
    duration: 0,
    labor: 1.5,
    status: 'In Progress',
  })
  orders.push({
    asset: 'CT-101',
    description: 'Drift eliminator section in cell 2 displaced after storm, water carry-over onto roof. Replace 4 eliminator packs',
    type: 'CM',
    priority: 3,
    failureCode: 'MECH-DMG',
    reported: at('2026-10-23', 13, 0),
    completed: null,
    duration: 0,
    labor: 0,
    status: 'Open',
  })
}

// ---- CSV ---------------------------------------------------------------------------------------

const HEADER = [
  'WO Number',
  'Asset Tag',
  'Asset Description',
  'Work Description',
  'Work Type',
  'Priority',
  'Failure Code',
  'Failure Description',
  'Reported Date',
  'Completed Date',
  'Duration (h)',
  'Labor Hours',
  'Status',
]

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export function buildMaintenanceLogCsv(): string {
  orders.length = 0
  buildPreventive()
  buildCorrective()
  const rows = orders
    .filter((o) => o.reported <= EXPORT)
    .map((o) => {
      if (o.completed !== null && o.completed > EXPORT) {
        o.completed = null
        o.status = 'Open'
        o.duration = 0
        o.labor = 0
      }
      return o
    })
    .sort((a, b) => a.reported - b.reported || a.asset.localeCompare(b.asset))
  const counters = new Map<number, number>()
  const lines = [HEADER.join(',')]
  for (const o of rows) {
    const year = new Date(o.reported).getUTCFullYear()
    const n = (counters.get(year) ?? 0) + 1
    counters.set(year, n)
    const name = ASSET_NAME.get(o.asset)
    if (!name) throw new Error(`unknown asset ${o.asset}`)
    const fields = [
      `WO-${year}-${String(n).padStart(4, '0')}`,
      o.asset,
      name,
      o.description,
      o.type,
      String(o.priority),
      o.failureCode,
      o.failureCode ? (FAILURE_CODES[o.failureCode] ?? '') : '',
      fmt(o.reported),
      o.completed === null ? '' : fmt(o.completed),
      o.duration.toFixed(1),
      o.labor.toFixed(1),
      o.status,
    ]
    lines.push(fields.map(csvField).join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}
