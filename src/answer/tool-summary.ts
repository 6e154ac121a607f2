/**
 * One or a few lines a person reads on a tool card (web page, Slack): what a tool found, from its full JSON
 * result. The model gets the JSON; people get this. Unknown tools and non-JSON results give null.
 */

type Json = Record<string, unknown>

const num = (v: unknown): string =>
  typeof v === 'number' ? String(Number.isInteger(v) ? v : Math.round(v * 100) / 100) : String(v ?? '—')

export function summariseToolResult(name: string, result: string): string | null {
  let v: unknown
  try {
    v = JSON.parse(result)
  } catch {
    return result.startsWith('error') || result.startsWith('Error') ? result : null
  }
  switch (name) {
    case 'list_active_alarms': {
      const alarms = v as Json[]
      if (!Array.isArray(alarms)) return null
      if (alarms.length === 0) return 'No active alarms.'
      return alarms
        .map((a) => `${a.message} — ${String(a.state).replaceAll('_', ' ')}, now ${num(a.value)}`)
        .join('\n')
    }
    case 'get_tag_values': {
      const values = v as Json[]
      if (!Array.isArray(values)) return null
      return values
        .map((t) => `${t.tag}: ${num(t.value)}${t.unit ? ` ${t.unit}` : ''} (${t.quality}, ${t.timestamp})`)
        .join('\n')
    }
    case 'get_tag_history': {
      const s = (v as { summary?: Json }).summary
      if (!s) return null
      if (s.direction === 'no data') return `${s.tag}: no data from ${s.from} to ${s.to}`
      return `${s.tag} ${s.direction}: from ${num(s.first)} to ${num(s.last)} ${s.unit} (min ${num(s.min)}, max ${num(s.max)}, mean ${num(s.mean)}; ${s.points} points)`
    }
    case 'get_asset': {
      const a = v as Json & { tags?: unknown[]; documents?: unknown[]; work_orders?: Json }
      return `${a.tag} — ${a.name}: ${a.tags?.length ?? 0} tags, ${a.documents?.length ?? 0} documents, ${num(a.work_orders?.corrective_count)} corrective work orders`
    }
    case 'draft_work_order': {
      const d = v as Json
      return `Draft work order ${String(d.draft_id).slice(0, 8)} — ${d.status}: ${d.note}`
    }
    default:
      return null
  }
}

/** `{ summary }` for a tool event when there is one, else nothing. */
export function withSummary(name: string, result: string): { summary?: string } {
  const summary = summariseToolResult(name, result)
  return summary ? { summary } : {}
}
