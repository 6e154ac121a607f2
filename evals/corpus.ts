/** Loads an eval corpus into a store as one bulk load, and names each document's family (its corpus folder). */
import { readFileSync } from 'node:fs'
import { Progress } from '../src/cli/progress.ts'
import type { EmbeddingProvider } from '../src/embed/types.ts'
import { collectFiles } from '../src/ingest/files.ts'
import { ingestDocument } from '../src/ingest/pipeline.ts'
import type { Store } from '../src/store/db.ts'
import { bulkLoad } from '../src/store/vector-index.ts'

export const EVAL_SITE = 'eval'

export interface LoadedCorpus {
  files: number
  chunks: number
  failed: string[]
  ingestS: number
  /** File name (as cases cite it) -> family: the top folder under the corpus ("faa-powerplant"). */
  families: Map<string, string>
}

/** The family of a stored source path ("faa-powerplant/03_amtp_ch1.pdf" -> "faa-powerplant"). */
export function familyOfSource(source: string): string {
  const parts = source.split('/')
  return parts.length > 1 ? parts[0]! : source
}

export function corpusFamilies(corpus: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const f of collectFiles([corpus])) out.set(f.source.split('/').pop()!, familyOfSource(f.source))
  return out
}

export async function loadCorpus(
  ctx: { store: Store; embedder: EmbeddingProvider },
  corpus: string,
  site = EVAL_SITE,
): Promise<LoadedCorpus> {
  const files = collectFiles([corpus])
  if (files.length === 0) throw new Error(`no supported files under ${corpus}`)
  const progress = new Progress(files.length, 'ingest')
  const failed: string[] = []
  let chunks = 0
  const t0 = performance.now()
  await bulkLoad(ctx.store, async () => {
    for (const f of files) {
      try {
        const r = await ingestDocument(ctx, {
          siteId: site,
          source: f.source,
          bytes: new Uint8Array(readFileSync(f.path)),
        })
        chunks += r.chunks
      } catch (err) {
        failed.push(`${f.source}: ${err instanceof Error ? err.message : String(err)}`)
      }
      progress.tick(f.source)
    }
  })
  return {
    files: files.length,
    chunks,
    failed,
    ingestS: (performance.now() - t0) / 1000,
    families: corpusFamilies(corpus),
  }
}
