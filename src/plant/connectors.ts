/** Builds each configured connector from its configuration entry. */
import { isAbsolute, resolve } from 'node:path'
import type { Store } from '../store/db.ts'
import type { ConnectorConfig } from './config.ts'
import { demoPlantFile } from './index.ts'
import { createMqttConnector } from './mqtt.ts'
import { createOpcUaConnector } from './opcua.ts'
import { createReplayConnector } from './replay.ts'
import { createSimulator } from './simulator/index.ts'
import type { PlantConnector } from './types.ts'

export interface ConnectorOptions {
  /** Folder relative paths in the configuration (replay files) are resolved against. */
  baseDir?: string
  /** Start live timers (the service); tests drive time themselves. */
  live?: boolean
  log?: (line: string) => void
}

export function connectorFactory(opts: ConnectorOptions = {}) {
  const log = opts.log ?? ((line: string) => console.error(line))
  return async (cfg: ConnectorConfig, deps: { store: Store }): Promise<PlantConnector> => {
    const onWarning = (m: string) => log(`[plant:${cfg.id}] ${m}`)
    switch (cfg.kind) {
      case 'simulator': {
        const plant = demoPlantFile()
        return createSimulator({
          store: deps.store,
          plant: { ...plant, site: { ...plant.site, id: cfg.site } },
          seed: cfg.seed,
          backfillDays: cfg.backfillDays,
          startLive: opts.live ?? true,
        })
      }
      case 'opcua':
        return createOpcUaConnector({ ...cfg, onWarning })
      case 'mqtt':
        return createMqttConnector({ ...cfg, onWarning })
      case 'replay':
        return createReplayConnector({
          ...cfg,
          file: isAbsolute(cfg.file) ? cfg.file : resolve(opts.baseDir ?? process.cwd(), cfg.file),
        })
    }
  }
}
