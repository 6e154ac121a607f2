/** Walks paths given on a command line into the files to ingest, with source names relative to their root. */
import { readdirSync, statSync } from 'node:fs'
import { basename, join, relative } from 'node:path'

export const SUPPORTED_EXTENSIONS = [
  '.pdf',
  '.docx',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.txt',
  '.text',
  '.csv',
]

export interface FoundFile {
  path: string
  /** Stable source name: path relative to the folder given, or the file name for a file given directly. */
  source: string
}

export function collectFiles(paths: string[]): FoundFile[] {
  const out: FoundFile[] = []
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false })
    if (!st) throw new Error(`${p}: no such file or folder`)
    if (st.isFile()) out.push({ path: p, source: basename(p) })
    else if (st.isDirectory()) walk(p, p, out)
  }
  return out
}

function walk(root: string, dir: string, out: FoundFile[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.')) continue
    const full = join(dir, entry.name)
    if (entry.isDirectory()) walk(root, full, out)
    else if (entry.isFile() && SUPPORTED_EXTENSIONS.some((e) => entry.name.toLowerCase().endsWith(e))) {
      out.push({ path: full, source: relative(root, full).split('\\').join('/') })
    }
  }
}
