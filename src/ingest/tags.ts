/**
 * Equipment tags in free text: P-101, CH-6, K-201A, CT-101-M1, PSV-201, HV-101S, TT-101A.
 *
 * Shape: 1–4 capital letters, a hyphen (or en dash), 1–5 digits, an optional one-letter suffix, and an optional
 * trailing segment of up to 4 letters/digits ("-M1", "-A"). The tag must stand alone: no letter, digit or
 * hyphen directly before or after it, so pieces of longer codes ("FAA-H-8083-32B", "MIL-STD-1553",
 * "15-MAR-2023") never match.
 *
 * Not tags:
 * - one capital and one digit ("A-1", "G-2"): too ambiguous (grid references, page footers, paragraph names);
 *   a single-letter prefix needs at least two digits (P-101, R-12);
 * - standards and document prefixes: ISO-9001, IEC-61508, API-610, ASME-…, NFPA-70, MIL-…, EN-…, DIN-…;
 * - disease and product names: COVID-19, SARS-…; work/purchase orders (WO-16170, PO-…); revisions (REV-2);
 *   months (MAR-2023), fiscal years (FY-2024);
 * - refrigerant designations (R-22, R-134a, R-410A).
 * Page folios such as "1-3" have no letter prefix and do not match.
 */

const TAG =
  /(?<![A-Za-z0-9-])([A-Z]{1,4})[-–‐‑](\d{1,5})([A-Za-z])?(?:[-–‐‑]([A-Z0-9]{1,4}))?(?![A-Za-z0-9]|[-–‐‑][A-Za-z0-9])/g

const NOT_TAG_PREFIXES = new Set([
  // standards bodies and document series
  'ISO',
  'IEC',
  'EN',
  'DIN',
  'ASME',
  'ASTM',
  'ANSI',
  'API',
  'NFPA',
  'IEEE',
  'SAE',
  'MIL',
  'BS',
  'JIS',
  'UL',
  'CSA',
  'CFR',
  'OSHA',
  'FAA',
  'NEMA',
  'ISA',
  'NACE',
  'AWS',
  'TIA',
  'RFC',
  // diseases, identifiers that are not equipment
  'COVID',
  'SARS',
  'MERS',
  'WO',
  'PO',
  'REV',
  'VER',
  'FIG',
  'TAB',
  'NO',
  'REF',
  'TEL',
  'FAX',
  'FY',
  'CY',
  'Q',
  // months
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'SEPT',
  'OCT',
  'NOV',
  'DEC',
])

/** Refrigerant numbers (ASHRAE 34) that follow "R-". */
const REFRIGERANT =
  /^(1[1-4]|2[23]|32|11[3-5]|12[345]|134|143|152|22[0-9]|290|4\d\d|5\d\d|600|717|718|744|1234|1233)$/

/**
 * The equipment tags mentioned in a text, upper-cased, de-duplicated, in order of first mention.
 * Dashes of any kind are normalised to '-'.
 */
export function extractAssetTags(text: string): string[] {
  const out = new Set<string>()
  for (const m of text.matchAll(TAG)) {
    const [, prefix, digits, suffix, segment] = m as unknown as [string, string, string, string?, string?]
    if (NOT_TAG_PREFIXES.has(prefix)) continue
    if (prefix.length === 1 && digits.length < 2) continue
    if (prefix === 'R' && REFRIGERANT.test(digits)) continue
    out.add(`${prefix}-${digits}${(suffix ?? '').toUpperCase()}${segment ? `-${segment}` : ''}`)
  }
  return [...out]
}
