/** Work-order analytics: typed statistics over work_orders and a deterministic question reader on top. */
export { type AnalyticsAnswer, answerAnalytics, describeResult, formatHours } from './answer.ts'
export { parseAnalyticsQuestion } from './intent.ts'
export { filterConditions, normaliseEquipment, searchWorkOrders, workOrderStats } from './query.ts'
export type * from './types.ts'
export { GROUP_BYS } from './types.ts'
export { type CodeEntry, type KnownVocabulary, loadVocabulary } from './vocabulary.ts'
