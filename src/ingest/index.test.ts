import { describe, expect, it } from 'vitest'
import * as ingest from './index.ts'

describe('public ingest API', () => {
  it('exports the parser, chunker, CSV, outline and tag functions', () => {
    const api = {
      parseFile: ingest.parseFile,
      detectFormat: ingest.detectFormat,
      chunkBlocks: ingest.chunkBlocks,
      parseWorkOrderCsv: ingest.parseWorkOrderCsv,
      parseDateTime: ingest.parseDateTime,
      parseDurationHours: ingest.parseDurationHours,
      applyOutline: ingest.applyOutline,
      looksOutlined: ingest.looksOutlined,
      formatLocator: ingest.formatLocator,
      extractAssetTags: ingest.extractAssetTags,
    }
    for (const [name, fn] of Object.entries(api)) expect(typeof fn, name).toBe('function')
    expect(new ingest.IngestError('x', 'no_text')).toBeInstanceOf(Error)
    expect(ingest.CHUNK_DEFAULTS.maxChars).toBe(900)
  })

  it('goes from bytes to chunks', async () => {
    const bytes = new TextEncoder().encode(
      '# Chiller CH-6\n\n## Start-up\n\nStart pump P-101 first. Then open HV-101S.\n',
    )
    const doc = await ingest.parseFile('ch6.md', bytes)
    const chunks = ingest.chunkBlocks(doc.blocks, { title: doc.title })
    expect(chunks).toEqual([
      {
        ordinal: 0,
        page: null,
        section: 'Chiller CH-6 > Start-up',
        text: 'Start pump P-101 first. Then open HV-101S.',
        indexText: 'Chiller CH-6\nChiller CH-6 > Start-up\nStart pump P-101 first. Then open HV-101S.',
      },
    ])
    expect(ingest.extractAssetTags(chunks[0]!.indexText)).toEqual(['CH-6', 'P-101', 'HV-101S'])
  })
})
