/** Drafted maintenance procedures: offline drafting from documents and work orders, versions, review, export. */
export { diffLines, formatDiff } from './diff.ts'
export { toDocx } from './docx.ts'
export { type DraftContext, type DraftRequest, draftProcedure, UnknownAssetError } from './draft.ts'
export { toMarkdown } from './markdown.ts'
export { PROCEDURE_STATUSES, type ProcedureStatus, procedures, procedureVersions } from './schema.ts'
export * from './store.ts'
export type * from './types.ts'
export { LOTO_STEPS } from './types.ts'
