/** The demo plant (a fictional utilities area): its documents are loaded on first start with an empty store. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { collectFiles } from '../ingest/files.ts'
import { type IngestContext, ingestDocument } from '../ingest/pipeline.ts'
import { ensureSite } from '../store/documents.ts'
import { bulkLoad } from '../store/vector-index.ts'

export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'plant')
export const DEMO_DOCS_DIR = join(DEMO_DIR, 'docs')

interface PlantFile {
  site: { id: string; name: string; description?: string }
}

export function demoPlant(): PlantFile {
  return JSON.parse(readFileSync(join(DEMO_DIR, 'plant.json'), 'utf8')) as PlantFile
}

export async function loadDemoPlant(
  ctx: IngestContext,
  log: (line: string) => void = () => {},
): Promise<number> {
  const plant = demoPlant()
  await ensureSite(ctx.store, plant.site.id, plant.site.name, plant.site.description)
  let chunks = 0
  // One bulk load: the vector index is built once at the end.
  await bulkLoad(ctx.store, async () => {
    for (const f of collectFiles([DEMO_DOCS_DIR])) {
      const r = await ingestDocument(ctx, {
        siteId: plant.site.id,
        source: f.source,
        bytes: new Uint8Array(readFileSync(f.path)),
      })
      chunks += r.chunks
      log(
        `demo: ${r.status} ${f.source} (${r.kind}, ${r.chunks} chunks${r.workOrders ? `, ${r.workOrders} work orders` : ''})`,
      )
    }
  })
  return chunks
}
