import { expect, it } from 'vitest'
import { loadConfig } from './config.ts'

it('reads the environment with defaults, and refuses a bad port or upload limit with a readable message', () => {
  const d = loadConfig({})
  expect(d).toMatchObject({
    port: 3000,
    loadDemo: true,
    ingestHelper: true,
    maxUploadBytes: 50 * 1024 * 1024,
  })
  expect(d.dataDir.endsWith('data')).toBe(true)
  expect(loadConfig({ LOAD_DEMO: '0', INGEST_HELPER: '0' })).toMatchObject({
    loadDemo: false,
    ingestHelper: false,
  })
  expect(loadConfig({ INGEST_HELPER: 'false' }).ingestHelper).toBe(false)
  expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT must be a port number, got "eighty"')
  expect(() => loadConfig({ MAX_UPLOAD_MB: '-1' })).toThrow('MAX_UPLOAD_MB must be a positive number')
})
