/**
 * Maintenance-log CSV exports (CMMS work orders) -> WorkOrderRecord + one searchable block per work order.
 * CSVs that are not work-order exports can be read as plain table rows instead (see parseTableCsv).
 */
import { parse } from 'csv-parse/sync'
import { baseName, decodeText } from './textutil.ts'
import { type Block, IngestError, type ParsedDocument, type WorkOrderRecord } from './types.ts'

/** The work-order fields a column can feed. */
export type WorkOrderField =
  | 'woId'
  | 'equipmentId'
  | 'equipmentName'
  | 'description'
  | 'failureCode'
  | 'failureDescription'
  | 'problemCode'
  | 'problemDescription'
  | 'preventive'
  | 'workType'
  | 'priority'
  | 'reportedAt'
  | 'finishedAt'
  | 'durationHours'
  | 'laborHours'
  | 'status'

/** Explicit column choice: field -> column name as written in the CSV header. Overrides detection. */
export type ColumnMapping = Partial<Record<WorkOrderField, string>>

/**
 * Header names each field is recognised by, compared after lowercasing and dropping everything that is not a
 * letter or digit ("WO Number", "wo_number" and "WO-NUMBER" are the same). First match in this order wins.
 */
const SYNONYMS: Record<WorkOrderField, string[]> = {
  woId: [
    'wo_id',
    'wonum',
    'wo_number',
    'wo_no',
    'wo',
    'work_order',
    'work_order_id',
    'work_order_number',
    'work_order_no',
    'workorder',
    'workorderid',
    'order_number',
    'order_id',
  ],
  equipmentId: [
    'equipment_id',
    'asset_id',
    'asset_tag',
    'assetnum',
    'asset_number',
    'asset_no',
    'equipment_number',
    'equipment_no',
    'equipment_tag',
    'equip_id',
    'tag',
    'tag_number',
    'tag_no',
    'asset',
    'equipment',
    'functional_location',
  ],
  equipmentName: [
    'equipment_name',
    'asset_name',
    'equipment_description',
    'asset_description',
    'equipment_desc',
    'asset_desc',
  ],
  description: [
    'description',
    'wo_description',
    'work_description',
    'work_order_description',
    'short_description',
    'job_description',
    'long_description',
    'summary',
    'details',
  ],
  failureCode: ['primary_code', 'failure_code', 'failurecode', 'failure_class'],
  failureDescription: [
    'primary_code_description',
    'failure_code_description',
    'failure_description',
    'failure_class_description',
  ],
  problemCode: ['secondary_code', 'problem_code', 'problemcode'],
  problemDescription: ['secondary_code_description', 'problem_code_description', 'problem_description'],
  preventive: ['preventive', 'is_preventive', 'preventive_flag', 'pm'],
  workType: ['work_type', 'worktype', 'wo_type', 'work_order_type', 'order_type', 'maintenance_type', 'type'],
  priority: ['work_priority', 'priority', 'wo_priority', 'wopriority'],
  reportedAt: [
    'reported_date',
    'reportdate',
    'report_date',
    'reported',
    'date_reported',
    'reported_at',
    'created_date',
    'creation_date',
    'created',
    'open_date',
    'opened',
    'requested_date',
  ],
  finishedAt: [
    'actual_finish',
    'actual_finish_date',
    'actfinish',
    'completed_date',
    'completion_date',
    'date_completed',
    'finish_date',
    'finished',
    'completed',
    'finished_at',
    'end_date',
    'closed_date',
    'close_date',
  ],
  durationHours: ['duration', 'duration_hours', 'duration_h', 'downtime', 'downtime_hours'],
  laborHours: [
    'actual_labor_hours',
    'actual_labour_hours',
    'labor_hours',
    'labour_hours',
    'actlabhrs',
    'man_hours',
    'manhours',
    'actual_hours',
  ],
  status: ['status', 'wo_status'],
}

const FIELDS = Object.keys(SYNONYMS) as WorkOrderField[]
const normaliseHeader = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '')

/** Without a work-order id column, at least this many other fields must be recognised. */
const MIN_FIELDS_WITHOUT_ID = 4

export interface ColumnDetection {
  /** field -> column name as in the header */
  columns: Partial<Record<WorkOrderField, string>>
  /** Header columns not used by any field (kept in `extra`). */
  unused: string[]
}

/** Finds which header column feeds which field (synonyms, case/space/underscore-insensitive). */
export function detectColumns(header: readonly string[], mapping: ColumnMapping = {}): ColumnDetection {
  const columns: Partial<Record<WorkOrderField, string>> = {}
  const taken = new Set<string>()
  for (const [field, column] of Object.entries(mapping) as Array<[WorkOrderField, string | undefined]>) {
    if (!column) continue
    if (!FIELDS.includes(field)) {
      throw new IngestError(
        `mapping names an unknown field "${field}"; fields are ${FIELDS.join(', ')}`,
        'invalid_option',
        'mapping',
      )
    }
    const found =
      header.find((h) => h === column) ?? header.find((h) => normaliseHeader(h) === normaliseHeader(column))
    if (!found) {
      throw new IngestError(
        `mapping names column "${column}" for ${field}, but the CSV has no such column (columns: ${header.join(', ')})`,
        'invalid_option',
        'mapping',
      )
    }
    columns[field] = found
    taken.add(found)
  }
  const byNorm = new Map<string, string>()
  for (const h of header) if (!byNorm.has(normaliseHeader(h))) byNorm.set(normaliseHeader(h), h)
  for (const field of FIELDS) {
    if (columns[field]) continue
    for (const synonym of SYNONYMS[field]) {
      const h = byNorm.get(normaliseHeader(synonym))
      if (h && !taken.has(h)) {
        columns[field] = h
        taken.add(h)
        break
      }
    }
  }
  return { columns, unused: header.filter((h) => !taken.has(h)) }
}

/** Day-first or month-first for slashed dates: day-first only if some first number exceeds 12 and none second. */
export function guessDateOrder(values: Iterable<string>): 'MDY' | 'DMY' {
  let firstOver12 = false
  let secondOver12 = false
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}/.exec(v)
    if (!m) continue
    if (Number(m[1]) > 12) firstOver12 = true
    if (Number(m[2]) > 12) secondOver12 = true
  }
  return firstOver12 && !secondOver12 ? 'DMY' : 'MDY'
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate()
}

/**
 * A date or date-time from a CMMS export as an ISO timestamp in UTC ('2023-07-24T10:30:00Z'), or null.
 * Reads ISO ('2023-07-24', '2023-07-24 10:30[:00]', with 'T', fractions and offsets), and slashed dates
 * 'M/D/YY H:MM', 'M/D/YYYY', with optional seconds and AM/PM ('DMY' order on request). Two-digit years
 * 00–69 are 20xx, 70–99 are 19xx. Without an offset the time is taken as UTC; fractions of a second are dropped.
 */
export function parseDateTime(value: string | null | undefined, order: 'MDY' | 'DMY' = 'MDY'): string | null {
  const v = (value ?? '').trim()
  if (!v) return null
  const iso =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      v,
    )
  if (iso) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((k) => Number(iso[k] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ]
    if (!validDate(y, mo, d, h, mi, s)) return null
    let ms = Date.UTC(y, mo - 1, d, h, mi, s)
    const off = iso[7]
    if (off && off.toUpperCase() !== 'Z') {
      const sign = off.startsWith('-') ? -1 : 1
      const digits = off.slice(1).replace(':', '')
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000
    }
    return new Date(ms).toISOString().replace('.000Z', 'Z')
  }
  const us =
    /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(
      v,
    )
  if (!us) return null
  let [a, b, y] = [Number(us[1]), Number(us[2]), Number(us[3])]
  if (us[3]!.length === 2) y += y < 70 ? 2000 : 1900
  if (order === 'DMY') [a, b] = [b, a]
  let h = Number(us[4] ?? 0)
  const mi = Number(us[5] ?? 0)
  const s = Number(us[6] ?? 0)
  const ampm = us[7]?.toLowerCase()
  if (ampm) {
    if (h < 1 || h > 12) return null
    h = (h % 12) + (ampm === 'pm' ? 12 : 0)
  }
  if (!validDate(y, a, b, h, mi, s)) return null
  return `${pad(y, 4)}-${pad(a)}-${pad(b)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`
}

/**
 * A duration in hours, or null: decimals ('3.5'), 'H:MM' or 'H:MM:SS' ('37:30:00' = 37.5), and values with a
 * unit ('2 h', '90 min', '1.5 hrs').
 */
export function parseDurationHours(value: string | null | undefined): number | null {
  const v = (value ?? '').trim().toLowerCase()
  if (!v) return null
  const round = (n: number) => Math.round(n * 1e6) / 1e6
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v)
  const clock = /^(\d+):([0-5]?\d)(?::([0-5]?\d))?$/.exec(v)
  if (clock) return round(Number(clock[1]) + Number(clock[2]) / 60 + Number(clock[3] ?? 0) / 3600)
  const unit = /^(\d+(?:\.\d+)?)\s*(h|hr|hrs|hour|hours|m|min|mins|minute|minutes)$/.exec(v)
  if (unit) return round(Number(unit[1]) / (unit[2]!.startsWith('h') ? 1 : 60))
  return null
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', 'x'])
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0'])
const PREVENTIVE_TYPES =
  /^(pm|pdm|pm\d*|prev|preventive|preventative|predictive|planned|scheduled|routine|inspection|insp)$/
const CORRECTIVE_TYPES =
  /^(cm|em|corrective|correct|emergency|emerg|breakdown|repair|reactive|unplanned|fault)$/

/** 'preventive' | 'corrective' from a TRUE/FALSE preventive flag or a work-type code (PM/CM/EM/…). */
export function parseWorkType(preventive: string | undefined, workType: string | undefined) {
  const flag = preventive?.trim().toLowerCase()
  if (flag && TRUE_WORDS.has(flag)) return 'preventive' as const
  if (flag && FALSE_WORDS.has(flag)) return 'corrective' as const
  const type = workType
    ?.trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
  if (type && PREVENTIVE_TYPES.test(type)) return 'preventive' as const
  if (type && CORRECTIVE_TYPES.test(type)) return 'corrective' as const
  return null
}

/** Delimiter of the header line: the most frequent of comma, semicolon and tab outside quotes. */
function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n/) >= 0 ? text.search(/\r?\n/) : text.length)
  const unquoted = firstLine.replace(/"[^"]*"/g, '')
  const counts = [',', ';', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const)
  return [...counts].sort((a, b) => b[1] - a[1])[0]![1] > 0
    ? [...counts].sort((a, b) => b[1] - a[1])[0]![0]
    : ','
}

interface Table {
  header: string[]
  rows: string[][]
}

function readTable(bytes: Uint8Array | string, fileName: string): Table {
  const text = typeof bytes === 'string' ? bytes : decodeText(bytes)
  let records: string[][]
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      trim: false,
    }) as string[][]
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new IngestError(`"${fileName}" is not a readable CSV (${reason}).`, 'corrupt_file')
  }
  const [rawHeader, ...rows] = records
  if (!rawHeader || rawHeader.every((h) => !h.trim())) {
    throw new IngestError(`"${fileName}" has no header row.`, 'unrecognised_columns', 'mapping')
  }
  // Empty and repeated header names get a unique name so every value stays addressable.
  const seen = new Map<string, number>()
  const header = rawHeader.map((h, k) => {
    const name = h.trim() || `column ${k + 1}`
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return n === 1 ? name : `${name} (${n})`
  })
  return { header, rows: rows.filter((r) => r.some((c) => c.trim())) }
}

const rowObject = (header: string[], row: string[]) => {
  const raw: Record<string, string> = {}
  header.forEach((h, k) => {
    raw[h] = (row[k] ?? '').trim()
  })
  return raw
}

/** "WO151333 · Chiller 12 (CWC04012) · corrective · priority 2 · finished 2023-07-24 · MT004a Small Amount · …" */
export function workOrderSentence(r: WorkOrderRecord): string {
  const parts: string[] = [r.woId]
  if (r.equipmentName && r.equipmentId) parts.push(`${r.equipmentName} (${r.equipmentId})`)
  else if (r.equipmentName || r.equipmentId) parts.push((r.equipmentName ?? r.equipmentId)!)
  if (r.workType) parts.push(r.workType)
  if (r.priority) parts.push(`priority ${r.priority}`)
  if (r.status) parts.push(`status ${r.status}`)
  if (r.reportedAt) parts.push(`reported ${r.reportedAt.slice(0, 10)}`)
  if (r.finishedAt) parts.push(`finished ${r.finishedAt.slice(0, 10)}`)
  const code = (c: string | null, d: string | null) => [c, d].filter(Boolean).join(' ')
  const failure = code(r.failureCode, r.failureDescription)
  const problem = code(r.problemCode, r.problemDescription)
  if (failure) parts.push(failure)
  if (problem) parts.push(problem)
  if (r.durationHours !== null) parts.push(`duration ${r.durationHours} h`)
  if (r.laborHours !== null) parts.push(`labor ${r.laborHours} h`)
  if (r.description) parts.push(r.description)
  return parts.join(' · ')
}

/**
 * Parses a CMMS work-order export. Columns are recognised by name (see SYNONYMS); `mapping` overrides
 * detection field by field. Every row becomes a WorkOrderRecord (unmapped columns in `extra`, the whole row in
 * `raw`) and a 'table-row' block holding a compact sentence (workOrderSentence).
 * Throws IngestError 'unrecognised_columns' (field 'mapping') when there is no work-order id column and the
 * rest does not make a work order either (at least four recognised columns, among them an equipment column and
 * a date, work type or status), naming the columns it saw; 'invalid_option' for a bad mapping.
 */
export function parseWorkOrderCsv(
  bytes: Uint8Array | string,
  fileName: string,
  mapping?: ColumnMapping,
): ParsedDocument {
  const { header, rows } = readTable(bytes, fileName)
  const { columns, unused } = detectColumns(header, mapping)
  const recognised = FIELDS.filter((f) => f !== 'woId' && columns[f])
  // Without an id column it must still look like maintenance work: some equipment and some date or work type
  // (a failure-code list has code columns only and is not a work-order export).
  const looksLikeWork =
    recognised.length >= MIN_FIELDS_WITHOUT_ID &&
    (columns.equipmentId || columns.equipmentName) &&
    (columns.finishedAt || columns.reportedAt || columns.workType || columns.preventive || columns.status)
  if (!columns.woId && !looksLikeWork) {
    throw new IngestError(
      `"${fileName}" does not look like a work-order export: no work-order id column and ${recognised.length ? `only ${recognised.join(', ')}` : 'no other column'} recognised (columns: ${header.join(', ')}). Pass a column mapping, e.g. {"woId": "${header[0]}"}.`,
      'unrecognised_columns',
      'mapping',
    )
  }
  const col = (raw: Record<string, string>, field: WorkOrderField) => {
    const c = columns[field]
    const v = c ? raw[c] : undefined
    return v ? v : null
  }
  const dateOrder = (field: WorkOrderField) => {
    const c = columns[field]
    const k = c ? header.indexOf(c) : -1
    return k < 0 ? 'MDY' : guessDateOrder(rows.map((r) => r[k] ?? ''))
  }
  const reportedOrder = dateOrder('reportedAt')
  const finishedOrder = dateOrder('finishedAt')
  const problems = { dates: 0, durations: 0, ids: 0 }
  const records: WorkOrderRecord[] = []
  const blocks: Block[] = []
  rows.forEach((row, k) => {
    const raw = rowObject(header, row)
    const dateOf = (field: WorkOrderField, order: 'MDY' | 'DMY') => {
      const v = col(raw, field)
      const d = parseDateTime(v, order)
      if (v && !d) problems.dates++
      return d
    }
    const hoursOf = (field: WorkOrderField) => {
      const v = col(raw, field)
      const h = parseDurationHours(v)
      if (v && h === null) problems.durations++
      return h
    }
    let woId = col(raw, 'woId')
    if (!woId) {
      woId = `ROW-${k + 2}`
      if (columns.woId) problems.ids++
    }
    const extra: Record<string, string> = {}
    for (const h of unused) if (raw[h]) extra[h] = raw[h]
    const record: WorkOrderRecord = {
      woId,
      equipmentId: col(raw, 'equipmentId'),
      equipmentName: col(raw, 'equipmentName'),
      description: col(raw, 'description'),
      failureCode: col(raw, 'failureCode'),
      failureDescription: col(raw, 'failureDescription'),
      problemCode: col(raw, 'problemCode'),
      problemDescription: col(raw, 'problemDescription'),
      workType: parseWorkType(col(raw, 'preventive') ?? undefined, col(raw, 'workType') ?? undefined),
      priority: col(raw, 'priority'),
      reportedAt: dateOf('reportedAt', reportedOrder),
      finishedAt: dateOf('finishedAt', finishedOrder),
      durationHours: hoursOf('durationHours'),
      laborHours: hoursOf('laborHours'),
      status: col(raw, 'status'),
      extra,
      raw,
    }
    records.push(record)
    blocks.push({ type: 'table-row', text: workOrderSentence(record), page: null })
  })
  const warnings: string[] = []
  if (!columns.woId) warnings.push(`no work-order id column; rows are numbered ROW-<line>`)
  if (problems.ids) warnings.push(`${problems.ids} rows have no work-order id and were numbered ROW-<line>`)
  if (problems.dates) warnings.push(`${problems.dates} date values could not be read and were left empty`)
  if (problems.durations)
    warnings.push(`${problems.durations} duration/hour values could not be read and were left empty`)
  return {
    title: baseName(fileName),
    mimeType: 'text/csv',
    pageCount: null,
    blocks,
    warnings,
    workOrders: records,
  }
}

/**
 * Reads any CSV with a header row as plain table rows: one 'table-row' block per row, cells joined with
 * ' | ', the header row in `tableHeader` (repeated at the top of each chunk by the chunker).
 */
export function parseTableCsv(bytes: Uint8Array | string, fileName: string): ParsedDocument {
  const { header, rows } = readTable(bytes, fileName)
  const tableHeader = header.join(' | ')
  const blocks: Block[] = rows.map((row) => ({
    type: 'table-row' as const,
    text: header.map((_, k) => (row[k] ?? '').trim()).join(' | '),
    page: null,
    tableHeader,
  }))
  return { title: baseName(fileName), mimeType: 'text/csv', pageCount: null, blocks, warnings: [] }
}
