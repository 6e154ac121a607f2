/**
 * The kinds of question the copilot tells apart before it answers, and the contract of the offline answerer each
 * kind has. The router (data-driven) decides the kind first; then the kind's answerer reads the passages it needs
 * and either answers with cited text or says it has nothing of its kind (the general extractive answerer runs).
 * Keep this file free of logic.
 */
import type { SearchHit } from '../retrieve/search.ts'
import type { OfflineAnswer } from './offline.ts'

export const QUESTION_KINDS = [
  /** How to do something: the ordered steps of a procedure section. */
  'procedure',
  /** A setting, limit, capacity, size: the sentence or table row holding the quantity with its unit. */
  'value',
  /** What a term or acronym means: the glossary entry or the defining sentence. */
  'definition',
  /** A directory or lookup line: phone/extension, location, part number. */
  'lookup',
  /** A symptom: its causes and remedies. */
  'troubleshooting',
  /** Live plant state: a value, a trend, alarms, "why is X alarming". */
  'plant',
  /** Work-order history and statistics. */
  'work_orders',
  /** Anything else: the best sentences of the best passages. */
  'general',
] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

/** The part of a procedure a procedure question asks for. */
export type ProcedureStage = 'isolation' | 'return_to_service' | 'task'

export interface RoutedQuestion {
  /** The question as the user typed it. */
  text: string
  kind: QuestionKind
  /** Equipment tags the question is about: resolved from what it says, else the picked asset, else the conversation's. */
  assets: string[]
  /** For procedure questions: which part is wanted. */
  stage?: ProcedureStage
  /** True when the question continues the previous turn ("and the other pump?"). */
  followUp?: boolean
  /** The text to search with (the question plus what a follow-up carries from the conversation). */
  query: string
}

export interface DocAnswerContext {
  /** A hybrid search within the turn's sites; `assets` narrows to passages that mention those tags. */
  search(query: string, opts?: { k?: number; kinds?: string[]; assets?: string[] }): Promise<SearchHit[]>
  /** Every passage of one document in reading order (to read a whole section around a hit). */
  documentPassages(documentId: string): Promise<SearchHit[]>
}

/**
 * An offline answerer for one kind of question. `hits` are the turn's retrieved passages (best first). Returns
 * null when it finds nothing of its kind to answer with, so the general answerer can try.
 */
export type DocAnswerer = (
  q: RoutedQuestion,
  hits: SearchHit[],
  ctx: DocAnswerContext,
) => Promise<OfflineAnswer | null>
