/**
 * The kind of question a turn was answered as. A turn result that says (a `route` or `intent` field, as the
 * kind-specific answerers will) is taken at its word; otherwise the kind is read from what the copilot did, the
 * way its router decides today: work-order statistics → analytics, a plant tool → plant, else documents.
 */
export interface RoutedTurn {
  route?: unknown
  intent?: unknown
  toolCalls: ReadonlyArray<{ name: string }>
}

const ANALYTICS_TOOLS = new Set(['work_order_stats', 'search_work_orders'])
const DOCUMENT_TOOLS = new Set(['search_documents'])

export function routedKind(turn: RoutedTurn): string {
  for (const said of [turn.route, turn.intent]) {
    if (typeof said === 'string' && said.trim()) return said.trim()
    if (said && typeof said === 'object' && 'kind' in said && typeof said.kind === 'string') return said.kind
  }
  const names = turn.toolCalls.map((t) => t.name)
  if (names.some((n) => ANALYTICS_TOOLS.has(n))) return 'analytics'
  if (names.some((n) => !DOCUMENT_TOOLS.has(n))) return 'plant'
  return 'documents'
}
