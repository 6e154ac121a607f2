import { describe, expect, it } from 'vitest'
import { summariseToolResult } from './tool-summary.ts'

describe('tool result summaries', () => {
  it('reads alarms, values, a trend, an asset and a draft as lines', () => {
    const alarm = {
      tag: 'TT-101A',
      message: 'P-101 bearing temperature high: 85.3 °C (limit 85 °C)',
      state: 'active_unacknowledged',
      value: 88.377,
    }
    expect(summariseToolResult('list_active_alarms', JSON.stringify([alarm]))).toBe(
      'P-101 bearing temperature high: 85.3 °C (limit 85 °C) — active unacknowledged, now 88.38',
    )
    expect(summariseToolResult('list_active_alarms', '[]')).toBe('No active alarms.')
    expect(
      summariseToolResult(
        'get_tag_values',
        JSON.stringify([{ tag: 'PT-101', value: 4.1, unit: 'bar', quality: 'good', timestamp: 'T' }]),
      ),
    ).toBe('PT-101: 4.1 bar (good, T)')
    const summary = {
      tag: 'TT-101A',
      unit: '°C',
      direction: 'rising',
      first: 70.02,
      last: 87.34,
      min: 68.7,
      max: 88.6,
      mean: 79.59,
      points: 24,
    }
    expect(summariseToolResult('get_tag_history', JSON.stringify({ summary, points: [] }))).toBe(
      'TT-101A rising: from 70.02 to 87.34 °C (min 68.7, max 88.6, mean 79.59; 24 points)',
    )
    expect(
      summariseToolResult(
        'get_asset',
        JSON.stringify({
          tag: 'P-101',
          name: 'Pump',
          tags: [1, 2],
          documents: [1],
          work_orders: { corrective_count: 7 },
        }),
      ),
    ).toBe('P-101 — Pump: 2 tags, 1 documents, 7 corrective work orders')
  })

  it('passes errors through and gives null for what it does not know', () => {
    expect(summariseToolResult('get_tag_values', 'error: no tag X')).toBe('error: no tag X')
    expect(summariseToolResult('search_documents', '3 passages found')).toBeNull()
    expect(summariseToolResult('something_new', '{"a":1}')).toBeNull()
  })
})
