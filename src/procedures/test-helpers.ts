import { loadDemoPlant } from '../demo/index.ts'
import { createEmbeddingProvider } from '../embed/index.ts'
import type { EmbeddingProvider } from '../embed/types.ts'
import { demoPlantConfig } from '../plant/config.ts'
import { connectorFactory } from '../plant/connectors.ts'
import { createPlant, demoPlantFile, type Plant } from '../plant/index.ts'
import { openStore, type Store } from '../store/db.ts'

export interface Fixture {
  store: Store
  embedder: EmbeddingProvider
  plant: Plant
  close(): Promise<void>
}

export async function demoFixture(opts: { documents?: boolean } = {}): Promise<Fixture> {
  const store = await openStore()
  const embedder = await createEmbeddingProvider({})
  const plant = await createPlant(
    demoPlantConfig(demoPlantFile()),
    { store },
    connectorFactory({ live: false }),
  )
  if (opts.documents !== false) await loadDemoPlant({ store, embedder })
  return {
    store,
    embedder,
    plant,
    close: async () => {
      await plant.close()
      await store.close()
    },
  }
}
