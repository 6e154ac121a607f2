/**
 * Scripted incidents: a small declarative list, times relative to the simulator's creation ("now" at start, ms;
 * negative = in the past). The physics model reads them; nothing else changes state.
 */

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export type Incident =
  | {
      /** A bearing temperature creeping up (grease or bearing trouble); optionally lifts a vibration tag too. */
      kind: 'bearing_drift'
      tag: string
      start: number
      /** Kelvin per hour of running. */
      ratePerHour: number
      /** The rise stops growing here (K); keeps the default story below the trip when time is advanced. */
      maxRise?: number
      vibrationTag?: string
      /** mm/s of extra vibration per kelvin of drift. */
      vibrationPerK?: number
      note?: string
    }
  | {
      /** Extra fouling of a suction strainer (leaves, fill fragments): its dP tag rises faster from `start`. */
      kind: 'strainer_clog'
      tag: string
      start: number
      /** bar per hour (at rated flow). */
      ratePerHour: number
      note?: string
    }
  | {
      /** Strainer basket cleaned: its dP returns to the clean value and fouling starts again. */
      kind: 'strainer_clean'
      tag: string
      at: number
      note?: string
    }
  | {
      /** The named pump takes duty (the other pump of its duty/standby pair stops) for `durationMs`. */
      kind: 'duty_swap'
      asset: string
      start: number
      durationMs: number
      note?: string
    }
  | {
      /** Cavitation while the pump runs: pressure and flow fluctuate, current dips, vibration rises. */
      kind: 'cavitation'
      asset: string
      start: number
      durationMs: number
      /** 0..1, default 1. */
      severity?: number
      note?: string
    }

/** The demo plant's story at start-up (Riverbend, see src/demo/plant/source/maintenance-log.ts). */
export const DEFAULT_INCIDENTS: readonly Incident[] = [
  {
    kind: 'bearing_drift',
    tag: 'TT-101A',
    start: -36 * HOUR,
    ratePerHour: 0.75,
    maxRise: 27,
    vibrationTag: 'VT-101',
    vibrationPerK: 0.04,
    note: 'P-101 drive-end bearing temperature drifting up from its usual ~62 °C; above the 85 °C high alarm now, below the 95 °C trip; VT-101 rising with it',
  },
  {
    kind: 'strainer_clean',
    tag: 'PDT-101',
    at: -21 * DAY,
    note: 'S-101 basket cleaned three weeks ago',
  },
  {
    kind: 'strainer_clog',
    tag: 'PDT-101',
    start: -48 * HOUR,
    ratePerHour: 0.002,
    note: 'S-101 clogging (autumn leaves from the tower basin): PDT-101 rising towards its 0.35 bar high alarm',
  },
  {
    kind: 'strainer_clean',
    tag: 'PDT-102',
    at: -35 * DAY,
    note: 'S-102 basket cleaned five weeks ago',
  },
  {
    kind: 'strainer_clog',
    tag: 'PDT-102',
    start: -9 * DAY,
    ratePerHour: 0.001,
    note: 'S-102 fouling unseen while P-102 stood by',
  },
  {
    kind: 'duty_swap',
    asset: 'P-102',
    start: -74 * HOUR,
    durationMs: 2 * HOUR,
    note: 'Monthly standby test run: P-102 on duty for 2 h, P-101 stopped',
  },
  {
    kind: 'cavitation',
    asset: 'P-102',
    start: -73.5 * HOUR,
    durationMs: 40 * MINUTE,
    severity: 1,
    note: 'P-102 cavitating during the test run (fouled S-102, PDT-102 above 0.35 bar): PT-102/FT-102 fluctuating, VT-102 above 4.5 mm/s',
  },
  {
    kind: 'strainer_clean',
    tag: 'PDT-102',
    at: -71 * HOUR,
    note: 'S-102 cleaned after the test run; P-102 back on standby',
  },
]

/** The same incidents with absolute times (ms since epoch), given the creation time. */
export function resolveIncidents(list: readonly Incident[], anchor: number): Incident[] {
  return list.map((i) => {
    switch (i.kind) {
      case 'strainer_clean':
        return { ...i, at: anchor + i.at }
      default:
        return { ...i, start: anchor + i.start }
    }
  })
}
