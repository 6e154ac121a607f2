/** Small text helpers shared by the parsers and the chunker. */

/**
 * Decodes the bytes of a text file: honours a UTF-8 or UTF-16 byte-order mark, reads UTF-8 otherwise and
 * falls back to Windows-1252 when the bytes are not valid UTF-8 (old exports from Windows tools).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const body = bytes.subarray(start)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return decodeWindows1252(body)
  }
}

/** Windows-1252 characters for bytes 0x80–0x9F (undefined positions map to the C1 control of that value). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

/** Decodes Windows-1252 by hand: Node's TextDecoder treats that label as ISO-8859-1 for 0x80–0x9F. */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b)
  return out
}

/** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ').trim()
}

/** Words that end with a period without ending the sentence. Compared lowercased, without the period. */
const ABBREVIATIONS = new Set([
  'no',
  'nos',
  'fig',
  'figs',
  'e.g',
  'i.e',
  'eg',
  'ie',
  'approx',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'vs',
  'cf',
  'inc',
  'ltd',
  'co',
  'corp',
  'u.s',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'vol',
  'ch',
  'sec',
  'para',
  'pp',
  'p',
  'eq',
  'ref',
  'al',
  'max',
  'min',
  'avg',
  'temp',
  'dia',
  'rev',
  'art',
])

/**
 * Sentence boundaries as [start, end) offsets that cover the text without gaps (each span ends with the
 * whitespace that follows its sentence), so slicing from one span's start to a later span's end gives the
 * original text. Conservative: a boundary is `.`, `!` or `?` (optionally followed by a closing quote or
 * bracket), whitespace, then something that can start a sentence; abbreviations such as "No." or "Fig." and
 * single initials do not end a sentence. A line break is always a boundary.
 */
export function sentenceSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = []
  const boundary = /([.!?])["”’)\]]*[ \t\u00a0]+(?=["“‘([]?[A-Z0-9•])|[ \t]*\n\s*/g
  let start = 0
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (m[1] === '.') {
      const word = /([A-Za-z][A-Za-z.]*)$/.exec(text.slice(start, m.index))?.[1]
      if (word && (ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/.test(word))) continue
    }
    const end = m.index + m[0].length
    if (end > start) spans.push([start, end])
    start = end
  }
  if (start < text.length) spans.push([start, text.length])
  return spans
}

/** The sentences of a text, trimmed (see sentenceSpans for what counts as a boundary). */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text)
    .map(([a, b]) => text.slice(a, b).trim())
    .filter(Boolean)
}

/** The file name without directories and without its last extension. */
export function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : name
}

/** Lowercased extension without the dot ('' when there is none). */
export function extensionOf(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}
