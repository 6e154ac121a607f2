/** The shape of a drafted procedure: a fixed template of sections, each with the sources it was built from. */

/** Where a section's text came from: a passage of a document, or a work order of the maintenance log. */
export type Citation =
  | {
      type: 'document'
      documentId: string
      title: string
      source: string
      page: number | null
      section: string | null
    }
  | { type: 'work_order'; woId: string; title: string; source: string; page: null; section: null }

/** The lockout/tagout stages, in the order a procedure must list them. */
/**
 * The lockout/tagout stages, in the order a procedure must list them. `match` is tested against a section's own
 * heading with its numbering removed ("5.3 Isolation" -> "Isolation").
 */
export const LOTO_STEPS = [
  { key: 'preparation', heading: 'Preparation for shutdown', match: /prepar/i },
  { key: 'shutdown', heading: 'Shutdown', match: /^(?:equipment\s+|normal\s+)?shut\s*-?\s*down/i },
  { key: 'isolation', heading: 'Isolation', match: /^(?:energy\s+)?isolat/i },
  { key: 'lock_and_tag', heading: 'Lock and tag', match: /lock\w*\s*(?:and|&|\/)\s*tag/i },
  { key: 'stored_energy', heading: 'Release of stored energy', match: /stored\s+energy|residual\s+energy/i },
  { key: 'verification', heading: 'Verification of isolation', match: /verif/i },
] as const

export type LotoStepKey = (typeof LOTO_STEPS)[number]['key']

export type SectionKey =
  | 'scope'
  | 'hazards'
  | 'energy'
  | LotoStepKey
  | 'tools_parts'
  | 'steps'
  | 'return_to_service'
  | 'references'

export interface ProcedureSection {
  key: SectionKey
  heading: string
  /** Paragraphs of running text. */
  text: string[]
  /** List items; numbered when `ordered`. */
  items: string[]
  ordered: boolean
  citations: Citation[]
  /** Set when nothing was found for the section, so a person knows to write it. */
  missing?: string
  subsections?: ProcedureSection[]
}

export interface ProcedureDraft {
  title: string
  asset: { tag: string; name: string | null; site: string }
  task: string
  generatedAt: string
  sections: ProcedureSection[]
  /** Who wrote the prose: a model (LLM mode; the sections it wrote) or nobody (assembled from passages). */
  writtenBy?: { mode: 'llm' | 'offline'; model?: string; sections?: SectionKey[] }
}
