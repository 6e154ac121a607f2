/** A line diff of two texts (longest common subsequence), for comparing two versions of a procedure. */

export interface DiffLine {
  op: 'same' | 'add' | 'remove'
  text: string
}

/** Inputs beyond this many lines each are compared by a plain prefix/suffix trim only. */
const MAX_LINES = 4000

export function diffLines(a: string, b: string): DiffLine[] {
  const x = a.split('\n')
  const y = b.split('\n')
  let start = 0
  while (start < x.length && start < y.length && x[start] === y[start]) start++
  let endX = x.length
  let endY = y.length
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--
    endY--
  }
  const head = x.slice(0, start).map((text): DiffLine => ({ op: 'same', text }))
  const tail = x.slice(endX).map((text): DiffLine => ({ op: 'same', text }))
  const mx = x.slice(start, endX)
  const my = y.slice(start, endY)
  let middle: DiffLine[]
  if (mx.length > MAX_LINES || my.length > MAX_LINES) {
    middle = [
      ...mx.map((text): DiffLine => ({ op: 'remove', text })),
      ...my.map((text): DiffLine => ({ op: 'add', text })),
    ]
  } else middle = lcsDiff(mx, my)
  return [...head, ...middle, ...tail]
}

function lcsDiff(x: string[], y: string[]): DiffLine[] {
  const n = x.length
  const m = y.length
  // table[i][j]: length of the LCS of x[i..] and y[j..]
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] =
        x[i] === y[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!)
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: 'same', text: x[i]! })
      i++
      j++
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) out.push({ op: 'remove', text: x[i++]! })
    else out.push({ op: 'add', text: y[j++]! })
  }
  while (i < n) out.push({ op: 'remove', text: x[i++]! })
  while (j < m) out.push({ op: 'add', text: y[j++]! })
  return out
}

/** The diff in the familiar "+ / - / space" line form. */
export function formatDiff(lines: DiffLine[]): string {
  return lines.map((l) => `${l.op === 'add' ? '+' : l.op === 'remove' ? '-' : ' '} ${l.text}`).join('\n')
}
