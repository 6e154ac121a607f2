/**
 * npm run ingest -- <files or folders...> [--site S] [--kind K] [--title T] [--mapping JSON|file.json] [--bulk]
 * Folders are walked recursively for supported files; a summary table follows the progress bar. Several files that
 * are large next to what is stored (a first load, a new site), or --bulk, load as one bulk load: the search indexes
 * are built once at the end (see worthBulkLoad).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { loadConfig } from '../config.ts'
import { collectFiles } from '../ingest/files.ts'
import { type IngestResult, ingestDocument } from '../ingest/pipeline.ts'
import { DOC_KINDS, type DocKind } from '../ingest/types.ts'
import { openCore } from '../services.ts'
import type { Store } from '../store/db.ts'
import { bulkLoad, worthBulkLoad } from '../store/vector-index.ts'
import { Progress } from './progress.ts'
import { parseArgs, runCli } from './run.ts'

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), {
    values: ['site', 'kind', 'title', 'mapping'],
    flags: ['bulk'],
  })
  if (args.positional.length === 0) {
    throw new Error('usage: npm run ingest -- <files or folders...> [--site S] [--kind manual|sop|log|other]')
  }
  const kind = args.values.kind as DocKind | undefined
  if (kind && !DOC_KINDS.includes(kind)) throw new Error(`--kind must be one of ${DOC_KINDS.join(', ')}`)
  const mapping = args.values.mapping ? readMapping(args.values.mapping) : undefined
  const files = collectFiles(args.positional)
  if (files.length === 0) throw new Error('no supported files found (pdf, docx, md, html, txt, csv)')
  if (args.values.title && files.length > 1) throw new Error('--title applies to a single file only')
  const site = args.values.site ?? process.env.DEFAULT_SITE ?? 'default'
  const config = loadConfig()
  const core = await openCore(config)
  const progress = new Progress(files.length, 'ingest')
  const rows: Array<{ source: string; result?: IngestResult; error?: string }> = []
  const sizes = files.map((f) => statSync(f.path).size)
  const bulk = args.flags.has('bulk') || (files.length > 1 && (await largeLoad(core.store, sizes)))
  // Large documents are prepared on the helper thread: start it while the first files are read and parsed.
  if (sizes.some((n) => n >= LARGE_FILE_BYTES)) core.preparer.warm()
  const run = async () => {
    for (const f of files) {
      try {
        const result = await ingestDocument(core, {
          siteId: site,
          source: f.source,
          bytes: new Uint8Array(readFileSync(f.path)),
          kind,
          title: args.values.title,
          mapping,
          maxBytes: config.maxUploadBytes,
        })
        rows.push({ source: f.source, result })
      } catch (err) {
        rows.push({ source: f.source, error: err instanceof Error ? err.message : String(err) })
      }
      progress.tick(f.source)
    }
  }
  try {
    if (bulk) await bulkLoad(core.store, run, () => process.stderr.write('building the search indexes…\n'))
    else await run()
  } finally {
    await core.close()
  }
  printSummary(rows, progress.elapsedSeconds(), site)
  return rows.some((r) => r.error) ? 1 : 0
})

/** A file this large may well make HELPER_MIN_CHUNKS chunks or more (1,300 characters at most each). */
const LARGE_FILE_BYTES = 256 * 1024

/**
 * Is this load large next to what is stored (see worthBulkLoad)? The incoming chunks are estimated from the files'
 * sizes at the store's own bytes per chunk so far.
 */
async function largeLoad(store: Store, sizes: number[]): Promise<boolean> {
  const [row] = await store.rows<{ chunks: number; bytes: number }>(sql`
    SELECT (SELECT count(*) FROM chunks)::float8 AS chunks, (SELECT coalesce(sum(byte_size), 0) FROM documents)::float8 AS bytes`)
  const stored = Number(row?.chunks ?? 0)
  const incomingBytes = sizes.reduce((a, b) => a + b, 0)
  return worthBulkLoad(stored, (incomingBytes * stored) / Math.max(1, Number(row?.bytes ?? 0)))
}

function readMapping(v: string): Record<string, string> {
  const text = existsSync(v) ? readFileSync(v, 'utf8') : v
  try {
    const m = JSON.parse(text)
    if (m && typeof m === 'object' && !Array.isArray(m)) return m
  } catch {}
  throw new Error('--mapping must be a JSON object (or a file holding one) of field -> CSV column')
}

function printSummary(
  rows: Array<{ source: string; result?: IngestResult; error?: string }>,
  secs: number,
  site: string,
) {
  const w = Math.min(48, Math.max(6, ...rows.map((r) => r.source.length)))
  const out = process.stdout
  out.write(`\n${'source'.padEnd(w)}  status     kind     chunks  WOs   note\n`)
  for (const r of rows) {
    const name = r.source.length > w ? `…${r.source.slice(-(w - 1))}` : r.source.padEnd(w)
    if (r.result) {
      const x = r.result
      out.write(
        `${name}  ${x.status.padEnd(9)}  ${x.kind.padEnd(7)}  ${String(x.chunks).padStart(6)}  ${String(x.workOrders).padStart(4)}  ${x.warnings.join('; ')}\n`,
      )
    } else
      out.write(`${name}  failed     ${''.padEnd(7)}  ${''.padStart(6)}  ${''.padStart(4)}  ${r.error}\n`)
  }
  const ok = rows.filter((r) => r.result)
  const chunks = ok.reduce((a, r) => a + (r.result?.chunks ?? 0), 0)
  out.write(
    `\n${ok.length} of ${rows.length} files ingested into site "${site}" (${chunks} chunks) in ${secs.toFixed(1)} s; ${rows.length - ok.length} failed\n`,
  )
}
