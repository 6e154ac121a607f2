/**
 * The demo plant for end-to-end tests, benchmarks and screenshots: its documents loaded into a fresh in-memory
 * store and its simulator (scripted incidents, history filled in at once), optionally behind a real service.
 */
import type { LlmConfig } from '../../src/answer/copilot.ts'
import { loadDemoPlant } from '../../src/demo/index.ts'
import { createEmbeddingProvider } from '../../src/embed/index.ts'
import type { EmbeddingProvider } from '../../src/embed/types.ts'
import { demoPlantConfig } from '../../src/plant/config.ts'
import { connectorFactory } from '../../src/plant/connectors.ts'
import { createPlant, demoPlantFile, type Plant } from '../../src/plant/index.ts'
import { openStore, type Store } from '../../src/store/db.ts'
import { startService, type TestService } from './harness.ts'

export interface Demo {
  store: Store
  embedder: EmbeddingProvider
  plant: Plant
  close(): Promise<void>
}

export async function openDemo(): Promise<Demo> {
  const store = await openStore()
  const embedder = await createEmbeddingProvider({})
  await loadDemoPlant({ store, embedder })
  const plant = await createPlant(
    demoPlantConfig(demoPlantFile()),
    { store },
    connectorFactory({ live: false }),
  )
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

/** A real service on the demo plant; `close` stops the service, the simulator and the store. */
export async function startDemoService(opts: { llm?: LlmConfig | null } = {}): Promise<{
  svc: TestService
  plant: Plant
  close(): Promise<void>
}> {
  const demo = await openDemo()
  const svc = await startService({ store: demo.store, plant: demo.plant, llm: opts.llm ?? null })
  return {
    svc,
    plant: demo.plant,
    close: async () => {
      await svc.close()
      await demo.close()
    },
  }
}
